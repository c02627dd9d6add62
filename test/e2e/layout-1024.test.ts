/// <reference lib="dom" />
// The app is usable from 1024×700 up: no screen scrolls sideways, every table stays inside its card
// (scrolling there, not breaking a heading, a word or a date in the middle), the Drives actions are not
// clipped, the key-derivation profile is said as text when only one is offered, and "Forget issued
// shares" asks before it forgets. Screenshots at 1024×700 and 1360×900 (BREAKGLASS_SHOTS, else test-output/).

import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { createBreakglassApp, type BreakglassApp, type IssuedShare } from '../../src/app/index.js';
import type { ChromiumHost } from '../../main/chromium/host.js';
import { testPorts } from '../support/ports.js';
import { chromium, shotsDir, startUiHost } from '../support/ui-host.js';
import { itWithTools } from '../support/tools.js';

const shots = shotsDir('e2e-ux');
const VIEWPORTS = [
  { width: 1024, height: 700 },
  { width: 1360, height: 900 },
] as const;
const PW = [{ name: 'Ana Lima', role: 'Head of platform security', contact: 'ana.lima@example.com' }, { name: 'Ben Okafor', role: 'Security engineer' }, { name: 'Chen Wei' }];

/** What overflows at this size: the page sideways, a table past its card, a heading or a date cell on two lines. */
async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const root = document.scrollingElement!;
    if (root.scrollWidth > root.clientWidth + 1) problems.push(`page scrolls sideways (${root.scrollWidth} > ${root.clientWidth})`);
    const main = document.querySelector('main') ?? document.body;
    if (main.scrollWidth > main.clientWidth + 1) problems.push(`main area scrolls sideways (${main.scrollWidth} > ${main.clientWidth})`);
    const lines = (el: Element) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      return new Set([...range.getClientRects()].filter((r) => r.width > 2).map((r) => Math.round(r.top))).size;
    };
    for (const table of document.querySelectorAll('table')) {
      const card = table.closest('section, .card, fieldset') ?? table.parentElement!;
      const wrap = table.closest('.table-wrap');
      const box = (wrap ?? table).getBoundingClientRect();
      if (box.right > card.getBoundingClientRect().right + 1) problems.push(`table ${table.getAttribute('data-testid')} overflows its card`);
      for (const th of table.querySelectorAll('th')) if (th.getBoundingClientRect().width > 2 && lines(th) > 1) problems.push(`heading "${th.textContent}" wraps`);
      for (const td of table.querySelectorAll('td')) {
        const text = td.textContent ?? '';
        if (/^\d{4}-\d\d-\d\d[ T]\d\d:\d\d/.test(text.trim()) && lines(td) > 1) problems.push(`date "${text}" wraps`);
      }
    }
    for (const button of document.querySelectorAll('button')) {
      const r = button.getBoundingClientRect();
      if (r.width === 0) continue;
      if (r.right > root.clientWidth + 1) problems.push(`button "${button.textContent}" is clipped at the right edge`);
    }
    return problems;
  });
}

