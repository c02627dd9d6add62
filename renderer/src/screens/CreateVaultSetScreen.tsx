// Create a vault set: where, which KDF profile, and for each store who can open it (k-of-n shares with
// named custodians, and/or a passphrase). The segregation check runs live: a person in both groups is
// flagged and needs a recorded reason; "smallest coalition that opens both" is previewed, then reported.
// docs/FORMAT.md §12.4.

import { useMemo, useState, type FormEvent } from 'react';
import type { IssuedShare, KdfProfileName, SegregationReport } from '../../../src/app/api.js';
import { call } from '../api.js';
import { Busy } from '../components/Busy.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { Section } from '../components/Section.js';
import { useAction } from '../components/useAction.js';
import { CustodyEditor } from '../components/CustodyEditor.js';
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
  type Problem,
} from '../components/custody-draft.js';
import { Field } from '../components/Field.js';
import { actorsInput } from '../components/names.js';
import { IssuedShares } from '../components/IssuedShares.js';
import { SegregationPreview } from '../components/SegregationPreview.js';
import { StoreSummary } from '../components/StoreSummary.js';
import { STORE_KINDS } from '../components/stores.js';
import { useAppState } from '../state.js';
import { ChooseButton, PathRow } from '../components/ChooseButton.js';

type IssuedRow = Omit<IssuedShare, 'words' | 'qrText'>;

interface Created {
  readonly dir: string;
  readonly issuedShares: readonly IssuedRow[];
  readonly report: SegregationReport | null;
}

