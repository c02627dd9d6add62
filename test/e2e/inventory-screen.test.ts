/// <reference lib="dom" />
// The Inventory screen in the Chromium host: bad inputs refused in plain words (nothing recorded), a preview
// then Record, filters, sort and search, findings with evidence and the 90-day flag, Add to vault prefilling
// the Accounts form, and the compliance PDF. Screenshots at 1024×700 and 1360×900 go to /work/shots/inv/.

import { mkdir, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { createBreakglassApp, type BreakglassApp } from '../../src/app/index.js';
import type { ChromiumHost } from '../../main/chromium/host.js';
import { credentialReportCsv, deletionCsv, describeOrganizationJson, featuresJson, listAccountsJson, MANAGEMENT_ID } from '../support/aws-inventory.js';
import { PDFTOTEXT, pageTexts } from '../support/pdf-text.js';
import { TestClock, testPorts } from '../support/ports.js';
import { chromium, shotsDir, startUiHost } from '../support/ui-host.js';
import { openVaultSet, unlockWithPassphrase } from '../support/ui-steps.js';
import { itWithTools } from '../support/tools.js';

const shots = shotsDir('e2e-inventory');
const PW = 'e2e inventory vault passphrase';
const EXCLUDED = '222222222222';
const MEMBER = '333333333333';
const LEFTOVER = '444444444444';
const DAY = 86_400_000;

let root: string;
let dir: string;
let host: ChromiumHost | undefined;
let page: Page;
let app: BreakglassApp;
const clock = new TestClock();
const files = { accounts: '', org: '', features: '', excluded: '', deletion: '', report: '', member: '', broken: '' };

async function write(name: string, text: string, ageDays = 1): Promise<string> {
  const path = join(root, 'usb', name);
  await writeFile(path, text);
  const at = new Date(clock.now() - ageDays * DAY);
  await utimes(path, at, at);
  return path;
}

/** Sideways scroll of the page, the main area or the inventory table, and buttons past the right edge. */
async function layoutProblems(): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const root = document.scrollingElement!;
    if (root.scrollWidth > root.clientWidth + 1) problems.push(`page scrolls sideways (${root.scrollWidth} > ${root.clientWidth})`);
    const main = document.querySelector('main')!;
    if (main.scrollWidth > main.clientWidth + 1) problems.push(`main scrolls sideways (${main.scrollWidth} > ${main.clientWidth})`);
    for (const wrap of document.querySelectorAll('.table-wrap')) if (wrap.scrollWidth > wrap.clientWidth + 1) problems.push(`a table scrolls sideways (${wrap.scrollWidth} > ${wrap.clientWidth})`);
    for (const button of document.querySelectorAll('button')) {
      const r = button.getBoundingClientRect();
      if (r.width > 0 && r.right > root.clientWidth + 1) problems.push(`button "${button.textContent}" is clipped`);
    }
    return problems;
  });
}

async function shot(name: string, focus: string): Promise<void> {
  for (const [width, height] of [
    [1024, 700],
    [1360, 900],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.getByTestId(focus).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, `${name}-${width}x${height}.png`), fullPage: false });
    if (width === 1024) expect(await layoutProblems()).toEqual([]);
  }
}

