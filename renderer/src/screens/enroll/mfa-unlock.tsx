// The MFA seed store opened for one enrollment step (sealing a seed, recording a hardware device): its
// passphrase or shares asked for only while it is locked. docs/FORMAT.md §11.2, DESIGN §3.12.

import { useCallback, useEffect, useRef } from 'react';
import { call } from '../../api.js';
import { actorsInput } from '../../components/names.js';
import { enteredSecret, useSecretDraft } from '../../components/secret-draft.js';
import { SecretEntry } from '../../components/SecretEntry.js';
import { storeOpeners } from '../../components/store-openers.js';
import { actorsFor, stepActors, useAppState } from '../../state.js';

/**
 * The MFA seed store must be unlocked to seal a device: unlock it with what was entered first if needed.
 * What the step unlocked, the step locks again: `release()` once it succeeded or was cancelled, and on
 * leaving the screen (a failed step keeps it open for the retry). A store that was already open stays open.
 */
export function useMfaUnlock() {
  const { status, actors, present, setPresent, refresh } = useAppState();
  const openers = storeOpeners(status?.stores['mfa-seeds']);
  // Reset once the store is open: the shares or passphrase typed for it leave the screen.
  const [draft, setDraft, resetDraft] = useSecretDraft();
  const openedHere = useRef(false);
  /** Opens the store if needed; returns the names recorded for this step (the MFA side's). */
  const ensure = async (): Promise<readonly string[]> => {
    if (openers.unlocked) return actorsFor({ actors, present }, 'mfa-seeds');
    const entered = enteredSecret(draft, openers, 'mfa-seeds');
    if (!entered.ready) throw new Error(`The MFA seed store is locked. ${entered.missing}`);
    // The MFA side opens it: the holders of these shares plus anyone typed for the MFA seed store.
    const names = stepActors({ actors, present }, 'mfa-seeds', entered.custodians);
    await call('unlockStore', { store: 'mfa-seeds', secret: entered.secret, ...actorsInput(names) });
    if (entered.custodians.length > 0) setPresent('mfa-seeds', names);
    openedHere.current = true;
    resetDraft();
    await refresh().catch(() => undefined);
    return names;
  };
  /** Locks the store if this step unlocked it; true when it did. */
  const release = useCallback(async (): Promise<boolean> => {
    if (!openedHere.current) return false;
    openedHere.current = false;
    await call('lockStore', { store: 'mfa-seeds' });
    await refresh().catch(() => undefined);
    return true;
  }, [refresh]);
  useEffect(() => () => void release().catch(() => undefined), [release]);
  return { openers, draft, setDraft, ensure, release };
}

/** The MFA seed store's passphrase or shares, asked for only while that store is locked. */
export function MfaUnlockFields({ unlock, prefix }: { readonly unlock: ReturnType<typeof useMfaUnlock>; readonly prefix: string }) {
  if (unlock.openers.unlocked) return null;
  return <SecretEntry prefix={prefix} store="mfa-seeds" openers={unlock.openers} frame="fieldset" draft={unlock.draft} onDraft={unlock.setDraft} />;
}
