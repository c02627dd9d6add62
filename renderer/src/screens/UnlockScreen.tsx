// Unlock a store with its passphrase or with k custodians' shares, entered one custodian at a time: each
// share is checked alone as soon as it is complete, then kept (not shown) while the next custodian types
// theirs; at the threshold the store is unlocked and every typed word is cleared.
// docs/FORMAT.md §12.4 (checks before combining), DESIGN §3.12.

import { useEffect, useState, type FormEvent } from 'react';
import type { StoreKind } from '../../../src/app/api.js';
import { call } from '../api.js';
import { Busy } from '../components/Busy.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { Field } from '../components/Field.js';
import { formatDuration, formatTimestamp } from '../components/format.js';
import { actorsInput } from '../components/names.js';
import { PresentField } from '../components/PresentField.js';
import { enteredSecret, useSecretDraft } from '../components/secret-draft.js';
import { SecretEntry } from '../components/SecretEntry.js';
import { Section } from '../components/Section.js';
import { storeOpeners } from '../components/store-openers.js';
import { StoreBadge } from '../components/StoreBadge.js';
import { StoreSelect } from '../components/StoreSelect.js';
import { StoreSummary } from '../components/StoreSummary.js';
import { isStoreKind, STORE_KINDS, STORE_LABEL, STORE_IN_SENTENCE } from '../components/stores.js';
import { useAction } from '../components/useAction.js';
import { useMounted } from '../components/useMounted.js';
import { stepActors, useAppState, type ScreenId } from '../state.js';

const RETURN_SCREENS = new Set<string>(['accounts', 'account', 'totp', 'enroll', 'custody', 'drives', 'print']);

