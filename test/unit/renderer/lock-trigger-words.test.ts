// The Settings screen's plain words for a lock trigger that is off, from the raw messages dbus-monitor,
// systemd-inhibit and the host report.

import { describe, expect, it } from 'vitest';
import { lockTriggerWords } from '../../../renderer/src/components/lock-trigger-words.js';

const SUSPEND = 'suspend (logind, D-Bus)';
const DELAY = 'sleep waits until the stores are locked (logind delay lock)';
const SCREEN_LOCK = 'screen lock (logind: lock-session, LockedHint)';
const SAVER = "the desktop's screen saver (D-Bus)";

describe('lockTriggerWords', () => {
  it('names a missing system bus and what it costs', () => {
    const raw = 'Failed to open connection to system bus: Failed to connect to socket /run/dbus/system_bus_socket: No such file or directory';
    expect(lockTriggerWords(SUSPEND, raw)).toEqual({ words: 'no system bus: suspend cannot be detected on this machine', raw });
    expect(lockTriggerWords(SCREEN_LOCK, raw).words).toBe('no system bus: a screen lock cannot be detected on this machine');
    expect(lockTriggerWords(DELAY, raw).words).toBe('no system bus: the machine may go to sleep before the stores are locked');
  });

  it('says permission denied rather than a missing bus when the socket refuses', () => {
    const raw = 'Failed to open connection to system bus: Failed to connect to socket /run/dbus/system_bus_socket: Permission denied';
    expect(lockTriggerWords(SUSPEND, raw).words).toBe('D-Bus refused this program access (permission denied): suspend cannot be detected on this machine');
    expect(lockTriggerWords(SUSPEND, 'org.freedesktop.DBus.Error.AccessDenied: Rejected send message').words).toMatch(/^D-Bus refused this program access/);
  });

  it('names a machine without logind', () => {
    for (const raw of [
      'Failed to inhibit: The name org.freedesktop.login1 was not provided by any .service files',
      'org.freedesktop.DBus.Error.ServiceUnknown: The name org.freedesktop.login1 was not provided',
      "System has not been booted with systemd as init system (PID 1). Can't operate.",
    ]) {
      expect(lockTriggerWords(DELAY, raw)).toEqual({ words: "no login manager (systemd-logind) on this machine's system bus: the machine may go to sleep before the stores are locked", raw });
    }
  });

  it('names a bus that does not answer', () => {
    expect(lockTriggerWords(SUSPEND, 'Failed to inhibit: Connection timed out').words).toBe('D-Bus did not answer in time: suspend cannot be detected on this machine');
    expect(lockTriggerWords(SUSPEND, 'org.freedesktop.DBus.Error.NoReply: Did not receive a reply').words).toMatch(/^D-Bus did not answer in time/);
  });

  it('names a missing session bus and a missing tool', () => {
    expect(lockTriggerWords(SAVER, 'no desktop session bus ($DBUS_SESSION_BUS_ADDRESS is unset, no $XDG_RUNTIME_DIR/bus)').words).toBe(
      "no desktop session bus (the app runs outside a desktop session): the desktop's screen saver cannot be detected on this machine",
    );
    expect(lockTriggerWords(SUSPEND, 'dbus-monitor is not installed (Debian package dbus-bin)').words).toBe(
      'the tool dbus-monitor is missing (install the Debian package dbus-bin): suspend cannot be detected on this machine',
    );
  });

  it('says when a watcher that stopped is being restarted', () => {
    const raw = 'dbus-monitor stopped (Failed to open connection to system bus: Failed to connect to socket /run/dbus/system_bus_socket: Connection refused); restarting';
    expect(lockTriggerWords(SUSPEND, raw).words).toBe('no system bus: suspend cannot be detected on this machine; the watcher is being restarted');
  });

  it('keeps an unknown message as raw text beside general words, and says when there is no reason', () => {
    expect(lockTriggerWords(SUSPEND, 'something new')).toEqual({ words: 'an unrecognised D-Bus problem: suspend cannot be detected on this machine', raw: 'something new' });
    expect(lockTriggerWords(SUSPEND, undefined)).toEqual({ words: 'the host gave no reason: suspend cannot be detected on this machine' });
  });
});
