// Registering a hardware TOTP token or a security key: metadata only (serial, where it is kept), as no
// secret ever leaves such a device. docs/FORMAT.md §3.3 (the MFA seed store).

import { useEffect, useState, type FormEvent } from 'react';
import type { AccountSummary, MfaDeviceSummary } from '../../../../src/app/api.js';
import { call } from '../../api.js';
import { Busy } from '../../components/Busy.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { isBeingEdited } from '../../components/focus.js';
import { Section } from '../../components/Section.js';
import { useAction } from '../../components/useAction.js';
import { useAppState } from '../../state.js';
import { AccountField } from './AccountField.js';
import { MfaUnlockFields, useMfaUnlock } from './mfa-unlock.js';

export function HardwareDevicePanel({
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
      await unlock.release().catch(() => undefined);
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
      <details className="disclosure">
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
