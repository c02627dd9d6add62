// Unlock a store with its passphrase or with k custodians' shares, entered one custodian at a time:
// each share is checked alone as soon as it is complete, then kept (not shown) while the next custodian
// types theirs; at the threshold the store is unlocked and every typed word is cleared.
// docs/FORMAT.md §12.4 (checks before combining), DESIGN §3.12.

import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { StoreKind, StoreStatus } from '../../../src/app/api.js';
import { call } from '../api.js';
import { Busy } from '../components/Busy.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { Section } from '../components/Section.js';
import { useAction } from '../components/useAction.js';
import { Field } from '../components/Field.js';
import { formatDuration, formatTimestamp } from '../components/format.js';
import { actorsInput } from '../components/names.js';
import { ShareEntry, type VerifiedShare } from '../components/ShareEntry.js';
import { StoreBadge } from '../components/StoreBadge.js';
import { StoreSummary } from '../components/StoreSummary.js';
import { useMounted } from '../components/useMounted.js';
import { isStoreKind, STORE_KINDS, STORE_LABEL, STORE_IN_SENTENCE } from '../components/stores.js';
import { useAppState, type ScreenId } from '../state.js';
import { StoreSelect } from '../components/StoreSelect.js';

type Method = 'shares' | 'passphrase';

function slotsOf(status: StoreStatus | undefined): { threshold: number | null; count: number; passphrase: boolean } {
  const slots = status?.inspection?.slots ?? [];
  const shares = slots.find((s) => s.type === 'shares');
  return {
    threshold: shares?.type === 'shares' ? shares.threshold : null,
    count: shares?.type === 'shares' ? shares.shares : 0,
    passphrase: slots.some((s) => s.type === 'passphrase'),
  };
}

const RETURN_SCREENS = new Set<string>(['accounts', 'account', 'totp', 'enroll', 'custody', 'drives', 'print']);

