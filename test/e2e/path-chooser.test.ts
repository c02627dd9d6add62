/// <reference lib="dom" />
// The in-app path chooser in the Chromium host: the vault set folder on Welcome, a scanned share sheet on
// Unlock, and "Save as PDF" on Print (a new file) — each chosen by browsing into a temporary folder, the
// field then holding the path, and the action working with it. Screenshots of the open chooser at 1024×700
// and 1360×900 go to BREAKGLASS_SHOTS (or test-output/e2e-chooser/).

import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { createBreakglassApp } from '../../src/app/index.js';
import type { ChromiumHost } from '../../main/chromium/host.js';
import { testPorts } from '../support/ports.js';
import { chromium, shotsDir, startUiHost } from '../support/ui-host.js';
import { itWithTools } from '../support/tools.js';

const shots = shotsDir('e2e-chooser');
let root: string;
let dir: string;
let host: ChromiumHost | undefined;
let page: Page;

const byId = (id: string) => page.getByTestId(id);
const entry = (dialog: string, name: string) => byId(`${dialog}-entry`).and(page.locator(`[data-name="${name}"]`));
const entryNames = (dialog: string) => byId(`${dialog}-entry`).evaluateAll((els) => els.map((el) => el.getAttribute('data-name')));
const folderOf = (dialog: string) => byId(`${dialog}-path`).getAttribute('data-path');

/** Screenshots of the open chooser at both sizes; the dialog and its buttons stay inside the window. */
async function shot(name: string, dialog: string): Promise<void> {
  for (const [width, height] of [
    [1024, 700],
    [1360, 900],
  ] as const) {
    await page.setViewportSize({ width, height });
    const box = await byId(dialog).boundingBox();
    expect(box).not.toBeNull();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(width);
    expect(box!.y + box!.height).toBeLessThanOrEqual(height);
    const cancel = await byId(`${dialog}-cancel`).boundingBox();
    expect(cancel!.y + cancel!.height).toBeLessThanOrEqual(box!.y + box!.height);
    await page.screenshot({ path: join(shots, `chooser-${name}-${width}x${height}.png`) });
  }
}

/** Screenshots of a field with its Choose… button at both sizes (the dialog closed). */
async function fieldShot(name: string, field: string): Promise<void> {
  for (const [width, height] of [
    [1024, 700],
    [1360, 900],
  ] as const) {
    await page.setViewportSize({ width, height });
    await byId(field).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, `chooser-${name}-${width}x${height}.png`) });
  }
}

