// Break-glass runs: the vault set's "a run is required" question, the reminders, starting a run (accounts,
// task, reason, the custodians present), and the list of runs with their state. FORMAT.md §15.

import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { AccountSummary, RunsOverview } from '../../../../src/app/api.js';
import { call } from '../../api.js';
import { Busy } from '../../components/Busy.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { Field } from '../../components/Field.js';
import { Section } from '../../components/Section.js';
import { useAction } from '../../components/useAction.js';
import { useAppState } from '../../state.js';
import { RunPanel, STATE_LABEL } from './RunPanel.js';

function StartRun({ overview, onStarted }: { readonly overview: RunsOverview; readonly onStarted: (run: number) => void }) {
  const { status, actors } = useAppState();
  const [accounts, setAccounts] = useState<readonly AccountSummary[] | null>(null);
  const [chosen, setChosen] = useState<readonly string[]>([]);
  const [members, setMembers] = useState('');
  const [task, setTask] = useState('');
  const [reason, setReason] = useState('');
  const [ticket, setTicket] = useState('');
  const [fullRoot, setFullRoot] = useState(false);
  const start = useAction();
  const vaultOpen = Boolean(status?.stores['password-vault'].unlockedAt);

  useEffect(() => {
    if (vaultOpen) void call('listAccounts').then(setAccounts, () => setAccounts(null));
    else setAccounts(null);
  }, [vaultOpen]);

  if (!vaultOpen) {
    return <p className="note note-locked">Unlock the password vault to start a run: its accounts are checked against the vault.</p>;
  }
  const memberIds = members.split(/[\s,]+/).filter(Boolean);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const run = await start.run('Starting the run…', () =>
      call('startRun', { accounts: chosen, members: memberIds, task, reason, ...(ticket.trim() ? { ticket: ticket.trim() } : {}), fullRoot, actors }),
    );
    if (run) {
      setChosen([]);
      setMembers('');
      setReason('');
      setTicket('');
      onStarted(run.number);
    }
  };
  return (
    <form className="run-start" onSubmit={(e) => void submit(e)} data-testid="run-start-form">
      <fieldset className="run-accounts">
        <legend>Roots kept here</legend>
        {(accounts ?? []).map((a) => (
          <label key={a.accountId} className="check-label">
            <input
              type="checkbox"
              checked={chosen.includes(a.accountId)}
              data-testid={`run-account-${a.accountId}`}
              onChange={(e) => setChosen(e.target.checked ? [...chosen, a.accountId] : chosen.filter((id) => id !== a.accountId))}
            />{' '}
            <span className="mono">{a.accountId}</span> {a.name} <span className="muted">({a.accountClass})</span>
          </label>
        ))}
        {accounts?.length === 0 ? <p className="muted">The password vault holds no account yet.</p> : null}
      </fieldset>
      <div className="form-grid">
        <Field label="Centrally managed member accounts (optional)" htmlFor="run-members" hint="12-digit ids, separated by spaces or commas: no root of them is kept here.">
          <input id="run-members" className="mono" value={members} onChange={(e) => setMembers(e.target.value)} data-testid="run-members" />
        </Field>
        <Field label="Task" htmlFor="run-task">
          <select id="run-task" value={task} onChange={(e) => setTask(e.target.value)} data-testid="run-task">
            <option value="">Choose the task…</option>
            {overview.tasks.map((t) => (
              <option key={t.id} value={t.id}>
                {t.title}
                {t.taskPolicy ? ` — privileged session (${t.taskPolicy})` : ''}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Reason" htmlFor="run-reason" hint="Why the glass is broken, in a sentence; it goes into the audit log as typed.">
          <textarea id="run-reason" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="run-reason" />
        </Field>
        <Field label="Ticket (optional)" htmlFor="run-ticket">
          <input id="run-ticket" value={ticket} onChange={(e) => setTicket(e.target.value)} data-testid="run-ticket" />
        </Field>
      </div>
      {memberIds.length > 0 ? (
        <label className="check-label">
          <input type="checkbox" checked={fullRoot} onChange={(e) => setFullRoot(e.target.checked)} data-testid="run-full-root" /> The task needs the full root user on the member
          accounts (a root password created and recovered, recorded as a temporary root until deleted again)
        </label>
      ) : null}
      <p className="muted small">Custodians present: {actors.length > 0 ? actors.join(', ') : 'name them in the header first'}</p>
      <div className="button-row">
        <button type="submit" className="button-primary" disabled={start.busy !== null} data-testid="run-start">
          Start the run
        </button>
      </div>
      {start.busy ? <Busy label={start.busy} /> : null}
      <ErrorNote error={start.error} testId="run-start-error" />
    </form>
  );
}

export function RunsScreen() {
  const { params, go, refresh } = useAppState();
  const [overview, setOverview] = useState<RunsOverview | null>(null);
  const load = useAction();
  const setting = useAction();
  const selected = params.run ? Number(params.run) : undefined;

  const reload = useCallback(async () => {
    const result = await load.run('Reading the runs…', () => call('getRuns'));
    if (result) setOverview(result);
  }, [load.run]);
  useEffect(() => {
    void reload();
  }, [reload]);

  const decide = (required: boolean) =>
    void setting.run('Recording the setting…', async () => {
      setOverview(await call('setRunRequirement', { required }));
    });

  const run = overview?.runs.find((r) => r.number === selected);
  return (
    <div className="screen" data-testid="runs-screen">
      <h1>Break-glass runs</h1>
      {overview?.requireRun === null ? (
        <div className="note note-warning" data-testid="runs-question">
          <p>
            <strong>This vault set has not decided yet:</strong> should every password reveal and TOTP login session need an open break-glass run (a reason, a task and the custodians
            present, closed with the rotation of what was revealed)?
          </p>
          <div className="button-row">
            <button type="button" className="button-primary" onClick={() => decide(true)} data-testid="runs-require-yes">
              Yes, require a run
            </button>
            <button type="button" className="button-secondary" onClick={() => decide(false)} data-testid="runs-require-no">
              No, runs are optional
            </button>
          </div>
          <ErrorNote error={setting.error} testId="runs-setting-error" />
        </div>
      ) : overview ? (
        <p className="muted" data-testid="runs-setting">
          {overview.requireRun ? 'Every reveal and login session needs an open run.' : 'Runs are optional in this vault set.'} An open run is a reminder after {overview.openRunHours} hours.
        </p>
      ) : null}
      {overview && overview.reminders.some((r) => r.due) ? (
        <ul className="reminder-list" data-testid="runs-reminders">
          {overview.reminders
            .filter((r) => r.due)
            .map((r, i) => (
              <li key={i} className="state-line state-line-bad" data-kind={r.kind}>
                ! {r.text}
              </li>
            ))}
        </ul>
      ) : null}
      {run && overview ? (
        <RunPanel run={run} onChanged={reload} onBack={() => go('runs')} />
      ) : (
        <>
          {overview ? (
            <Section title="Start a run" testId="runs-start">
              <StartRun overview={overview} onStarted={(n) => void reload().then(() => go('runs', { run: String(n) })).then(refresh)} />
            </Section>
          ) : null}
          <Section title="Runs" testId="runs-list">
            {overview && overview.runs.length === 0 ? <p className="muted">No break-glass run yet.</p> : null}
            {overview && overview.runs.length > 0 ? (
              <div className="table-wrap">
                <table className="data-table">
                  <thead>
                    <tr>
                      <th>Run</th>
                      <th>State</th>
                      <th>Started</th>
                      <th>Task</th>
                      <th>Accounts</th>
                      <th>Reason</th>
                    </tr>
                  </thead>
                  <tbody>
                    {[...overview.runs].reverse().map((r) => (
                      <tr key={r.number} className="row-link" onClick={() => go('runs', { run: String(r.number) })} data-testid={`run-row-${r.number}`} data-state={r.state}>
                        <td>
                          <button type="button" className="button-quiet run-row-button" onClick={() => go('runs', { run: String(r.number) })}>
                            Run {r.number}
                          </button>
                        </td>
                        <td className={`run-state run-state-${r.state}`}>{STATE_LABEL[r.state]}</td>
                        <td className="mono small">{r.startedAt}</td>
                        <td>{r.taskTitle}</td>
                        <td className="mono small">{r.accounts.map((a) => a.accountId).join(', ')}</td>
                        <td>{r.reason}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
            {load.busy ? <Busy label={load.busy} /> : null}
            <ErrorNote error={load.error} testId="runs-error" />
          </Section>
        </>
      )}
    </div>
  );
}
