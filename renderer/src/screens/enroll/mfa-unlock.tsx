// The MFA seed store opened for one enrollment step (sealing a seed, recording a hardware device): its
// passphrase or shares asked for only while it is locked. docs/FORMAT.md §11.2, DESIGN §3.4.

import { useState } from 'react';
import { call } from '../../api.js';
import { actorsInput } from '../../components/names.js';
import { custodyOf, emptySecret, SecretFields, secretFromDraft, type SecretDraft } from '../../components/SecretFields.js';
import { useAppState } from '../../state.js';

/** The MFA seed store must be unlocked to seal a device: unlock it with the draft first if needed. */
export function useMfaUnlock() {
  const { status, actors, refresh } = useAppState();
  const custody = custodyOf(status, 'mfa-seeds');
  const [draft, setDraft] = useState<SecretDraft>(() => emptySecret(custody.threshold, custody.hasShares ? 'shares' : 'passphrase'));
  const ensure = async (): Promise<void> => {
    if (custody.unlocked) return;
    const secret = secretFromDraft(draft);
    if (typeof secret === 'string') throw new Error(`The MFA seed store is locked. ${secret}`);
    await call('unlockStore', { store: 'mfa-seeds', secret, ...actorsInput(actors) });
    setDraft(emptySecret(custody.threshold, draft.mode));
    await refresh().catch(() => undefined);
  };
  return { custody, draft, setDraft, ensure };
}

/** The MFA seed store's passphrase or shares, asked for only while that store is locked. */
export function MfaUnlockFields({ unlock, prefix }: { readonly unlock: ReturnType<typeof useMfaUnlock>; readonly prefix: string }) {
  if (unlock.custody.unlocked) return null;
  return (
    <SecretFields
      prefix={prefix}
      draft={unlock.draft}
      onChange={unlock.setDraft}
      threshold={unlock.custody.threshold}
      hasPassphrase={unlock.custody.hasPassphrase}
      hasShares={unlock.custody.hasShares}
    />
  );
}
