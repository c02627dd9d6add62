// Settings: the idle lock, which host runs the window, the workstation's air-gap state, and "Lock all now".
// DESIGN §3.4 (lock when idle), §3.7 (say whether the workstation is offline).

import { useState, type FormEvent } from 'react';
import { call, hostInfo } from '../api.js';
import { Busy } from '../components/Busy.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { Section } from '../components/Section.js';
import { useAction } from '../components/useAction.js';
import { useAppState } from '../state.js';
import { formatDuration } from '../components/format.js';
import { IDLE_LOCK_MAX_MINUTES, readIdleLockMinutes, writeIdleLockMinutes } from '../components/idle-lock.js';
import { StoreBadge } from '../components/StoreBadge.js';
import { lockTriggerWords } from '../components/lock-trigger-words.js';
import type { LockTrigger } from '../../../src/app/api.js';

/** One trigger: on, or off with plain words for why and the host's raw message on demand. */
function LockTriggerLine({ trigger, index }: { readonly trigger: LockTrigger; readonly index: number }) {
  if (trigger.active) {
    return (
      <li data-state="on" data-testid={`settings-lock-trigger-${index}`}>
        ✓ {trigger.trigger}
      </li>
    );
  }
  const { words, raw } = lockTriggerWords(trigger.trigger, trigger.reason);
  return (
    <li data-state="off" data-testid={`settings-lock-trigger-${index}`}>
      ✗ {trigger.trigger} — <span data-testid={`settings-lock-trigger-words-${index}`}>{words}</span>
      {raw && (
        <details className="lock-trigger-raw" data-testid={`settings-lock-trigger-raw-${index}`}>
          <summary>What the host reported</summary>
          <code>{raw}</code>
        </details>
      )}
    </li>
  );
}