describe('the Inventory screen (Chromium host)', () => {
  beforeAll(async () => {
    if (!chromium.available) return;
    root = await mkdtemp(join(tmpdir(), 'bg-e2e-inventory-'));
    dir = join(root, 'set');
    await mkdir(join(root, 'usb'));
    await mkdir(shots, { recursive: true });
    app = createBreakglassApp({ ...testPorts('inventory-ui', clock), host: { name: 'system Chromium host', networkInterfaces: () => ({}) } });
    await app.createVaultSet({ dir, kdfProfile: 'test', password: { passphrase: PW }, mfa: { passphrase: 'e2e inventory mfa passphrase' } });
    await app.unlockStore({ store: 'password-vault', secret: { passphrase: PW } });
    await app.addAccount({ accountId: MANAGEMENT_ID, name: 'Management', accountClass: 'management', email: 'root@example.com', generatePassword: true });
    await app.lockAll();
    files.accounts = await write(
      'accounts.json',
      listAccountsJson([
        { id: MANAGEMENT_ID, name: 'Management', email: 'root@example.com' },
        { id: EXCLUDED, name: 'Security tooling', email: 'security-root@example.com' },
        { id: MEMBER, name: 'Workloads', email: 'workloads@example.com' },
        { id: LEFTOVER, name: 'Sandbox', email: 'sandbox@example.com' },
      ]),
    );
    files.org = await write('org.json', describeOrganizationJson());
    files.features = await write('features.json', featuresJson());
    files.excluded = await write('excluded.txt', `${EXCLUDED}\n`);
    files.deletion = await write('root_user_deletion.csv', deletionCsv([[MEMBER, true], [LEFTOVER, false]]));
    files.report = await write('cr-management.csv', credentialReportCsv(MANAGEMENT_ID), 120);
    files.member = await write('cr-member.csv', credentialReportCsv(MEMBER, { mfa: 'false' }));
    files.broken = await write('broken.json', '{ "Accounts": [\n  { "Id": "1" ,, }\n]}');
    host = await startUiHost(app, { viewport: { width: 1360, height: 900 }, stepTimeoutMs: 20_000 });
    page = host.page;
  });

  afterAll(async () => {
    await host?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  const byId = (id: string) => page.getByTestId(id);
  const text = async (id: string) => (await byId(id).textContent()) ?? '';

  itWithTools([chromium, PDFTOTEXT])('imports, filters, shows findings, prefills Add to vault and saves the PDF', { timeout: 180_000 }, async () => {
    await openVaultSet(page, dir);
    await unlockWithPassphrase(page, 'password-vault', PW);
    await byId('nav-inventory').click();
    await byId('inventory-none').waitFor();

    // Bad input: an empty set, then a malformed JSON file beside a good one and a file of no known kind.
    await byId('inventory-preview').click();
    await byId('inventory-import-error').waitFor();
    expect(await text('inventory-import-error')).toMatch(/Name at least one AWS export to import/);
    const notes = await write('notes.txt', 'hello\n');
    await byId('inventory-files').fill([files.accounts, files.broken, notes].join('\n'));
    await byId('inventory-preview').click();
    await byId('inventory-preview-refused').waitFor();
    const refused = await byId('inventory-refused').allTextContents();
    expect(refused[0]).toMatch(/broken\.json, line 2: malformed JSON/);
    expect(refused[1]).toMatch(/notes\.txt: a file of none of the known kinds/);
    expect(await byId('inventory-record').count()).toBe(0);
    for (const message of [...refused, await text('inventory-preview-refused')]) expect(message).not.toMatch(/(^|\s)--[a-z]|breakglass [a-z]/);
    await shot('01-bad-input', 'inventory-preview-card');

    // A good set: the preview names each kind; a file changed before Record refuses it all.
    const good = [files.accounts, files.org, files.features, files.excluded, files.deletion, files.report, files.member];
    await byId('inventory-files').fill(good.join('\n'));
    await byId('inventory-preview').click();
    await byId('inventory-preview-summary').waitFor();
    expect(await text('inventory-preview-summary')).toMatch(/4 accounts, 2 credential reports, 0 account summaries, 2 deletion results, 1 excluded account/);
    expect(await byId('inventory-preview-file').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/cr-management\.csvIAM credential report/)]));
    await writeFile(files.features, featuresJson(['RootCredentialsManagement']));
    await byId('inventory-record').click();
    await byId('inventory-import-error').waitFor();
    expect(await text('inventory-import-error')).toMatch(/features\.json changed since the preview .*Nothing was recorded: preview the files again/);
    await expect(readFile(join(dir, 'inventory.json'))).rejects.toThrow();
    await byId('inventory-preview').click();
    await byId('inventory-record').click();
    await byId('inventory-recorded').waitFor();
    await byId('inventory-table').waitFor();

    // Findings: the missing excluded root, the leftover credentials, the stale credential report.
    expect(await byId('inventory-row-' + EXCLUDED).getAttribute('data-needs-action')).toBe('true');
    expect(await text(`inventory-findings-${EXCLUDED}`)).toMatch(/An excluded account's root must be in custody, but it is not in the password vault/);
    expect(await text(`inventory-findings-${LEFTOVER}`)).toMatch(/aws sts assume-root --region us-east-1 --target-principal 444444444444/);
    expect(await text(`inventory-findings-${LEFTOVER}`)).toMatch(/root_user_deletion\.csv, dated 2026-11-21/);
    const management = byId(`inventory-findings-${MANAGEMENT_ID}`);
    expect(await management.getByTestId('inventory-stale').count()).toBeGreaterThan(0);
    expect(await management.textContent()).toMatch(/cr-management\.csv, dated 2026-07-25 older than 90 days/);
    expect(await text('inventory-summary')).toMatch(/Centralized|need action/);
    expect(await text('inventory-summary-stale')).toMatch(/older than 90 days/);
    await shot('02-accounts', 'inventory-summary');

    // Filters, search, sort.
    const ids = async () => (await page.locator('[data-testid^="inventory-row-"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid')!.slice('inventory-row-'.length))));
    await byId('inventory-sort-id').click();
    expect(await ids()).toEqual([MANAGEMENT_ID, EXCLUDED, MEMBER, LEFTOVER]);
    await byId('inventory-sort-id').click();
    expect(await ids()).toEqual([LEFTOVER, MEMBER, EXCLUDED, MANAGEMENT_ID]);
    await byId('inventory-sort-name').click();
    expect(await ids()).toEqual([MANAGEMENT_ID, LEFTOVER, EXCLUDED, MEMBER]);
    await byId('inventory-filter-action').check();
    expect((await ids()).sort()).toEqual([MANAGEMENT_ID, EXCLUDED, LEFTOVER]);
    await byId('inventory-filter-action').uncheck();
    await byId('inventory-filter-class').selectOption('centrally-managed');
    expect((await ids()).sort()).toEqual([MEMBER, LEFTOVER]);
    await byId('inventory-filter-control').selectOption('DRIFT');
    expect(await ids()).toEqual([LEFTOVER]);
    await byId('inventory-filter-class').selectOption('');
    await byId('inventory-filter-control').selectOption('');
    await byId('inventory-search').fill('security-root');
    expect(await ids()).toEqual([EXCLUDED]);
    await byId('inventory-search').fill('nothing like this');
    await byId('inventory-no-match').waitFor();
    await byId('inventory-clear-filters').click();
    expect((await ids()).length).toBe(4);
    // A passing account's findings open on demand.
    await byId(`inventory-toggle-${MEMBER}`).click();
    expect(await text(`inventory-findings-${MEMBER}`)).toMatch(/The member root has no credentials/);

    // The compliance PDF: a real PDF naming the accounts.
    const pdf = join(root, 'usb', 'inventory-report.pdf');
    await byId('inventory-pdf-file').fill(pdf);
    await byId('inventory-pdf-save').click();
    await byId('inventory-pdf-saved').waitFor();
    const bytes = new Uint8Array(await readFile(pdf));
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
    expect(pageTexts(bytes).join('\n')).toContain(EXCLUDED);
    await byId('inventory-pdf-save').click();
    await byId('inventory-pdf-error').waitFor();
    expect(await text('inventory-pdf-error')).toMatch(/already exists: choose a new file name; nothing was written/);

    // Add to vault: the Accounts form comes prefilled with id, name, email and class.
    expect(await byId(`inventory-add-${MANAGEMENT_ID}`).count()).toBe(0);
    await byId(`inventory-add-${EXCLUDED}`).click();
    await byId('screen-accounts').waitFor();
    await byId('account-prefilled').waitFor();
    expect(await byId('account-id').inputValue()).toBe(EXCLUDED);
    expect(await byId('account-name').inputValue()).toBe('Security tooling');
    expect(await byId('account-email').inputValue()).toBe('security-root@example.com');
    expect(await byId('account-class').inputValue()).toBe('excluded');
    await byId('account-add-submit').click();
    await byId('account-added').waitFor();
    await byId('nav-inventory').click();
    await byId('inventory-table').waitFor();
    expect(await byId(`inventory-add-${EXCLUDED}`).count()).toBe(0);
    expect(await text(`inventory-findings-${EXCLUDED}`)).toMatch(/the MFA seed store holds no MFA device for it/);
  });
});
