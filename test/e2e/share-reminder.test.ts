/// <reference lib="dom" />
// The status bar's "Share sheets to print" reminder ends once a store's issued sheets are saved (or
// printed); the Print screen keeps offering them for a reprint until they are forgotten.
// Screenshots at 1024×700 and 1360×900 (BREAKGLASS_SHOTS).

import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { createBreakglassApp, type BreakglassApp } from '../../src/app/index.js';
import type { ChromiumHost } from '../../main/chromium/host.js';
import { testPorts } from '../support/ports.js';
import { chromium, shotsDir, startUiHost } from '../support/ui-host.js';
import { itWithTools } from '../support/tools.js';

const shots = shotsDir('e2e-ux');

describe.each([
  { width: 1024, height: 700 },
  { width: 1360, height: 900 },
] as const)('share sheets reminder at $width×$height (Chromium host)', (viewport) => {
  let root: string;
  let host: ChromiumHost | undefined;
  let page: Page;
  let uiApp: BreakglassApp;
  const shot = (step: string) => page.screenshot({ path: join(shots, `share-reminder-${step}-${viewport.width}x${viewport.height}.png`) });

  beforeAll(async () => {
    if (!chromium.available) return;
    root = await mkdtemp(join(tmpdir(), 'bg-e2e-reminder-'));
    await mkdir(join(root, 'out'));
    uiApp = createBreakglassApp({ ...testPorts(`reminder-${viewport.width}`), host: { name: 'system Chromium host', networkInterfaces: () => ({}) } });
    await uiApp.createVaultSet({
      dir: join(root, 'set'),
      kdfProfile: 'test',
      password: { shares: { threshold: 2, custodians: [{ name: 'Ana Lima' }, { name: 'Ben Okafor' }] } },
      mfa: { shares: { threshold: 2, custodians: [{ name: 'Dana Kim' }, { name: 'Eli Cohen' }] } },
    });
    host = await startUiHost(uiApp, { viewport });
    page = host.page;
    await page.getByTestId('app-ready').waitFor();
  });

  afterAll(async () => {
    await host?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  const saveSheets = async (store: 'password-vault' | 'mfa-seeds', file: string) => {
    await page.getByTestId('print-store').selectOption(store);
    await page.getByTestId('print-out-file').fill(join(root, 'out', file));
    await page.getByTestId('print-submit').click();
    await expect.poll(() => page.getByTestId('print-result-files').textContent()).toContain(file.replace(/\.pdf$/, ''));
  };

  itWithTools([chromium])('ends once both stores’ sheets are saved, and keeps them for a reprint until forgotten', { timeout: 60_000 }, async () => {
    await expect.poll(() => page.getByTestId('status-pending-shares').textContent()).toBe('Share sheets to print: PW, MFA');
    await page.getByTestId('status-pending-shares').click();
    await page.getByTestId('print-screen').waitFor();
    await expect(page.getByTestId('print-document').inputValue()).resolves.toBe('shares');

    await saveSheets('password-vault', 'pw-sheets.pdf');
    await expect.poll(() => page.getByTestId('status-pending-shares').textContent()).toBe('Share sheets to print: MFA');
    await shot('1-one-left');

    await saveSheets('mfa-seeds', 'mfa-sheets.pdf');
    await expect.poll(() => page.getByTestId('status-pending-shares').count()).toBe(0);
    expect((await readdir(join(root, 'out'))).length).toBe(4); // one file per custodian's sheet
    // Still held for a reprint: the Print screen offers them and asks before forgetting them.
    await expect(page.getByTestId('print-no-shares').count()).resolves.toBe(0);
    await expect(page.getByTestId('print-discard-card').textContent()).resolves.toMatch(/still held by the app \(PW, MFA\)/);
    // Saved to files, so the card says saved, never "printed".
    await expect(page.getByTestId('print-discard-card').textContent()).resolves.toMatch(/^Share sheets were saved to a file\. /);
    await shot('2-all-saved');
    await page.getByTestId('print-discard').click();
    await page.getByTestId('print-discard-confirm').click();
    await page.getByTestId('print-discarded').waitFor();
    await expect.poll(() => page.getByTestId('print-no-shares').count()).toBe(1);
  });
});
