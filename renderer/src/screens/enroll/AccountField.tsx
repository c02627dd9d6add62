// An AWS account id typed or picked from the accounts the vault and the MFA seed store know (a
// suggestion list: a late list never rewrites what is typed). docs/FORMAT.md §3.2–3.3.

import { useMemo } from 'react';
import type { AccountSummary } from '../../../../src/app/api.js';

export function AccountField({ id, value, onChange, accounts, knownIds }: { readonly id: string; readonly value: string; readonly onChange: (v: string) => void; readonly accounts: readonly AccountSummary[]; readonly knownIds: readonly string[] }) {
  const options = useMemo(() => {
    const map = new Map<string, string>();
    for (const a of accounts) map.set(a.accountId, a.name);
    for (const k of knownIds) if (!map.has(k)) map.set(k, '');
    return [...map.entries()];
  }, [accounts, knownIds]);
  return (
    <div className="field">
      <label htmlFor={id}>AWS account id</label>
      <input
        id={id}
        list={`${id}-list`}
        value={value}
        inputMode="numeric"
        autoComplete="off"
        placeholder="12 digits"
        onChange={(e) => onChange(e.target.value.trim())}
        data-testid={id}
      />
      <datalist id={`${id}-list`}>
        {options.map(([accountId, name]) => (
          <option key={accountId} value={accountId}>
            {name}
          </option>
        ))}
      </datalist>
    </div>
  );
}