export function SettingsScreen() {
  const { workstation, status, refresh } = useAppState();
  const [minutes, setMinutes] = useState(() => String(readIdleLockMinutes()));
  const [saved, setSaved] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [lockedAt, setLockedAt] = useState<string | null>(null);
  const action = useAction();
  const host = hostInfo();

  const save = (event: FormEvent) => {
    event.preventDefault();
    const value = Number(minutes);
    try {
      writeIdleLockMinutes(value);
      setProblem(null);
      setSaved(value);
    } catch (error) {
      setSaved(null);
      setProblem(error instanceof Error ? error.message : String(error));
    }
  };

  const lockAll = async () => {
    const ok = await action.run('Locking every store…', async () => {
      await call('lockAll');
      return true;
    });
    if (ok) {
      setLockedAt(new Date().toISOString().slice(11, 19));
      await refresh().catch(() => undefined);
    }
  };

  const network = workstation?.network;
  return (
    <div className="screen" data-testid="settings-screen">
      <h1>Settings</h1>
      <Section title="Lock" testId="settings-lock-card">
        <form className="form-inline-end" onSubmit={save}>
          <div className="field">
            <label htmlFor="settings-idle-minutes">Lock everything after this many idle minutes (0 = never)</label>
            <input
              id="settings-idle-minutes"
              type="number"
              min={0}
              max={IDLE_LOCK_MAX_MINUTES}
              step={1}
              value={minutes}
              onChange={(e) => setMinutes(e.target.value)}
              data-testid="settings-idle-minutes"
            />
          </div>
          <button type="submit" className="button-secondary" data-testid="settings-idle-save">
            Save
          </button>
        </form>
        {problem && (
          <div className="note note-error" role="alert" data-testid="settings-idle-error">
            {problem}
          </div>
        )}
        {saved !== null && (
          <p className="note note-ok" role="status" data-testid="settings-idle-saved">
            {saved === 0 ? 'Idle lock is off for this window (the host triggers below still apply).' : `Everything locks after ${saved} idle minute${saved === 1 ? '' : 's'}.`}
          </p>
        )}
        <p className="muted">
          This window counts keyboard and mouse input. Locking ends any TOTP session, cancels an enrollment in progress and wipes the keys of both stores. The host
          also locks everything on:
        </p>
        <ul className="lock-triggers" data-testid="settings-lock-triggers">
          {(workstation?.lockTriggers ?? []).map((t, n) => (
            <LockTriggerLine key={t.trigger} trigger={t} index={n} />
          ))}
          {(workstation?.lockTriggers ?? []).length === 0 && <li data-state="off">✗ nothing else: this host reports no suspend, screen-lock or system-idle trigger</li>}
        </ul>
        {(workstation?.lockTriggers ?? []).some((t) => !t.active) && (
          <p className="muted" data-testid="settings-lock-triggers-advice">
            Where a trigger is off, press Lock all before you leave the workstation; the idle lock above applies in any case.
          </p>
        )}
        <div className="button-row">
          <button type="button" className="button-primary" onClick={() => void lockAll()} disabled={action.busy !== null} data-testid="settings-lock-all">
            Lock all now
          </button>
        </div>
        {action.busy && <Busy label={action.busy} />}
        <ErrorNote error={action.error} testId="settings-error" />
        {lockedAt && (
          <p className="note note-ok" role="status" data-testid="settings-locked">
            Everything was locked at {lockedAt} UTC.
          </p>
        )}
      </Section>

      <Section title="This workstation" testId="settings-workstation-card">
        <dl className="facts">
          <dt>Window host</dt>
          <dd data-testid="settings-host">{host ? `${host.label} (${host.kind})` : 'not running inside Breakglass Vault'}</dd>
          {workstation && workstation.host !== host?.label && (
            <>
              <dt>App reports</dt>
              <dd data-testid="settings-hostname">{workstation.host}</dd>
            </>
          )}
          <dt>Vault set folder</dt>
          <dd className="mono" data-testid="settings-dir">
            {workstation?.dir ?? 'none open'}
          </dd>
          <dt>Unlocked</dt>
          <dd data-testid="settings-unlocked">
            {workstation && workstation.unlocked.length > 0
              ? workstation.unlocked.map((u) => (
                  <span key={u.store} className="unlocked-item">
                    <StoreBadge store={u.store} /> for {formatDuration(u.seconds)}{' '}
                  </span>
                ))
              : 'nothing'}
          </dd>
          <dt>TOTP session</dt>
          <dd data-testid="settings-totp">
            {workstation?.totpSession ? `${workstation.totpSession.accountId} (${workstation.totpSession.device}), ends in ${formatDuration(workstation.totpSession.expiresInSeconds)}` : 'none'}
          </dd>
          <dt>Set id</dt>
          <dd className="mono small">{status?.setId ?? '—'}</dd>
        </dl>
      </Section>

      <Section title="Network (air gap)" testId="settings-network-card">
        {network ? (
          network.airGapped ? (
            <p className="state-line state-line-ok" data-testid="settings-airgap" data-ok="true">
              ✔ Air-gapped: no network interface other than loopback has an address.
            </p>
          ) : (
            <p className="state-line state-line-bad" role="alert" data-testid="settings-airgap" data-ok="false">
              ✖ The air gap is broken: {network.interfaces.length} network interface{network.interfaces.length === 1 ? ' is' : 's are'} up. Unplug the cable or switch off
              Wi-Fi before opening any store.
            </p>
          )
        ) : (
          <p className="muted">Reading the workstation status…</p>
        )}
        {network && network.interfaces.length > 0 && (
          <div className="table-wrap">
          <table className="data-table" data-testid="settings-interfaces">
            <thead>
              <tr>
                <th scope="col">Interface</th>
                <th scope="col">Addresses</th>
              </tr>
            </thead>
            <tbody>
              {network.interfaces.map((i) => (
                <tr key={i.name}>
                  <td className="mono">{i.name}</td>
                  <td className="mono">{i.addresses.join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        )}
      </Section>
    </div>
  );
}