export function UnlockScreen() {
  const { status, workstation, refresh, go, params, actors, setActors } = useAppState();
  const initialStore: StoreKind = isStoreKind(params.store)
    ? params.store
    : (STORE_KINDS.find((k) => status && !status.stores[k].unlockedAt) ?? 'password-vault');
  const [store, setStore] = useState<StoreKind>(initialStore);
  const storeStatus = status?.stores[store];
  const slots = slotsOf(storeStatus);
  const [method, setMethod] = useState<Method>(slots.threshold !== null ? 'shares' : 'passphrase');
  const [passphrase, setPassphrase] = useState('');
  const [collected, setCollected] = useState<VerifiedShare[]>([]);
  const [current, setCurrent] = useState<VerifiedShare | null>(null);
  const [entryKey, setEntryKey] = useState(0);
  const [done, setDone] = useState<{ store: StoreKind } | null>(null);
  const { busy, error, setError, run } = useAction();
  const mounted = useMounted();

  // A different store starts over: nothing typed for one store is kept for another.
  useEffect(() => {
    const s = slotsOf(status?.stores[store]);
    setMethod(s.threshold !== null ? 'shares' : 'passphrase');
    setCollected([]);
    setCurrent(null);
    setPassphrase('');
    setEntryKey((k) => k + 1);
    setError(null);
  }, [store]);

  const threshold = slots.threshold ?? 0;
  const duplicate = current ? collected.some((c) => c.verification.index === current.verification.index) : false;
  const haveWithCurrent = collected.length + (current && !duplicate ? 1 : 0);
  const enough = threshold > 0 && haveWithCurrent >= threshold;
  const unlockedFor = workstation?.unlocked.find((u) => u.store === store);

  const custodianNames = useMemo(
    () => [...collected, ...(current && !duplicate ? [current] : [])].map((c) => c.verification.custodian).filter((n): n is string => typeof n === 'string'),
    [collected, current, duplicate],
  );

  const clearAll = () => {
    setCollected([]);
    setCurrent(null);
    setPassphrase('');
    setEntryKey((k) => k + 1);
  };

  const finish = async (unlocked: StoreKind) => {
    clearAll();
    await refresh();
    if (!mounted.current) return;
    const back = params.returnTo;
    if (back && RETURN_SCREENS.has(back)) {
      const { returnTo: _r, store: _s, ...rest } = params;
      go(back as ScreenId, rest);
      return;
    }
    setDone({ store: unlocked });
  };

  const nextCustodian = () => {
    if (!current || duplicate) return;
    setCollected((list) => [...list, current]);
    setCurrent(null);
    setEntryKey((k) => k + 1); // clears the 54 words for the next custodian
  };

  const unlockWithShares = () =>
    void run(`Unlocking the ${STORE_IN_SENTENCE[store]}`, async () => {
      const shares = [...collected, ...(current && !duplicate ? [current] : [])];
      const present = [...new Set([...actors, ...custodianNames])];
      await call('unlockStore', { store, secret: { shares: shares.map((s) => s.text) }, ...actorsInput(present) });
      if (present.length > actors.length) setActors(present);
      await finish(store);
    });

  const unlockWithPassphrase = (event: FormEvent) => {
    event.preventDefault();
    void run(`Unlocking the ${STORE_IN_SENTENCE[store]} (deriving the key takes a moment)`, async () => {
      if (passphrase.length === 0) throw new Error('Type the passphrase first.');
      try {
        await call('unlockStore', { store, secret: { passphrase }, ...actorsInput(actors) });
      } finally {
        setPassphrase('');
      }
      await finish(store);
    });
  };

  const lock = () =>
    void run('Locking', async () => {
      await call('lockStore', { store });
      await refresh();
      setDone(null);
    });

  return (
    <div className="screen" data-testid="screen-unlock">
      <h1>Unlock a store</h1>

      <Section title="Which store" testId="unlock-which">
        <div className="form-grid">
          <Field label="Store" htmlFor="unlock-store-select">
            <StoreSelect id="unlock-store-select" value={store} onChange={(next) => { setStore(next); setDone(null); }} />
          </Field>
          {storeStatus ? <StoreSummary status={storeStatus} testId="unlock-store-state" /> : null}
        </div>
      </Section>

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
        <>
          {slots.threshold !== null && slots.passphrase ? (
            <Section title="How" testId="unlock-method">
              <div className="radio-row" role="radiogroup" aria-label="Unlock with">
                <label className="radio">
                  <input
                    type="radio"
                    name="unlock-method"
                    data-testid="unlock-method-shares"
                    checked={method === 'shares'}
                    onChange={() => setMethod('shares')}
                  />
                  Custodian shares ({slots.threshold} of {slots.count})
                </label>
                <label className="radio">
                  <input
                    type="radio"
                    name="unlock-method"
                    data-testid="unlock-method-passphrase"
                    checked={method === 'passphrase'}
                    onChange={() => setMethod('passphrase')}
                  />
                  Passphrase
                </label>
              </div>
            </Section>
          ) : null}

          {method === 'passphrase' && slots.passphrase ? (
            <Section title={`Passphrase of the ${STORE_IN_SENTENCE[store]}`} testId="unlock-passphrase-section">
              <form className="form-inline" onSubmit={unlockWithPassphrase}>
                <Field label="Passphrase" htmlFor="unlock-passphrase">
                  <input
                    id="unlock-passphrase"
                    data-testid="unlock-passphrase"
                    type="password"
                    autoComplete="off"
                    value={passphrase}
                    onChange={(e) => setPassphrase(e.target.value)}
                  />
                </Field>
                <button type="submit" className="button-primary" data-testid="unlock-submit" disabled={busy !== null}>
                  Unlock
                </button>
              </form>
              {busy ? <Busy label={busy} /> : null}
              <ErrorNote error={error} testId="unlock-error" />
            </Section>
          ) : null}

          {method === 'shares' && slots.threshold !== null ? (
            <Section title={`Custodian shares — ${slots.threshold} of ${slots.count} needed`} testId="unlock-shares-section">
              <ol className="share-progress" data-testid="unlock-share-progress">
                {Array.from({ length: slots.threshold }, (_, i) => {
                  const share = collected[i] ?? (i === collected.length && current && !duplicate ? current : undefined);
                  return (
                    <li key={i} className={share ? 'progress-done' : i === collected.length ? 'progress-current' : 'progress-waiting'} data-testid={`share-collected-${i}`}>
                      {share ? (
                        <>
                          ✓ Share {share.verification.index} of {share.verification.count}
                          {share.verification.custodian ? ` — ${share.verification.custodian}` : ''}
                        </>
                      ) : i === collected.length ? (
                        `Custodian ${i + 1}: type your share below`
                      ) : (
                        `Custodian ${i + 1}: waiting`
                      )}
                    </li>
                  );
                })}
              </ol>

              <ShareEntry
                key={`${store}-${entryKey}`}
                store={store}
                autoFocus={collected.length > 0}
                label={`Custodian ${collected.length + 1} of ${slots.threshold}`}
                onChange={setCurrent}
                refusal={
                  duplicate && current
                    ? `share ${current.verification.index} was already entered${current.verification.custodian ? ` (${current.verification.custodian})` : ''}. The next custodian must type a different share.`
                    : undefined
                }
              />

              <div className="button-row">
                {!enough ? (
                  <button type="button" className="button-primary" data-testid="share-next" disabled={!current || duplicate} onClick={nextCustodian}>
                    Add next custodian&apos;s share
                  </button>
                ) : (
                  <button type="button" className="button-primary" data-testid="unlock-submit" disabled={busy !== null} onClick={unlockWithShares}>
                    Unlock the {STORE_IN_SENTENCE[store]}
                  </button>
                )}
                {collected.length > 0 ? (
                  <button type="button" className="button-quiet" data-testid="unlock-start-over" onClick={clearAll}>
                    Start over
                  </button>
                ) : null}
              </div>
              {busy ? <Busy label={busy} /> : null}
              <ErrorNote error={error} testId="unlock-error" />
            </Section>
          ) : null}

          {slots.threshold === null && !slots.passphrase ? (
            <p className="note note-error">This store cannot be read: {storeStatus?.problem?.message ?? 'it is missing from the vault set directory.'}</p>
          ) : null}
        </>
      )}
    </div>
  );
}
