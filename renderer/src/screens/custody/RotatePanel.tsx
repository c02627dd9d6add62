// Rotating a store's custody: the form starts from the current register, checks segregation live, and
// rotation seals the store under a new key with new shares, revoking the old ones. docs/FORMAT.md §12.5.

import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { CustodyReport, IssuedShare, RotationResult, StoreKind } from '../../../../src/app/api.js';
import { call } from '../../api.js';
import { Busy } from '../../components/Busy.js';
import { CustodyEditor } from '../../components/CustodyEditor.js';
import {
  defaultDraft,
  draftProblems,
  MIN_OVERRIDE_REASON_LENGTH,
  overrideReasonProblems,
  personKey,
  problemsSummary,
  registerNames,
  shapeOfDraft,
  sharedNames,
  smallestCoalition,
  toCustodyInput,
  type CustodyDraft,
  type CustodyShape,
  type Problem,
} from '../../components/custody-draft.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { Field } from '../../components/Field.js';
import { IssuedShares } from '../../components/IssuedShares.js';
import { actorsInput } from '../../components/names.js';
import { Section } from '../../components/Section.js';
import { SegregationPreview } from '../../components/SegregationPreview.js';
import { StoreBadge } from '../../components/StoreBadge.js';
import { isStoreKind, otherStore, STORE_IN_SENTENCE } from '../../components/stores.js';
import { StoreSelect } from '../../components/StoreSelect.js';
import { useAction } from '../../components/useAction.js';
import { VaultLocked } from '../../components/VaultLocked.js';
import { actorsFor, useAppState } from '../../state.js';

type IssuedRow = Omit<IssuedShare, 'words' | 'qrText'>;

function shapeOfReport(report: CustodyReport): CustodyShape {
  return { threshold: report.shares?.threshold ?? null, hasPassphrase: report.passphrase, names: report.custodians.map((c) => c.name) };
}

function draftFromReport(report: CustodyReport | undefined): CustodyDraft {
  const base = defaultDraft();
  if (!report) return base;
  const holders = report.custodians.filter((c) => c.shareIndex !== null);
  const phrase = report.custodians.filter((c) => c.shareIndex === null);
  return {
    ...base,
    useShares: report.shares !== undefined,
    threshold: report.shares?.threshold ?? base.threshold,
    custodians: holders.length >= 2 ? holders.map((c) => ({ name: c.name, role: c.role, contact: c.contact })) : base.custodians,
    usePassphrase: report.passphrase,
    passphraseHolders: phrase.map((c) => c.name).join(', '),
  };
}

