// An account's MFA devices from the MFA seed store's public metadata (no key needed): virtual TOTP
// seeds with a sign-in button each, hardware tokens and security keys; and enrolling one. docs/FORMAT.md §3.3.

import { useEffect, useState } from 'react';
import type { MfaDeviceSummary } from '../../../../src/app/api.js';
import { call } from '../../api.js';
import { Busy } from '../../components/Busy.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { formatTimestamp } from '../../components/format.js';
import { Section } from '../../components/Section.js';
import { StoreBadge } from '../../components/StoreBadge.js';
import { useAction } from '../../components/useAction.js';
import { useAppState } from '../../state.js';

export function MfaDevicesPanel({ accountId }: { readonly accountId: string }) {
  const { go } = useAppState();
  const [devices, setDevices] = useState<readonly MfaDeviceSummary[] | null>(null);
  const mfa = useAction();

  useEffect(() => {
    void mfa.run('Reading the MFA devices', async () => setDevices(await call('listMfaDevices', { accountId })));
  }, [mfa.run, accountId]);

  return (
  <Section title="MFA devices" testId="detail-mfa">
    <p className="section-store">
      <StoreBadge store="mfa-seeds" withLabel />
    </p>
    {mfa.busy ? <Busy label={mfa.busy} /> : null}
    <ErrorNote error={mfa.error} testId="detail-mfa-error" />
    {devices && devices.length === 0 ? (
      <p className="flag flag-warning" data-testid="detail-mfa-none">
        No MFA device is recorded for this account.
      </p>
    ) : null}
    {devices && devices.length > 0 ? (
      <div className="table-wrap">
        <table className="data-table" data-testid="detail-mfa-devices">
          <thead>
            <tr>
              <th scope="col">Device</th>
              <th scope="col">Type</th>
              <th scope="col">Details</th>
              <th scope="col">Enabled</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {devices.map((d, i) => (
              <tr key={d.id} data-testid={`mfa-device-${i}`}>
                <td>{d.name}</td>
                <td>{d.type === 'virtual' ? 'virtual (TOTP seed)' : d.type === 'hardware-totp' ? 'hardware TOTP' : 'security key'}</td>
                <td className="small break">
                  {d.type === 'virtual'
                    ? `${d.algorithm ?? 'SHA1'}, ${d.digits ?? 6} digits, ${d.period ?? 30} s${d.serialArn ? ` · ${d.serialArn}` : ''}`
                    : `serial ${d.serial ?? '—'} · kept at ${d.location ?? '—'}`}
                </td>
                <td>{formatTimestamp(d.enabledAt)}</td>
                <td>
                  {d.type === 'virtual' ? (
                    <button type="button" className="button-secondary button-small" data-testid={`detail-totp-${i}`} onClick={() => go('totp', { accountId, device: d.name })}>
                      Sign in with this device
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    ) : null}
    <div className="button-row">
      <button type="button" className="button-primary" data-testid="detail-totp" onClick={() => go('totp', { accountId })}>
        Sign in with TOTP
      </button>
      <button type="button" className="button-secondary" data-testid="detail-enroll" onClick={() => go('enroll', { accountId })}>
        Enroll MFA device
      </button>
    </div>
  </Section>
  );
}
