/// <reference lib="dom" />
// The Copy button says why it cannot copy before it is pressed: on a host without a clipboard tool it is
// disabled and the reason stands beside it as soon as the account opens; on a host with one it is enabled
// and says nothing. Screenshots at 1024×700 and 1360×900.

import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { createBreakglassApp, type ClipboardPort } from '../../src/app/index.js';
import type { ChromiumHost } from '../../main/chromium/host.js';
import { testPorts } from '../support/ports.js';
import { REPO_ROOT, startUiHost } from '../support/ui-host.js';
import { openVaultSet, unlockWithPassphrase } from '../support/ui-steps.js';
import { findTool, itWithTools } from '../support/tools.js';

const chromium = findTool('/usr/bin/chromium', ['--version'], 'chromium');
const shots = process.env.BREAKGLASS_SHOTS ?? join(REPO_ROOT, 'test-output', 'e2e-ux');
const VAULT = 'copy unavailable vault passphrase';
const ACCOUNT = '111111111111';

/** A vault set with one account, and the UI on a host with or without a clipboard. */
async function start(name: string, viewport: { width: number; height: number }, clipboard?: ClipboardPort): Promise<{ root: string; host: ChromiumHost }> {
  const root = await mkdtemp(join(tmpdir(), 'bg-e2e-copy-'));
  const dir = join(root, 'set');
  const setup = createBreakglassApp(testPorts(`${name}-setup`));
  await setup.createVaultSet({ dir, kdfProfile: 'test', password: { passphrase: VAULT }, mfa: { passphrase: 'copy unavailable mfa passphrase' } });
  await setup.unlockStore({ store: 'password-vault', secret: { passphrase: VAULT } });
  await setup.addAccount({ accountId: ACCOUNT, name: 'Management', accountClass: 'management', email: 'root@example.com', generatePassword: true });
  await setup.lockAll();
  const app = createBreakglassApp({ ...testPorts(name), host: { name: 'system Chromium host', networkInterfaces: () => ({}) }, ...(clipboard ? { clipboard } : {}) });
  const host = await startUiHost(app, { viewport });
  await openAccount(host.page, dir);
  return { root, host };
}

async function openAccount(page: Page, dir: string): Promise<void> {
  await openVaultSet(page, dir);
  await unlockWithPassphrase(page, 'password-vault', VAULT);
  await page.getByTestId('nav-accounts').click();
  await page.getByTestId(`account-open-${ACCOUNT}`).click();
  await page.getByTestId('copy-password').waitFor();
}

describe.each([
  { width: 1024, height: 700 },
  { width: 1360, height: 900 },
] as const)('Copy on a host without a clipboard tool at $width×$height (Chromium host)', (viewport) => {
  let started: { root: string; host: ChromiumHost } | undefined;

  beforeAll(async () => {
    if (!chromium.available) return;
    await mkdir(shots, { recursive: true });
    started = await start(`copy-none-${viewport.width}`, viewport);
  });

  afterAll(async () => {
    await started?.host.close();
    if (started) await rm(started.root, { recursive: true, force: true });
  });

  itWithTools([chromium])('is disabled and says why before it is pressed', { timeout: 60_000 }, async () => {
    const page = started!.host.page;
    const reason = page.getByTestId('copy-unavailable');
    await reason.waitFor();
    await expect(reason.textContent()).resolves.toBe('Copy is off here. This workstation has no clipboard tool the app can use (wl-copy, xclip or xsel): install xclip, or use Reveal instead.');
    await expect(page.getByTestId('copy-password').isDisabled()).resolves.toBe(true);
    await expect(page.getByTestId('copy-password').getAttribute('aria-describedby')).resolves.toBe('copy-unavailable');
    // Nothing was pressed: the status line after a copy attempt is still empty.
    await expect(page.getByTestId('copy-status').getAttribute('data-state')).resolves.toBe('idle');
    await page.getByTestId('copy-password').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, `copy-unavailable-${viewport.width}x${viewport.height}.png`) });
  });
});

describe('Copy on a host with a clipboard tool (Chromium host)', () => {
  let started: { root: string; host: ChromiumHost } | undefined;
  const writes: string[] = [];

  beforeAll(async () => {
    if (!chromium.available) return;
    const clipboard: ClipboardPort = {
      writeText: async (text) => void writes.push(text),
      readText: async () => writes.at(-1) ?? '',
    };
    started = await start('copy-tool', { width: 1024, height: 700 }, clipboard);
  });

  afterAll(async () => {
    await started?.host.close();
    if (started) await rm(started.root, { recursive: true, force: true });
  });

  itWithTools([chromium])('is enabled, gives no reason, and copies', { timeout: 60_000 }, async () => {
    const page = started!.host.page;
    await expect(page.getByTestId('copy-password').isEnabled()).resolves.toBe(true);
    await expect(page.getByTestId('copy-unavailable').count()).resolves.toBe(0);
    await page.getByTestId('copy-password').click();
    // The app's test clock is fixed in the past, so the page may already count the clear time as passed:
    // either way the copy was made, not refused.
    await expect.poll(() => page.getByTestId('copy-status').getAttribute('data-state')).toMatch(/^(copied|cleared)$/);
    expect(writes).toHaveLength(1);
  });
});
