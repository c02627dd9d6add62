// `npm start`'s entry (dist/main/start.js) on a machine without the Electron binary: it says so, starts
// the system-Chromium host headless when there is no display, says what locks the stores on suspend and
// screen lock (watched on a private D-Bus here), and quits cleanly on Ctrl-C / SIGTERM. In-process, the same
// desktop (main/chromium/desktop.ts) locks an unlocked store on a suspend signal and its Settings list it.

import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { startChromiumDesktop } from '../../main/chromium/desktop.js';
import { DBUS_TOOLS, privateBusForSuite } from '../support/dbus.js';
import { testPorts } from '../support/ports.js';
import { findTool, itWithTools } from '../support/tools.js';

const START = new URL('../../dist/main/start.js', import.meta.url).pathname;
const SHOT = new URL('../../test-output/start.png', import.meta.url).pathname;
const TOOLS = [findTool('/usr/bin/chromium', ['--version'], 'chromium'), ...DBUS_TOOLS];
const PASSPHRASE = 'desktop lock test passphrase';

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
      await expect.poll(() => said.join('\n'), { timeout: 10_000 }).toMatch(
        /stores lock on: suspend \(logind, D-Bus\); screen lock \(logind: lock-session, LockedHint\); the desktop's screen saver \(D-Bus\)\. Not here: sleep waits until the stores are locked \(logind delay lock\) \(.+\)\./,
      );
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

  itWithTools(TOOLS)('in the window: a suspend locks an unlocked store at once, and Settings lists what is watched', { timeout: 90_000 }, async () => {
    const bus = privateBus();
    const root = await mkdtemp(join(tmpdir(), 'bg-desktop-'));
    const said: string[] = [];
    const desktop = await startChromiumDesktop({
      rendererDir: new URL('../../dist/renderer', import.meta.url).pathname,
      headless: true,
      say: (text) => said.push(text),
      platform: 'linux',
      env: { ...process.env, DBUS_SYSTEM_BUS_ADDRESS: bus.address, DBUS_SESSION_BUS_ADDRESS: bus.address },
      ports: ({ lockTriggers }) => ({ ...testPorts('desktop'), host: { name: 'system Chromium host', networkInterfaces: () => ({}), lockTriggers } }),
    });
    try {
      const page = desktop.host.page;
      await desktop.watch?.status;
      await desktop.app.createVaultSet({ dir: join(root, 'set'), kdfProfile: 'test', password: { passphrase: PASSPHRASE }, mfa: { passphrase: `${PASSPHRASE} mfa` } });
      // The page's clock is paused (Playwright's fake clock), so its status poll (every 5 s) runs only when the
      // test moves the clock on: what updates the status bar after the suspend can only be the host's event.
      const now = Date.now();
      await page.clock.install({ time: now });
      await page.clock.pauseAt(now + 1_000);
      await page.reload();
      await page.getByTestId('app-ready').waitFor();
      await desktop.app.unlockStore({ store: 'password-vault', secret: { passphrase: PASSPHRASE } });
      await page.clock.runFor(6_000); // one status poll, by hand: it shows the unlocked vault
      await expect.poll(() => page.getByTestId('status-unlocked').textContent()).toMatch(/password vault/i);
      bus.signal('/org/freedesktop/login1', 'org.freedesktop.login1.Manager.PrepareForSleep', 'boolean:true');
      await expect.poll(() => said).toContain('locked every store: the machine is going to sleep.');
      // Shown at once, without the next status poll (the clock stays paused).
      await expect.poll(() => page.getByTestId('status-unlocked').textContent()).not.toMatch(/password vault/i);
      await page.clock.resume();
      await page.getByTestId('nav-settings').click();
      const items = page.getByTestId('settings-lock-triggers').locator('li');
      await expect.poll(() => items.count()).toBe(4);
      // Suspend, logind screen lock and the screen saver are watched on the private bus; the delay lock needs a
      // real logind, so its state depends on the machine (it says why where it is off).
      const states = await items.evaluateAll((lis) => lis.map((li) => `${li.getAttribute('data-state')} ${li.textContent ?? ''}`));
      expect(states).toEqual([
        expect.stringMatching(/^on ✓ suspend \(logind, D-Bus\)$/),
        expect.stringMatching(/^(on ✓|off ✗) sleep waits until the stores are locked/),
        expect.stringMatching(/^on ✓ screen lock \(logind/),
        expect.stringMatching(/^on ✓ the desktop's screen saver/),
      ]);
      await page.screenshot({ path: new URL('../../test-output/desktop-settings.png', import.meta.url).pathname, fullPage: true });
    } finally {
      await desktop.close();
      await rm(root, { recursive: true, force: true });
    }
  });
});
