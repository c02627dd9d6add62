// The MFA seed store opened for one enrollment step (sealing a seed, recording a hardware device): its
// passphrase or shares asked for only while it is locked. docs/FORMAT.md §11.2, DESIGN §3.12.

import { call } from '../../api.js';
import { actorsInput } from '../../components/names.js';
import { enteredSecret, useSecretDraft } from '../../components/secret-draft.js';
import { SecretEntry } from '../../components/SecretEntry.js';
import { storeOpeners } from '../../components/store-openers.js';
import { useAppState } from '../../state.js';

/** The MFA seed store must be unlocked to seal a device: unlock it with what was entered first if needed. */
export function useMfaUnlock() {
  const { status, actors, refresh } = useAppState();
  const openers = storeOpeners(status?.stores['mfa-seeds']);
  // Reset once the store is open: the shares or passphrase typed for it leave the screen.
  const [draft, setDraft, resetDraft] = useSecretDraft();
  const ensure = async (): Promise<void> => {
    if (openers.unlocked) return;
    const entered = enteredSecret(draft, openers, 'mfa-seeds');
    if (!entered.ready) throw new Error(`The MFA seed store is locked. ${entered.missing}`);
    await call('unlockStore', { store: 'mfa-seeds', secret: entered.secret, ...actorsInput(actors) });
    resetDraft();
    await refresh().catch(() => undefined);
  };
  return { openers, draft, setDraft, ensure };
}

/** The MFA seed store's passphrase or shares, asked for only while that store is locked. */
export function MfaUnlockFields({ unlock, prefix }: { readonly unlock: ReturnType<typeof useMfaUnlock>; readonly prefix: string }) {
  if (unlock.openers.unlocked) return null;
  return <SecretEntry prefix={prefix} store="mfa-seeds" openers={unlock.openers} frame="fieldset" draft={unlock.draft} onDraft={unlock.setDraft} />;
}
