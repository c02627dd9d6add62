/// <reference lib="dom" />
// The TOTP login takes the clock offset from the UTC time a trusted clock shows: the app compares it with
// the workstation clock (the app's injected clock, standing still at 08:00:00 UTC here, so the numbers are
// exact), says which way and how far the workstation is off, and applies it only when asked — on the start
// form and in a running session. Bad times are refused in words. Screenshots at 1024×700 and 1360×900
// (BREAKGLASS_SHOTS). FORMAT.md §11.3.

import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { createBreakglassApp } from '../../src/app/index.js';
import type { ChromiumHost } from '../../main/chromium/host.js';
import { testPorts } from '../support/ports.js';
import { REPO_ROOT, startUiHost } from '../support/ui-host.js';
import { findTool, itWithTools } from '../support/tools.js';

const chromium = findTool('/usr/bin/chromium', ['--version'], 'chromium');
const shots = process.env.BREAKGLASS_SHOTS ?? join(REPO_ROOT, 'test-output', 'e2e-trusted-time');
const ACCOUNT = '123456789012';
const MFA = 'trusted time mfa passphrase';

describe.each([
  { width: 1024, height: 700 },
  { width: 1360, height: 900 },
] as const)('TOTP trusted-time entry at $width×$height (Chromium host)', (viewport) => {
  let root: string;
  let host: ChromiumHost | undefined;
  let page: Page;
  const byId = (id: string) => page.getByTestId(id);
  const size = `${viewport.width}x${viewport.height}`;

  beforeAll(async () => {
    if (!chromium.available) return;
    root = await mkdtemp(join(tmpdir(), 'bg-e2e-trusted-time-'));
    await mkdir(shots, { recursive: true });
    const dir = join(root, 'set');
    const setup = createBreakglassApp(testPorts(`trusted-time-${viewport.width}`));
    await setup.createVaultSet({ dir, kdfProfile: 'test', password: { passphrase: 'trusted time vault passphrase' }, mfa: { passphrase: MFA } });
    await setup.unlockStore({ store: 'mfa-seeds', secret: { passphrase: MFA } });
    await setup.addMfaDevice({ type: 'virtual', accountId: ACCOUNT, name: 'root-mfa-1', seed: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' });
    await setup.lockAll();
    const uiApp = createBreakglassApp({ ...testPorts(`trusted-time-ui-${viewport.width}`), host: { name: 'system Chromium host', networkInterfaces: () => ({}) } });
    host = await startUiHost(uiApp, { viewport });
    page = host.page;
    await byId('app-ready').waitFor();
    await byId('welcome-dir').fill(dir);
    await byId('welcome-open').click();
    await byId('header-vault-set').filter({ hasText: dir }).waitFor();
  });

  afterAll(async () => {
    await host?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  itWithTools([chromium])('computes, shows and applies the offset from a trusted clock', { timeout: 90_000 }, async () => {
    await byId('nav-totp').click();
    await byId('totp-account').selectOption(ACCOUNT);
    await expect(page.locator('label[for="totp-trusted-time"]').textContent()).resolves.toBe('Time on a trusted clock now, in UTC (24-hour, HH:MM:SS)');

    for (const [bad, words] of [
      ['25:00:00', 'hours run 0–23'],
      ['9:14', 'The seconds are needed too'],
      ['abc', '“abc” is not a time'],
    ] as const) {
      await byId('totp-trusted-time').fill(bad);
      await byId('totp-trusted-compute').click();
      await expect.poll(() => byId('totp-trusted-error').textContent()).toContain(words);
    }
    await page.screenshot({ path: join(shots, `trusted-time-refused-${size}.png`) });
    await byId('totp-trusted-time').fill('20:00:00');
    await byId('totp-trusted-compute').click();
    await expect.poll(() => byId('totp-trusted-error').textContent()).toContain('beyond the offset allowed');

    // The workstation says 08:00:00 UTC; the trusted clock 8:00:42. Nothing is applied before the button.
    await byId('totp-trusted-time').fill('8:00:42');
    await byId('totp-trusted-compute').click();
    await expect.poll(() => byId('totp-trusted-result').textContent()).toContain('The workstation is 42 s behind the trusted clock.');
    expect(await byId('totp-trusted-error').count()).toBe(0);
    await expect(byId('totp-offset').inputValue()).resolves.toBe('');
    await byId('totp-trusted-result').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, `trusted-time-computed-${size}.png`) });
    await byId('totp-trusted-apply').click();
    await expect.poll(() => byId('totp-offset').inputValue()).toBe('+42s');
    expect(await byId('totp-trusted-result').count()).toBe(0);

    await byId('totp-mode-passphrase').check();
    await byId('totp-passphrase').fill(MFA);
    await byId('totp-start').click();
    await byId('totp-running').waitFor({ timeout: 30_000 });
    await expect.poll(() => byId('totp-codes-utc').textContent()).toContain('(offset +42s)');

    // In the running session: a trusted 07:59:30 against the workstation's 08:00:00 means 30 s ahead.
    await byId('totp-running-trusted-time').fill('07:59:30');
    await byId('totp-running-trusted-compute').click();
    await expect.poll(() => byId('totp-running-trusted-result').textContent()).toContain('The workstation is 30 s ahead of the trusted clock.');
    await byId('totp-running-trusted-apply').click();
    await expect.poll(() => byId('totp-codes-utc').textContent()).toContain('(offset -30s)');
    await expect.poll(() => byId('totp-offset-set').inputValue()).toBe('-30s');
    await page.screenshot({ path: join(shots, `trusted-time-running-${size}.png`) });
    await byId('totp-end').click();
    await byId('totp-ended').waitFor();
  });
});
