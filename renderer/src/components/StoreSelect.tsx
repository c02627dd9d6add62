// The one store picker every screen uses: each option carries the store's short mark ("PW —", "MFA —")
// so the two stores read differently even in a closed list; optionally an "either store" choice first.
// DESIGN §3.3.

import type { StoreKind } from '../../../src/app/api.js';
import { isStoreKind, STORE_KINDS, STORE_LABEL, STORE_SHORT } from './stores.js';

export function StoreSelect<Any extends boolean = false>({
  id,
  value,
  onChange,
  anyLabel,
  autoFocus = false,
}: {
  readonly id: string;
  readonly value: Any extends true ? StoreKind | '' : StoreKind;
  onChange(store: Any extends true ? StoreKind | '' : StoreKind): void;
  /** When given, an empty first option with this text ("either store"). */
  readonly anyLabel?: Any extends true ? string : undefined;
  readonly autoFocus?: boolean;
}) {
  return (
    <select
      id={id}
      data-testid={id}
      autoFocus={autoFocus}
      value={value}
      onChange={(e) => {
        const next = e.target.value;
        if (isStoreKind(next)) onChange(next);
        else if (anyLabel !== undefined && next === '') onChange('' as Any extends true ? StoreKind | '' : StoreKind);
      }}
    >
      {anyLabel !== undefined && <option value="">{anyLabel}</option>}
      {STORE_KINDS.map((kind) => (
        <option key={kind} value={kind}>
          {STORE_SHORT[kind]} — {STORE_LABEL[kind]}
        </option>
      ))}
    </select>
  );
}
