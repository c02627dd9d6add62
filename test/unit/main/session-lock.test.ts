// Lock on suspend and screen lock from D-Bus, refereed by a private dbus-daemon and dbus-send: the
// signals logind and the desktop's screen saver send are seen, their opposites and look-alikes are not.

import { describe, expect, it } from 'vitest';
import { DbusMonitorParser, dbusLockTriggers, describeWatch, watchSessionLock, type SessionLockEvent } from '../../../main/session-lock.js';
import { DBUS_TOOLS as TOOLS, privateBusForSuite } from '../../support/dbus.js';
import { itWithTools } from '../../support/tools.js';

describe('DbusMonitorParser', () => {
  const feed = (lines: string[]) => {
    const parser = new DbusMonitorParser();
    return lines.map((line) => parser.line(line)).filter(Boolean);
  };
  const header = (iface: string, member: string) =>
    `signal time=1796139469.58 sender=:1.1 -> destination=(null destination) serial=2 path=/org/freedesktop/login1; interface=${iface}; member=${member}`;

  it('reports going to sleep, a logind lock and a screen saver switching on, and nothing else', () => {
    expect(
      feed([
        header('org.freedesktop.DBus', 'NameAcquired'),
        '   string ":1.0"',
        header('org.freedesktop.login1.Manager', 'PrepareForSleep'),
        '   boolean true',
        header('org.freedesktop.login1.Manager', 'PrepareForSleep'),
        '   boolean false',
        header('org.freedesktop.login1.Session', 'Lock'),
        header('org.freedesktop.login1.Session', 'Unlock'),
        header('org.gnome.ScreenSaver', 'ActiveChanged'),
        '   boolean true',
        header('org.freedesktop.ScreenSaver', 'ActiveChanged'),
        '   boolean false',
        header('org.example.Other', 'PrepareForSleep'),
        '   boolean true',
      ]),
    ).toEqual(['suspend', 'lock-screen', 'lock-screen']);
  });

  it('does not take an argument of another signal for its own', () => {
    expect(feed([header('org.freedesktop.login1.Manager', 'PrepareForSleep'), header('org.example.Other', 'Changed'), '   boolean true'])).toEqual([]);
  });
});

describe('dbusLockTriggers', () => {
  it('lists suspend, logind screen lock and the screen saver, each with why it is off', () => {
    expect(dbusLockTriggers(undefined).map((t) => [t.trigger, t.active, t.reason])).toEqual([
      ['suspend (logind, D-Bus)', false, 'still connecting to D-Bus'],
      ['screen lock (logind, D-Bus)', false, 'still connecting to D-Bus'],
      ["the desktop's screen saver (D-Bus)", false, 'still connecting to D-Bus'],
    ]);
    const statuses = [
      { bus: 'system', active: true },
      { bus: 'session', active: false, reason: 'no desktop session bus' },
    ] as const;
    expect(dbusLockTriggers(statuses, { suspend: false })).toEqual([
      { trigger: 'screen lock (logind, D-Bus)', active: true },
      { trigger: "the desktop's screen saver (D-Bus)", active: false, reason: 'no desktop session bus' },
    ]);
  });
});

describe('watchSessionLock with a private D-Bus daemon', () => {
  const bus = privateBusForSuite(TOOLS);
  const send = (path: string, member: string, ...args: string[]) => bus().signal(path, member, ...args);

  itWithTools(TOOLS)('locks on PrepareForSleep(true), Session.Lock and ActiveChanged(true) on the buses it watches', async () => {
    const events: SessionLockEvent[] = [];
    const env = { ...process.env, DBUS_SYSTEM_BUS_ADDRESS: bus().address, DBUS_SESSION_BUS_ADDRESS: bus().address };
    const watch = watchSessionLock({ onEvent: (event) => events.push(event), env, buses: ['system'] });
    try {
      expect(await watch.status).toEqual([{ bus: 'system', active: true }]);
      send('/org/freedesktop/login1', 'org.freedesktop.login1.Manager.PrepareForSleep', 'boolean:false');
      send('/org/freedesktop/login1', 'org.freedesktop.login1.Manager.PrepareForSleep', 'boolean:true');
      send('/org/freedesktop/login1/session/c1', 'org.freedesktop.login1.Session.Lock');
      send('/org/example', 'org.example.Other.Lock');
      await expect.poll(() => events).toEqual(['suspend', 'lock-screen']);
    } finally {
      watch.stop();
    }
    const session = watchSessionLock({ onEvent: (event) => events.push(event), env, buses: ['session'] });
    try {
      expect(await session.status).toEqual([{ bus: 'session', active: true }]);
      send('/org/gnome/ScreenSaver', 'org.gnome.ScreenSaver.ActiveChanged', 'boolean:true');
      await expect.poll(() => events).toEqual(['suspend', 'lock-screen', 'lock-screen']);
    } finally {
      session.stop();
    }
  });

  itWithTools(TOOLS)('says why a bus is not watched: no bus there, no session address, no dbus-monitor', async () => {
    const none = watchSessionLock({
      onEvent: () => undefined,
      env: { ...process.env, DBUS_SYSTEM_BUS_ADDRESS: 'unix:path=/nonexistent/bus', DBUS_SESSION_BUS_ADDRESS: '' },
    });
    const statuses = await none.status;
    none.stop();
    expect(statuses[0]).toMatchObject({ bus: 'system', active: false, reason: expect.stringMatching(/system bus|nonexistent/i) });
    expect(statuses[1]).toMatchObject({ bus: 'session', active: false, reason: expect.stringMatching(/DBUS_SESSION_BUS_ADDRESS is unset/) });
    expect(describeWatch(statuses)).toMatch(/^stores lock not on suspend .*; not on the desktop's screen saver .*the idle lock in Settings applies/);
    const missing = watchSessionLock({ onEvent: () => undefined, command: 'dbus-monitor-not-installed', buses: ['system'] });
    expect(await missing.status).toEqual([{ bus: 'system', active: false, reason: 'dbus-monitor-not-installed is not installed (Debian package dbus-bin)' }]);
  });
});
