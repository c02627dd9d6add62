// MFA enrollment, the AWS "Assign MFA device" flow: paste the secret key → type "MFA code 1" and "MFA
// code 2" into AWS → seal the seed into the MFA seed store; hardware tokens as metadata. docs/FORMAT.md §11.2.

import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { AccountSummary, EnrollmentView, MfaDeviceSummary } from '../../../../src/app/api.js';
import { ApiFailure, call } from '../../api.js';
import { Busy } from '../../components/Busy.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { isBeingEdited, useFocusWhenShown } from '../../components/focus.js';
import { actorsInput } from '../../components/names.js';
import { PresentField } from '../../components/PresentField.js';
import { Section } from '../../components/Section.js';
import { StoreBadge } from '../../components/StoreBadge.js';
import { useAction } from '../../components/useAction.js';
import { useTicker } from '../../components/useTicker.js';
import { useAppState } from '../../state.js';
import { AccountField } from './AccountField.js';
import { EnrollCodesPanel } from './EnrollCodesPanel.js';
import { HardwareDevicePanel } from './HardwareDevicePanel.js';
import { useMfaUnlock } from './mfa-unlock.js';

/** The first free "root-mfa-N" name on the account. */
function nextDeviceName(devices: readonly MfaDeviceSummary[], accountId: string): string {
  const taken = new Set(devices.filter((d) => d.accountId === accountId).map((d) => d.name));
  for (let n = 1; ; n += 1) if (!taken.has(`root-mfa-${n}`)) return `root-mfa-${n}`;
}

