// MFA enrollment wizard, the AWS "Assign MFA device" flow: paste the secret key → type "MFA code 1" and
// "MFA code 2" into AWS → seal the seed into the MFA seed store. Also hardware tokens as metadata only.

import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { AccountSummary, EnrollmentView, MfaDeviceSummary } from '../../../src/app/api.js';
import { ApiFailure, call } from '../api.js';
import { Busy, ErrorNote, Section, useAction } from '../components.js';
import { useAppState } from '../state.js';
import { actorsInput, custodyOf, emptySecret, groupCode, isBeingEdited, SecretFields, secretFromDraft, StoreBadge, useFocusWhenShown, useTicker, type SecretDraft } from './b-common.js';
import './screens-b.css';
import { qrSvgDataUrl } from './b-qr.js';

/** The first free "root-mfa-N" name on the account. */
function nextDeviceName(devices: readonly MfaDeviceSummary[], accountId: string): string {
  const taken = new Set(devices.filter((d) => d.accountId === accountId).map((d) => d.name));
  for (let n = 1; ; n += 1) if (!taken.has(`root-mfa-${n}`)) return `root-mfa-${n}`;
}

/** The MFA seed store must be unlocked to seal a device: unlock it with the draft first if needed. */
function useMfaUnlock() {
  const { status, actors, refresh } = useAppState();
  const custody = custodyOf(status, 'mfa-seeds');
  const [draft, setDraft] = useState<SecretDraft>(() => emptySecret(custody.threshold, custody.hasShares ? 'shares' : 'passphrase'));
  const ensure = async (): Promise<void> => {
    if (custody.unlocked) return;
    const secret = secretFromDraft(draft);
    if (typeof secret === 'string') throw new Error(`The MFA seed store is locked. ${secret}`);
    await call('unlockStore', { store: 'mfa-seeds', secret, ...actorsInput(actors) });
    setDraft(emptySecret(custody.threshold, draft.mode));
    await refresh().catch(() => undefined);
  };
  return { custody, draft, setDraft, ensure };
}

/** The MFA seed store's passphrase or shares, asked for only while that store is locked. */
function MfaUnlockFields({ unlock, prefix }: { readonly unlock: ReturnType<typeof useMfaUnlock>; readonly prefix: string }) {
  if (unlock.custody.unlocked) return null;
  return (
    <SecretFields
      prefix={prefix}
      draft={unlock.draft}
      onChange={unlock.setDraft}
      threshold={unlock.custody.threshold}
      hasPassphrase={unlock.custody.hasPassphrase}
      hasShares={unlock.custody.hasShares}
    />
  );
}

function AccountField({ id, value, onChange, accounts, knownIds }: { readonly id: string; readonly value: string; readonly onChange: (v: string) => void; readonly accounts: readonly AccountSummary[]; readonly knownIds: readonly string[] }) {
  const options = useMemo(() => {
    const map = new Map<string, string>();
    for (const a of accounts) map.set(a.accountId, a.name);
    for (const k of knownIds) if (!map.has(k)) map.set(k, '');
    return [...map.entries()];
  }, [accounts, knownIds]);
  return (
    <div className="field">
      <label htmlFor={id}>AWS account id</label>
      <input
        id={id}
        list={`${id}-list`}
        value={value}
        inputMode="numeric"
        autoComplete="off"
        placeholder="12 digits"
        onChange={(e) => onChange(e.target.value.trim())}
        data-testid={id}
      />
      <datalist id={`${id}-list`}>
        {options.map(([accountId, name]) => (
          <option key={accountId} value={accountId}>
            {name}
          </option>
        ))}
      </datalist>
    </div>
  );
}

