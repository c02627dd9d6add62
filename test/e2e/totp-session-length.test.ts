/// <reference lib="dom" />
// The TOTP login screen takes the session length in whole minutes, 1–15 (default 5), as the CLI's
// --duration and the README do: its label says so, a length outside the range is refused with that range,
// and a running session shows its time left in minutes and seconds. Screenshots at 1024×700 and 1360×900
// (BREAKGLASS_SHOTS). FORMAT.md §11.4.

import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { createBreakglassApp } from '../../src/app/index.js';
import type { ChromiumHost } from '../../main/chromium/host.js';
import { testPorts } from '../support/ports.js';
import { REPO_ROOT, startUiHost } from '../support/ui-host.js';
import { openVaultSet } from '../support/ui-steps.js';
import { findTool, itWithTools } from '../support/tools.js';

const chromium = findTool('/usr/bin/chromium', ['--version'], 'chromium');
const shots = process.env.BREAKGLASS_SHOTS ?? join(REPO_ROOT, 'test-output', 'e2e-session-length');
const ACCOUNT = '123456789012';
const MFA = 'session length mfa passphrase';

describe.each([
  { width: 1024, height: 700 },
  { width: 1360, height: 900 },
] as const)('TOTP session length at $width×$height (Chromium host)', (viewport) => {
  let root: string;
  let host: ChromiumHost | undefined;
  let page: Page;
  const byId = (id: string) => page.getByTestId(id);

  beforeAll(async () => {
    if (!chromium.available) return;
    root = await mkdtemp(join(tmpdir(), 'bg-e2e-session-length-'));
    await mkdir(shots, { recursive: true });
    const dir = join(root, 'set');
    const setup = createBreakglassApp(testPorts(`session-length-${viewport.width}`));
    await setup.createVaultSet({ dir, kdfProfile: 'test', password: { passphrase: 'session length vault passphrase' }, mfa: { passphrase: MFA } });
    await setup.unlockStore({ store: 'mfa-seeds', secret: { passphrase: MFA } });
    await setup.addMfaDevice({ type: 'virtual', accountId: ACCOUNT, name: 'root-mfa-1', seed: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' });
    await setup.lockAll();
    const uiApp = createBreakglassApp({ ...testPorts(`session-length-ui-${viewport.width}`), host: { name: 'system Chromium host', networkInterfaces: () => ({}) } });
    host = await startUiHost(uiApp, { viewport });
    page = host.page;
    await openVaultSet(page, dir);
  });

  afterAll(async () => {
    await host?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  itWithTools([chromium])('labels, checks and shows the session length in minutes', { timeout: 90_000 }, async () => {
    await byId('nav-totp').click();
    await byId('totp-account').selectOption(ACCOUNT);
    await expect(page.locator('label[for="totp-duration"]').textContent()).resolves.toBe('Session length (minutes, 1–15)');
    await expect(byId('totp-duration').inputValue()).resolves.toBe('5');
    await byId('totp-mode-passphrase').check();
    await byId('totp-passphrase').fill(MFA);

    for (const bad of ['16', '0']) {
      await byId('totp-duration').fill(bad);
      await byId('totp-start').click();
      await expect.poll(() => byId('totp-error').textContent()).toContain(`The session length is whole minutes from 1 to 15 (default 5): “${bad}” was given.`);
    }
    expect(await byId('totp-running').count()).toBe(0);
    await page.screenshot({ path: join(shots, `session-length-refused-${viewport.width}x${viewport.height}.png`) });

    await byId('totp-duration').fill('10');
    await byId('totp-start').click();
    await byId('totp-running').waitFor({ timeout: 30_000 });
    // The app's clock is the test clock, which stands still: the whole ten minutes are left.
    await expect.poll(() => byId('totp-expires').textContent()).toBe('10 min 00 s (then the seed is wiped)');
    await page.screenshot({ path: join(shots, `session-length-running-${viewport.width}x${viewport.height}.png`) });
    await byId('totp-end').click();
    await byId('totp-ended').waitFor();
  });
});
