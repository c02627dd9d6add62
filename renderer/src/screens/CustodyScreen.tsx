// Custodians and shares: both stores' custody and registers, the segregation report, checking one share
// alone (nothing is opened), and rotating a store's custody (new key, new shares, old shares revoked).

import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import type { CustodyReport, IssuedShare, RotationResult, SegregationReport, ShareVerification, StoreKind } from '../../../src/app/api.js';
import { call } from '../api.js';
import { Busy, ErrorNote, Section, useAction } from '../components.js';
import { CustodyEditor } from '../components/CustodyEditor.js';
import {
  defaultDraft,
  draftProblems,
  MIN_OVERRIDE_REASON_LENGTH,
  personKey,
  registerNames,
  shapeOfDraft,
  sharedNames,
  smallestCoalition,
  toCustodyInput,
  type CustodyDraft,
  type CustodyShape,
  type Problem,
} from '../components/custody-draft.js';
import { Field } from '../components/Field.js';
import { actorsField, formatTimestamp } from '../components/format.js';
import { IssuedShares } from '../components/IssuedShares.js';
import { SegregationPreview } from '../components/SegregationPreview.js';
import { StoreBadge } from '../components/StoreBadge.js';
import { isStoreKind, otherStore, STORE_KINDS, STORE_IN_SENTENCE } from '../components/stores.js';
import { VaultLocked } from '../components/VaultLocked.js';
import { useAppState } from '../state.js';
import { StoreSelect } from '../components/StoreSelect.js';

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

