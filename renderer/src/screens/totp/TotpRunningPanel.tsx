// A running TOTP login session: the current code (large, grouped, focused), its window, the previous and
// next codes, the session's end, the UTC times the codes are for, and the clock offset. docs/FORMAT.md §11.3–11.4.

import { useState, type FormEvent } from 'react';
import type { TotpSessionView } from '../../../../src/app/api.js';
import { call } from '../../api.js';
import { Busy } from '../../components/Busy.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { useFocusWhenShown } from '../../components/focus.js';
import { formatDuration, formatTimestamp, groupCode } from '../../components/format.js';
import { Section } from '../../components/Section.js';
import { useAction } from '../../components/useAction.js';
import { CodeWindow } from './CodeWindow.js';
import { TrustedTimeEntry } from './TrustedTimeEntry.js';

export function TotpRunningPanel({
  session,
  accountName,
  action,
  onSession,
  onEnd,
}: {
  readonly session: TotpSessionView;
  readonly accountName: string | undefined;
  /** The screen's action: ending the session, and the errors of the live code updates. */
  readonly action: ReturnType<typeof useAction>;
  readonly onSession: (view: TotpSessionView) => void;
  readonly onEnd: () => void;
}) {
  const [newOffset, setNewOffset] = useState(session.offset);
  const offsetAction = useAction();
  const runningRef = useFocusWhenShown<HTMLDivElement>(true);
  const windowFraction = session.period > 0 ? session.secondsLeft / session.period : 0;

  const setOffset = async (offset: string) => {
    const view = await offsetAction.run('Setting the clock offset…', () => call('setTotpOffset', { offset }));
    if (view) {
      setNewOffset(view.offset);
      onSession(view);
    }
  };
  const applyOffset = async (event: FormEvent) => {
    event.preventDefault();
    await setOffset(newOffset.trim() || '0');
  };

  return (
    <Section title={`Sign in to ${accountName ?? session.accountId}`} testId="totp-running">
      <p className="muted">
        Account <strong>{session.accountId}</strong> · device <strong>{session.device}</strong> · {session.digits} digits every {session.period} s
      </p>
      <div ref={runningRef} tabIndex={-1} className="totp-code" aria-live="polite" aria-label="Current code" data-testid="totp-current" data-code={session.current}>
        {groupCode(session.current)}
      </div>
      <CodeWindow
        period={session.period}
        secondsLeft={session.secondsLeft}
        low={windowFraction < 0.2}
        label="Seconds left in this code's window"
        progressTestId="totp-progress"
        secondsTestId="totp-seconds-left"
      >
        {`${session.secondsLeft} s left for this code`}
      </CodeWindow>
      {session.secondsLeft < 5 && <p className="note note-warning">Fewer than 5 seconds left: wait for the next code before typing it.</p>}
      <dl className="totp-neighbours">
        <div>
          <dt>Previous</dt>
          <dd data-testid="totp-previous">{groupCode(session.previous)}</dd>
        </div>
        <div>
          <dt>Next</dt>
          <dd data-testid="totp-next">{groupCode(session.next)}</dd>
        </div>
      </dl>
      <dl className="facts">
        <dt>Session ends in</dt>
        <dd data-testid="totp-expires">{formatDuration(session.expiresInSeconds)} (then the seed is wiped)</dd>
        <dt>Workstation UTC</dt>
        <dd data-testid="totp-workstation-utc">{formatTimestamp(session.workstationUtc, 'seconds')}</dd>
        <dt>Codes computed for</dt>
        <dd data-testid="totp-codes-utc">
          {formatTimestamp(session.codesUtc, 'seconds')} {session.offsetSeconds !== 0 && <span className="muted">(offset {session.offset})</span>}
        </dd>
      </dl>
      <form className="form-inline-end" onSubmit={(e) => void applyOffset(e)}>
        <div className="field">
          <label htmlFor="totp-offset-set">Clock offset from a trusted clock</label>
          <input id="totp-offset-set" value={newOffset} placeholder="+2 (minutes) or -90s" onChange={(e) => setNewOffset(e.target.value)} data-testid="totp-offset-set" />
        </div>
        <button type="submit" className="button-secondary" disabled={offsetAction.busy !== null} data-testid="totp-offset-apply">
          Set offset
        </button>
      </form>
      <TrustedTimeEntry id="totp-running-trusted" applyLabel="Set this offset" onApply={setOffset} busy={offsetAction.busy !== null} />
      <ErrorNote error={offsetAction.error} testId="totp-offset-error" />
      <div className="button-row">
        <button type="button" className="button-primary" onClick={onEnd} disabled={action.busy !== null} data-testid="totp-end">
          End session
        </button>
      </div>
      {action.busy && <Busy label={action.busy} />}
      <ErrorNote error={action.error} testId="totp-error" />
    </Section>
  );
}
