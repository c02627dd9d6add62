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
  let holderScript: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bg-session-lock-'));
    // A delay-lock holder like `systemd-inhibit … cat`: holds until killed or until its stdin closes.
    holderScript = join(dir, 'holder.mjs');
    await writeFile(
      holderScript,
      [
        "import { appendFileSync } from 'node:fs';",
        'const log = process.argv[2];',
        'appendFileSync(log, `start ${process.pid}\\n`);',
        'const end = (why) => { appendFileSync(log, `end ${process.pid} ${why}\\n`); process.exit(0); };',
        "process.on('SIGTERM', () => end('killed'));",
        "process.stdin.on('end', () => end('stdin closed'));",
        "process.stdin.on('error', () => end('stdin closed'));",
        'process.stdin.resume();',
      ].join('\n'),
    );
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const envFor = (overrides: NodeJS.ProcessEnv = {}) => ({ ...process.env, DBUS_SYSTEM_BUS_ADDRESS: bus().address, DBUS_SESSION_BUS_ADDRESS: bus().address, ...overrides });
  const holder = (log: string) => [process.execPath, holderScript, log];
  let logs = 0;
  const newLog = () => join(dir, `holder-${logs++}.log`);
  /** The log's lines with each holder's pid replaced by #1, #2… in the order they started. */
  const events = async (file: string): Promise<string[]> => {
    const pids: string[] = [];
    return (await readFile(file, 'utf8').catch(() => ''))
      .split('\n')
      .filter(Boolean)
      .map((line) =>
        line.replace(/^(start|end) (\d+)/, (_, what: string, pid: string) => {
          if (!pids.includes(pid)) pids.push(pid);
          return `${what} #${pids.indexOf(pid) + 1}`;
        }),
      );
  };
  const POLL = { timeout: 5_000 };
  const sleepSignal = (value: boolean) => bus().signal('/org/freedesktop/login1', 'org.freedesktop.login1.Manager.PrepareForSleep', `boolean:${value}`);

  itWithTools(TOOLS)('locks on PrepareForSleep(true), Session.Lock, LockedHint and ActiveChanged(true), and on nothing else', async () => {
    const events: SessionLockEvent[] = [];
    const watch = watchSessionLock({ onEvent: (event) => void events.push(event), env: envFor(), inhibit: holder(newLog()) });
    try {
      expect((await watch.status).map((s) => [s.bus, s.active])).toEqual([
        ['system', true],
        ['session', true],
      ]);
      const b = bus();
      sleepSignal(false);
      sleepSignal(true);
      b.signal('/org/freedesktop/login1/session/c1', 'org.freedesktop.login1.Session.Lock');
      b.signal('/org/example', 'org.example.Other.Lock');
      const emit = (path: string, ...args: string[]) =>
        expect(spawnSync('gdbus', ['emit', '--address', b.address, '--object-path', path, '--signal', 'org.freedesktop.DBus.Properties.PropertiesChanged', ...args], { encoding: 'utf8' }).stderr).toBe('');
      emit('/org/freedesktop/login1/session/_32', "'org.freedesktop.login1.Session'", "{'LockedHint': <true>}", '@as []');
      emit('/org/freedesktop/login1/session/_32', "'org.freedesktop.login1.Session'", "{'LockedHint': <false>}", '@as []');
      emit('/org/example/session', "'org.freedesktop.login1.Session'", "{'LockedHint': <true>}", '@as []');
      b.signal('/org/gnome/ScreenSaver', 'org.gnome.ScreenSaver.ActiveChanged', 'boolean:true');
      await expect.poll(() => events, POLL).toEqual(['suspend', 'lock-screen', 'lock-screen', 'lock-screen']);
    } finally {
      watch.stop();
    }
  });

  itWithTools(TOOLS)('holds sleep with a delay lock, lets it go only after the stores are locked, and takes it again on resume', async () => {
    const log = newLog();
    const changes: (readonly BusWatchStatus[])[] = [];
    const watch = watchSessionLock({
      env: envFor(),
      buses: ['system'],
      inhibit: holder(log),
      onChange: (statuses) => changes.push(statuses),
      onEvent: async () => {
        await new Promise((resolve) => setTimeout(resolve, 300)); // locking takes a moment
        await writeFile(log, 'locked\n', { flag: 'a' });
      },
    });
    try {
      expect(await watch.status).toEqual([{ bus: 'system', active: true, sleepDelay: { active: true } }]);
      await expect.poll(() => events(log), POLL).toEqual(['start #1']);
      sleepSignal(true);
      await expect.poll(() => events(log), POLL).toEqual(['start #1', 'locked', 'end #1 killed']);
      sleepSignal(false);
      await expect.poll(() => events(log), POLL).toEqual(['start #1', 'locked', 'end #1 killed', 'start #2']);
      await expect.poll(() => watch.current(), POLL).toEqual([{ bus: 'system', active: true, sleepDelay: { active: true } }]);
      expect(changes).toEqual([]); // an ordinary sleep and wake is not news
    } finally {
      watch.stop();
    }
    await expect.poll(() => events(log), POLL).toEqual(['start #1', 'locked', 'end #1 killed', 'start #2', 'end #2 killed']);
  });

  itWithTools(TOOLS)('keeps the new delay lock when the machine wakes before the lock finished, and lets go only of the old one', async () => {
    const log = newLog();
    const watch = watchSessionLock({
      env: envFor(),
      buses: ['system'],
      inhibit: holder(log),
      onEvent: async () => {
        await new Promise((resolve) => setTimeout(resolve, 1_500)); // a slow lock: logind gave up waiting
        await writeFile(log, 'locked\n', { flag: 'a' });
      },
    });
    try {
      await watch.status;
      await expect.poll(() => events(log), POLL).toEqual(['start #1']);
      sleepSignal(true);
      await new Promise((resolve) => setTimeout(resolve, 300));
      sleepSignal(false);
      await expect.poll(() => events(log), POLL).toEqual(['start #1', 'start #2', 'locked', 'end #1 killed']);
      expect(watch.current()).toEqual([{ bus: 'system', active: true, sleepDelay: { active: true } }]);
    } finally {
      watch.stop();
    }
  });

  itWithTools(TOOLS)('lets go of the delay lock when this process dies without stopping the watch', async () => {
    const log = newLog();
    const child = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        [
          `import { watchSessionLock } from ${JSON.stringify(new URL('../../../dist/main/session-lock.js', import.meta.url).pathname)};`,
          `const watch = watchSessionLock({ onEvent: () => undefined, buses: ['system'], inhibit: ${JSON.stringify(holder(log))} });`,
          'await watch.status;',
          'process.exit(0);',
        ].join('\n'),
      ],
      { env: envFor(), encoding: 'utf8', timeout: 20_000 },
    );
    expect(child.stderr).toBe('');
    await expect.poll(() => events(log), POLL).toEqual(['start #1', 'end #1 stdin closed']);
  });

  itWithTools(TOOLS)('says at once when a monitor dies, lets go of the delay lock, and restarts it even when a restart fails', async () => {
    const starts = join(dir, 'starts');
    const wrapper = join(dir, 'monitor.sh');
    // The second start fails (the bus is still coming back); the first and third run dbus-monitor.
    await writeFile(wrapper, `#!/bin/sh\necho $$ >> '${starts}'\n[ "$(wc -l < '${starts}')" -eq 2 ] && { echo 'bus not back yet' >&2; exit 1; }\nexec dbus-monitor "$@"\n`);
    await chmod(wrapper, 0o700);
    const log = newLog();
    const changes: (readonly BusWatchStatus[])[] = [];
    const watch = watchSessionLock({ onEvent: () => undefined, onChange: (statuses) => changes.push(statuses), env: envFor(), buses: ['system'], command: wrapper, inhibit: holder(log), restartMs: 200 });
    try {
      expect(await watch.status).toEqual([{ bus: 'system', active: true, sleepDelay: { active: true } }]);
      const [first] = (await readFile(starts, 'utf8')).split('\n');
      process.kill(Number(first), 'SIGKILL');
      await expect.poll(() => changes.at(0)?.[0], POLL).toMatchObject({ active: false, reason: expect.stringMatching(/stopped \(.*\); restarting$/), sleepDelay: { active: false } });
      expect(dbusLockTriggers(changes[0]).filter((t) => t.active)).toEqual([]);
      await expect.poll(() => changes.some((c) => /bus not back yet; retrying/.test(c[0]?.reason ?? '')), POLL).toBe(true);
      await expect.poll(() => watch.current(), POLL).toEqual([{ bus: 'system', active: true, sleepDelay: { active: true } }]);
      expect((await readFile(starts, 'utf8')).split('\n').filter(Boolean)).toHaveLength(3);
      expect(await events(log)).toEqual(['start #1', 'end #1 killed', 'start #2']);
    } finally {
      watch.stop();
    }
  });

  it('gives the reason a monitor printed even when its stderr arrives after it exited', async () => {
    const wrapper = join(dir, 'late-reason.sh');
    // The monitor exits at once; a child it left behind prints the reason a moment later.
    await writeFile(wrapper, `#!/bin/sh\n(sleep 0.1; echo 'Failed to open connection to system bus' >&2) &\nexit 1\n`);
    await chmod(wrapper, 0o700);
    const watch = watchSessionLock({ onEvent: () => undefined, buses: ['system'], command: wrapper, inhibit: ['true'], stderrWaitMs: 10_000 });
    const statuses = await watch.status;
    watch.stop();
    expect(statuses).toEqual([{ bus: 'system', active: false, reason: 'Failed to open connection to system bus' }]);
  });

  it('counts a monitor that ended as failed, even when its settle time passes while its stderr is awaited', async () => {
    const wrapper = join(dir, 'ends-before-settled.sh');
    // Ends at once but leaves stderr open past the settle time: the failed start must stay a failed start.
    await writeFile(wrapper, `#!/bin/sh\n(sleep 0.6; echo 'no bus here' >&2) &\nexit 1\n`);
    await chmod(wrapper, 0o700);
    const watch = watchSessionLock({ onEvent: () => undefined, buses: ['system'], command: wrapper, inhibit: ['true'], settleMs: 200, stderrWaitMs: 10_000 });
    const statuses = await watch.status;
    watch.stop();
    expect(statuses).toEqual([{ bus: 'system', active: false, reason: 'no bus here' }]);
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