export function CreateVaultSetScreen() {
  const { actors, refresh, go, status, workstation } = useAppState();
  // The insecure test profile is offered only where the host allows it (automated tests), never by npm start.
  const testProfileOffered = workstation?.kdfProfiles.includes('test') ?? false;
  const [dir, setDir] = useState('');
  const [kdf, setKdf] = useState<KdfProfileName>('strong');
  const [pw, setPw] = useState<CustodyDraft>(defaultDraft);
  const [mfa, setMfa] = useState<CustodyDraft>(defaultDraft);
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const [created, setCreated] = useState<Created | null>(null);
  const { busy, error, setError, run } = useAction();

  const shared = useMemo(() => sharedNames(registerNames(pw), registerNames(mfa)), [pw, mfa]);
  const sharedKeys = useMemo(() => new Set(shared.map(personKey)), [shared]);
  const coalition = smallestCoalition(shapeOfDraft(pw), shapeOfDraft(mfa));

  const problems: Problem[] = [
    ...(dir.trim().length === 0 ? [{ field: 'create-dir', message: 'Give the directory for the new vault set (or press Choose…).' }] : []),
    ...draftProblems(pw, 'password-vault', 'create-pw'),
    ...draftProblems(mfa, 'mfa-seeds', 'create-mfa'),
    ...(pw.usePassphrase && mfa.usePassphrase && pw.passphrase.length > 0 && pw.passphrase.normalize('NFC') === mfa.passphrase.normalize('NFC')
      ? [{ field: 'create-mfa-passphrase', message: 'The two stores need different passphrases, known by different people.' }]
      : []),
    ...overrideReasonProblems(shared, reason, 'create-override-reason'),
  ];
  const shown = tried ? problems : [];
  const problemFor = (field: string) => shown.find((p) => p.field === field)?.message ?? null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (problems.length > 0) {
      // The summary below is recomputed from the fields on every change; no stale copy is kept.
      setError(null);
      document.getElementById(problems[0]!.field)?.focus();
      return;
    }
    void run('Creating both stores — deriving keys takes a while with the strong profile', async () => {
      const result = await call('createVaultSet', {
        dir: dir.trim(),
        kdfProfile: kdf,
        password: toCustodyInput(pw),
        mfa: toCustodyInput(mfa),
        ...(shared.length > 0 ? { segregationOverride: { reason: reason.trim() } } : {}),
        ...actorsInput(actors),
      });
      await refresh();
      const report = await call('getSegregationReport').catch(() => null);
      setCreated({ dir: result.dir, issuedShares: result.issuedShares, report });
      // The passphrases are no longer needed in this window.
      setPw(defaultDraft());
      setMfa(defaultDraft());
      setReason('');
      setTried(false);
    });
  };

  if (created) {
    return (
      <div className="screen" data-testid="screen-create">
        <h1>Vault set created</h1>
        <Section title="Created" testId="create-result">
          <p>
            Both stores were written to <code className="path">{created.dir}</code>.
          </p>
          {status ? STORE_KINDS.map((kind) => <StoreSummary key={kind} status={status.stores[kind]} />) : null}
          {created.report ? (
            <p className="coalition" data-testid="create-report-coalition">
              Smallest coalition that opens both stores: <strong>{created.report.smallestCoalition.size} people</strong> —{' '}
              {created.report.smallestCoalition.explanation}.
            </p>
          ) : null}
        </Section>
        {created.issuedShares.length > 0 ? (
          <Section title="Share sheets" testId="create-shares-section">
            <IssuedShares shares={created.issuedShares} testId="create-issued-shares" printTestId="create-print-shares" />
          </Section>
        ) : null}
        <div className="button-row">
          <button type="button" className="button-secondary" data-testid="create-done" onClick={() => go('accounts')}>
            Go to accounts
          </button>
        </div>
      </div>
    );
  }

  return (
    <div className="screen" data-testid="screen-create">
      <h1>Create a vault set</h1>
      <p className="lead">
        A vault set is two stores in one directory: the password vault and the MFA seed store. Different people must open them.
      </p>
      <form onSubmit={submit} noValidate>
        <Section title="Where and how strong" testId="create-where">
          <div className="form-grid">
            <Field label="Directory" htmlFor="create-dir" hint="Created if missing (readable by you only)." problem={problemFor('create-dir')}>
              <PathRow>
                <input
                  id="create-dir"
                  data-testid="create-dir"
                  type="text"
                  autoComplete="off"
                  spellCheck={false}
                  placeholder="/home/custodian/breakglass"
                  value={dir}
                  onChange={(e) => setDir(e.target.value)}
                />
                <ChooseButton testId="create-dir-choose" title="Choose the folder for the new vault set" mode="directory" newFolder="when the vault set is created" value={dir} onChange={setDir} />
              </PathRow>
            </Field>
            <Field label="Key derivation (Argon2id) profile" htmlFor="create-kdf" hint={kdf === 'test' ? 'Insecure: only for automated tests.' : 'Slow on purpose: a second or two per passphrase, every time a store is opened with it.'}>
              {testProfileOffered ? (
                <select id="create-kdf" data-testid="create-kdf" value={kdf} onChange={(e) => setKdf(e.target.value === 'test' ? 'test' : 'strong')}>
                  <option value="strong">strong (RFC 9106: 2 GiB memory, or 256 MiB on small workstations)</option>
                  <option value="test">test (insecure, automated tests only)</option>
                </select>
              ) : (
                // One profile is offered: said as text, not a dropdown with one choice.
                <p id="create-kdf" className="field-value" data-testid="create-kdf-profile">
                  Strong (RFC 9106: 2 GiB memory, or 256 MiB on small workstations)
                </p>
              )}
            </Field>
          </div>
        </Section>

        <Section title="Password vault custody" testId="create-pw-section">
          <CustodyEditor store="password-vault" prefix="create-pw" draft={pw} onChange={setPw} problems={shown} sharedKeys={sharedKeys} otherStoreLabel="MFA seed store" />
        </Section>

        <Section title="MFA seed store custody" testId="create-mfa-section">
          <CustodyEditor store="mfa-seeds" prefix="create-mfa" draft={mfa} onChange={setMfa} problems={shown} sharedKeys={sharedKeys} otherStoreLabel="password vault" />
        </Section>

        <Section title="Segregation check" testId="create-segregation-section">
          <SegregationPreview shared={shared} coalition={coalition} testPrefix="create" />
          {shared.length > 0 ? (
            <Field
              label="Reason for the exception (recorded in both stores and the audit log)"
              htmlFor="create-override-reason"
              hint={`At least ${MIN_OVERRIDE_REASON_LENGTH} characters, e.g. "two-person team until the new hire starts".`}
              problem={problemFor('create-override-reason')}
            >
              <textarea id="create-override-reason" data-testid="create-override-reason" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
            </Field>
          ) : null}
        </Section>

        <div className="submit-area">
          {busy ? <Busy label={busy} /> : null}
          <ErrorNote error={shown.length > 0 ? new Error(problemsSummary(shown)) : error} testId="create-error" />
          <button type="submit" className="button-primary button-large" data-testid="create-submit" disabled={busy !== null}>
            Create vault set
          </button>
        </div>
      </form>
    </div>
  );
}
