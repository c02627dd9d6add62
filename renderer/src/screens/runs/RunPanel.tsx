// One run: what it is for, its runbook (no secret on it), what was revealed in it, and the check-in — every
// exposed root password rotated (new password shown for setting in AWS, sealed on confirmation), then the
// stale copies to renew, and an MFA seed exposed beyond a login session to re-enroll. FORMAT.md §15.3 and §15.6.

import { useEffect, useState } from 'react';
import type { RotationView, RunbookView, RunView } from '../../../../src/app/api.js';
import { call } from '../../api.js';
import { Busy } from '../../components/Busy.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { Field } from '../../components/Field.js';
import { Section } from '../../components/Section.js';
import { useAction } from '../../components/useAction.js';
import { useAppState } from '../../state.js';
import { ReenrollProposal, SeedExposedChoice, seedsExposedOf, type SeedChoice } from './SeedExposure.js';

export const STATE_LABEL: Readonly<Record<RunView['state'], string>> = { open: 'Open', 'closed-copies-stale': 'Closed — copies stale', closed: 'Closed' };

function Runbook({ run }: { readonly run: RunView }) {
  const { status } = useAppState();
  const [view, setView] = useState<RunbookView | null>(null);
  const load = useAction();
  const vaultOpen = Boolean(status?.stores['password-vault'].unlockedAt);
  const needsVault = run.accounts.some((a) => a.root === 'kept');
  useEffect(() => {
    if (!needsVault || vaultOpen) void load.run('Writing the runbook…', () => call('getRunbook', { run: run.number })).then((v) => v && setView(v));
  }, [run.number, vaultOpen, needsVault, load.run]);
  if (needsVault && !vaultOpen) return <p className="note note-locked">Unlock the password vault to show the runbook of the roots kept here.</p>;
  return (
    <div className="runbook" data-testid="runbook">
      {view?.pages.map((page) => (
        <article key={page.accountId} className="runbook-page" data-testid={`runbook-${page.accountId}`}>
          <h3>{page.title}</h3>
          <p className="muted">{page.summary}</p>
          {page.sections.map((section) => (
            <div key={section.heading} className="runbook-section">
              <h4>{section.heading}</h4>
              {section.numbered === false ? (
                section.steps.map((s) => <p key={s}>{s}</p>)
              ) : (
                <ol>
                  {section.steps.map((s) => (
                    <li key={s}>{s}</li>
                  ))}
                </ol>
              )}
              {(section.commands ?? []).map((c) => (
                <pre key={c} className="runbook-command">
                  $ {c}
                </pre>
              ))}
            </div>
          ))}
        </article>
      ))}
      {load.busy ? <Busy label={load.busy} /> : null}
      <ErrorNote error={load.error} testId="runbook-error" />
    </div>
  );
}

function CheckIn({ run, onChanged }: { readonly run: RunView; readonly onChanged: () => Promise<void> }) {
  const { actors, refresh } = useAppState();
  const [outcome, setOutcome] = useState('');
  const [rotation, setRotation] = useState<RotationView | null>(null);
  const [seeds, setSeeds] = useState<SeedChoice>({});
  const step = useAction();

  // The new password leaves the screen when its step ends (sealed, cancelled, or the panel closes).
  useEffect(() => () => setRotation(null), []);

  const begin = (accountId: string) =>
    void step.run('Generating a new password…', async () => {
      setRotation(await call('beginRotation', { run: run.number, accountId }));
    });
  const confirm = () =>
    void step.run('Sealing the new password…', async () => {
      if (!rotation) return;
      await call('confirmRotation', { run: run.number, accountId: rotation.accountId, actors });
      setRotation(null);
      await onChanged();
      await refresh();
    });
  const cancel = () =>
    void step.run('Cancelling…', async () => {
      setRotation(null);
      await call('cancelRotation');
    });
  const close = (rotate: boolean) =>
    void step.run('Closing the run…', async () => {
      await call('closeRun', { run: run.number, outcome, rotate, seedsExposed: seedsExposedOf(seeds), actors });
      await onChanged();
      await refresh(); // the status bar's open-run item
    });

  return (
    <div data-testid="run-checkin">
      {run.pendingRotation.length > 0 ? (
        <div className="rotation">
          <p>
            Revealed in this run and not rotated yet: <strong className="mono">{run.pendingRotation.join(', ')}</strong>. Rotate each one: a new password is shown, you set it in the
            AWS console (Account → Security credentials → Change password), then it is sealed.
          </p>
          {rotation ? (
            <div className="reveal" data-testid="rotation-panel">
              <p>
                New root password of <span className="mono">{rotation.accountId}</span>:
              </p>
              <output className="secret-text" data-testid="rotation-password" aria-label="New root password">
                {rotation.password}
              </output>
              <div className="button-row">
                <button type="button" className="button-primary" onClick={confirm} disabled={step.busy !== null} data-testid="rotation-confirm">
                  AWS accepted it: seal it
                </button>
                <button type="button" className="button-secondary" onClick={cancel} disabled={step.busy !== null} data-testid="rotation-cancel">
                  Not set: keep the old password
                </button>
              </div>
            </div>
          ) : (
            <div className="button-row">
              {run.pendingRotation.map((id) => (
                <button key={id} type="button" className="button-primary" onClick={() => begin(id)} disabled={step.busy !== null} data-testid={`rotate-${id}`}>
                  Rotate {id}
                </button>
              ))}
            </div>
          )}
        </div>
      ) : run.exposed.length > 0 ? (
        <p className="note note-ok">Every password revealed in this run was rotated.</p>
      ) : (
        <p className="muted">No root password was revealed in this run.</p>
      )}
      <Field label="Outcome" htmlFor="run-outcome" hint="What was done, and how it ended.">
        <textarea id="run-outcome" rows={2} value={outcome} onChange={(e) => setOutcome(e.target.value)} data-testid="run-outcome" />
      </Field>
      <SeedExposedChoice
        run={run}
        value={seeds}
        onChange={(next) => {
          setSeeds(next);
          if (step.error !== null) step.setError(null); // a refusal about the old choice no longer applies
        }}
        disabled={step.busy !== null}
      />
      <div className="button-row">
        <button type="button" className="button-primary" disabled={step.busy !== null || rotation !== null} onClick={() => close(true)} data-testid="run-close">
          Close the run
        </button>
        {run.pendingRotation.length > 0 ? (
          <button type="button" className="button-danger-quiet" disabled={step.busy !== null || rotation !== null} onClick={() => close(false)} data-testid="run-close-no-rotate">
            Close without rotating (stays a reminder)
          </button>
        ) : null}
      </div>
      {step.busy ? <Busy label={step.busy} /> : null}
      <ErrorNote error={step.error} testId="run-checkin-error" />
    </div>
  );
}

