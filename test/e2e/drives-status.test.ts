/// <reference lib="dom" />
// The Drives screen tells the truth about a copy: after a verify finds a damaged copy, the drive's row, its
// "Holds" cell and "Is every copy current?" all say damaged (never "verified" or "holds the current"), and
// the verdict reads as one clean sentence. The system disk (/) is left off the list unless asked for.
// Screenshots at 1024×700 and 1360×900 (BREAKGLASS_SHOTS, else test-output/).

import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
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
const PASSPHRASE = 'drives status vault passphrase';

describe.each([
  { width: 1024, height: 700 },
  { width: 1360, height: 900 },
] as const)('Drives status at $width×$height (Chromium host)', (viewport) => {
  let root: string;
  let usb: string;
  let host: ChromiumHost | undefined;
  let page: Page;
  let uiApp: BreakglassApp;
  const shot = (file: string) => join(shots, `drives-${viewport.width}x${viewport.height}-${file}.png`);

  beforeAll(async () => {
    if (!chromium.available) return;
    root = await mkdtemp(join(tmpdir(), 'bg-e2e-drives-'));
    await mkdir(shots, { recursive: true });
    const dir = join(root, 'set');
    usb = join(root, 'usb-PW-B');
    await mkdir(usb);
    uiApp = createBreakglassApp({
      ...testPorts(`drives-status-${viewport.width}`),
      host: { name: 'system Chromium host', networkInterfaces: () => ({}) },
      drives: {
        list: async () => [
          { mountPoint: '/', device: '/dev/sda2', label: null, uuid: 'ROOT-UUID-0000', serial: 'SYSTEM-DISK-SERIAL', transport: 'sata', removable: false, sizeBytes: 5e11, freeBytes: 2e11 },
          { mountPoint: usb, device: '/dev/sdb1', label: 'PW-B offsite', uuid: '2222-BBBB', serial: 'USB-SERIAL-PW-B-42', transport: 'usb', removable: true, sizeBytes: 8e9, freeBytes: 7e9 },
        ],
        hotplug: () => ({ active: false, reason: 'test drives' }),
      },
    });
    await uiApp.createVaultSet({ dir, kdfProfile: 'test', password: { passphrase: PASSPHRASE }, mfa: { passphrase: 'drives status mfa passphrase' } });
    await uiApp.unlockStore({ store: 'password-vault', secret: { passphrase: PASSPHRASE } });
    await uiApp.exportStore({ store: 'password-vault', mountPoint: usb, driveName: 'PW-B offsite', location: 'offsite safe, Lisbon' });
    await uiApp.lockAll();
    host = await startUiHost(uiApp, { viewport });
    page = host.page;
    await page.getByTestId('app-ready').waitFor();
  });

  afterAll(async () => {
    await host?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  itWithTools([chromium])('leaves the system disk off the list until the custodian asks for it', { timeout: 60_000 }, async () => {
    await page.getByTestId('nav-drives').click();
    await page.getByTestId('drives-table').waitFor();
    const mountPoints = () => page.locator('[data-testid="drives-table"] tr.drive-facts-row td:first-child .mono').allTextContents();
    await expect.poll(mountPoints).toEqual([usb]);
    await expect(page.getByTestId('drives-show-system').textContent()).resolves.toMatch(/The system disk \(\/\) is not listed/);
    await page.screenshot({ path: shot('system-disk-hidden'), fullPage: true });
    await page.getByTestId('drives-show-system-toggle').check();
    await expect.poll(mountPoints).toEqual(['/', usb]);
    await page.getByTestId('drives-show-system-toggle').uncheck();
    await expect.poll(mountPoints).toEqual([usb]);
  });

  itWithTools([chromium])('a verify that finds a damaged copy shows it damaged in the row, the holdings and the freshness list', { timeout: 60_000 }, async () => {
    await page.getByTestId('nav-drives').click();
    await page.getByTestId('drives-table').waitFor();
    // Before: the copy is sound and says so.
    await expect.poll(() => page.getByTestId('drives-freshness').textContent()).toMatch(/PW-B offsite holds the current password vault/);
    await expect(page.getByTestId('drive-verified-0').textContent()).resolves.toMatch(/^verified \d{4}-\d\d-\d\d$/);

    // One byte of the store file on the drive flips.
    const manifest = JSON.parse(await readFile(join(usb, 'BREAKGLASS', 'manifest.json'), 'utf8')) as { store: { file: string } };
    const storeFile = join(usb, 'BREAKGLASS', manifest.store.file);
    const bytes = await readFile(storeFile);
    bytes[bytes.length - 5] = bytes[bytes.length - 5]! ^ 0xff;
    await writeFile(storeFile, bytes);

    await page.getByTestId('drive-verify-0').click();
    await expect(page.getByTestId('drive-verify-summary').getAttribute('data-ok')).resolves.toBe('false');
    await expect(page.getByTestId('drive-verify-summary').textContent()).resolves.toMatch(/counts as damaged until you export to this drive again/);
    const facts = (await page.getByTestId('drive-verify-facts').textContent()) ?? '';
    expect(facts).toMatch(/^Drive “PW-B offsite” · exported \d{4}-\d\d-\d\d/);
    expect(facts).not.toMatch(/[.”]\s*[.,]|\.,/);

    await expect.poll(() => page.getByTestId('drive-damaged-0').count()).toBe(1);
    await expect(page.getByTestId('drive-damaged-0').textContent()).resolves.toMatch(/damaged copy: failed verification \d{4}-\d\d-\d\d/);
    await expect(page.getByTestId('drive-verified-0').count()).resolves.toBe(0);
    await expect(page.getByTestId('drive-holds-damaged-0').textContent()).resolves.toMatch(/this copy is damaged: export to this drive again/);
    await expect(page.getByTestId('drive-holds-damaged-0').getAttribute('title')).resolves.toMatch(/does not match its manifest/);
    const item = page.getByTestId('drives-freshness-item');
    await expect(item.getAttribute('data-damaged')).resolves.toBe('yes');
    await expect(item.textContent()).resolves.toMatch(/PW-B offsite's copy of the password vault \(generation \d+\) is damaged: it failed verification on/);
    await expect(page.getByTestId('drives-freshness').textContent()).resolves.not.toMatch(/holds the current/);
    await page.screenshot({ path: shot('damaged-verify'), fullPage: true });
    await page.getByTestId('drive-row-0').scrollIntoViewIfNeeded();
    await page.screenshot({ path: shot('damaged-row') });
    await page.getByTestId('drives-freshness').scrollIntoViewIfNeeded();
    await page.screenshot({ path: shot('damaged-freshness') });

    // A new export replaces the copy: the drive is sound again everywhere.
    await uiApp.unlockStore({ store: 'password-vault', secret: { passphrase: PASSPHRASE } });
    await page.getByTestId('drive-export-password-vault-0').click();
    await page.getByTestId('drive-export-result').waitFor();
    await expect.poll(() => page.getByTestId('drive-damaged-0').count()).toBe(0);
    await expect(page.getByTestId('drive-verified-0').count()).resolves.toBe(1);
    await expect(page.getByTestId('drives-freshness-item').getAttribute('data-damaged')).resolves.toBe('no');
    await uiApp.lockAll();
  });
});
