// `npm start`'s entry (dist/main/start.js) on a machine without the Electron binary: it says so, starts
// the system-Chromium host headless when there is no display, says what locks the stores on suspend and
// screen lock (watched on a private D-Bus here), and quits cleanly on Ctrl-C / SIGTERM.

import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { rm, stat } from 'node:fs/promises';
import { describe, expect } from 'vitest';
import { DBUS_TOOLS, privateBusForSuite } from '../support/dbus.js';
import { findTool, itWithTools } from '../support/tools.js';

const START = new URL('../../dist/main/start.js', import.meta.url).pathname;
const SHOT = new URL('../../test-output/start.png', import.meta.url).pathname;
const TOOLS = [findTool('/usr/bin/chromium', ['--version'], 'chromium'), ...DBUS_TOOLS];

describe('npm start without Electron', () => {
  const privateBus = privateBusForSuite(TOOLS);

  itWithTools(TOOLS)('runs the UI in the system Chromium, says which locks are watched, and stops on SIGTERM', { timeout: 90_000 }, async () => {
    const bus = privateBus();
    const env: NodeJS.ProcessEnv = { ...process.env, BREAKGLASS_HOST: 'chromium', DBUS_SYSTEM_BUS_ADDRESS: bus.address, DBUS_SESSION_BUS_ADDRESS: bus.address };
    delete env.DISPLAY;
    delete env.WAYLAND_DISPLAY;
    await rm(SHOT, { force: true });
    const child = spawn(process.execPath, [START], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const said: string[] = [];
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const running = new Promise<void>((resolve, reject) => {
      createInterface({ input: child.stderr! }).on('line', (line) => {
        said.push(line);
        if (/Press Ctrl-C to quit/.test(line)) resolve();
      });
      void exited.then((code) => reject(new Error(`start.js exited (${code}) before the app ran:\n${said.join('\n')}`)));
    });
    try {
      await running;
      await expect.poll(() => said.join('\n'), { timeout: 10_000 }).toMatch(/stores lock on suspend and on logind screen lock; when the desktop's screen saver starts/);
      const text = said.join('\n');
      expect(text).toMatch(/starting the same UI in the system Chromium host/);
      expect(text).toMatch(/there is no display/);
      expect((await stat(SHOT)).size).toBeGreaterThan(10_000);
      bus.signal('/org/freedesktop/login1', 'org.freedesktop.login1.Manager.PrepareForSleep', 'boolean:true');
      await expect.poll(() => said.join('\n')).toMatch(/locked every store: the machine is going to sleep/);
      bus.signal('/org/freedesktop/ScreenSaver', 'org.freedesktop.ScreenSaver.ActiveChanged', 'boolean:true');
      await expect.poll(() => said.join('\n')).toMatch(/locked every store: the screen was locked/);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