export function RunPanel({ run, onChanged, onBack }: { readonly run: RunView; readonly onChanged: () => Promise<void>; readonly onBack: () => void }) {
  const { go } = useAppState();
  return (
    <div data-testid={`run-${run.number}`} data-state={run.state}>
      <p>
        <button type="button" className="button-quiet" onClick={onBack} data-testid="run-back">
          ← All runs
        </button>
      </p>
      <Section title={`Run ${run.number} — ${STATE_LABEL[run.state]}`} testId="run-facts">
        <dl className="facts">
          <dt>Task</dt>
          <dd>{run.taskTitle}</dd>
          <dt>Accounts</dt>
          <dd className="mono">{run.accounts.map((a) => (a.root === 'member' ? `${a.accountId} (member)` : a.accountId)).join(', ')}</dd>
          <dt>Reason</dt>
          <dd>
            {run.reason}
            {run.ticket ? ` · ticket ${run.ticket}` : ''}
          </dd>
          <dt>Custodians</dt>
          <dd>{run.custodians.join(', ')}</dd>
          <dt>Started</dt>
          <dd className="mono">{run.startedAt}</dd>
          <dt>In this run</dt>
          <dd data-testid="run-uses">{run.uses.length === 0 ? 'nothing revealed yet' : run.uses.map((u) => `${u.event} ${u.accountId}`).join(' · ')}</dd>
          {run.closedAt ? (
            <>
              <dt>Closed</dt>
              <dd>
                <span className="mono">{run.closedAt}</span> — {run.outcome}
              </dd>
            </>
          ) : null}
          {run.seedsExposed.length > 0 ? (
            <>
              <dt>MFA seeds exposed</dt>
              <dd data-testid="run-seeds-exposed">{run.seedsExposed.map((s) => `${s.accountId} (${s.device})`).join(', ')}</dd>
            </>
          ) : null}
        </dl>
        <ReenrollProposal run={run} />
        {run.staleCopies.length > 0 ? (
          <div className="note note-warning" data-testid="run-stale">
            <p>
              Copies of the password vault older than the rotation: <strong>{run.staleCopies.join(', ')}</strong>. Export to those drives and print the paper backup again.
            </p>
            <div className="button-row">
              <button type="button" className="button-secondary" onClick={() => go('drives')} data-testid="run-go-drives">
                Drives
              </button>
              <button type="button" className="button-secondary" onClick={() => go('print', { document: 'paper-backup' })} data-testid="run-go-print">
                Print
              </button>
            </div>
          </div>
        ) : null}
      </Section>
      {run.closedAt === null ? (
        <>
          <Section title="Runbook" testId="run-runbook">
            <Runbook run={run} />
          </Section>
          <Section title="Check-in" testId="run-checkin-card">
            <CheckIn run={run} onChanged={onChanged} />
          </Section>
        </>
      ) : null}
    </div>
  );
}
