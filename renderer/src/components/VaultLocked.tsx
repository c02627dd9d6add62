// Said where an action needs an unlocked store: which store, why, and a button to go and unlock it
// (the unlock screen comes back here afterwards). DESIGN §3.4.

import type { StoreKind } from '../../../src/app/api.js';
import { useAppState, type ScreenId } from '../state.js';
import { StoreBadge } from './StoreBadge.js';
import { STORE_IN_SENTENCE, STORE_SHORT } from './stores.js';

export function VaultLocked({
  store = 'password-vault',
  returnTo,
  params = {},
  what,
}: {
  readonly store?: StoreKind;
  readonly returnTo: ScreenId;
  readonly params?: Readonly<Record<string, string>>;
  readonly what: string;
}) {
  const { go } = useAppState();
  const short = STORE_SHORT[store].toLowerCase();
  return (
    <div className="note note-locked" data-testid={`locked-${short}`}>
      <p>
        <StoreBadge store={store} withLabel /> is locked. Unlock it to {what}.
      </p>
      <button type="button" className="button-primary" data-testid={`go-unlock-${short}`} onClick={() => go('unlock', { ...params, store, returnTo })}>
        Unlock the {STORE_IN_SENTENCE[store]}
      </button>
    </div>
  );
}
