// The store marking used everywhere: a blue "PW" badge for the password vault, an amber "MFA" badge for
// the MFA seed store, optionally followed by the store's full name. DESIGN §3.3 (two stores, kept apart).

import type { StoreKind } from '../../../src/app/api.js';
import { STORE_LABEL, STORE_SHORT } from './stores.js';

export function StoreBadge({ store, withLabel = false }: { readonly store: StoreKind; readonly withLabel?: boolean }) {
  const short = STORE_SHORT[store];
  return (
    <span className={`store-mark store-mark-${short.toLowerCase()}`}>
      <span className={`badge badge-${short.toLowerCase()}`} title={STORE_LABEL[store]} aria-label={withLabel ? undefined : STORE_LABEL[store]}>
        {short}
      </span>
      {withLabel ? <span className="store-name">{STORE_LABEL[store]}</span> : null}
    </span>
  );
}
