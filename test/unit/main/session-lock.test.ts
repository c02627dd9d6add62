// Lock on suspend and screen lock from D-Bus, refereed by a private dbus-daemon, dbus-send and gdbus: the
// signals logind and the desktop's screen saver send are seen, their opposites and look-alikes are not; sleep
// waits for the lock (the delay lock is let go after it, taken again on resume); a monitor that dies is said
// and restarted.

import { spawnSync } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DbusMonitorParser, dbusLockTriggers, describeTriggers, watchSessionLock, type BusWatchStatus, type SessionLockEvent } from '../../../main/session-lock.js';
import { DBUS_TOOLS, privateBusForSuite } from '../../support/dbus.js';
import { findTool, itWithTools } from '../../support/tools.js';

const TOOLS = [...DBUS_TOOLS, findTool('gdbus', ['help'], 'libglib2.0-bin')];

function withoutSessionBus(): NodeJS.ProcessEnv {
  const { DBUS_SESSION_BUS_ADDRESS: _unset, ...env } = process.env;
  return env;
}

describe('DbusMonitorParser', () => {
  const feed = (lines: string[]) => {
    const parser = new DbusMonitorParser();
    return lines.map((line) => parser.line(line)).filter(Boolean);
  };
  const header = (iface: string, member: string, path = '/org/freedesktop/login1') =>
    `signal time=1796139469.58 sender=:1.1 -> destination=(null destination) serial=2 path=${path}; interface=${iface}; member=${member}`;
  const properties = (iface: string, hint: string, value: 'true' | 'false') => [
    header('org.freedesktop.DBus.Properties', 'PropertiesChanged', '/org/freedesktop/login1/session/_32'),
    `   string "${iface}"`,
    '   array [',
    '      dict entry(',
    '         string "IdleHint"',
    '         variant             boolean true',
    '      )',
    '      dict entry(',
    `         string "${hint}"`,
    `         variant             boolean ${value}`,
    '      )',
    '   ]',
    '   array [',
    '   ]',
  ];

  it('reports going to sleep, waking up, a logind lock, LockedHint and a screen saver switching on, and nothing else', () => {
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
        ...properties('org.freedesktop.login1.Session', 'LockedHint', 'true'),
        ...properties('org.freedesktop.login1.Session', 'LockedHint', 'false'),
        ...properties('org.example.Other', 'LockedHint', 'true'),
        header('org.gnome.ScreenSaver', 'ActiveChanged'),
        '   boolean true',
        header('org.freedesktop.ScreenSaver', 'ActiveChanged'),
        '   boolean false',
        header('org.example.Other', 'PrepareForSleep'),
        '   boolean true',
      ]),
    ).toEqual(['suspend', 'resume', 'lock-screen', 'lock-screen', 'lock-screen']);
  });

  it('does not take an argument of another signal for its own', () => {
    expect(feed([header('org.freedesktop.login1.Manager', 'PrepareForSleep'), header('org.example.Other', 'Changed'), '   boolean true'])).toEqual([]);
  });
});

describe('dbusLockTriggers and describeTriggers', () => {
  it('lists each trigger with why it is off, and says it in one line', () => {
    expect(dbusLockTriggers(undefined).every((t) => !t.active && t.reason === 'still connecting to D-Bus')).toBe(true);
    const statuses: BusWatchStatus[] = [
      { bus: 'system', active: true, sleepDelay: { active: false, reason: 'Failed to connect to bus' } },
      { bus: 'session', active: false, reason: 'no desktop session bus' },
    ];
    const triggers = dbusLockTriggers(statuses);
    expect(triggers).toEqual([
      { trigger: 'suspend (logind, D-Bus)', active: true },
      { trigger: 'sleep waits until the stores are locked (logind delay lock)', active: false, reason: 'Failed to connect to bus' },
      { trigger: 'screen lock (logind: lock-session, LockedHint)', active: true },
      { trigger: "the desktop's screen saver (D-Bus)", active: false, reason: 'no desktop session bus' },
    ]);
    expect(describeTriggers(triggers)).toBe(
      'stores lock on: suspend (logind, D-Bus); screen lock (logind: lock-session, LockedHint). Not here: sleep waits until the stores are locked ' +
        "(logind delay lock) (Failed to connect to bus); the desktop's screen saver (D-Bus) (no desktop session bus). The idle lock in Settings applies in any case.",
    );
  });
});

