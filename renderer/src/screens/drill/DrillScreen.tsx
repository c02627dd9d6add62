// The Drill screen: the quarterly disaster-recovery drill walked one step at a time, as `breakglass drill
// run` does it — people, each store's shares, envelopes, copies, then the run and its report. FORMAT.md §16.

import { useCallback, useEffect, useState } from 'react';
import type { DrillRunResult, DrillStatus, StoreKind } from '../../../../src/app/api.js';
import { call } from '../../api.js';
import { Busy } from '../../components/Busy.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { Field } from '../../components/Field.js';
import { formatTimestamp } from '../../components/format.js';
import { Section } from '../../components/Section.js';
import { useAction } from '../../components/useAction.js';
import { useAppState } from '../../state.js';
import { EMPTY_DRAFT, peopleOf, runInput, sheetProblem, type DrillDraft } from './drill-draft.js';
import { BagsPanel, CopiesPanel } from './EvidencePanels.js';
import { PeoplePanel, peopleProblem } from './PeoplePanel.js';
import { ResultPanel } from './ResultPanel.js';
import { SharesPanel } from './SharesPanel.js';
import { ChooseButton, PathRow, PDF_EXTENSIONS } from '../../components/ChooseButton.js';
import { SignInsPanel } from './SignInsPanel.js';

const STEPS = ['People', 'Password vault shares', 'MFA seed store shares', 'Envelopes', 'Drives, paper, sheets and sign-ins', 'Run the drill'] as const;

/** "2 MFA seed store share(s) plus 1 refused (an exception) and its passphrase". */
function readyText(draft: DrillDraft, store: StoreKind): string {
  const { shares, refused, passphrase } = draft.stores[store];
  const label = store === 'password-vault' ? 'password vault' : 'MFA seed store';
  return `${shares.length} ${label} share(s)${refused.length > 0 ? ` plus ${refused.length} refused (${refused.length === 1 ? 'an exception' : 'an exception each'})` : ''}${passphrase ? ' and its passphrase' : ''}`;
}

function StatusPanel({ status }: { readonly status: DrillStatus | null }) {
  if (!status) return null;
  return (
    <dl className="drill-status" data-testid="drill-status" data-overdue={status.overdue ? 'yes' : 'no'}>
      <div>
        <dt>Last drill</dt>
        <dd data-testid="drill-status-last">{status.lastDrill ? `${formatTimestamp(status.lastDrill.at)} — ${status.lastDrill.result}` : 'none recorded'}</dd>
      </div>
      <div>
        <dt>Next due</dt>
        <dd data-testid="drill-status-next" className={status.overdue ? 'drill-overdue' : undefined}>
          {status.overdue ? 'overdue' : status.nextDue ? formatTimestamp(status.nextDue) : 'run the first drill'}
        </dd>
      </div>
      <div>
        <dt>Open exceptions</dt>
        <dd data-testid="drill-status-open">{status.openExceptions.length === 0 ? 'none' : status.openExceptions.join(', ')}</dd>
      </div>
    </dl>
  );
}

