/// <reference lib="dom" />
// Keyboard alone, as a custodian without a mouse: every control used here is reached with Tab and
// worked with Enter, Space or typing — open a vault set, unlock with a passphrase, see an account,
// start and end a TOTP login, lock everything. And typing is never overwritten by a list that arrives
// late (the cause of a CI failure: the account id was prefilled under the caret). Screenshots go to
// test-output/e2e-keyboard/.

import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { createBreakglassApp, type BreakglassApp } from '../../src/app/index.js';
import type { ChromiumHost } from '../../main/chromium/host.js';
import { testPorts } from '../support/ports.js';
import { chromium, shotsDir, startUiHost } from '../support/ui-host.js';
import { itWithTools } from '../support/tools.js';

const shots = shotsDir('e2e-keyboard');
const VAULT_PASSPHRASE = 'keyboard only vault passphrase';
const MFA_PASSPHRASE = 'keyboard only mfa passphrase';
const ACCOUNT = '123456789012';
/** Has an MFA device but no vault entry: in the enrollment's account suggestions only once the devices arrive. */
const OTHER_ACCOUNT = '000000000002';

let root: string;
let dir: string;
let app: BreakglassApp;
let uiApp: BreakglassApp;
let host: ChromiumHost | undefined;
let page: Page;

/** Holds back the window's calls of one app method until `release`, as a slow disk or a busy workstation would. */
function holdBack(method: 'listAccounts' | 'listMfaDevices' | 'listCustodians'): { release: () => void } {
  const original = uiApp[method];
  let release = () => undefined as void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const late = async (...args: unknown[]): Promise<unknown> => {
    await gate;
    return (original as (...a: unknown[]) => Promise<unknown>).apply(uiApp, args);
  };
  Object.assign(uiApp, { [method]: late });
  return {
    release: () => {
      Object.assign(uiApp, { [method]: original });
      release();
    },
  };
}