export function EnrollScreen() {
  const { params, actors, refresh } = useAppState();
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
  const [gone, setGone] = useState<string | null>(null);
  const action = useAction();
  const unlock = useMfaUnlock();
  const pending = useRef(false);
  const codesRef = useFocusWhenShown<HTMLDivElement>(view !== null);
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

  const qr = useMemo(() => (view?.generated ? qrSvgDataUrl(view.generated.otpauthUri) : null), [view?.generated]);

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
      await unlock.ensure();
      return call('confirmEnrollment', { ...actorsInput(actors) });
    });
    if (device) {
      pending.current = false;
      setView(null);
      setEnrolled(device);
      setNameTouched(false);
      void loadDevices();
      void refresh().catch(() => undefined);
    }
  };

  const cancel = async () => {
    await action.run('Cancelling…', () => call('cancelEnrollment'));
    pending.current = false;
    setView(null);
  };

  return (
    <div className="screen b-screen" data-testid="enroll-screen">
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
                className="b-share"
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
            <label className="b-check">
              <input type="checkbox" checked={generate} onChange={(e) => setGenerate(e.target.checked)} data-testid="enroll-generate" /> Generate a fresh seed here instead (for
              an authenticator configured from our side)
            </label>
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
        <Section title="2. Type these codes into AWS" testId="enroll-codes-card">
          <p className="muted">
            Account <strong>{view.accountId}</strong> · device <strong>{view.device}</strong> · {view.algorithm}, {view.digits} digits, {view.period} s
          </p>
          <div ref={codesRef} tabIndex={-1} className="b-enroll-codes" aria-label="MFA code 1 and MFA code 2">
            <div>
              <div className="b-code-label">MFA code 1</div>
              <div className="b-code-big" data-testid="enroll-code1" data-code={view.mfaCode1}>
                {groupCode(view.mfaCode1)}
              </div>
            </div>
            <div>
              <div className="b-code-label">MFA code 2</div>
              <div className="b-code-big" data-testid="enroll-code2" data-code={view.mfaCode2}>
                {groupCode(view.mfaCode2)}
              </div>
            </div>
          </div>
          <div className="b-totp-window">
            <progress className={view.waitForFreshWindow ? 'b-progress-low' : undefined} max={view.period} value={view.secondsLeft} aria-label="Seconds left for MFA code 1" />
            <span data-testid="enroll-seconds">{view.secondsLeft} s left for MFA code 1</span>
          </div>
          {view.waitForFreshWindow && (
            <p className="note note-error" role="alert" data-testid="enroll-advice">
              {view.advice ?? 'Fewer than 5 seconds left: wait for a fresh window before typing the codes.'}
            </p>
          )}
          <dl className="facts">
            <dt>Serial (ARN)</dt>
            <dd className="mono" data-testid="enroll-arn">
              {view.serialArn}
            </dd>
          </dl>
          {view.generated && (
            <div className="b-generated" data-testid="enroll-generated">
              <p className="note note-warning">A seed was generated here. Configure the authenticator now: this is the only time it is shown.</p>
              <dl className="facts">
                <dt>Base32</dt>
                <dd className="mono break" data-testid="enroll-base32">
                  {view.generated.base32}
                </dd>
                <dt>otpauth URI</dt>
                <dd className="mono break" data-testid="enroll-uri">
                  {view.generated.otpauthUri}
                </dd>
              </dl>
              {qr && <img className="b-qr" src={qr} alt="QR code of the otpauth URI" data-testid="enroll-qr" />}
            </div>
          )}
          <h3>3. After AWS accepted both codes</h3>
          <MfaUnlockFields unlock={unlock} prefix="enroll" />
          <div className="button-row">
            <button type="button" className="button-primary" onClick={() => void confirm()} disabled={action.busy !== null} data-testid="enroll-confirm">
              Confirm: seal into the MFA seed store
            </button>
            <button type="button" className="button-secondary" onClick={() => void cancel()} disabled={action.busy !== null} data-testid="enroll-cancel">
              Cancel and wipe
            </button>
          </div>
          {action.busy && <Busy label={action.busy} />}
          <ErrorNote error={action.error} testId="enroll-error" />
        </Section>
      )}
      <HardwareDeviceForm accounts={accounts} knownIds={[...new Set(devices.map((d) => d.accountId))]} initialAccount={accountId} onAdded={() => void loadDevices()} />
    </div>
  );
}

function HardwareDeviceForm({
  accounts,
  knownIds,
  initialAccount,
  onAdded,
}: {
  readonly accounts: readonly AccountSummary[];
  readonly knownIds: readonly string[];
  readonly initialAccount: string;
  readonly onAdded: () => void;
}) {
  const { refresh } = useAppState();
  const [accountId, setAccountId] = useState('');
  const [type, setType] = useState<'hardware-totp' | 'security-key'>('security-key');
  const [name, setName] = useState('');
  const [serial, setSerial] = useState('');
  const [location, setLocation] = useState('');
  const [added, setAdded] = useState<MfaDeviceSummary | null>(null);
  const action = useAction();
  const unlock = useMfaUnlock();
  useEffect(() => {
    if (!isBeingEdited('hw-account')) setAccountId((current) => current || initialAccount);
  }, [initialAccount]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setAdded(null);
    const device = await action.run('Recording the device in the MFA seed store…', async () => {
      await unlock.ensure();
      return call('addMfaDevice', { type, accountId, name: name.trim(), serial: serial.trim(), location: location.trim() });
    });
    if (device) {
      setAdded(device);
      setName('');
      setSerial('');
      setLocation('');
      onAdded();
      void refresh().catch(() => undefined);
    }
  };

  return (
    <Section title="Hardware tokens and security keys" testId="hw-card">
      <details className="b-details">
        <summary data-testid="hw-open">Register a hardware TOTP token or security key (metadata only)</summary>
        <p className="muted">No secret leaves a hardware device: only its serial and where it is kept are recorded.</p>
        <form onSubmit={(e) => void submit(e)}>
          <div className="form-grid">
            <AccountField id="hw-account" value={accountId} onChange={setAccountId} accounts={accounts} knownIds={knownIds} />
            <div className="field">
              <label htmlFor="hw-type">Kind</label>
              <select id="hw-type" value={type} onChange={(e) => setType(e.target.value as 'hardware-totp' | 'security-key')} data-testid="hw-type">
                <option value="security-key">Security key / passkey (FIDO)</option>
                <option value="hardware-totp">Hardware TOTP token</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor="hw-name">Device name</label>
              <input id="hw-name" value={name} autoComplete="off" onChange={(e) => setName(e.target.value)} data-testid="hw-name" />
            </div>
            <div className="field">
              <label htmlFor="hw-serial">Serial number</label>
              <input id="hw-serial" value={serial} autoComplete="off" onChange={(e) => setSerial(e.target.value)} data-testid="hw-serial" />
            </div>
          </div>
          <div className="field">
            <label htmlFor="hw-location">Where it is kept</label>
            <input id="hw-location" value={location} autoComplete="off" placeholder="e.g. safe 2, envelope 14" onChange={(e) => setLocation(e.target.value)} data-testid="hw-location" />
          </div>
          <MfaUnlockFields unlock={unlock} prefix="hw" />
          <div className="button-row">
            <button type="submit" className="button-secondary" disabled={action.busy !== null} data-testid="hw-submit">
              Register device
            </button>
          </div>
          {action.busy && <Busy label={action.busy} />}
          <ErrorNote error={action.error} testId="hw-error" />
          {added && (
            <p className="note note-ok" role="status" data-testid="hw-result">
              Registered {added.type === 'security-key' ? 'security key' : 'hardware TOTP token'} <strong>{added.name}</strong> ({added.serial}) for {added.accountId}.
            </p>
          )}
        </form>
      </details>
    </Section>
  );
}