function CustodyCard({ report }: { readonly report: CustodyReport }) {
  const store = report.store;
  return (
    <div className={`custody-card custody-card-${store}`} data-testid={`custody-${store}`}>
      <h3>
        <StoreBadge store={store} withLabel />
      </h3>
      <dl className="facts">
        <dt>Opens with</dt>
        <dd data-testid={`custody-${store}-opens`}>
          {[report.shares ? `${report.shares.threshold} of ${report.shares.count} custodian shares` : null, report.passphrase ? 'a passphrase' : null]
            .filter(Boolean)
            .join(' or ')}
        </dd>
        <dt>Generation</dt>
        <dd>{report.generation}</dd>
        {report.shares ? (
          <>
            <dt>Share set</dt>
            <dd className="mono small">{report.shares.shareSetId}</dd>
          </>
        ) : null}
        <dt>Revoked share sets</dt>
        <dd className="mono small">{report.revokedShareSets.length === 0 ? 'none' : report.revokedShareSets.join(', ')}</dd>
      </dl>
      <table className="data-table" data-testid={`custody-${store}-custodians`}>
        <caption className="sr-only">Custodian register of the {STORE_IN_SENTENCE[store]}</caption>
        <thead>
          <tr>
            <th scope="col">Share</th>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Contact</th>
            <th scope="col">Issued</th>
          </tr>
        </thead>
        <tbody>
          {report.custodians.map((c) => (
            <tr key={`${c.shareIndex ?? 'p'}-${c.name}`}>
              <td>{c.shareIndex === null ? 'passphrase' : `${c.shareIndex} of ${report.shares?.count ?? '?'}`}</td>
              <td>{c.name}</td>
              <td>{c.role || <span className="muted">—</span>}</td>
              <td>{c.contact || <span className="muted">—</span>}</td>
              <td>{formatTimestamp(c.issuedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {report.overrides.length > 0 ? (
        <div className="note note-warning" data-testid={`custody-${store}-overrides`}>
          <strong>Recorded segregation exceptions:</strong>
          <ul>
            {report.overrides.map((o) => (
              <li key={o.at}>
                {formatTimestamp(o.at)}: {o.custodians.join(', ')} — “{o.reason}”
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

export function CustodyScreen() {
  const { status, params, actors, refresh } = useAppState();
  const [reports, setReports] = useState<Partial<Record<StoreKind, CustodyReport>>>({});
  const [segregation, setSegregation] = useState<SegregationReport | null>(null);
  const load = useAction();

  // Verify one share
  const [verifyStore, setVerifyStore] = useState<StoreKind>('password-vault');
  const [shareText, setShareText] = useState('');
  const [verified, setVerified] = useState<ShareVerification | null>(null);
  const verify = useAction();

  // Rotate
  const [rotateStore, setRotateStore] = useState<StoreKind>(isStoreKind(params.store) ? params.store : 'password-vault');
  const [draft, setDraft] = useState<CustodyDraft>(defaultDraft);
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const [rotation, setRotation] = useState<(Omit<RotationResult, 'issuedShares'> & { issuedShares: readonly IssuedRow[] }) | null>(null);
  const rotate = useAction();

  const reload = useCallback(async () => {
    const next: Partial<Record<StoreKind, CustodyReport>> = {};
    for (const kind of STORE_KINDS) next[kind] = await call('listCustodians', { store: kind });
    setReports(next);
    setSegregation(await call('getSegregationReport'));
    return next;
  }, []);

  useEffect(() => {
    void load.run('Reading the custodian registers', reload);
  }, [load.run, reload]);

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
  const problems: Problem[] = [
    ...draftProblems(draft, rotateStore, prefix),
    ...(shared.length > 0 && reason.trim().length < MIN_OVERRIDE_REASON_LENGTH
      ? [{ field: 'rotate-override-reason', message: `${shared.join(', ')} would hold material of both stores: choose different people, or give a reason of at least ${MIN_OVERRIDE_REASON_LENGTH} characters.` }]
      : []),
  ];
  const shown = tried ? problems : [];
  const rotateUnlocked = status?.stores[rotateStore].unlockedAt !== undefined;

  const submitVerify = (event: FormEvent) => {
    event.preventDefault();
    setVerified(null);
    void verify.run('Checking the share', async () => {
      if (shareText.trim().length === 0) throw new Error('Type or paste the share (54 words or its BGS1: text) first.');
      const result = await call('verifyShare', { share: shareText.trim(), store: verifyStore });
      setVerified(result);
      setShareText(''); // the words are not kept on screen once checked
    });
  };

  const submitRotate = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (problems.length > 0) {
      rotate.setError(new Error(`Fix ${problems.length === 1 ? 'this' : 'these'} first: ${problems.map((p) => p.message).join(' ')}`));
      document.getElementById(problems[0]!.field)?.focus();
      return;
    }
    void rotate.run(`Rotating the ${STORE_IN_SENTENCE[rotateStore]}: new key, new shares (deriving keys takes a while)`, async () => {
      const result = await call('rotateCustody', {
        store: rotateStore,
        custody: toCustodyInput(draft),
        ...(shared.length > 0 ? { segregationOverride: { reason: reason.trim() } } : {}),
        ...actorsField(actors),
      });
      setRotation(result);
      setTried(false);
      await refresh();
      await reload();
    });
  };

  return (
    <div className="screen" data-testid="screen-custody">
      <h1>Custodians &amp; shares</h1>
      {load.busy ? <Busy label={load.busy} /> : null}
      <ErrorNote error={load.error} testId="custody-error" />

      <Section title="Who opens each store" testId="custody-registers">
        <div className="two-columns">
          {STORE_KINDS.map((kind) => {
            const report = reports[kind];
            return report ? <CustodyCard key={kind} report={report} /> : null;
          })}
        </div>
      </Section>

      {segregation ? (
        <Section title="Segregation" testId="custody-segregation">
          {segregation.sharedCustodians.length === 0 ? (
            <p className="note note-ok" data-testid="custody-segregation-state" data-state="separate">
              ✓ No one is a custodian of both stores.
            </p>
          ) : (
            <p className="note note-warning" data-testid="custody-segregation-state" data-state="shared">
              In both groups (with a recorded exception): <strong>{segregation.sharedCustodians.join(', ')}</strong>.
            </p>
          )}
          <p className="coalition" data-testid="custody-coalition">
            Smallest coalition that opens both stores: <strong>{segregation.smallestCoalition.size} people</strong> — {segregation.smallestCoalition.explanation}.
          </p>
        </Section>
      ) : null}

      <Section title="Check one share" testId="custody-verify">
        <p className="field-hint">A custodian can check their share alone, e.g. in the quarterly drill. Nothing is opened; the check is recorded.</p>
        <form onSubmit={submitVerify} noValidate>
          <div className="form-grid">
            <Field label="Store" htmlFor="custody-verify-store">
              <StoreSelect id="custody-verify-store" value={verifyStore} onChange={(next) => { setVerifyStore(next); setVerified(null); }} />
            </Field>
          </div>
          <Field label="The share: 54 words (four letters each are enough) or the BGS1: text" htmlFor="custody-verify-text">
            <textarea
              id="custody-verify-text"
              data-testid="custody-verify-text"
              rows={4}
              spellCheck={false}
              autoComplete="off"
              value={shareText}
              onChange={(e) => {
                setShareText(e.target.value);
                setVerified(null);
              }}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                  e.preventDefault();
                  e.currentTarget.form?.requestSubmit();
                }
              }}
            />
          </Field>
          <div className="button-row">
            <button type="submit" className="button-primary" data-testid="custody-verify-submit" disabled={verify.busy !== null}>
              Check share
            </button>
            <span className="muted small">Ctrl+Enter in the text also checks it.</span>
          </div>
        </form>
        {verify.busy ? <Busy label={verify.busy} /> : null}
        <ErrorNote error={verify.error} testId="custody-verify-error" />
        {verified ? (
          <p className="note note-ok" role="status" data-testid="custody-verify-result">
            ✓ Valid: share {verified.index} of {verified.count} of the <StoreBadge store={verified.store} withLabel /> (any {verified.threshold} open it), generation{' '}
            {verified.generation}
            {verified.custodian ? `, issued to ${verified.custodian}` : ''}
            {verified.issuedAt ? ` on ${formatTimestamp(verified.issuedAt)}` : ''}.
          </p>
        ) : null}
      </Section>

      <Section title="Rotate custody" testId="custody-rotate">
        <p>
          Rotation seals the store under a <strong>new key</strong>, issues a <strong>new set of shares</strong> and revokes the old ones (they stop working). Use it
          when a custodian leaves, a share sheet is lost, or on schedule. Afterwards print the new share sheets and export the store to its drives again.
        </p>
        <div className="form-grid">
          <Field label="Store to rotate" htmlFor="rotate-store">
            <StoreSelect id="rotate-store" value={rotateStore} onChange={(next) => { setRotateStore(next); setRotation(null); }} />
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
            {load.error ? 'The form appears once the custodian register can be read (see above).' : 'Reading the current custodian register…'}
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
    </div>
  );
}
