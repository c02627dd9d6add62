/// <reference lib="dom" />
// Readable root passwords and app wording in the Chromium host: search on Accounts, a style chosen per
// account, a reveal in groups with a look-alike legend that can be kept shown longer, and an error that
// words its next step with the app's own controls (no CLI flag). Screenshots go to /work/shots/ux2/.

import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { createBreakglassApp, type BreakglassApp } from '../../src/app/index.js';
import type { ChromiumHost } from '../../main/chromium/host.js';
import { testPorts } from '../support/ports.js';
import { chromium, shotsDir, startUiHost } from '../support/ui-host.js';
import { openVaultSet, unlockWithPassphrase } from '../support/ui-steps.js';
import { itWithTools } from '../support/tools.js';

const shots = shotsDir('e2e-readable-passwords');
const VAULT = 'readable vault passphrase';
const MFA = 'readable mfa passphrase';

let root: string;
let dir: string;
let host: ChromiumHost | undefined;
let page: Page;

async function shoot(name: string, focus?: string): Promise<void> {
  for (const [width, height] of [
    [1024, 700],
    [1360, 900],
  ] as const) {
    await page.setViewportSize({ width, height });
    if (focus) await page.getByTestId(focus).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, `${name}-${width}x${height}.png`), fullPage: false });
  }
}

describe('readable passwords (Chromium host)', () => {
  beforeAll(async () => {
    if (!chromium.available) return;
    root = await mkdtemp(join(tmpdir(), 'bg-e2e-readable-'));
    dir = join(root, 'set');
    await mkdir(shots, { recursive: true });
    const setup: BreakglassApp = createBreakglassApp(testPorts('readable'));
    await setup.createVaultSet({ dir, kdfProfile: 'test', password: { passphrase: VAULT }, mfa: { passphrase: MFA } });
    await setup.unlockStore({ store: 'password-vault', secret: { passphrase: VAULT } });
    await setup.addAccount({ accountId: '111111111111', name: 'Management', accountClass: 'management', email: 'root@example.com', password: 'O0Ol1I|xAb9#Zz2S5-mgmt' });
    await setup.addAccount({ accountId: '222222222222', name: 'Payments', accountClass: 'excluded', email: 'pay@example.com', passwordStyle: 'words', generatePassword: true });
    await setup.lockAll();
    const uiApp = createBreakglassApp({ ...testPorts('readable-ui'), host: { name: 'system Chromium host', networkInterfaces: () => ({}) } });
    host = await startUiHost(uiApp);
    page = host.page;
  });

  afterAll(async () => {
    await host?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  itWithTools([chromium])('searches accounts, reveals in groups with a legend, and words errors for the app', { timeout: 120_000 }, async () => {
    await openVaultSet(page, dir);
    await unlockWithPassphrase(page, 'password-vault', VAULT);

    await page.getByTestId('nav-accounts').click();
    await page.getByTestId('accounts-table').waitFor();
    await page.getByTestId('accounts-search').fill('pay');
    await expect.poll(() => page.locator('[data-testid^="account-row-"]').count()).toBe(1);
    await page.getByTestId('account-row-222222222222').waitFor();
    await shoot('01-accounts-search');
    await page.getByTestId('accounts-search').fill('nobody-here');
    await page.getByTestId('accounts-no-match').waitFor();
    await page.getByTestId('accounts-search').fill('');

    // A typed password that breaks the policy: the message names the app's control, never a CLI flag.
    await page.getByTestId('account-generate').uncheck();
    await page.locator('#account-id').fill('333333333333');
    await page.getByTestId('account-name').fill('Short');
    await page.getByTestId('account-email').fill('short@example.com');
    await page.getByTestId('account-password').fill('Ab1!x');
    await page.getByTestId('account-password').press('Enter');
    const error = page.getByTestId('account-add-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/Tick "Generate a password"/);
    expect(await error.textContent()).not.toMatch(/--[a-z]|breakglass [a-z]/);
    await shoot('02-app-worded-error', 'account-add-error');

    // The management account's typed password is full of look-alikes: grouped by four, with a legend.
    await page.getByTestId('account-open-111111111111').click();
    await page.getByTestId('reveal-password').click();
    await page.getByTestId('revealed-password').waitFor();
    expect(await page.getByTestId('password-group').allTextContents()).toEqual(['O0Ol', '1I|x', 'Ab9#', 'Zz2S', '5-mg', 'mt']);
    const legend = await page.getByTestId('password-legend').textContent();
    for (const name of ['capital O', 'zero', 'small L', 'one', 'capital I', 'vertical bar']) expect(legend).toContain(name);
    const font = await page.getByTestId('revealed-password').evaluate((el) => getComputedStyle(el).fontFamily);
    expect(font).toMatch(/mono/i);
    await page.getByTestId('reveal-extend').click();
    await expect.poll(() => page.getByTestId('reveal-countdown').textContent()).toMatch(/Hidden in (29|30) s/);
    await shoot('03-reveal-groups-legend', 'password-legend');
    await page.getByTestId('reveal-hide').click();

    // The words account: one group per word.
    await page.getByTestId('nav-accounts').click();
    await page.getByTestId('account-open-222222222222').click();
    await page.getByTestId('reveal-password').click();
    await expect.poll(() => page.getByTestId('password-group').count()).toBe(15);
    await shoot('04-reveal-words', 'reveal-panel');
    await page.getByTestId('reveal-hide').click();
  });
});