export function UnlockScreen() {
  const { status, workstation, refresh, go, params, actors, present, setPresent } = useAppState();
  const initialStore: StoreKind = isStoreKind(params.store)
    ? params.store
    : (STORE_KINDS.find((k) => status && !status.stores[k].unlockedAt) ?? 'password-vault');
  const [store, setStore] = useState<StoreKind>(initialStore);
  const storeStatus = status?.stores[store];
  const openers = storeOpeners(storeStatus);
  // Reset after every use: nothing typed stays on screen, nothing typed for one store is kept for another.
  const [draft, setDraft, resetDraft] = useSecretDraft();
  const entered = enteredSecret(draft, openers, store);
  const [done, setDone] = useState<{ store: StoreKind } | null>(null);
  // Shown after an unlock that recorded a generation saved without its audit entry (FORMAT.md §10.9).
  const [unaudited, setUnaudited] = useState<string | null>(null);
  const [kdfWarning, setKdfWarning] = useState<string | null>(null);
  const { busy, error, setError, run } = useAction();
  const mounted = useMounted();
  const unlockedFor = workstation?.unlocked.find((u) => u.store === store);

  useEffect(() => {
    resetDraft();
    setError(null);
    setKdfWarning(null);
    // A passphrase slot far costlier than the vault set's usual one is said before anyone types (issue 12).
    void call('listCustodians', { store })
      .then((report) => {
        if (mounted.current) setKdfWarning(report.kdfWarning ?? null);
      })
      .catch(() => undefined);
  }, [store]);

  const finish = async (unlocked: StoreKind, notice: string | null) => {
    resetDraft();
    await refresh();
    if (!mounted.current) return;
    setUnaudited(notice);
    const back = params.returnTo;
    // A recorded unaudited generation is shown here first, not skipped by going back.
    if (back && RETURN_SCREENS.has(back) && notice === null) {
      const { returnTo: _r, store: _s, ...rest } = params;
      go(back as ScreenId, rest);
      return;
    }
    setDone({ store: unlocked });
  };

  const unlock = (event: FormEvent) => {
    event.preventDefault();
    const withShares = entered.ready && 'shares' in entered.secret;
    void run(withShares ? `Unlocking the ${STORE_IN_SENTENCE[store]}` : `Unlocking the ${STORE_IN_SENTENCE[store]} (deriving the key takes a moment)`, async () => {
      if (!entered.ready) throw new Error(entered.missing);
      // With shares, their holders are present for this store (with anyone typed for the step): they are
      // recorded, and stay the store's names for its later steps — not the other store's.
      const names = stepActors({ actors, present }, store, entered.custodians);
      let notice: string | null;
      try {
        const unlocked = await call('unlockStore', { store, secret: entered.secret, ...actorsInput(names) });
        notice = unlocked.unaudited?.message ?? null;
      } finally {
        // A passphrase is never kept after a try; shares stay for another try until the store opens.
        if (!withShares) resetDraft();
      }
      if (entered.custodians.length > 0 || present[store].length > 0) setPresent(store, names);
      await finish(store, notice);
    });
  };

  const lock = () =>
    void run('Locking', async () => {
      await call('lockStore', { store });
      await refresh();
      setDone(null);
    });

  const submit = (
    <button type="submit" className="button-primary" data-testid="unlock-submit" disabled={busy !== null}>
      {entered.ready && 'shares' in entered.secret ? `Unlock the ${STORE_IN_SENTENCE[store]}` : 'Unlock'}
    </button>
  );

  return (
    <div className="screen" data-testid="screen-unlock">
      <h1>Unlock a store</h1>

      <Section title="Which store" testId="unlock-which">
        <div className="form-grid">
          <Field label="Store" htmlFor="unlock-store-select">
            <StoreSelect
              id="unlock-store-select"
              value={store}
              onChange={(next) => {
                setStore(next);
                setDone(null);
              }}
            />
          </Field>
          {storeStatus ? <StoreSummary status={storeStatus} testId="unlock-store-state" /> : null}
        </div>
      </Section>

      {unaudited ? (
        <div className="note note-warning" role="alert" data-testid="unlock-unaudited">
          <strong>A change had no audit entry.</strong> {unaudited}
        </div>
      ) : null}

      {kdfWarning && !storeStatus?.unlockedAt && openers.passphrase ? (
        <div className="note note-warning" role="alert" data-testid="unlock-kdf-warning">
          <strong>Unusual key derivation.</strong> {kdfWarning}
        </div>
      ) : null}

      {done && storeStatus?.unlockedAt ? (
        <div className="note note-ok" role="status" data-testid="unlock-done">
          <StoreBadge store={done.store} withLabel /> is unlocked. Every typed word was cleared.
          <div className="button-row">
            {done.store === 'password-vault' ? (
              <button type="button" className="button-primary" data-testid="unlock-go-accounts" onClick={() => go('accounts')}>
                Go to accounts
              </button>
            ) : (
              <button type="button" className="button-primary" data-testid="unlock-go-totp" onClick={() => go('totp')}>
                TOTP login
              </button>
            )}
          </div>
        </div>
      ) : null}

      {storeStatus?.unlockedAt ? (
        <Section title={`${STORE_LABEL[store]} is unlocked`} testId="unlock-already">
          <p>
            Unlocked since {formatTimestamp(storeStatus.unlockedAt)}
            {unlockedFor ? ` (${formatDuration(unlockedFor.seconds)})` : ''}. Lock it as soon as the work is done.
          </p>
          <button type="button" className="button-danger" data-testid="unlock-lock" disabled={busy !== null} onClick={lock}>
            Lock the {STORE_IN_SENTENCE[store]}
          </button>
          <ErrorNote error={error} testId="unlock-error" />
        </Section>
      ) : (
        <form onSubmit={unlock}>
          <SecretEntry
            prefix="unlock"
            sharePrefix="share"
            store={store}
            openers={openers}
            frame="section"
            draft={draft}
            onDraft={setDraft}
            submit={submit}
            beforeSubmit={<PresentField store={store} holders={entered.ready ? entered.custodians : []} />}
          >
            {busy ? <Busy label={busy} /> : null}
            <ErrorNote error={error} testId="unlock-error" />
          </SecretEntry>
        </form>
      )}
    </div>
  );
}
