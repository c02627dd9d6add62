/// <reference lib="dom" />
// The Drill screen in the system-Chromium host: a drill aborted at the shares step (only that recorded),
// then a full drill walked step by step — four of five password-vault shares and two MFA shares with the
// passphrase, each leaving the screen once taken, a password-vault share refused at the MFA step (kept as
// a share-refused exception), bag numbers (one matching, one not), live sign-ins (ok, failed, and one of an
// account the vault does not hold, named by the run), the run, the named exceptions, and the report PDF
// read back with pdftotext. Screenshots of every step at two sizes.

import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { createBreakglassApp, type BreakglassApp } from '../../src/app/index.js';
import type { ChromiumHost } from '../../main/chromium/host.js';
import { createDrillSet, MFA_PASSPHRASE, words, type DrillFixture } from '../support/drill-fixture.js';
import { pageTexts, PDFTOTEXT } from '../support/pdf-text.js';
import { TestClock, testPorts } from '../support/ports.js';
import { chromium, startUiHost } from '../support/ui-host.js';
import { itWithTools } from '../support/tools.js';

const SHOTS = process.env.DRILL_SHOTS ?? join(tmpdir(), 'bg-shots-drill');
const SIZES = [
  { width: 1024, height: 700 },
  { width: 1360, height: 900 },
] as const;

let root: string;
let dir: string;
let fixture: DrillFixture;
let uiApp: BreakglassApp;
let host: ChromiumHost | undefined;
let page: Page;

const byId = (id: string) => page.getByTestId(id);

/** The step as the custodians see it, at both window sizes (the screen must be usable at 1024×700). */
async function shots(name: string): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    // The screen scrolls inside the main area: its top, then its end (where the step's buttons are).
    for (const [end, top] of [['top', 0], ['end', 1e6]] as const) {
      await page.locator('#main').evaluate((main, y) => main.scrollTo(0, y), top);
      await page.screenshot({ path: join(SHOTS, `${name}-${size.width}x${size.height}-${end}.png`) });
    }
  }
}

/** One panel scrolled into view, at both window sizes. */
async function panelShots(name: string, testId: string): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await byId(testId).evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await page.screenshot({ path: join(SHOTS, `${name}-${size.width}x${size.height}.png`) });
  }
}

/** Pastes one share into the grid; it is checked alone and taken, and the grid comes back empty. */
async function giveShare(prefix: string, share: string, taken: number): Promise<void> {
  await byId(`${prefix}-share-paste`).fill(share);
  await byId(`${prefix}-collected-${taken - 1}`).waitFor();
  await expect(byId(`${prefix}-share-paste`).inputValue()).resolves.toBe('');
  const typed = await page.locator(`[data-testid^="${prefix}-share-word-"]`).evaluateAll((cells) => cells.map((c) => (c as HTMLInputElement).value).join(''));
  expect(typed).toBe('');
}

