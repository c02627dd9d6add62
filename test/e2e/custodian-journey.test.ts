/// <reference lib="dom" />
// The whole custodian journey through the UI in the system-Chromium host, as custodians would do it:
// create a 2-of-3 / 2-of-3 vault set, print the share sheets, add accounts, enroll MFA (codes refereed by
// oathtool), export each store to its own drive (the cross-export refused), lock, unlock with two shares
// typed word by word from the printed sheet (a typo caught), reveal a password, run a TOTP login to its
// end, and find every step in the verified audit log. Screenshots go to test-output/e2e/.

import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { base32 } from '@scure/base';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { createBreakglassApp, type AppPorts } from '../../src/app/index.js';
import type { ChromiumHost } from '../../main/chromium/host.js';
import { TestClock, seededRng } from '../support/ports.js';
import { chromium, shotsDir, startUiHost } from '../support/ui-host.js';
import { findTool, itWithTools } from '../support/tools.js';

const oathtool = findTool('oathtool', ['--version'], 'oathtool');
const pdftotext = findTool('pdftotext', ['-v'], 'poppler-utils');
const pdftoppm = findTool('pdftoppm', ['-v'], 'poppler-utils');
const TOOLS = [chromium, oathtool, pdftotext, pdftoppm];

const shots = shotsDir('e2e');
const START = Date.UTC(2026, 11, 1, 9, 0, 10); // 10 s into a 30 s window: codes 1 and 2 are stable
const PW = ['Ana Lima', 'Ben Okafor', 'Chen Wei'];
const MFA = ['Dana Kim', 'Eli Cohen', 'Fatma Yılmaz'];
const MGMT = { id: '111122223333', name: 'Organization management', email: 'aws-root+mgmt@example.com' };
const EXCL = { id: '444455556666', name: 'Legacy billing (excluded)', email: 'aws-root+billing@example.com' };

interface PrintedShare {
  readonly custodian: string;
  readonly words: readonly string[];
}

let root: string;
let host: ChromiumHost | undefined;
let page: Page;
let step = 0;

/** Reads every share sheet of a printed PDF back with pdftotext: the custodian's name and the 54 numbered words. */
async function readShareSheets(pdf: string): Promise<PrintedShare[]> {
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  return text
    .split('\f')
    .filter((sheet) => sheet.includes('CUSTODIAN SHARE SHEET'))
    .map((sheet) => {
      const custodian = /share \d+ of \d+ · (.+)/.exec(sheet)?.[1]?.trim() ?? '';
      const grid = sheet.slice(sheet.indexOf('in this order'), sheet.indexOf('Tamper-evident'));
      const words: string[] = [];
      for (const match of grid.matchAll(/(?:^|\s)(\d{1,2}) ([a-z]{3,8})(?=\s|$)/gm)) words[Number(match[1]) - 1] = match[2]!;
      return { custodian, words };
    });
}

async function shot(name: string): Promise<void> {
  step += 1;
  await page.screenshot({ path: join(shots, `${String(step).padStart(2, '0')}-${name}.png`), fullPage: true });
}

const byId = (id: string) => page.getByTestId(id);

async function nav(screen: string): Promise<void> {
  await byId(`nav-${screen}`).click();
}

/**
 * Custodians give their shares one after the other in a screen's share grid (test ids `${prefix}-…`):
 * each is pasted, checked alone and accepted, then leaves the screen (the grid and paste box are empty
 * again, the progress names it) before the next custodian types theirs.
 */
async function giveShares(prefix: string, sheets: readonly PrintedShare[]): Promise<void> {
  for (const [i, sheet] of sheets.entries()) {
    await byId(`${prefix}-paste`).fill(sheet.words.join(' '));
    await expect.poll(() => byId(`${prefix}-collected-${i}`).textContent()).toMatch(new RegExp(`^share \\d of 3 \\(${sheet.custodian}\\) ✓ accepted$`));
    if (i < sheets.length - 1) {
      // The accepted share left every input at once: the next custodian finds an empty grid and paste box.
      await expect(byId(`${prefix}-paste`).inputValue()).resolves.toBe('');
      const typed = await page.locator(`[data-testid^="${prefix}-word-"]`).evaluateAll((cells) => cells.map((c) => (c as HTMLInputElement).value).join(''));
      expect(typed).toBe('');
    }
  }
  // The threshold is reached: no grid is left on screen.
  await expect(page.locator(`[data-testid^="${prefix}-word-"]`).count()).resolves.toBe(0);
  await expect(byId(`${prefix}-enough`).isVisible()).resolves.toBe(true);
}