describe('the path chooser (Chromium host)', () => {
  beforeAll(async () => {
    if (!chromium.available) return;
    root = await mkdtemp(join(tmpdir(), 'bg-e2e-chooser-'));
    dir = join(root, 'vault set');
    const setup = createBreakglassApp(testPorts('chooser-setup'));
    await setup.createVaultSet({
      dir,
      kdfProfile: 'test',
      password: { shares: { threshold: 2, custodians: [{ name: 'Ana Lima' }, { name: 'Ben Okafor' }, { name: 'Chen Wei' }] } },
      mfa: { passphrase: 'e2e chooser mfa passphrase' },
    });
    await mkdir(join(root, 'scans'));
    await mkdir(join(root, 'out'));
    await setup.printDocument({ document: 'shares', store: 'password-vault', outFile: join(root, 'scans', 'pw-shares.pdf') });
    await writeFile(join(root, 'scans', 'notes.txt'), 'not a scan');
    await writeFile(join(root, 'scans', '.hidden.png'), 'hidden');
    await mkdir(join(root, 'many pages'));
    for (let i = 1; i <= 120; i++) await writeFile(join(root, 'many pages', `page-${String(i).padStart(3, '0')}.png`), 'x'.repeat(i));
    const app = createBreakglassApp({ ...testPorts('chooser-ui'), homeDirectory: root, host: { name: 'system Chromium host', networkInterfaces: () => ({}) } });
    host = await startUiHost(app, { viewport: { width: 1024, height: 700 }, stepTimeoutMs: 20_000 });
    page = host.page;
    await byId('app-ready').waitFor();
  });

  afterAll(async () => {
    await host?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  itWithTools([chromium])('Welcome: the vault set folder is chosen by browsing, and the set opens from it', { timeout: 90_000 }, async () => {
    const dialog = 'welcome-dir-choose-dialog';
    await byId('welcome-dir-choose').click();
    await expect.poll(() => folderOf(dialog)).toBe(root);
    await expect(byId(dialog).getAttribute('aria-modal')).resolves.toBe('true');
    await expect(byId(dialog).getByRole('heading').textContent()).resolves.toBe('Choose the vault set folder');
    expect(await entryNames(dialog)).toEqual(['many pages', 'out', 'scans', 'vault set']);
    await entry(dialog, 'vault set').click();
    await expect.poll(() => folderOf(dialog)).toBe(dir);
    // Folder mode shows what a folder holds, but only folders can be opened or chosen.
    expect(await entryNames(dialog)).toEqual(['audit-log.jsonl', 'mfa-seeds.bgv', 'password-vault.bgv']);
    await expect(entry(dialog, 'password-vault.bgv').isDisabled()).resolves.toBe(true);
    await shot('welcome-folder', dialog);

    // Up and back in, then choose: the field holds the path and the dialog gives focus back to its button.
    await byId(`${dialog}-up`).click();
    await expect.poll(() => folderOf(dialog)).toBe(root);
    await entry(dialog, 'vault set').click();
    await expect.poll(() => folderOf(dialog)).toBe(dir);
    await byId(`${dialog}-choose`).click();
    await byId(dialog).waitFor({ state: 'detached' });
    expect(await byId('welcome-dir').inputValue()).toBe(dir);
    await fieldShot('welcome-field', 'welcome-dir-choose');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('welcome-dir-choose');

    // A folder that does not exist: the chooser says so and shows home instead.
    await byId('welcome-dir').fill(join(root, 'gone'));
    await byId('welcome-dir-choose').click();
    await expect.poll(() => byId(`${dialog}-error`).textContent()).toBe(`There is no folder ${join(root, 'gone')}: choose another.`);
    await expect.poll(() => folderOf(dialog)).toBe(root);
    await page.keyboard.press('Escape');
    await byId(dialog).waitFor({ state: 'detached' });
    expect(await byId('welcome-dir').inputValue()).toBe(join(root, 'gone'));

    await byId('welcome-dir').fill(dir);
    await byId('welcome-open').click();
    await byId('header-vault-set').filter({ hasText: dir }).waitFor();
  });

  itWithTools([chromium])('Unlock: a scanned share sheet is chosen from the folder of scans, and it is read', { timeout: 90_000 }, async () => {
    await byId('nav-unlock').click();
    await byId('unlock-store-select').selectOption('password-vault');
    const dialog = 'share-scan-choose-dialog';
    for (const [n, name] of [
      [0, 'Ana Lima'],
      [1, 'Ben Okafor'],
    ] as const) {
      await byId('share-scan-choose').click();
      if (n === 0) {
        await expect.poll(() => folderOf(dialog)).toBe(root);
        await entry(dialog, 'scans').click();
      }
      // The second time (the field emptied once the scan was read) it opens where the first scan was.
      await expect.poll(() => folderOf(dialog)).toBe(join(root, 'scans'));
      // Scans only (PNG, JPEG, PDF): the text file and the hidden file are not offered.
      expect(await entryNames(dialog)).toEqual(['pw-shares-1-of-3.pdf', 'pw-shares-2-of-3.pdf', 'pw-shares-3-of-3.pdf']);
      if (n === 0) await shot('share-scan', dialog);
      await entry(dialog, `pw-shares-${n + 1}-of-3.pdf`).click();
      await byId(dialog).waitFor({ state: 'detached' });
      expect(await byId('share-scan-path').inputValue()).toBe(join(root, 'scans', `pw-shares-${n + 1}-of-3.pdf`));
      if (n === 0) await fieldShot('share-scan-field', 'share-scan-choose');
      await byId('share-scan').click();
      await expect.poll(() => byId(`share-collected-${n}`).textContent(), { timeout: 30_000 }).toBe(`share ${n + 1} of 3 (${name}) ✓ accepted`);
    }
    await byId('unlock-submit').click();
    await byId('unlock-done').waitFor();
  });

  itWithTools([chromium])('Print: "Save as PDF" takes a new file name in a chosen folder, checked for .pdf, and the PDF is saved there', { timeout: 90_000 }, async () => {
    await byId('nav-print').click();
    await byId('print-document').selectOption('emergency');
    await byId('print-store').selectOption('password-vault');
    const dialog = 'print-out-file-choose-dialog';
    await byId('print-out-file-choose').click();
    await byId(`${dialog}-home`).click();
    await expect.poll(() => folderOf(dialog)).toBe(root);
    await entry(dialog, 'out').click();
    await expect.poll(() => folderOf(dialog)).toBe(join(root, 'out'));
    expect(await byId(`${dialog}-name`).inputValue()).toBe('pw-emergency.pdf');
    await byId(`${dialog}-name`).fill('emergency sheet.txt');
    await byId(`${dialog}-choose`).click();
    await expect.poll(() => byId(`${dialog}-name-problem`).textContent()).toBe('The name must end in .pdf (for example report.pdf).');
    await byId(`${dialog}-name`).fill('sub/emergency.pdf');
    await byId(`${dialog}-choose`).click();
    await expect.poll(() => byId(`${dialog}-name-problem`).textContent()).toBe('Type the name only: open the folder it goes in from the list above.');
    await byId(`${dialog}-name`).fill('emergency-pw.pdf');
    await shot('print-new-file', dialog);
    await byId(`${dialog}-name`).press('Enter');
    await byId(dialog).waitFor({ state: 'detached' });
    const saved = join(root, 'out', 'emergency-pw.pdf');
    expect(await byId('print-out-file').inputValue()).toBe(saved);
    await fieldShot('print-field', 'print-out-file-choose');
    await byId('print-submit').click();
    await byId('print-result').waitFor();
    expect((await stat(saved)).size).toBeGreaterThan(1_000);
  });

  itWithTools([chromium])('Paper restore: several scans are picked at once and each is added as a line, once', { timeout: 60_000 }, async () => {
    const dialog = 'paper-images-choose-dialog';
    const scan = (n: number) => join(root, 'scans', `pw-shares-${n}-of-3.pdf`);
    await byId('paper-images-choose').click();
    await byId(`${dialog}-home`).click();
    await entry(dialog, 'scans').click();
    await expect.poll(() => folderOf(dialog)).toBe(join(root, 'scans'));
    await expect(byId(`${dialog}-choose`).isDisabled()).resolves.toBe(true);
    await entry(dialog, 'pw-shares-1-of-3.pdf').click();
    await entry(dialog, 'pw-shares-2-of-3.pdf').click();
    await entry(dialog, 'pw-shares-3-of-3.pdf').click();
    // A second click takes a file back out.
    await entry(dialog, 'pw-shares-2-of-3.pdf').click();
    await expect(entry(dialog, 'pw-shares-2-of-3.pdf').getAttribute('aria-pressed')).resolves.toBe('false');
    await expect(byId(`${dialog}-choose`).textContent()).resolves.toBe('Add 2 chosen files');
    await shot('paper-files', dialog);
    await byId(`${dialog}-choose`).click();
    await byId(dialog).waitFor({ state: 'detached' });
    expect(await byId('paper-images').inputValue()).toBe(`${scan(1)}\n${scan(3)}`);

    // Opened again at the folder of the last line; a file already listed is not added twice.
    await byId('paper-images-choose').click();
    await expect.poll(() => folderOf(dialog)).toBe(join(root, 'scans'));
    await entry(dialog, 'pw-shares-2-of-3.pdf').click();
    await entry(dialog, 'pw-shares-3-of-3.pdf').click();
    await byId(`${dialog}-choose`).click();
    await byId(dialog).waitFor({ state: 'detached' });
    expect(await byId('paper-images').inputValue()).toBe(`${scan(1)}\n${scan(3)}\n${scan(2)}`);
  });

  itWithTools([chromium])('Create: a new folder is named inside a chosen one, and the chooser opens there again', { timeout: 60_000 }, async () => {
    const dialog = 'create-dir-choose-dialog';
    await byId('nav-welcome').click();
    await byId('welcome-create').click();
    await byId('create-dir-choose').click();
    await expect.poll(() => folderOf(dialog)).toBe(root);
    await entry(dialog, 'out').click();
    await expect.poll(() => folderOf(dialog)).toBe(join(root, 'out'));
    await expect(byId(`${dialog}-choose`).textContent()).resolves.toBe('Choose this folder');
    await expect(byId(dialog).locator(`label[for="${dialog}-name"]`).textContent()).resolves.toBe('New folder in it (optional: made when the vault set is created)');
    await byId(`${dialog}-name`).fill('.set');
    await byId(`${dialog}-choose`).click();
    await expect.poll(() => byId(`${dialog}-name-problem`).textContent()).toBe('A name that starts with a dot would hide the folder: start it with a letter or digit.');
    await byId(`${dialog}-name`).fill('new set');
    await expect(byId(`${dialog}-choose`).textContent()).resolves.toBe('Use the new folder');
    await shot('create-new-folder', dialog);
    await byId(`${dialog}-choose`).click();
    await byId(dialog).waitFor({ state: 'detached' });
    expect(await byId('create-dir').inputValue()).toBe(join(root, 'out', 'new set'));

    // The folder does not exist yet: the chooser opens the one it goes in, with its name in the box, and no error.
    await byId('create-dir-choose').click();
    await expect.poll(() => folderOf(dialog)).toBe(join(root, 'out'));
    expect(await byId(`${dialog}-name`).inputValue()).toBe('new set');
    expect(await byId(`${dialog}-error`).count()).toBe(0);
    await byId(`${dialog}-cancel`).click();
    await byId(dialog).waitFor({ state: 'detached' });
    expect(await byId('create-dir').inputValue()).toBe(join(root, 'out', 'new set'));
  });

  itWithTools([chromium])('a long folder scrolls inside the dialog, whose buttons stay in the window at 1024×700', { timeout: 60_000 }, async () => {
    const dialog = 'paper-images-choose-dialog';
    await byId('nav-print').click();
    await byId('paper-images').fill('');
    await byId('paper-images-choose').click();
    await byId(`${dialog}-home`).click();
    await entry(dialog, 'many pages').click();
    await expect.poll(() => byId(`${dialog}-entry`).count()).toBe(120);
    await shot('long-list', dialog);
    await page.setViewportSize({ width: 1024, height: 700 });
    const list = byId(`${dialog}-list`);
    const sizes = await list.evaluate((el) => ({ scroll: el.scrollHeight, client: el.clientHeight }));
    expect(sizes.scroll).toBeGreaterThan(sizes.client);
    // The last page is reached by scrolling the list, and picked.
    await entry(dialog, 'page-120.png').click();
    await expect(byId(`${dialog}-choose`).textContent()).resolves.toBe('Add 1 chosen file');
    const choose = await byId(`${dialog}-choose`).boundingBox();
    expect(choose!.y + choose!.height).toBeLessThanOrEqual(700);
    await byId(`${dialog}-choose`).click();
    await byId(dialog).waitFor({ state: 'detached' });
    expect(await byId('paper-images').inputValue()).toBe(join(root, 'many pages', 'page-120.png'));
  });
});
