// An MFA seed exposed beyond a login session (rare): at check-in a box per account of the run, and after the
// close the proposal to re-enroll the device (new virtual MFA device in AWS, enroll here, remove the old one),
// linking to the Enroll MFA screen for that account. FORMAT.md §15.3 and §15.5.

import type { RunView } from '../../../../src/app/api.js';
import { useAppState } from '../../state.js';

/** Accounts ticked at check-in, each with the device named ('' while the account has several and none is chosen). */
export type SeedChoice = Readonly<Record<string, string>>;

export function seedsExposedOf(choice: SeedChoice): { accountId: string; device?: string }[] {
  return Object.entries(choice).map(([accountId, device]) => (device === '' ? { accountId } : { accountId, device }));
}

export function SeedExposedChoice({ run, value, onChange, disabled }: { readonly run: RunView; readonly value: SeedChoice; readonly onChange: (next: SeedChoice) => void; readonly disabled: boolean }) {
  const set = (accountId: string, on: boolean, devices: readonly string[]) => {
    const next: Record<string, string> = { ...value };
    if (on) next[accountId] = devices.length === 1 ? devices[0]! : '';
    else delete next[accountId];
    onChange(next);
  };
  return (
    <fieldset className="seed-exposed" data-testid="seed-exposed">
      <legend>MFA seeds</legend>
      <p className="muted small">Tick an account only if its seed left the login session (shown, copied or typed somewhere else): its device is then to be re-enrolled.</p>
      {run.accounts.map(({ accountId }) => {
        const devices = run.seedDevices.filter((d) => d.accountId === accountId).map((d) => d.device);
        const checked = accountId in value;
        return (
          <div key={accountId} className="seed-exposed-row">
            <label className="check-label">
              <input
                type="checkbox"
                checked={checked}
                disabled={disabled || devices.length === 0}
                onChange={(e) => set(accountId, e.target.checked, devices)}
                data-testid={`seed-exposed-${accountId}`}
              />{' '}
              <span className="mono">{accountId}</span>: its MFA seed was exposed beyond a login session
              {devices.length === 0 ? <span className="muted"> (no virtual MFA device of it is kept here)</span> : devices.length === 1 ? <span className="muted"> ({devices[0]})</span> : null}
            </label>
            {checked && devices.length > 1 ? (
              <select
                aria-label={`Device of ${accountId} whose seed was exposed`}
                value={value[accountId]}
                onChange={(e) => onChange({ ...value, [accountId]: e.target.value })}
                data-testid={`seed-exposed-device-${accountId}`}
              >
                <option value="">Which device?</option>
                {devices.map((d) => (
                  <option key={d} value={d}>
                    {d}
                  </option>
                ))}
              </select>
            ) : null}
          </div>
        );
      })}
    </fieldset>
  );
}

export function ReenrollProposal({ run }: { readonly run: RunView }) {
  const { go } = useAppState();
  if (run.seedsExposed.length === 0) return null;
  if (run.pendingReenrollment.length === 0) {
    // The old devices the MFA seed store still lists: removing them (in AWS and here) is the last step.
    const kept = run.seedsExposed.filter((s) => run.seedDevices.some((d) => d.accountId === s.accountId && d.device === s.device));
    return (
      <p className="note note-ok" data-testid="run-reenrolled">
        Every MFA seed exposed in this run was re-enrolled since: {run.seedsExposed.map((s) => `${s.accountId} (${s.device})`).join(', ')}.
        {kept.length > 0 ? ` Still listed here, to remove in AWS and from the account's MFA devices: ${kept.map((s) => `${s.device} of ${s.accountId}`).join(', ')}.` : ' The old devices are removed here.'}
      </p>
    );
  }
  return (
    <div className="note note-warning" data-testid="run-reenroll">
      {run.pendingReenrollment.map((s) => (
        <p key={`${s.accountId}:${s.device}`}>
          The MFA seed of <span className="mono">{s.accountId}</span> ({s.device}) was exposed in this run. Re-enroll it: create a new virtual MFA device in AWS, enroll it here, then
          remove the old one ({s.device}) in AWS and from this account&apos;s MFA devices.
        </p>
      ))}
      <div className="button-row">
        {[...new Set(run.pendingReenrollment.map((s) => s.accountId))].map((accountId) => (
          <button key={accountId} type="button" className="button-secondary" onClick={() => go('enroll', { accountId })} data-testid={`run-reenroll-${accountId}`}>
            Re-enroll the MFA device of {accountId}
          </button>
        ))}
      </div>
    </div>
  );
}
