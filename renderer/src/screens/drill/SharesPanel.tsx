// Steps 2 and 3 of the drill: each custodian present enters their share of one store in the share grid;
// it is checked alone, then leaves the screen (listed as "✓ Share 2 of 5 — Ben Okafor"). A share refused
// for what it is (other store, other vault set, revoked, altered) leaves it too, listed as "✗ … refused",
// and goes to the run, where it is an exception. Or the holder of the passphrase types it. Nothing is
// opened until the run. FORMAT.md §16, §12.4.

import { useState, type Dispatch, type SetStateAction } from 'react';
import type { StoreKind } from '../../../../src/app/api.js';
import { Field } from '../../components/Field.js';
import { ShareEntry } from '../../components/ShareEntry.js';
import { StoreBadge } from '../../components/StoreBadge.js';
import { STORE_IN_SENTENCE } from '../../components/stores.js';
import type { DrillDraft, StoreDraft } from './drill-draft.js';

export function SharesPanel({ store, draft, onDraft }: { readonly store: StoreKind; readonly draft: DrillDraft; readonly onDraft: Dispatch<SetStateAction<DrillDraft>> }) {
  const entered = draft.stores[store];
  // Bumped each time a share is taken: the grid is remounted empty for the next custodian.
  const [round, setRound] = useState(0);
  const [refusal, setRefusal] = useState<string | null>(null);
  const prefix = store === 'password-vault' ? 'drill-pw' : 'drill-mfa';
  const where = STORE_IN_SENTENCE[store];
  const update = (change: (s: StoreDraft) => StoreDraft) => onDraft((d) => ({ ...d, stores: { ...d.stores, [store]: change(d.stores[store]) } }));
  const count = entered.shares[0]?.verification.count;

  return (
    <div data-testid={`${prefix}-step`}>
      <p className="field-hint">
        Each custodian of the <StoreBadge store={store} withLabel /> who is here enters their share, one after the other. Every share is checked alone; once
        taken, its words leave the screen. Shares not entered are listed as exceptions.
      </p>
      {entered.shares.length > 0 || entered.refused.length > 0 ? (
        <ul className="drill-collected" data-testid={`${prefix}-collected`}>
          {entered.shares.map((s, i) => (
            <li key={s.verification.index} data-testid={`${prefix}-collected-${i}`}>
              ✓ Share {s.verification.index} of {s.verification.count}
              {s.verification.custodian ? ` — ${s.verification.custodian}` : ''}
            </li>
          ))}
          {entered.refused.map((r, i) => (
            <li key={`refused-${i}`} className="drill-refused" data-testid={`${prefix}-refused-${i}`}>
              ✗ Share refused — it will be an exception in the drill report: {r.reason}
            </li>
          ))}
        </ul>
      ) : null}
      {count !== undefined && entered.shares.length >= count ? (
        <p className="note note-ok" role="status" data-testid={`${prefix}-all`}>
          Every share of the {where} was entered.
        </p>
      ) : (
        <ShareEntry
          key={`${store}-${round}`}
          prefix={`${prefix}-share`}
          store={store}
          label={entered.shares.length === 0 ? 'The first custodian’s share' : 'The next custodian’s share'}
          {...(refusal ? { refusal } : {})}
          onChange={(share) => {
            if (!share) return;
            if (entered.shares.some((s) => s.verification.index === share.verification.index)) {
              setRefusal(`Share ${share.verification.index} was already entered: the next custodian enters theirs.`);
              return;
            }
            setRefusal(null);
            update((s) => ({ ...s, shares: [...s.shares, share] }));
            setRound((r) => r + 1);
          }}
          onRefused={(text, reason) => {
            // The same refused share entered again stays in the grid with its reason; it is kept once.
            if (entered.refused.some((r) => r.text === text)) return;
            setRefusal(null);
            update((s) => ({ ...s, refused: [...s.refused, { text, reason }] }));
            setRound((r) => r + 1);
          }}
        />
      )}
      <Field label="Passphrase (when the store has one)" htmlFor={`${prefix}-passphrase`} hint="Typed by its holder; it is checked against its own key slot at the run.">
        <input
          id={`${prefix}-passphrase`}
          data-testid={`${prefix}-passphrase`}
          type="password"
          autoComplete="off"
          value={entered.passphrase}
          onChange={(e) => update((s) => ({ ...s, passphrase: e.target.value }))}
        />
      </Field>
      {entered.shares.length > 0 || entered.refused.length > 0 ? (
        <button type="button" className="button-quiet" data-testid={`${prefix}-start-over`} onClick={() => update((s) => ({ ...s, shares: [], refused: [] }))}>
          Start this store over
        </button>
      ) : null}
    </div>
  );
}