export function RotatePanel({
  reports,
  loadError,
  onRotated,
}: {
  readonly reports: Partial<Record<StoreKind, CustodyReport>>;
  /** Why the registers could not be read, if they could not. */
  readonly loadError: unknown;
  /** After a rotation: the registers are read again. */
  readonly onRotated: () => Promise<unknown>;
}) {
  const { status, params, actors, present, refresh } = useAppState();
  const [rotateStore, setRotateStore] = useState<StoreKind>(isStoreKind(params.store) ? params.store : 'password-vault');
  const [draft, setDraft] = useState<CustodyDraft>(defaultDraft);
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const [rotation, setRotation] = useState<(Omit<RotationResult, 'issuedShares'> & { issuedShares: readonly IssuedRow[] }) | null>(null);
  const rotate = useAction();

  // The rotation form starts from the store's current register.
  useEffect(() => {
    setDraft(draftFromReport(reports[rotateStore]));
    setReason('');
    setTried(false);
  }, [rotateStore, reports]);

  const other = otherStore(rotateStore);
  const otherReport = reports[other];
  const shared = useMemo(() => sharedNames(registerNames(draft), otherReport?.custodians.map((c) => c.name) ?? []), [draft, otherReport]);
  const sharedKeys = useMemo(() => new Set(shared.map(personKey)), [shared]);
  const coalition = otherReport
    ? rotateStore === 'password-vault'
      ? smallestCoalition(shapeOfDraft(draft), shapeOfReport(otherReport))
      : smallestCoalition(shapeOfReport(otherReport), shapeOfDraft(draft))
    : null;
  const prefix = 'rotate';
  const problems: Problem[] = [...draftProblems(draft, rotateStore, prefix), ...overrideReasonProblems(shared, reason, 'rotate-override-reason')];
  const shown = tried ? problems : [];
  const rotateUnlocked = status?.stores[rotateStore].unlockedAt !== undefined;

  const submitRotate = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (problems.length > 0) {
      rotate.setError(new Error(problemsSummary(problems)));
      document.getElementById(problems[0]!.field)?.focus();
      return;
    }
    void rotate.run(`Rotating the ${STORE_IN_SENTENCE[rotateStore]}: new key, new shares (deriving keys takes a while)`, async () => {
      const result = await call('rotateCustody', {
        store: rotateStore,
        custody: toCustodyInput(draft),
        ...(shared.length > 0 ? { segregationOverride: { reason: reason.trim() } } : {}),
        ...actorsInput(actorsFor({ actors, present }, rotateStore)),
      });
      setRotation(result);
      setTried(false);
      await refresh();
      await onRotated();
    });
  };

  return (
    <Section title="Rotate custody" testId="custody-rotate">
      <p>
        Rotation seals the store under a <strong>new key</strong>, issues a <strong>new set of shares</strong> and revokes the old ones (they stop working). Use it when
        a custodian leaves, a share sheet is lost, or on schedule. Afterwards print the new share sheets and export the store to its drives again.
      </p>
      <div className="form-grid">
        <Field label="Store to rotate" htmlFor="rotate-store">
          <StoreSelect
            id="rotate-store"
            value={rotateStore}
            onChange={(next) => {
              setRotateStore(next);
              setRotation(null);
            }}
          />
        </Field>
      </div>

      {rotation ? (
        <div data-testid="rotate-result">
          <p className="note note-ok" role="status">
            <StoreBadge store={rotation.store} withLabel /> is now at generation {rotation.generation}
            {rotation.revokedShareSet ? `; share set ${rotation.revokedShareSet.slice(0, 8)}… is revoked` : ''}.
          </p>
          <IssuedShares shares={rotation.issuedShares} testId="rotate-issued-shares" printTestId="rotate-print-shares" />
        </div>
      ) : !rotateUnlocked ? (
        <VaultLocked store={rotateStore} returnTo="custody" params={{ store: rotateStore }} what="rotate its custody" />
      ) : !reports[rotateStore] ? (
        // The form starts from the current register: shown before it is read, what is typed would be replaced.
        <p className="note" data-testid="rotate-waiting">
          {loadError ? 'The form appears once the custodian register can be read (see above).' : 'Reading the current custodian register…'}
        </p>
      ) : (
        <form onSubmit={submitRotate} noValidate>
          <CustodyEditor
            store={rotateStore}
            prefix={prefix}
            draft={draft}
            onChange={setDraft}
            problems={shown}
            sharedKeys={sharedKeys}
            otherStoreLabel={STORE_IN_SENTENCE[other]}
            passphraseHint="A new passphrase replaces the old one; type the current one to keep it."
          />
          <SegregationPreview shared={shared} coalition={coalition} testPrefix="rotate" />
          {shared.length > 0 ? (
            <Field
              label="Reason for the exception (recorded in both stores and the audit log)"
              htmlFor="rotate-override-reason"
              hint={`At least ${MIN_OVERRIDE_REASON_LENGTH} characters.`}
              problem={shown.find((p) => p.field === 'rotate-override-reason')?.message ?? null}
            >
              <textarea id="rotate-override-reason" data-testid="rotate-override-reason" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
            </Field>
          ) : null}
          {rotate.busy ? <Busy label={rotate.busy} /> : null}
          <ErrorNote error={rotate.error} testId="rotate-error" />
          <div className="button-row">
            <button type="submit" className="button-danger" data-testid="rotate-submit" disabled={rotate.busy !== null}>
              Rotate: new key and shares, revoke the old shares
            </button>
          </div>
        </form>
      )}
    </Section>
  );
}