/** Prints a store's share sheets to files (one PDF per share: FILE-1-of-3.pdf, …) and reads them back in order. */
async function printSheets(store: 'password-vault' | 'mfa-seeds', file: string): Promise<PrintedShare[]> {
  await nav('print');
  await byId('print-document').selectOption('shares');
  await byId('print-store').selectOption(store);
  await byId('print-out-file').fill(file);
  await byId('print-submit').click();
  await expect.poll(async () => byId('print-result').textContent(), { timeout: 30_000 }).toMatch(/3 pages/);
  const files = [1, 2, 3].map((i) => file.replace(/\.pdf$/, `-${i}-of-3.pdf`));
  await expect(byId('print-result-files').textContent()).resolves.toBe(files.join(''));
  const sheets: PrintedShare[] = [];
  for (const one of files) {
    const read = await readShareSheets(one);
    expect(read, one).toHaveLength(1);
    sheets.push(...read);
  }
  return sheets;
}

function oathCode(secret: string, at: number): string {
  const now = new Date(at).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  return execFileSync('oathtool', ['--totp', '-b', '--now', now, secret], { encoding: 'utf8' }).trim();
}

describe('custodian journey (Chromium host)', () => {
  const clock = new TestClock(START);
  let drives: { pw: string; mfa: string };

  beforeAll(async () => {
    if (TOOLS.some((tool) => !tool.available)) return;
    root = await mkdtemp(join(tmpdir(), 'bg-e2e-'));
    drives = { pw: join(root, 'usb-PW-A'), mfa: join(root, 'usb-MFA-A') };
    await Promise.all([mkdir(drives.pw), mkdir(drives.mfa), rm(shots, { recursive: true, force: true })]);
    await mkdir(shots, { recursive: true });
    const ports: AppPorts = {
      clock,
      rng: seededRng('e2e'),
      totalMemoryBytes: () => 16 * 1024 ** 3,
      host: { name: 'system Chromium host', networkInterfaces: () => ({ lo: [{ address: '127.0.0.1', internal: true }] }) },
      drives: {
        async list() {
          return [
            { mountPoint: drives.pw, device: '/dev/sdb1', label: 'PW-A', uuid: '1111-AAAA', serial: 'USB-SERIAL-PW-A', transport: 'usb', removable: true, sizeBytes: 8e9, freeBytes: 7e9 },
            { mountPoint: drives.mfa, device: '/dev/sdc1', label: 'MFA-A', uuid: '2222-BBBB', serial: 'USB-SERIAL-MFA-A', transport: 'usb', removable: true, sizeBytes: 8e9, freeBytes: 7e9 },
          ];
        },
        hotplug: () => ({ active: false, reason: 'test drives' }),
      },
    };
    host = await startUiHost(createBreakglassApp(ports), { viewport: { width: 1360, height: 900 }, stepTimeoutMs: 20_000 });
    page = host.page;
  });

  afterAll(async () => {
    await host?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  itWithTools(TOOLS)('creates, prints, enrolls, exports, locks, unlocks from paper, signs in and audits', { timeout: 300_000 }, async () => {
    try {
      await journey();
    } catch (error) {
      await shot('FAILED').catch(() => undefined);
      // CI keeps only the log: say what the screen showed (alerts, errors) when the step failed.
      const shown = await page
        .locator('[role=alert], [data-testid$="-error"]')
        .allTextContents()
        .catch(() => []);
      if (error instanceof Error && shown.length > 0) error.message += `\nOn screen: ${shown.map((t) => t.trim()).filter(Boolean).join(' | ')}`;
      throw error;
    }
  });

  async function journey(): Promise<void> {
    const dir = join(root, 'vault-set');
    await byId('app-ready').waitFor();
    await expect.poll(() => byId('airgap').getAttribute('data-state')).toBe('offline');
    await expect.poll(() => byId('host').textContent()).toMatch(/Chromium/);
    await byId('actors-input').fill('Ana Lima, Dana Kim');
    await shot('welcome');

    // 1. Create the vault set: 2-of-3 per store, disjoint groups.
    await byId('welcome-create').click();
    await byId('create-dir').fill(dir);
    await byId('create-kdf').selectOption('test');
    for (const [prefix, names] of [['create-pw', PW], ['create-mfa', MFA]] as const) {
      await byId(`${prefix}-threshold`).fill('2');
      for (const [i, name] of names.entries()) await byId(`${prefix}-custodian-name-${i}`).fill(name);
    }
    await expect.poll(() => byId('create-segregation').getAttribute('data-state')).toBe('separate');
    await shot('create-form');
    await byId('create-submit').click();
    await byId('create-result').waitFor({ timeout: 60_000 });
    await expect(byId('create-report-coalition').textContent()).resolves.toMatch(/4/);
    await shot('created');

    // 2. Print both stores' share sheets (to files the custodians chose) and read them back like paper.
    const pwSheets = await printSheets('password-vault', join(root, 'pw-shares.pdf'));
    const mfaSheets = await printSheets('mfa-seeds', join(root, 'mfa-shares.pdf'));
    await shot('printed-shares');
    expect(pwSheets.map((s) => s.custodian)).toEqual(PW);
    expect(mfaSheets.map((s) => s.custodian)).toEqual(MFA);
    for (const sheet of [...pwSheets, ...mfaSheets]) expect(sheet.words.filter(Boolean)).toHaveLength(54);

    // 3. Unlock the password vault with two pasted shares and add two accounts.
    await nav('unlock');
    await byId('unlock-store-select').selectOption('password-vault');
    // The first custodian pastes the words; the second has their own sheet scanned (its PDF's page at 150 dpi).
    await byId('share-paste').fill(pwSheets[0]!.words.join(' '));
    await expect.poll(() => byId('share-collected-0').textContent()).toMatch(/✓ accepted/);
    execFileSync('pdftoppm', ['-r', '150', '-f', '1', '-l', '1', '-png', '-singlefile', join(root, 'pw-shares-2-of-3.pdf'), join(root, 'scan-ben')]);
    await byId('share-scan-path').fill(join(root, 'scan-ben.png'));
    await byId('share-scan').click();
    await expect.poll(() => byId('share-collected-1').textContent(), { timeout: 30_000 }).toMatch(/\(Ben Okafor\) ✓ accepted/);
    await byId('unlock-submit').click();
    await byId('unlock-done').waitFor();
    await nav('accounts');
    for (const [account, accountClass] of [[MGMT, 'management'], [EXCL, 'excluded']] as const) {
      await byId('account-id').fill(account.id);
      await byId('account-name').fill(account.name);
      await byId('account-class').selectOption(accountClass);
      await byId('account-email').fill(account.email);
      await byId('account-add-submit').click();
      await byId(`account-row-${account.id}`).waitFor();
    }
    await shot('accounts');

    // 4. Enroll a virtual MFA device as AWS asks: paste the secret, type MFA code 1 and MFA code 2.
    const secret = base32.encode(randomBytes(20)).replace(/=+$/, '');
    await nav('enroll');
    await byId('enroll-account').fill(MGMT.id);
    await byId('enroll-device').fill('root-mfa-1');
    await byId('enroll-secret').fill(secret.toLowerCase().replace(/(.{4})/g, '$1 '));
    // Enter in the secret field submits, as a custodian pasting it would (no mouse near the account field's
    // suggestion list).
    await byId('enroll-secret').press('Enter');
    await expect.poll(() => byId('enroll-code1').textContent()).toMatch(/\d/);
    const code1 = (await byId('enroll-code1').textContent())!.replace(/\D/g, '');
    const code2 = (await byId('enroll-code2').textContent())!.replace(/\D/g, '');
    expect(code1).toBe(oathCode(secret, START));
    expect(code2).toBe(oathCode(secret, START + 30_000));
    await shot('enroll-codes');
    await byId('enroll-mode-shares').check();
    await giveShares('enroll-share', mfaSheets.slice(1, 3));
    await byId('enroll-confirm').click();
    await byId('enroll-result').waitFor({ timeout: 30_000 });
    await expect(byId('enroll-result').textContent()).resolves.toMatch(/root-mfa-1/);
    // The step unlocked the MFA seed store with two shares, so it locked it again when it ended.
    await expect(byId('enroll-result').textContent()).resolves.toMatch(/The MFA seed store is locked again: this step had unlocked it/);
    await expect.poll(() => byId('status-unlocked-mfa-seeds').count()).toBe(0);
    await shot('enrolled');

    // 5. Export each store to its own drive; the other store is visibly refused on it.
    await nav('drives');
    await byId('drives-table').waitFor();
    await byId('drive-export-password-vault-0').click();
    await byId('drive-name').fill('PW-A onsite');
    await byId('drive-location').fill('Safe 1, shelf 2');
    await byId('drive-export-confirm').click();
    await byId('drive-export-result').waitFor({ timeout: 30_000 });
    await expect.poll(() => byId('drive-refused-mfa-seeds-0').textContent()).toMatch(/password vault/i);
    await expect(byId('drive-export-mfa-seeds-0').isDisabled()).resolves.toBe(true);
    await byId('drive-export-mfa-seeds-1').click();
    await byId('drive-name').fill('MFA-A onsite');
    await byId('drive-location').fill('Safe 2, shelf 1');
    await byId('drive-export-confirm').click();
    await expect.poll(() => byId('drive-export-result').textContent(), { timeout: 30_000 }).toMatch(/MFA-A onsite/);
    await expect.poll(() => byId('drive-refused-password-vault-1').textContent()).toMatch(/MFA seed/i);
    await shot('drives-exported');
    expect(JSON.parse(await readFile(join(drives.pw, 'BREAKGLASS', 'manifest.json'), 'utf8'))).toMatchObject({ storeKind: 'password-vault' });

    // 6. Lock everything; unlock the vault with two shares typed word by word from paper, one typo caught.
    await byId('lock-all').click();
    await expect.poll(() => byId('status-unlocked').textContent()).not.toMatch(/password vault/i);
    await nav('unlock');
    await byId('unlock-store-select').selectOption('password-vault');
    await byId('unlock-mode-shares').check();
    const [first, second] = [pwSheets[0]!, pwSheets[2]!];
    const typo = wordlist.find((w) => w !== first.words[9] && w.slice(0, 4) !== first.words[9]!.slice(0, 4))!;
    for (const [i, word] of first.words.entries()) await byId(`share-word-${i}`).fill(i === 9 ? typo : word.slice(0, 4));
    await expect.poll(() => byId('share-status').getAttribute('data-state')).toBe('invalid');
    await expect(byId('share-status').textContent()).resolves.toMatch(/word 10/i);
    // The word the checksum names is marked in the grid from the error's fields, and only that word.
    await expect.poll(() => page.locator('[data-testid^="share-word-"][data-suspect="true"]').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-testid')))).toEqual(['share-word-9']);
    await shot('unlock-typo-caught');
    await byId('share-word-9').fill(first.words[9]!);
    await expect.poll(() => byId('share-collected-0').textContent()).toMatch(/\(Ana Lima\) ✓ accepted/);
    for (const [i, word] of second.words.entries()) await byId(`share-word-${i}`).fill(word);
    await expect.poll(() => byId('share-collected-1').textContent()).toMatch(/\(Chen Wei\) ✓ accepted/);
    await shot('unlock-two-shares');
    await byId('unlock-submit').click();
    await byId('unlock-done').waitFor();

    // 7. Reveal a root password (timed).
    await nav('accounts');
    await byId(`account-open-${MGMT.id}`).click();
    await byId('reveal-password').click();
    await expect.poll(() => byId('revealed-password').textContent()).toMatch(/^\S{32}$/);
    await shot('password-revealed');

    // 8. A TOTP login: the codes are oathtool's, the seed never reaches the page, and the session ends.
    await nav('totp');
    await byId('totp-account').selectOption(MGMT.id);
    await byId('totp-mode-shares').check();
    await giveShares('totp-share', mfaSheets.slice(0, 2));
    await byId('totp-start').click();
    await expect.poll(() => byId('totp-current').textContent(), { timeout: 30_000 }).toMatch(/\d/);
    expect((await byId('totp-current').textContent())!.replace(/\D/g, '')).toBe(oathCode(secret, START));
    expect((await byId('totp-previous').textContent())!.replace(/\D/g, '')).toBe(oathCode(secret, START - 30_000));
    expect((await byId('totp-next').textContent())!.replace(/\D/g, '')).toBe(oathCode(secret, START + 30_000));
    expect(await page.content()).not.toContain(secret);
    await shot('totp-running');
    await byId('totp-end').click();
    await byId('totp-ended').waitFor();
    await shot('totp-ended');

    // 9. The emergency sheet previewed on screen as page images (nothing printed or saved), then a paper
    // backup of the MFA seed store, printed and rebuilt from its PDF, byte for byte.
    await nav('print');
    await byId('print-document').selectOption('emergency');
    await byId('print-store').selectOption('password-vault');
    await byId('print-preview').click();
    await byId('print-preview-page-0').waitFor({ timeout: 30_000 });
    expect(await byId('print-preview-page-0').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 500)).toBe(true);
    await shot('emergency-preview');
    // A page can be enlarged to read it before printing, and made small again.
    const width = () => byId('print-preview-page-0').evaluate((img: HTMLImageElement) => img.getBoundingClientRect().width);
    expect(await width()).toBeLessThan(320);
    await byId('print-preview-toggle-0').click();
    await expect.poll(width).toBeGreaterThan(600);
    await expect(byId('print-preview-toggle-0').getAttribute('aria-pressed')).resolves.toBe('true');
    await byId('print-preview-toggle-0').scrollIntoViewIfNeeded();
    await shot('emergency-preview-enlarged');
    await byId('print-preview-toggle-0').click();
    await expect.poll(width).toBeLessThan(320);
    await byId('print-document').selectOption('paper-backup');
    await byId('print-store').selectOption('mfa-seeds');
    await byId('print-out-file').fill(join(root, 'mfa-paper.pdf'));
    await byId('print-submit').click();
    await byId('print-result').waitFor({ timeout: 30_000 });
    await byId('paper-images').fill(join(root, 'mfa-paper.pdf'));
    await byId('paper-store').selectOption('mfa-seeds');
    await byId('paper-out-file').fill(join(root, 'mfa-from-paper.bgv'));
    await byId('paper-restore').click();
    await byId('paper-result').waitFor({ timeout: 60_000 });
    await shot('paper-restored');
    expect(await readFile(join(root, 'mfa-from-paper.bgv'))).toEqual(await readFile(join(dir, 'mfa-seeds.bgv')));

    // 10. Every step is in the audit log, and its chain verifies.
    await nav('audit');
    await expect.poll(() => byId('audit-chain').textContent()).toMatch(/verified/i);
    // Both drives' audit-log copies anchor the log: it still begins with each of them.
    await expect.poll(() => byId('audit-anchors').getAttribute('data-ok')).toBe('true');
    await expect(byId('audit-anchor-1').getAttribute('data-ok')).resolves.toBe('true');
    const audit = (await byId('audit-table').textContent()) ?? '';
    await shot('audit');
    const log = await readFile(join(dir, 'audit-log.jsonl'), 'utf8');
    const events = log.trim().split('\n').map((line) => (JSON.parse(line) as { event: string }).event);
    for (const event of ['vault-set.create', 'print', 'account.add', 'mfa.enroll', 'drive.export', 'store.unlock', 'store.lock', 'password.reveal', 'totp.session-start', 'totp.session-end']) {
      expect(events.some((e) => e.startsWith(event)), `audit log has ${event}: ${events.join(', ')}`).toBe(true);
    }
    expect(audit.length).toBeGreaterThan(0);
    // A password-side step records who is present for the password vault (the holders of the shares that
    // opened it), not the header's names, which include an MFA custodian.
    const pwExport = log.trim().split('\n').map((line) => JSON.parse(line) as { event: string; store?: string; actor: string[] }).find((e) => e.event === 'drive.export' && e.store === 'password-vault');
    expect(pwExport?.actor).toEqual(['Ana Lima', 'Ben Okafor']);
    // In words, with the raw fields one click away, and searchable.
    expect(audit).toMatch(/exported the password vault to PW-A onsite\./);
    expect(audit).toMatch(/enrolled the MFA device "root-mfa-1" of account \d{12} and sealed its seed\./);
    await byId('audit-filter').fill('PW-A onsite');
    await expect.poll(() => page.locator('[data-testid^="audit-words-"]').allTextContents()).toEqual([expect.stringMatching(/exported the password vault to PW-A onsite\.$/)]);
    await shot('audit-search');
    await byId('audit-filter').fill('');
    for (const sheet of [...pwSheets, ...mfaSheets]) expect(log).not.toContain(sheet.words.slice(0, 6).join(' '));
    expect(log).not.toContain(secret);
    expect(host!.refused).toEqual([]);
  }
});
