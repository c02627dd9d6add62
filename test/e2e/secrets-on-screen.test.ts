/// <reference lib="dom" />
// Secrets leave the screen as soon as they are accepted, in every screen that asks for shares (Unlock,
// TOTP login, Enroll MFA, Check share): the accepted share is shown only as "share 1 of 3 (Ana Lima) ✓
// accepted", no input holds its words, a scanned sheet's BGS1: text is never readable, and the share's
// status sits above the grid, over no input. Screenshots at 1024×700 and 1360×900 go to /work/shots/ux/.

import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { createBreakglassApp, type BreakglassApp, type IssuedShare } from '../../src/app/index.js';
import type { ChromiumHost } from '../../main/chromium/host.js';
import { testPorts } from '../support/ports.js';
import { chromium, shotsDir, startUiHost } from '../support/ui-host.js';
import { openVaultSet } from '../support/ui-steps.js';
import { itWithTools } from '../support/tools.js';

const shots = shotsDir('e2e-ux');
const ACCOUNT = '111122223333';
const VIEWPORTS = [
  { width: 1024, height: 700 },
  { width: 1360, height: 900 },
] as const;

let root: string;
let dir: string;
let shares: IssuedShare[];
let sheetPdf: string;

const shareOf = (store: string, index: number) => shares.find((s) => s.store === store && s.index === index)!;
const words = (store: string, index: number) => shareOf(store, index).words.join(' ');

/** Every text a person could read in the window: its visible text and the value of every unmasked field. */
async function readableText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const fields = [...document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea')].filter((f) => !(f instanceof HTMLInputElement && f.type === 'password'));
    return [document.body.innerText, ...fields.map((f) => f.value)].join('\n');
  });
}

/** True when no share word sequence of these shares (eight consecutive words) nor any BGS1: text can be read. */
async function expectNoShareReadable(page: Page, given: readonly IssuedShare[]): Promise<void> {
  const text = (await readableText(page)).replace(/\s+/g, ' ');
  expect(text).not.toMatch(/BGS1:[A-Z2-7]{4}/);
  for (const share of given) {
    expect(text).not.toContain(share.words.slice(0, 8).join(' '));
    expect(text).not.toContain(share.qrText);
  }
  // Not even the single words stay in the grid's cells.
  const typed = await page.locator('[data-testid*="-word-"]').evaluateAll((cells) => cells.map((c) => (c as HTMLInputElement).value).join(''));
  expect(typed).toBe('');
}

/** The share's status is above the word grid and covers no input. */
async function expectStatusAboveGrid(page: Page, prefix: string): Promise<void> {
  const status = await page.getByTestId(`${prefix}-status`).boundingBox();
  const first = await page.getByTestId(`${prefix}-word-0`).boundingBox();
  expect(status && first).toBeTruthy();
  expect(status!.y + status!.height).toBeLessThanOrEqual(first!.y);
  const overlaps = await page.evaluate((id) => {
    const box = document.querySelector(`[data-testid="${id}"]`)!.getBoundingClientRect();
    return [...document.querySelectorAll('input, textarea, select')]
      .map((el) => el.getBoundingClientRect())
      .filter((r) => r.width > 0 && r.left < box.right && r.right > box.left && r.top < box.bottom && r.bottom > box.top).length;
  }, `${prefix}-status`);
  expect(overlaps).toBe(0);
}