describe('the Drill screen (Chromium host)', () => {
  const clock = new TestClock(Date.UTC(2026, 11, 2, 10, 0, 0));

  beforeAll(async () => {
    if (!chromium.available) return;
    root = await mkdtemp(join(tmpdir(), 'bg-e2e-drill-'));
    dir = join(root, 'set');
    await mkdir(SHOTS, { recursive: true });
    fixture = await createDrillSet(dir, testPorts('drill-setup', clock));
    uiApp = createBreakglassApp({ ...testPorts('drill-ui', clock), host: { name: 'system Chromium host', networkInterfaces: () => ({}) } });
    await uiApp.openVaultSet({ dir });
    // Shares 1 and 2 of the password vault were sealed in bags TE-1001 and TE-1002.
    await uiApp.recordBags({ store: 'password-vault', bags: [{ index: 1, bag: 'TE-1001' }, { index: 2, bag: 'TE-1002' }], actors: ['Ana Lima'] });
    host = await startUiHost(uiApp, { stepTimeoutMs: 30_000 });
    page = host.page;
  });

  afterAll(async () => {
    await host?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  itWithTools([chromium, PDFTOTEXT])('aborts a drill, then walks one to its report with the absent custodians named', { timeout: 240_000 }, async () => {
    await byId('app-ready').waitFor();
    await byId('nav-drill').click();
    await byId('drill-screen').waitFor();
    await expect.poll(() => byId('drill-status-last').textContent()).toBe('none recorded');

    // Step 1 refuses to go on without a lead and a witness.
    await byId('drill-next').click();
    await expect(byId('drill-problem').textContent()).resolves.toMatch(/Name the drill lead/);

    // A drill stopped at the password-vault shares writes only its aborted entry.
    await byId('drill-lead').fill('Ana Lima');
    await byId('drill-witness').fill('Zoe Ward');
    await byId('drill-next').click();
    await byId('drill-pw-step').waitFor();
    await byId('drill-abort').click();
    await byId('drill-abort-reason').fill('the witness was called away');
    await byId('drill-abort-confirm').click();
    await byId('drill-aborted').waitFor();
    await byId('drill-step-panel-1').waitFor();
    await expect.poll(() => byId('drill-status-last').textContent()).toMatch(/aborted/);
    const log = await uiApp.listAuditLog();
    expect(log.entries.filter((e) => e.event === 'drill').map((e) => (e.details as { result?: string } | undefined)?.result)).toEqual(['aborted']);

    // 1. People.
    await byId('drill-lead').fill('Ana Lima');
    await byId('drill-witness').fill('Zoe Ward');
    await byId('drill-custodians').fill('Ana Lima, Ben Okafor, Chen Wei, Dara Nolan, Femi Ade, Gus Park');
    await byId('drill-reason-adhoc').check();
    await byId('drill-note').fill('a custodian changed teams');
    await shots('01-people');
    await byId('drill-next').click();

    // 2. Password vault: four of five custodians, one after the other; the same share twice is refused.
    await byId('drill-pw-step').waitFor();
    await shots('02-pw-shares-empty');
    for (const [i, share] of fixture.pw.slice(0, 4).entries()) {
      await giveShare('drill-pw', words(share), i + 1);
      if (i === 0) {
        await byId('drill-pw-share-paste').fill(words(share));
        await expect.poll(() => byId('drill-pw-share-status').textContent()).toMatch(/already entered/);
        await byId('drill-pw-share-clear').click();
      }
    }
    await expect(byId('drill-pw-collected').textContent()).resolves.toMatch(/Share 1 of 5 — Ana Lima.*Share 4 of 5 — Dara Nolan/);
    await shots('03-pw-shares-taken');
    await byId('drill-next').click();

    // 3. MFA seed store: two shares and the passphrase. A password-vault share entered here is refused by
    //    the grid, leaves the screen like a taken one and is kept for the run as an exception.
    await byId('drill-mfa-step').waitFor();
    for (const [i, share] of fixture.mfa.slice(0, 2).entries()) await giveShare('drill-mfa', words(share), i + 1);
    await byId('drill-mfa-share-paste').fill(words(fixture.pw[4]!));
    await byId('drill-mfa-refused-0').waitFor();
    await expect(byId('drill-mfa-refused-0').textContent()).resolves.toMatch(/^✗ Share refused — it will be an exception in the drill report: share belongs to the password vault, not the MFA seed store/);
    await expect(byId('drill-mfa-share-paste').inputValue()).resolves.toBe('');
    // The same refused share again stays in the grid with its reason and is not listed twice.
    await byId('drill-mfa-share-paste').fill(words(fixture.pw[4]!));
    await expect.poll(() => byId('drill-mfa-share-status').getAttribute('data-state')).toBe('invalid');
    await expect(page.locator('[data-testid^="drill-mfa-refused-"]').count()).resolves.toBe(1);
    await byId('drill-mfa-share-clear').click();
    await byId('drill-mfa-passphrase').fill(MFA_PASSPHRASE);
    await shots('04-mfa-shares');
    await byId('drill-next').click();

    // 4. Envelopes: share 1's bag matches the record, share 2's does not.
    await byId('drill-bags').waitFor();
    await byId('drill-bag-pw-1-seen').fill('TE-1001');
    await byId('drill-bag-pw-1-new').fill('TE-2001');
    await byId('drill-bag-pw-2-seen').fill('TE-6666');
    await byId('drill-bag-pw-2-new').fill('TE-2002');
    await shots('05-envelopes');
    await byId('drill-next').click();

    // 5. Copies: no drive mounted; a half-typed sheet reading is refused before the run.
    await byId('drill-copies').waitFor();
    await byId('drill-drives-none').waitFor();
    await byId('drill-sheet-gen-pw').fill('1');
    await byId('drill-next').click();
    await expect(byId('drill-problem').textContent()).resolves.toMatch(/fingerprint/);
    await byId('drill-sheet-gen-pw').fill('');
    await shots('06-copies');

    // 5b. Live sign-ins: the vault is locked, so the ids are typed; a bad id and a bad time are named.
    await byId('drill-sign-in-account').fill('12345');
    await byId('drill-sign-in-add').click();
    await expect(byId('drill-sign-ins').textContent()).resolves.toMatch(/type its 12-digit AWS account id/);
    await byId('drill-sign-in-account').fill('100000000000');
    await byId('drill-sign-in-time').fill('9:5');
    await byId('drill-sign-in-add').click();
    await expect(byId('drill-sign-ins').textContent()).resolves.toMatch(/Type the time as HH:MM in UTC/);
    await expect(page.locator('[data-testid^="drill-sign-in-"][data-outcome]').count()).resolves.toBe(0);
    await byId('drill-sign-in-time').fill('09:55');
    await byId('drill-sign-in-add').click();
    await byId('drill-sign-in-account').fill('100000000001');
    await byId('drill-sign-in-failed').check();
    await byId('drill-sign-in-add').click();
    // One the vault does not hold: the run names it and stops (removed below).
    await byId('drill-sign-in-account').fill('999999999999');
    await byId('drill-sign-in-add').click();
    await expect(byId('drill-sign-in-0').textContent()).resolves.toMatch(/^✓ Account 100000000000, 09:55 UTC: signed in/);
    await expect(byId('drill-sign-in-1').textContent()).resolves.toMatch(/^✗ Account 100000000001, at the drill’s time: failed — it will be an exception/);
    await panelShots('06b-sign-ins', 'drill-sign-ins');
    await byId('drill-next').click();

    // 6. Run, with the report saved.
    const reportFile = join(root, 'drill-report.pdf');
    await byId('drill-run-step').waitFor();
    await byId('drill-report-file').fill(reportFile);
    await expect(byId('drill-run-step').textContent()).resolves.toMatch(/2 MFA seed store share\(s\) plus 1 refused \(an exception\) and its passphrase.*3 live sign-ins are recorded/);
    await shots('07-run');
    await byId('drill-run').click();
    await expect.poll(() => byId('drill-error').textContent(), { timeout: 120_000 }).toMatch(/Account 999999999999 is not in this vault set's password vault.*The Accounts screen lists/);
    await byId('drill-back').click();
    await byId('drill-sign-in-remove-2').click();
    await expect(page.locator('[data-testid^="drill-sign-in-"][data-outcome]').count()).resolves.toBe(2);
    await byId('drill-next').click();
    await byId('drill-run').click();
    await byId('drill-result').waitFor({ timeout: 120_000 });
    await expect(byId('drill-outcome').getAttribute('data-result')).resolves.toBe('exceptions');
    const exceptions = await byId('drill-exceptions').textContent();
    expect(exceptions).toMatch(/Share 5 of the password vault \(Eve Marsh\) not checked/);
    expect(exceptions).toMatch(/Share 3 of the MFA seed store \(Hana Sato\) not checked/);
    expect(exceptions).toMatch(/Possible tampering: .*TE-6666.*TE-1002/);
    expect(exceptions).not.toMatch(/TE-1001/);
    // The refused share is its own exception, worded as at the CLI (the run numbers the entries).
    const refused = page.locator('[data-testid^="drill-exception-"][data-kind="share-refused"]');
    await expect(refused.count()).resolves.toBe(1);
    await expect(refused.textContent()).resolves.toMatch(/entry 3 for the MFA seed store belongs to the password vault, not the MFA seed store/);
    // The failed live sign-in is an exception; the ok one a line of the attested step.
    const failedSignIn = page.locator('[data-testid^="drill-exception-"][data-kind="sign-in-failed"]');
    await expect(failedSignIn.textContent()).resolves.toMatch(/The live sign-in to 100000000001 \(Account 1\) failed \(2026-12-02 10:00 UTC\)/);
    await expect(page.locator('tr[data-testid^="drill-step-"]', { hasText: 'Live sign-in (attested by Ana Lima and Zoe Ward)' }).getAttribute('data-result')).resolves.toBe('exceptions');
    await expect(byId('drill-report-saved').textContent()).resolves.toContain(reportFile);
    // No share is left on the screen after the run.
    await expect(page.locator('[data-testid*="-share-word-"]').count()).resolves.toBe(0);
    await shots('08-results');

    const text = pageTexts(new Uint8Array(await readFile(reportFile))).join('\n');
    expect(text).toMatch(/Ana Lima/);
    expect(text).toMatch(/Zoe Ward/);
    expect(text).toMatch(/Eve Marsh/);
    expect(text).toMatch(/TE-6666/);
    expect(text.replace(/\s+/g, ' ')).toMatch(/entry 3 for the MFA seed store belongs to the password vault/);
    expect(text.replace(/\s+/g, ' ')).toMatch(/Live sign-in \(attested by Ana Lima and Zoe Ward\): EXCEPTIONS/);
    expect(text.replace(/\s+/g, ' ')).toContain('Account 100000000000 (Account 0), 2026-12-02 09:55 UTC: signed in as root with the app — ok.');
    expect(text.replace(/\s+/g, ' ')).toMatch(/The live sign-in to 100000000001 \(Account 1\) failed/);
    await expect.poll(() => byId('drill-status-last').textContent()).toMatch(/exceptions/);
    await expect(byId('drill-status-open').textContent()).resolves.toMatch(/share-not-checked/);
    await expect(byId('drill-status-open').textContent()).resolves.toMatch(/share-refused/);
  });
});