describe.each(VIEWPORTS)('layout at $width×$height (Chromium host)', (viewport) => {
  let root: string;
  let host: ChromiumHost | undefined;
  let page: Page;
  let uiApp: BreakglassApp;
  let shares: IssuedShare[];
  const name = (file: string) => join(shots, `layout-${viewport.width}x${viewport.height}-${file}.png`);

  beforeAll(async () => {
    if (!chromium.available) return;
    root = await mkdtemp(join(tmpdir(), 'bg-e2e-layout-'));
    const dir = join(root, 'set');
    const usb = join(root, 'usb-PW-B');
    await mkdir(usb);
    await mkdir(shots, { recursive: true });
    const setup = createBreakglassApp(testPorts(`layout-${viewport.width}`));
    const created = await setup.createVaultSet({ dir, kdfProfile: 'test', password: { shares: { threshold: 2, custodians: PW } }, mfa: { shares: { threshold: 2, custodians: [{ name: 'Dana Kim' }, { name: 'Eli Cohen' }, { name: 'Fatma Yılmaz' }] } } });
    shares = [...created.issuedShares];
    // The workstation's app offers only the strong profile, as the desktop hosts do.
    uiApp = createBreakglassApp({
      ...testPorts(`layout-ui-${viewport.width}`),
      kdfProfiles: ['strong'],
      host: { name: 'system Chromium host', networkInterfaces: () => ({}) },
      drives: {
        list: async () => [
          { mountPoint: usb, device: '/dev/sdb1', label: 'PW-B offsite', uuid: '1111-AAAA', serial: 'USB-SERIAL-PW-B-0123456789', transport: 'usb', removable: true, sizeBytes: 8e9, freeBytes: 7e9 },
        ],
        hotplug: () => ({ active: false, reason: 'test drives' }),
      },
    });
    await uiApp.openVaultSet({ dir });
    const pw = shares.filter((s) => s.store === 'password-vault');
    await uiApp.unlockStore({ store: 'password-vault', secret: { shares: [pw[0]!.words.join(' '), pw[1]!.words.join(' ')] } });
    // A rotation in this window leaves issued shares for the Print screen to forget.
    await uiApp.rotateCustody({ store: 'password-vault', custody: { shares: { threshold: 2, custodians: PW } } });
    await uiApp.exportStore({ store: 'password-vault', mountPoint: usb, driveName: 'PW-B offsite', location: 'offsite safe, Lisbon' });
    host = await startUiHost(uiApp, { viewport });
    page = host.page;
    await page.getByTestId('app-ready').waitFor();
  });

  afterAll(async () => {
    await host?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  itWithTools([chromium])('no screen scrolls sideways, clips a button or breaks a heading or a date', { timeout: 90_000 }, async () => {
    const found: string[] = [];
    for (const screen of ['welcome', 'accounts', 'unlock', 'totp', 'enroll', 'custody', 'drives', 'print', 'audit', 'settings']) {
      await page.getByTestId(`nav-${screen}`).click();
      await page.waitForTimeout(600);
      await page.screenshot({ path: name(`screen-${screen}`), fullPage: true });
      found.push(...(await layoutProblems(page)).map((p) => `${screen}: ${p}`));
    }
    expect(found).toEqual([]);
  });

  itWithTools([chromium])('the key-derivation profile is text when only one is offered', { timeout: 60_000 }, async () => {
    await page.getByTestId('nav-welcome').click();
    await page.getByTestId('welcome-create').click();
    await expect(page.getByTestId('create-kdf').count()).resolves.toBe(0);
    await expect(page.getByTestId('create-kdf-profile').textContent()).resolves.toMatch(/^Strong \(RFC 9106/);
    await page.getByTestId('create-kdf-profile').scrollIntoViewIfNeeded();
    await page.screenshot({ path: name('create-kdf-text') });
  });

  itWithTools([chromium])('"Forget issued shares" asks first, and "Keep them" keeps them', { timeout: 60_000 }, async () => {
    await page.getByTestId('nav-print').click();
    await page.getByTestId('print-discard').click();
    await expect(page.getByTestId('print-discard-question').textContent()).resolves.toMatch(/can never be printed again/);
    await page.getByTestId('print-discard-question').scrollIntoViewIfNeeded();
    await page.screenshot({ path: name('forget-asks') });
    await page.getByTestId('print-discard-cancel').click();
    await expect(page.getByTestId('print-discarded').count()).resolves.toBe(0);
    await expect(page.getByTestId('print-discard').isVisible()).resolves.toBe(true);
    await page.getByTestId('print-discard').click();
    await page.getByTestId('print-discard-confirm').click();
    await page.getByTestId('print-discarded').waitFor();
  });
  itWithTools([chromium])('the Create form\'s error summary follows the fields: a fixed problem leaves it at once', { timeout: 60_000 }, async () => {
    await page.getByTestId('nav-welcome').click();
    await page.getByTestId('welcome-create').click();
    await page.getByTestId('create-submit').click();
    await expect.poll(() => page.getByTestId('create-error').textContent()).toMatch(/Give the directory for the new vault set/);
    await page.getByTestId('create-dir').fill(join(root, 'new-set'));
    await expect.poll(() => page.getByTestId('create-error').textContent()).not.toMatch(/Give the directory/);
    await page.getByTestId('create-error').scrollIntoViewIfNeeded();
    await page.screenshot({ path: name('create-summary-live') });
  });
});
