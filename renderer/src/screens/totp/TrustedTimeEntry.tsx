// Setting the clock offset from a trusted clock: the custodian types the UTC time it shows (24 h,
// HH:MM:SS), the app computes the offset against the workstation's clock at that moment and says which
// way and how far the workstation is off; "Use this offset" applies it. docs/FORMAT.md §11.3.

import { useState, type FormEvent } from 'react';
import type { TrustedTimeOffset } from '../../../../src/app/api.js';
import { call } from '../../api.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { useAction } from '../../components/useAction.js';

export function TrustedTimeEntry({
  id,
  onApply,
  applyLabel,
  busy,
}: {
  /** Prefix of the element ids and test ids ("totp-trusted" on the start form). */
  readonly id: string;
  readonly onApply: (offset: string) => void | Promise<void>;
  readonly applyLabel: string;
  readonly busy?: boolean;
}) {
  const [time, setTime] = useState('');
  const [result, setResult] = useState<TrustedTimeOffset | null>(null);
  const action = useAction();

  const compute = async (event: FormEvent) => {
    event.preventDefault();
    setResult(null);
    const computed = await action.run('Comparing with the workstation clock…', () => call('trustedTimeOffset', { time }));
    if (computed) setResult(computed);
  };

  const apply = async () => {
    if (!result) return;
    await onApply(result.offset);
    setResult(null);
    setTime('');
  };

  return (
    <div className="trusted-time" data-testid={id}>
      <div className="form-inline-end">
        <div className="field">
          <label htmlFor={`${id}-time`}>Time on a trusted clock now, in UTC (24-hour, HH:MM:SS)</label>
          <input
            id={`${id}-time`}
            value={time}
            placeholder="09:14:05"
            inputMode="numeric"
            autoComplete="off"
            onChange={(e) => {
              setTime(e.target.value);
              setResult(null);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') void compute(e);
            }}
            data-testid={`${id}-time`}
          />
        </div>
        <button type="button" className="button-secondary" onClick={(e) => void compute(e)} disabled={action.busy !== null || busy === true} data-testid={`${id}-compute`}>
          Compare with this workstation
        </button>
      </div>
      <p className="muted">Type the UTC time the trusted clock shows at the moment you press the button, not the local time.</p>
      {result && (
        <div className={result.warning ? 'note note-warning' : 'note'} data-testid={`${id}-result`} data-offset={result.offset}>
          <p>
            <strong>{result.summary}</strong> Trusted clock {result.trustedUtc.slice(11, 19)} UTC, workstation {result.workstationUtc.slice(11, 19)} UTC: offset{' '}
            <strong>{result.offset}</strong>.
          </p>
          {result.warning && <p>{result.warning}</p>}
          <div className="button-row">
            <button type="button" className="button-primary" onClick={() => void apply()} disabled={busy === true} data-testid={`${id}-apply`}>
              {applyLabel}
            </button>
          </div>
        </div>
      )}
      <ErrorNote error={action.error} testId={`${id}-error`} />
    </div>
  );
}