describe.each(VIEWPORTS)('secrets on screen at $width×$height (Chromium host)', (viewport) => {
  let host: ChromiumHost | undefined;
  let page: Page;
  let uiApp: BreakglassApp;
  const name = (file: string) => join(shots, `secrets-${viewport.width}x${viewport.height}-${file}.png`);

  beforeAll(async () => {
    if (!chromium.available) return;
    root = await mkdtemp(join(tmpdir(), 'bg-e2e-secrets-'));
    dir = join(root, 'set');
    await mkdir(shots, { recursive: true });
    const setup = createBreakglassApp(testPorts(`secrets-${viewport.width}`));
    const created = await setup.createVaultSet({
      dir,
      kdfProfile: 'test',
      password: { shares: { threshold: 2, custodians: [{ name: 'Ana Lima' }, { name: 'Ben Okafor' }, { name: 'Chen Wei' }] } },
      mfa: { shares: { threshold: 2, custodians: [{ name: 'Dana Kim' }, { name: 'Eli Cohen' }, { name: 'Fatma Yılmaz' }] } },
    });
    shares = [...created.issuedShares];
    sheetPdf = join(root, 'pw-shares.pdf');
    await setup.printDocument({ document: 'shares', store: 'password-vault', outFile: sheetPdf });
    await setup.unlockStore({ store: 'mfa-seeds', secret: { shares: [words('mfa-seeds', 1), words('mfa-seeds', 2)] } });
    await setup.addMfaDevice({ type: 'virtual', accountId: ACCOUNT, name: 'root-mfa-1', seed: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' });
    await setup.lockAll();
    uiApp = createBreakglassApp({ ...testPorts(`secrets-ui-${viewport.width}`), host: { name: 'system Chromium host', networkInterfaces: () => ({}) } });
    host = await startUiHost(uiApp, { viewport });
    page = host.page;
    await openVaultSet(page, dir);
  });

  afterAll(async () => {
    await host?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  itWithTools([chromium])('Unlock: a typed share leaves the screen once accepted; a scanned sheet never shows its BGS1: text', { timeout: 90_000 }, async () => {
    await page.getByTestId('nav-unlock').click();
    await page.getByTestId('unlock-store-select').selectOption('password-vault');
    await page.getByTestId('share-word-0').fill('abandon');
    await expectStatusAboveGrid(page, 'share');
    await page.screenshot({ path: name('01-unlock-status-above') });
    await page.getByTestId('share-word-0').fill('');

    await page.getByTestId('share-paste').fill(words('password-vault', 1));
    await expect.poll(() => page.getByTestId('share-collected-0').textContent()).toBe('share 1 of 3 (Ana Lima) ✓ accepted');
    await expectNoShareReadable(page, [shareOf('password-vault', 1)]);
    await page.screenshot({ path: name('02-unlock-first-accepted') });

    await page.getByTestId('share-scan-path').fill(sheetPdf.replace(/\.pdf$/, '-2-of-3.pdf'));
    await page.getByTestId('share-scan').click();
    await expect.poll(() => page.getByTestId('share-collected-1').textContent(), { timeout: 30_000 }).toBe('share 2 of 3 (Ben Okafor) ✓ accepted');
    await expectNoShareReadable(page, [shareOf('password-vault', 1), shareOf('password-vault', 2)]);
    await expect(page.getByTestId('share-enough').isVisible()).resolves.toBe(true);
    await page.screenshot({ path: name('03-unlock-enough') });
    await page.getByTestId('unlock-submit').click();
    await page.getByTestId('unlock-done').waitFor();
    await expectNoShareReadable(page, shares);
  });

  itWithTools([chromium])('a pasted BGS1: text is masked while it is in the paste field', { timeout: 60_000 }, async () => {
    await page.getByTestId('lock-all').click();
    await page.getByTestId('nav-unlock').click();
    await page.getByTestId('unlock-store-select').selectOption('password-vault');
    const qr = shareOf('password-vault', 3).qrText;
    await page.getByTestId('share-paste').fill(qr.slice(0, 40));
    await expect(page.getByTestId('share-paste').getAttribute('type')).resolves.toBe('password');
    expect(await readableText(page)).not.toContain(qr.slice(0, 40));
    await page.getByTestId('share-paste').fill(qr);
    await expect.poll(() => page.getByTestId('share-collected-0').textContent()).toBe('share 3 of 3 (Chen Wei) ✓ accepted');
    await expectNoShareReadable(page, [shareOf('password-vault', 3)]);
  });

  itWithTools([chromium])('TOTP login: the first custodian\'s share is gone before the second types theirs', { timeout: 60_000 }, async () => {
    await page.getByTestId('nav-totp').click();
    await page.getByTestId('totp-share-paste').fill(words('mfa-seeds', 1));
    await expect.poll(() => page.getByTestId('totp-share-collected-0').textContent()).toBe('share 1 of 3 (Dana Kim) ✓ accepted');
    await expectNoShareReadable(page, [shareOf('mfa-seeds', 1)]);
    await expectStatusAboveGrid(page, 'totp-share');
    await page.screenshot({ path: name('04-totp-first-accepted') });
  });

  itWithTools([chromium])('Enroll MFA: the MFA store\'s shares leave the screen once accepted', { timeout: 60_000 }, async () => {
    await page.getByTestId('nav-enroll').click();
    await page.getByTestId('enroll-account').fill(ACCOUNT);
    await page.getByTestId('enroll-device').fill('root-mfa-2');
    await page.getByTestId('enroll-secret').fill('KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU');
    await page.getByTestId('enroll-secret').press('Enter');
    await expect.poll(() => page.getByTestId('enroll-code1').textContent()).toMatch(/\d/);
    await page.getByTestId('enroll-mode-shares').check();
    await page.getByTestId('enroll-share-paste').fill(words('mfa-seeds', 2));
    await expect.poll(() => page.getByTestId('enroll-share-collected-0').textContent()).toBe('share 2 of 3 (Eli Cohen) ✓ accepted');
    await expectNoShareReadable(page, [shareOf('mfa-seeds', 2)]);
    await expectStatusAboveGrid(page, 'enroll-share');
    await page.screenshot({ path: name('05-enroll-first-accepted') });
  });

  itWithTools([chromium])('Check share: the checked share is cleared, its result stays', { timeout: 60_000 }, async () => {
    await page.getByTestId('nav-custody').click();
    await page.getByTestId('custody-share-paste').fill(words('password-vault', 2));
    await expect.poll(() => page.getByTestId('custody-verify-result').textContent()).toMatch(/share 2 of 3.*Ben Okafor/);
    await expectNoShareReadable(page, [shareOf('password-vault', 2)]);
    await page.screenshot({ path: name('06-check-share') });
  });

  itWithTools([chromium])('every screen that asks for shares uses the word grid, never a free text box', { timeout: 60_000 }, async () => {
    // Only these text boxes exist, and none of them takes a share.
    const allowed = new Set(['account-notes', 'edit-notes', 'rotate-override-reason', 'create-override-reason', 'paper-images', 'print-locations', 'enroll-secret']);
    for (const screen of ['unlock', 'totp', 'enroll', 'custody', 'print', 'drives']) {
      await page.getByTestId(`nav-${screen}`).click();
      await page.waitForLoadState('domcontentloaded');
      const boxes = await page.locator('textarea').evaluateAll((list) => list.map((t) => t.getAttribute('data-testid') ?? t.id));
      for (const box of boxes) expect(allowed.has(box), `${screen}: textarea ${box}`).toBe(true);
      const labels = await page.locator('label').allTextContents();
      for (const label of labels.filter((l) => /\bshare\b/i.test(l) && /paste/i.test(l))) expect(label).toMatch(/Or paste the whole share/);
    }
  });
});