/** Presses Tab until the element with this test id has the focus; fails when Tab never reaches it. */
async function tabTo(testId: string, limit = 120): Promise<void> {
  for (let i = 0; i < limit; i += 1) {
    if ((await page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null)) === testId) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached [data-testid="${testId}"] in ${limit} presses`);
}

describe('keyboard alone (Chromium host)', () => {
  beforeAll(async () => {
    if (!chromium.available) return;
    root = await mkdtemp(join(tmpdir(), 'bg-e2e-kbd-'));
    dir = join(root, 'set');
    await rm(shots, { recursive: true, force: true });
    await mkdir(shots, { recursive: true });
    app = createBreakglassApp({ ...testPorts('keyboard'), host: { name: 'system Chromium host', networkInterfaces: () => ({}) } });
    await app.createVaultSet({ dir, kdfProfile: 'test', password: { passphrase: VAULT_PASSPHRASE }, mfa: { passphrase: MFA_PASSPHRASE } });
    await app.unlockStore({ store: 'password-vault', secret: { passphrase: VAULT_PASSPHRASE } });
    await app.addAccount({ accountId: ACCOUNT, name: 'Management', accountClass: 'management', email: 'root@example.com', generatePasswordLength: 32 });
    await app.unlockStore({ store: 'mfa-seeds', secret: { passphrase: MFA_PASSPHRASE } });
    await app.addMfaDevice({ type: 'virtual', accountId: ACCOUNT, name: 'root-mfa-1', seed: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' });
    await app.addMfaDevice({ type: 'hardware-totp', accountId: OTHER_ACCOUNT, name: 'token-1', serial: 'GAHT1', location: 'safe 2' });
    await app.lockAll();
    // The UI starts fresh, with no vault set open.
    uiApp = createBreakglassApp({ ...testPorts('keyboard-ui'), host: { name: 'system Chromium host', networkInterfaces: () => ({}) } });
    host = await startUiHost(uiApp);
    page = host.page;
  });

  afterAll(async () => {
    await host?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  itWithTools([chromium])('opens, unlocks, signs in with TOTP and locks without a mouse', { timeout: 120_000 }, async () => {
    await page.getByTestId('app-ready').waitFor();

    await tabTo('welcome-dir');
    await page.keyboard.type(dir);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('header-vault-set').textContent()).toContain(dir);

    await tabTo('nav-unlock');
    await page.keyboard.press('Enter');
    await tabTo('unlock-passphrase');
    await page.keyboard.type(VAULT_PASSPHRASE);
    await page.keyboard.press('Enter');
    await page.getByTestId('unlock-done').waitFor();
    await page.screenshot({ path: join(shots, '01-unlocked.png') });

    await tabTo('nav-accounts');
    await page.keyboard.press('Enter');
    await tabTo(`account-open-${ACCOUNT}`);
    await page.keyboard.press('Enter');
    await tabTo('reveal-password');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('revealed-password').textContent()).toMatch(/^\S{32}$/);
    await page.screenshot({ path: join(shots, '02-revealed.png') });

    await tabTo('nav-totp');
    await page.keyboard.press('Enter');
    await tabTo('totp-account');
    await page.keyboard.type(ACCOUNT.slice(0, 6)); // a select follows the typed text
    await tabTo('totp-mode-passphrase');
    await page.keyboard.press('Space');
    await tabTo('totp-passphrase');
    await page.keyboard.type(MFA_PASSPHRASE);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('totp-current').textContent()).toMatch(/\d{3} ?\d{3}/);
    await page.screenshot({ path: join(shots, '03-totp.png') });
    await tabTo('totp-end');
    await page.keyboard.press('Enter');
    await page.getByTestId('totp-ended').waitFor();

    await tabTo('lock-all');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('status-unlocked').textContent()).toMatch(/locked/i);
    await page.screenshot({ path: join(shots, '04-locked.png') });
  });

  itWithTools([chromium])('keeps what is typed into a field when the list behind it arrives late', { timeout: 60_000 }, async () => {
    await uiApp.unlockStore({ store: 'password-vault', secret: { passphrase: VAULT_PASSPHRASE } });
    const suggestion = (accountId: string) => page.locator(`#enroll-account-list option[value="${accountId}"]`);
    const account = page.getByTestId('enroll-account');
    const device = page.getByTestId('enroll-device');

    // The custodian is already in the empty account field when the accounts arrive: the first account must
    // not be filled in under the caret, or what they type lands after it.
    const accounts = holdBack('listAccounts');
    await page.getByTestId('nav-enroll').click();
    await suggestion(OTHER_ACCOUNT).waitFor({ state: 'attached' }); // the devices are in, the accounts are not
    await account.focus();
    accounts.release();
    await expect.poll(() => suggestion(ACCOUNT).textContent()).toBe('Management');
    await page.keyboard.type('210987654321');
    expect(await account.inputValue()).toBe('210987654321');

    // The custodian has selected the suggested device name to replace it when the devices arrive (and with
    // them a new suggestion, as root-mfa-1 is taken): the name must stay as they type it.
    await page.getByTestId('nav-accounts').click();
    const devices = holdBack('listMfaDevices');
    await page.getByTestId('nav-enroll').click();
    await expect.poll(() => suggestion(ACCOUNT).textContent()).toBe('Management');
    await expect.poll(() => account.inputValue()).toBe(ACCOUNT);
    expect(await device.inputValue()).toBe('root-mfa-1');
    await device.focus();
    await page.keyboard.press('Control+A');
    devices.release();
    await suggestion(OTHER_ACCOUNT).waitFor({ state: 'attached' });
    await page.keyboard.type('root-mfa-9');
    expect(await device.inputValue()).toBe('root-mfa-9');
    // Left without typing, the field takes the new suggestion once the custodian is out of it.
    await page.getByTestId('nav-accounts').click();
    const again = holdBack('listMfaDevices');
    await page.getByTestId('nav-enroll').click();
    await expect.poll(() => account.inputValue()).toBe(ACCOUNT);
    await device.focus();
    again.release();
    await suggestion(OTHER_ACCOUNT).waitFor({ state: 'attached' });
    expect(await device.inputValue()).toBe('root-mfa-1');
    await page.keyboard.press('Tab');
    await expect.poll(() => device.inputValue()).toBe('root-mfa-2');
    await page.screenshot({ path: join(shots, '05-enroll-typed-while-loading.png') });
  });

  itWithTools([chromium])('shows the rotation form only once the register it starts from is read', { timeout: 60_000 }, async () => {
    await uiApp.unlockStore({ store: 'password-vault', secret: { passphrase: VAULT_PASSPHRASE } });
    const registers = holdBack('listCustodians');
    await page.getByTestId('nav-custody').click();
    await page.getByTestId('rotate-waiting').waitFor();
    expect(await page.getByTestId('rotate-submit').count()).toBe(0);
    registers.release();
    await page.getByTestId('rotate-submit').waitFor();
    expect(await page.getByTestId('rotate-waiting').count()).toBe(0);
  });
});