describe('watchSessionLock with a private D-Bus daemon', () => {
  const bus = privateBusForSuite(TOOLS);
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bg-session-lock-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const envFor = (overrides: NodeJS.ProcessEnv = {}) => ({ ...process.env, DBUS_SYSTEM_BUS_ADDRESS: bus().address, DBUS_SESSION_BUS_ADDRESS: bus().address, ...overrides });
  /** A delay-lock holder that writes "start" and, when let go, "end" to `log`. */
  const holder = async (log: string) => {
    const script = join(dir, `holder-${Math.random().toString(16).slice(2)}.sh`);
    await writeFile(script, `#!/bin/sh\necho start >> '${log}'\ntrap 'echo end >> "${log}"; exit 0' TERM\nwhile :; do sleep 0.05; done\n`);
    await chmod(script, 0o700);
    return [script];
  };
  const lines = async (file: string) => (await readFile(file, 'utf8').catch(() => '')).split('\n').filter(Boolean);

  itWithTools(TOOLS)('locks on PrepareForSleep(true), Session.Lock, LockedHint and ActiveChanged(true), and on nothing else', async () => {
    const events: SessionLockEvent[] = [];
    const watch = watchSessionLock({ onEvent: (event) => void events.push(event), env: envFor(), inhibit: await holder(join(dir, 'unused.log')) });
    try {
      expect((await watch.status).map((s) => [s.bus, s.active])).toEqual([
        ['system', true],
        ['session', true],
      ]);
      const b = bus();
      b.signal('/org/freedesktop/login1', 'org.freedesktop.login1.Manager.PrepareForSleep', 'boolean:false');
      b.signal('/org/freedesktop/login1', 'org.freedesktop.login1.Manager.PrepareForSleep', 'boolean:true');
      b.signal('/org/freedesktop/login1/session/c1', 'org.freedesktop.login1.Session.Lock');
      b.signal('/org/example', 'org.example.Other.Lock');
      const emit = (path: string, ...args: string[]) =>
        expect(spawnSync('gdbus', ['emit', '--address', b.address, '--object-path', path, '--signal', 'org.freedesktop.DBus.Properties.PropertiesChanged', ...args], { encoding: 'utf8' }).stderr).toBe('');
      emit('/org/freedesktop/login1/session/_32', "'org.freedesktop.login1.Session'", "{'LockedHint': <true>}", '@as []');
      emit('/org/freedesktop/login1/session/_32', "'org.freedesktop.login1.Session'", "{'LockedHint': <false>}", '@as []');
      emit('/org/example/session', "'org.freedesktop.login1.Session'", "{'LockedHint': <true>}", '@as []');
      b.signal('/org/gnome/ScreenSaver', 'org.gnome.ScreenSaver.ActiveChanged', 'boolean:true');
      await expect.poll(() => events).toEqual(['suspend', 'lock-screen', 'lock-screen', 'lock-screen']);
    } finally {
      watch.stop();
    }
  });

  itWithTools(TOOLS)('holds sleep with a delay lock, lets it go only after the stores are locked, and takes it again on resume', async () => {
    const log = join(dir, 'delay.log');
    const write = async (line: string) => writeFile(log, `${line}\n`, { flag: 'a' });
    const watch = watchSessionLock({
      env: envFor(),
      buses: ['system'],
      inhibit: await holder(log),
      onEvent: async () => {
        await new Promise((resolve) => setTimeout(resolve, 300)); // locking takes a moment
        await write('locked');
      },
    });
    try {
      expect(await watch.status).toEqual([{ bus: 'system', active: true, sleepDelay: { active: true } }]);
      await expect.poll(() => lines(log)).toEqual(['start']);
      bus().signal('/org/freedesktop/login1', 'org.freedesktop.login1.Manager.PrepareForSleep', 'boolean:true');
      await expect.poll(() => lines(log)).toEqual(['start', 'locked', 'end']);
      bus().signal('/org/freedesktop/login1', 'org.freedesktop.login1.Manager.PrepareForSleep', 'boolean:false');
      await expect.poll(() => lines(log)).toEqual(['start', 'locked', 'end', 'start']);
    } finally {
      watch.stop();
    }
    await expect.poll(() => lines(log)).toEqual(['start', 'locked', 'end', 'start', 'end']);
  });

  itWithTools(TOOLS)('says at once when a monitor dies, and restarts it', async () => {
    const pids = join(dir, 'pids');
    const wrapper = join(dir, 'monitor.sh');
    await writeFile(wrapper, `#!/bin/sh\necho $$ >> '${pids}'\nexec dbus-monitor "$@"\n`);
    await chmod(wrapper, 0o700);
    const changes: (readonly BusWatchStatus[])[] = [];
    const watch = watchSessionLock({
      onEvent: () => undefined,
      onChange: (statuses) => changes.push(statuses),
      env: envFor(),
      buses: ['session'],
      command: wrapper,
      restartMs: 200,
    });
    try {
      expect(await watch.status).toEqual([{ bus: 'session', active: true }]);
      const [first] = await lines(pids);
      process.kill(Number(first), 'SIGKILL');
      await expect.poll(() => changes.at(0)?.[0]).toMatchObject({ bus: 'session', active: false, reason: expect.stringMatching(/stopped \(.*\); restarting$/) });
      expect(watch.current()?.[0]?.active).toBe(false);
      await expect.poll(() => watch.current()?.[0]?.active, { timeout: 5_000 }).toBe(true);
      expect(await lines(pids)).toHaveLength(2);
    } finally {
      watch.stop();
    }
  });

  itWithTools(TOOLS)('says why a bus or the delay lock is not there: no bus, no session address, no dbus-monitor, no systemd-inhibit', async () => {
    const none = watchSessionLock({
      onEvent: () => undefined,
      env: { ...withoutSessionBus(), DBUS_SYSTEM_BUS_ADDRESS: 'unix:path=/nonexistent/bus', XDG_RUNTIME_DIR: '/nonexistent' },
    });
    const statuses = await none.status;
    none.stop();
    expect(statuses[0]).toMatchObject({ bus: 'system', active: false, reason: expect.stringMatching(/system bus|nonexistent/i) });
    expect(statuses[1]).toMatchObject({ bus: 'session', active: false, reason: expect.stringMatching(/DBUS_SESSION_BUS_ADDRESS is unset, no \$XDG_RUNTIME_DIR\/bus/) });
    const missing = watchSessionLock({ onEvent: () => undefined, command: 'dbus-monitor-not-installed', buses: ['system'] });
    expect(await missing.status).toEqual([{ bus: 'system', active: false, reason: 'dbus-monitor-not-installed is not installed (Debian package dbus-bin)' }]);
    const noDelay = watchSessionLock({ onEvent: () => undefined, env: envFor(), buses: ['system'], inhibit: ['systemd-inhibit-not-installed'] });
    expect(await noDelay.status).toEqual([
      { bus: 'system', active: true, sleepDelay: { active: false, reason: 'systemd-inhibit-not-installed is not installed (Debian package systemd)' } },
    ]);
    noDelay.stop();
  });

  itWithTools(TOOLS)('finds the session bus at $XDG_RUNTIME_DIR/bus when $DBUS_SESSION_BUS_ADDRESS is unset', async () => {
    const runtime = await mkdtemp(join(tmpdir(), 'bg-runtime-'));
    try {
      const path = /unix:path=([^,]+)/.exec(bus().address)?.[1];
      if (!path) throw new Error(`the private bus is not at a path: ${bus().address}`);
      spawnSync('ln', ['-s', path, join(runtime, 'bus')]);
      const watch = watchSessionLock({ onEvent: () => undefined, env: { ...withoutSessionBus(), XDG_RUNTIME_DIR: runtime }, buses: ['session'] });
      expect(await watch.status).toEqual([{ bus: 'session', active: true }]);
      watch.stop();
    } finally {
      await rm(runtime, { recursive: true, force: true });
    }
  });
});
