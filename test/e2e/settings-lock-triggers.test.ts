/// <reference lib="dom" />
// Settings words a lock trigger that is off plainly ("no system bus: suspend cannot be detected on this
// machine") and shows the host's raw D-Bus message only when asked (a <details>). The host's triggers are
// those the Chromium host reports on a machine without a system bus or desktop session bus. Screenshots at
// 1024×700 and 1360×900.

import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { createBreakglassApp } from '../../src/app/index.js';
import type { ChromiumHost } from '../../main/chromium/host.js';
import { dbusLockTriggers } from '../../main/session-lock.js';
import { testPorts } from '../support/ports.js';
import { REPO_ROOT, startUiHost } from '../support/ui-host.js';
import { findTool, itWithTools } from '../support/tools.js';

const chromium = findTool('/usr/bin/chromium', ['--version'], 'chromium');
const shots = process.env.BREAKGLASS_SHOTS ?? join(REPO_ROOT, 'test-output', 'e2e-ux');
const NO_SYSTEM_BUS = 'Failed to open connection to system bus: Failed to connect to socket /run/dbus/system_bus_socket: No such file or directory';

describe.each([
  { width: 1024, height: 700 },
  { width: 1360, height: 900 },
] as const)('Settings lock triggers at $width×$height (Chromium host)', (viewport) => {
  let host: ChromiumHost | undefined;
  let page: Page;

  beforeAll(async () => {
    if (!chromium.available) return;
    await mkdir(shots, { recursive: true });
    const lockTriggers = () =>
      dbusLockTriggers([
        { bus: 'system', active: false, reason: NO_SYSTEM_BUS },
        { bus: 'session', active: false, reason: 'no desktop session bus ($DBUS_SESSION_BUS_ADDRESS is unset, no $XDG_RUNTIME_DIR/bus)' },
      ]);
    const app = createBreakglassApp({ ...testPorts(`settings-dbus-${viewport.width}`), host: { name: 'system Chromium host', networkInterfaces: () => ({}), lockTriggers } });
    host = await startUiHost(app, { viewport });
    page = host.page;
  });

  afterAll(async () => {
    await host?.close();
  });

  itWithTools([chromium])('says what a missing bus means and keeps the raw message on demand', { timeout: 60_000 }, async () => {
    await page.getByTestId('app-ready').waitFor();
    await page.getByTestId('nav-settings').click();
    const suspend = page.getByTestId('settings-lock-trigger-0');
    await suspend.waitFor();
    await expect(suspend.getAttribute('data-state')).resolves.toBe('off');
    // Off is how this host is, not an alarm: calm amber, never the red kept for what needs action now.
    await expect(suspend.evaluate((el) => getComputedStyle(el).color)).resolves.toBe('rgb(146, 64, 14)');
    await expect(page.getByTestId('settings-lock-trigger-words-0').textContent()).resolves.toBe('no system bus: suspend cannot be detected on this machine');
    await expect(page.getByTestId('settings-lock-trigger-words-3').textContent()).resolves.toMatch(/^no desktop session bus .*: the desktop's screen saver cannot be detected/);
    await expect(page.getByTestId('settings-lock-triggers-advice').textContent()).resolves.toMatch(/press Lock all before you leave/);
    // The raw text is folded away until asked for.
    const raw = page.getByTestId('settings-lock-trigger-raw-0');
    await expect(raw.locator('code').isVisible()).resolves.toBe(false);
    await expect(page.getByTestId('settings-lock-triggers').innerText()).resolves.not.toContain('system_bus_socket');
    await page.getByTestId('settings-lock-card').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, `settings-dbus-${viewport.width}x${viewport.height}.png`) });

    await raw.locator('summary').click();
    await expect(raw.locator('code').isVisible()).resolves.toBe(true);
    await expect(raw.locator('code').textContent()).resolves.toBe(NO_SYSTEM_BUS);
    await page.screenshot({ path: join(shots, `settings-dbus-raw-${viewport.width}x${viewport.height}.png`) });
  });
});
