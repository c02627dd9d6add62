/// <reference lib="dom" />
// The idle lock says on screen what it did: after the idle time set in Settings every store is locked and
// a notice names when and why, until dismissed. The page's clock is Playwright's fake clock, moved on by
// hand, so nothing waits for real minutes. Screenshots at 1024×700 and 1360×900 (BREAKGLASS_SHOTS).

import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { createBreakglassApp, type BreakglassApp } from '../../src/app/index.js';
import type { ChromiumHost } from '../../main/chromium/host.js';
import { testPorts } from '../support/ports.js';
import { chromium, shotsDir, startUiHost, useFakeClock } from '../support/ui-host.js';
import { itWithTools } from '../support/tools.js';

const shots = shotsDir('e2e-ux');
const PASSPHRASE = 'idle lock vault passphrase';

describe.each([
  { width: 1024, height: 700 },
  { width: 1360, height: 900 },
] as const)('idle lock notice at $width×$height (Chromium host)', (viewport) => {
  let root: string;
  let host: ChromiumHost | undefined;
  let page: Page;
  let uiApp: BreakglassApp;

  beforeAll(async () => {
    if (!chromium.available) return;
    root = await mkdtemp(join(tmpdir(), 'bg-e2e-idle-'));
    await mkdir(shots, { recursive: true });
    const dir = join(root, 'set');
    uiApp = createBreakglassApp({ ...testPorts(`idle-${viewport.width}`), host: { name: 'system Chromium host', networkInterfaces: () => ({}) } });
    await uiApp.createVaultSet({ dir, kdfProfile: 'test', password: { passphrase: PASSPHRASE }, mfa: { passphrase: 'idle lock mfa passphrase' } });
    host = await startUiHost(uiApp, { viewport });
    page = host.page;
    await useFakeClock(host, { localStorage: { 'breakglass.idleLockMinutes': '1' } });
  });

  afterAll(async () => {
    await host?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  itWithTools([chromium])('says that the stores were locked, when and why', { timeout: 60_000 }, async () => {
    await uiApp.unlockStore({ store: 'password-vault', secret: { passphrase: PASSPHRASE } });
    await page.clock.runFor(6_000); // the status poll sees the unlocked vault
    await expect.poll(() => page.getByTestId('status-unlocked').textContent()).toMatch(/PW|password/i);
    await expect(page.getByTestId('idle-lock-notice').count()).resolves.toBe(0);
    await page.getByTestId('actors-input').fill('Zoe Auditor');
    await page.clock.runFor(70_000);
    await expect.poll(() => page.getByTestId('idle-lock-notice').count(), { timeout: 10_000 }).toBe(1);
    await expect(page.getByTestId('idle-lock-notice').textContent()).resolves.toMatch(/Every store was locked at \d\d:\d\d UTC after 1 minute without keyboard or mouse input/);
    expect((await uiApp.getStatus()).stores['password-vault']?.unlockedAt).toBeUndefined();
    // Nothing is open any more: the names of the sitting are forgotten with it.
    await expect.poll(() => page.getByTestId('actors-input').inputValue()).toBe('');
    await page.screenshot({ path: join(shots, `idle-lock-${viewport.width}x${viewport.height}.png`) });
    await page.getByTestId('idle-lock-notice-dismiss').click();
    await expect(page.getByTestId('idle-lock-notice').count()).resolves.toBe(0);
  });
});