export function EnrollScreen() {
  const { params, refresh } = useAppState();
  const [accounts, setAccounts] = useState<readonly AccountSummary[]>([]);
  const [devices, setDevices] = useState<readonly MfaDeviceSummary[]>([]);
  const [accountId, setAccountId] = useState(params.accountId ?? '');
  const [deviceName, setDeviceName] = useState('');
  const [nameTouched, setNameTouched] = useState(false);
  const [inNameField, setInNameField] = useState(false);
  const [secretText, setSecretText] = useState('');
  const [generate, setGenerate] = useState(false);
  const [view, setView] = useState<EnrollmentView | null>(null);
  const [enrolled, setEnrolled] = useState<MfaDeviceSummary | null>(null);
  // Whether confirming locked the MFA seed store again (this step had unlocked it).
  const [relocked, setRelocked] = useState(false);
  const [gone, setGone] = useState<string | null>(null);
  const action = useAction();
  const unlock = useMfaUnlock();
  const pending = useRef(false);
  const doneRef = useFocusWhenShown<HTMLDivElement>(enrolled !== null);

  const loadDevices = () =>
    call('listMfaDevices', {})
      .then(setDevices)
      .catch(() => undefined);
  useEffect(() => {
    void loadDevices();
    call('listAccounts')
      .then((list) => {
        setAccounts(list);
        if (!isBeingEdited('enroll-account')) setAccountId((current) => current || list[0]?.accountId || '');
      })
      .catch(() => undefined);
  }, []);

  useEffect(() => {
    if (!nameTouched && !inNameField) setDeviceName(nextDeviceName(devices, accountId));
  }, [devices, accountId, nameTouched, inNameField]);

  // Leaving the wizard without confirming wipes the pending seed in the app.
  useEffect(
    () => () => {
      if (pending.current) void call('cancelEnrollment').catch(() => undefined);
    },
    [],
  );

  useTicker(view !== null, 1_000, () => {
    call('getEnrollmentCodes')
      .then(setView)
      .catch((error: unknown) => {
        if (error instanceof ApiFailure && error.code === 'SESSION') {
          pending.current = false;
          setView(null);
          setGone('The enrollment was cancelled by the app (another login session or enrollment started); its seed was wiped. Start again.');
        } else action.setError(error);
      });
  });

  const prepare = async (event: FormEvent) => {
    event.preventDefault();
    setGone(null);
    setEnrolled(null);
    if (!generate && secretText.trim().length === 0) {
      action.setError(new Error('Paste the secret key AWS shows under "Show secret key" (or an otpauth:// URI), or tick "Generate a fresh seed here".'));
      return;
    }
    const result = await action.run('Reading the secret key…', () =>
      call('prepareEnrollment', { accountId, device: deviceName.trim(), ...(generate ? { generate: true } : { secret: secretText.trim() }) }),
    );
    if (result) {
      pending.current = true;
      setSecretText('');
      setView(result);
    }
  };

  const confirm = async () => {
    const device = await action.run('Sealing the seed into the MFA seed store…', async () => {
      const names = await unlock.ensure();
      return call('confirmEnrollment', { ...actorsInput(names) });
    });
    if (device) {
      pending.current = false;
      // The step is over: the MFA seed store is locked again if this step unlocked it.
      setRelocked(await unlock.release().catch(() => false));
      setView(null);
      setEnrolled(device);
      setNameTouched(false);
      void loadDevices();
      void refresh().catch(() => undefined);
    }
  };

  const cancel = async () => {
    await action.run('Cancelling…', () => call('cancelEnrollment'));
    await unlock.release().catch(() => undefined);
    pending.current = false;
    setView(null);
  };

  return (
    <div className="screen" data-testid="enroll-screen">
      <h1>
        <StoreBadge store="mfa-seeds" /> Enroll an MFA device
      </h1>
      {gone && (
        <div className="note note-error" role="alert" data-testid="enroll-gone">
          {gone}
        </div>
      )}
      {enrolled && (
        <div ref={doneRef} tabIndex={-1} className="note note-ok" role="status" data-testid="enroll-result">
          Enrolled <strong>{enrolled.name}</strong> for account {enrolled.accountId}
          {enrolled.serialArn ? ` (${enrolled.serialArn})` : ''}; the seed is sealed in the MFA seed store.
          {relocked ? ' The MFA seed store is locked again: this step had unlocked it.' : ''}
        </div>
      )}
      {view === null ? (
        <Section title="1. Paste the secret key from AWS" testId="enroll-start-card">
          <p className="muted">
            In the AWS console: Security credentials → Assign MFA device → Authenticator app → "Show secret key". Paste it here; do not scan the QR code with a phone.
          </p>
          <form onSubmit={(e) => void prepare(e)}>
            <div className="form-grid">
              <AccountField id="enroll-account" value={accountId} onChange={setAccountId} accounts={accounts} knownIds={[...new Set(devices.map((d) => d.accountId))]} />
              <div className="field">
                <label htmlFor="enroll-device">Device name (as entered in AWS)</label>
                <input
                  id="enroll-device"
                  value={deviceName}
                  autoComplete="off"
                  onFocus={() => setInNameField(true)}
                  onBlur={() => setInNameField(false)}
                  onChange={(e) => {
                    setNameTouched(true);
                    setDeviceName(e.target.value);
                  }}
                  data-testid="enroll-device"
                />
              </div>
            </div>
            <div className="field">
              <label htmlFor="enroll-secret">Secret key or otpauth:// URI</label>
              <textarea
                id="enroll-secret"
                className="mono-input"
                rows={2}
                spellCheck={false}
                autoComplete="off"
                disabled={generate}
                value={secretText}
                onChange={(e) => setSecretText(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' && !e.shiftKey) {
                    e.preventDefault();
                    e.currentTarget.form?.requestSubmit();
                  }
                }}
                data-testid="enroll-secret"
              />
            </div>
            <label className="check-label">
              <input type="checkbox" checked={generate} onChange={(e) => setGenerate(e.target.checked)} data-testid="enroll-generate" /> Generate a fresh seed here instead (for
              an authenticator configured from our side)
            </label>
            <PresentField store="mfa-seeds" />
            <div className="button-row">
              <button type="submit" className="button-primary" disabled={action.busy !== null} data-testid="enroll-next">
                Next: show MFA codes
              </button>
            </div>
            {action.busy && <Busy label={action.busy} />}
            <ErrorNote error={action.error} testId="enroll-error" />
          </form>
        </Section>
      ) : (
        <EnrollCodesPanel view={view} unlock={unlock} action={action} onConfirm={() => void confirm()} onCancel={() => void cancel()} />
      )}
      <HardwareDevicePanel accounts={accounts} knownIds={[...new Set(devices.map((d) => d.accountId))]} initialAccount={accountId} onAdded={() => void loadDevices()} />
    </div>
  );
}