export function DrillScreen() {
  const { refresh } = useAppState();
  const [status, setStatus] = useState<DrillStatus | null>(null);
  const [step, setStep] = useState(0);
  const [draft, setDraft] = useState<DrillDraft>(EMPTY_DRAFT);
  const [result, setResult] = useState<DrillRunResult | null>(null);
  const [aborting, setAborting] = useState(false);
  const [abortReason, setAbortReason] = useState('');
  const [aborted, setAborted] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const action = useAction();

  const loadStatus = useCallback(() => {
    call('getDrillStatus')
      .then(setStatus)
      .catch(action.setError);
  }, [action.setError]);
  useEffect(loadStatus, [loadStatus]);
  // A problem named at "Next" holds for what was typed then: any change clears it until the next check.
  useEffect(() => setProblem(null), [draft]);

  const reset = () => {
    setDraft(EMPTY_DRAFT);
    setStep(0);
    setProblem(null);
    setAborting(false);
  };

  const stepProblem = (at: number): string | null => {
    if (at === 0) return peopleProblem(draft);
    if (at === 4) return sheetProblem(draft, 'password-vault') ?? sheetProblem(draft, 'mfa-seeds');
    return null;
  };

  const next = () => {
    const found = stepProblem(step);
    setProblem(found);
    if (!found) setStep((s) => s + 1);
  };

  const run = async () => {
    const found = peopleProblem(draft) ?? stepProblem(4);
    setProblem(found);
    if (found) return;
    const done = await action.run('Running the drill: checking every share, every copy and every path (nothing is changed)…', () => call('runDrill', runInput(draft)));
    if (!done) return;
    setResult(done);
    setAborted(null);
    // The shares leave the screen with the run.
    reset();
    loadStatus();
    void refresh().catch(() => undefined);
  };

  const abort = async () => {
    const reason = abortReason.trim() || `stopped at step ${step + 1}: ${STEPS[step]}`;
    const people = peopleOf(draft);
    const done = await action.run('Recording the aborted drill…', () => call('abortDrill', { reason, ...(people.lead !== '' ? { people } : {}) }).then(() => true));
    if (!done) return;
    setAborted(reason);
    setAbortReason('');
    reset();
    loadStatus();
  };

  return (
    <div className="screen drill-screen" data-testid="drill-screen">
      <h1>Drill</h1>
      <p className="field-hint">
        The disaster-recovery drill proves that the custodians can always sign in as root: every share alone, every drive copy, the path without the app, paper and
        sheets. It never shows a secret and never changes a store, a drive or a paper backup.
      </p>
      <StatusPanel status={status} />
      {aborted ? (
        <p className="note note-warning" role="status" data-testid="drill-aborted">
          The drill was aborted ({aborted}). Only that was recorded in the audit log; run it again when everyone is ready.
        </p>
      ) : null}
      {result ? (
        <ResultPanel
          result={result}
          onAgain={() => {
            setResult(null);
            setAborted(null);
          }}
        />
      ) : (
        <Section title={`Step ${step + 1} of ${STEPS.length}: ${STEPS[step]}`} testId={`drill-step-panel-${step + 1}`}>
          <ol className="drill-progress" aria-label="Drill steps">
            {STEPS.map((title, i) => (
              <li key={title} className={i === step ? 'drill-progress-current' : i < step ? 'drill-progress-done' : undefined} aria-current={i === step ? 'step' : undefined}>
                {i + 1}. {title}
              </li>
            ))}
          </ol>
          {step === 0 ? <PeoplePanel draft={draft} onDraft={setDraft} /> : null}
          {step === 1 ? <SharesPanel store="password-vault" draft={draft} onDraft={setDraft} /> : null}
          {step === 2 ? <SharesPanel store="mfa-seeds" draft={draft} onDraft={setDraft} /> : null}
          {step === 3 ? <BagsPanel draft={draft} onDraft={setDraft} /> : null}
          {step === 4 ? (
            <>
              <CopiesPanel draft={draft} onDraft={setDraft} />
              <SignInsPanel draft={draft} onDraft={setDraft} />
            </>
          ) : null}
          {step === 5 ? (
            <div data-testid="drill-run-step">
              <p>
                Ready: {readyText(draft, 'password-vault')}, {readyText(draft, 'mfa-seeds')}. Every store is opened in memory only and its keys wiped at the end.
                {draft.signIns.length > 0 ? ` ${draft.signIns.length} live sign-in${draft.signIns.length === 1 ? ' is' : 's are'} recorded as a step the lead and the witness attest.` : ''}
              </p>
              <Field label="Save drill report (PDF) to" htmlFor="drill-report-file" hint="A new file (e.g. on the evidence drive). Leave empty for no PDF; the audit log records the drill either way.">
                <PathRow>
                  <input id="drill-report-file" data-testid="drill-report-file" value={draft.reportFile} onChange={(e) => setDraft((d) => ({ ...d, reportFile: e.target.value }))} autoComplete="off" />
                  <ChooseButton
                    testId="drill-report-file-choose"
                    title="Save the drill report as"
                    mode="new-file"
                    extensions={PDF_EXTENSIONS}
                    start="/media"
                    defaultName="drill-report.pdf"
                    value={draft.reportFile}
                    onChange={(reportFile) => setDraft((d) => ({ ...d, reportFile }))}
                  />
                </PathRow>
              </Field>
            </div>
          ) : null}
          {problem ? (
            <p className="note note-error" role="alert" data-testid="drill-problem">
              {problem}
            </p>
          ) : null}
          {action.busy ? <Busy label={action.busy} /> : null}
          <ErrorNote error={action.error} testId="drill-error" />
          <div className="toolbar drill-toolbar">
            {step > 0 ? (
              <button type="button" className="button-secondary" data-testid="drill-back" disabled={action.busy !== null} onClick={() => setStep((s) => s - 1)}>
                Back
              </button>
            ) : null}
            {step < STEPS.length - 1 ? (
              <button type="button" className="button-primary" data-testid="drill-next" onClick={next}>
                Next: {STEPS[step + 1]}
              </button>
            ) : (
              <button type="button" className="button-primary" data-testid="drill-run" disabled={action.busy !== null} onClick={() => void run()}>
                Run the drill and save the report
              </button>
            )}
            <span className="grow" />
            <button type="button" className="button-danger-quiet" data-testid="drill-abort" disabled={action.busy !== null} onClick={() => setAborting((a) => !a)}>
              Abort drill
            </button>
          </div>
          {aborting ? (
            <div className="drill-abort" data-testid="drill-abort-form">
              <Field label="Why the drill stops" htmlFor="drill-abort-reason" hint={`Recorded in the audit log; nothing else is written. Empty: "stopped at step ${step + 1}".`}>
                <input id="drill-abort-reason" data-testid="drill-abort-reason" value={abortReason} onChange={(e) => setAbortReason(e.target.value)} autoComplete="off" />
              </Field>
              <button type="button" className="button-danger" data-testid="drill-abort-confirm" onClick={() => void abort()}>
                Abort and record it
              </button>
            </div>
          ) : null}
        </Section>
      )}
    </div>
  );
}
