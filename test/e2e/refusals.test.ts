/// <reference lib="dom" />
// What a custodian sees when something is wrong, in the UI: a damaged store file is named on every
// screen with the way out, a share of the other store is refused as foreign, and a share entered twice is
// refused without also being shown as accepted. Screenshots go to test-output/e2e-refusals/.

import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { createBreakglassApp, type BreakglassApp, type IssuedShare } from '../../src/app/index.js';
import type { ChromiumHost } from '../../main/chromium/host.js';
import { dbusLockTriggers } from '../../main/session-lock.js';
import { testPorts } from '../support/ports.js';
import { chromium, shotsDir, startUiHost } from '../support/ui-host.js';
import { itWithTools } from '../support/tools.js';

const shots = shotsDir('e2e-refusals');
const names = (list: readonly string[]) => list.map((name) => ({ name }));

let root: string;
let dir: string;
let shares: IssuedShare[];
let host: ChromiumHost | undefined;
let page: Page;
let uiApp: BreakglassApp;

describe('refusals in the UI (Chromium host)', () => {
  beforeAll(async () => {
    if (!chromium.available) return;
    root = await mkdtemp(join(tmpdir(), 'bg-e2e-refusals-'));
    dir = join(root, 'set');
    await rm(shots, { recursive: true, force: true });
    await mkdir(shots, { recursive: true });
    const setup = createBreakglassApp(testPorts('refusals'));
    const created = await setup.createVaultSet({
      dir,
      kdfProfile: 'test',
      password: { shares: { threshold: 2, custodians: names(['Ana', 'Ben', 'Chen']) } },
      mfa: { shares: { threshold: 2, custodians: names(['Dana', 'Eli', 'Fay']) } },
    });
    shares = [...created.issuedShares];
    // The host's lock triggers as the Chromium host reports them with a system bus but no desktop session bus.
    const lockTriggers = () =>
      dbusLockTriggers([
        { bus: 'system', active: true, sleepDelay: { active: true } },
        { bus: 'session', active: false, reason: 'no desktop session bus ($DBUS_SESSION_BUS_ADDRESS is unset)' },
      ]);
    uiApp = createBreakglassApp({ ...testPorts('refusals-ui'), host: { name: 'system Chromium host', networkInterfaces: () => ({}), lockTriggers } });
    host = await startUiHost(uiApp);
    page = host.page;
  });

  afterAll(async () => {
    await host?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  const words = (store: string, index: number) => shares.find((s) => s.store === store && s.index === index)!.words.join(' ');

  itWithTools([chromium])('names a foreign share and a share entered twice where the custodian types', { timeout: 60_000 }, async () => {
    await page.getByTestId('app-ready').waitFor();
    await page.getByTestId('welcome-dir').fill(dir);
    await page.getByTestId('welcome-open').click();
    await page.getByTestId('nav-unlock').click();
    await page.getByTestId('unlock-store-select').selectOption('password-vault');

    await page.getByTestId('share-paste').fill(words('mfa-seeds', 1));
    await expect.poll(() => page.getByTestId('share-status').getAttribute('data-state')).toBe('invalid');
    await expect(page.getByTestId('share-status').textContent()).resolves.toMatch(/does not open this store/i);
    await page.screenshot({ path: join(shots, '01-foreign-share.png') });

    await page.getByTestId('share-paste').fill(words('password-vault', 1));
    await expect.poll(() => page.getByTestId('share-collected-0').textContent()).toBe('share 1 of 3 (Ana) ✓ accepted');
    await page.getByTestId('share-paste').fill(words('password-vault', 1));
    await expect.poll(() => page.getByTestId('share-status').getAttribute('data-state')).toBe('refused');
    const status = (await page.getByTestId('share-status').textContent()) ?? '';
    expect(status).toMatch(/share 1 was already entered \(Ana\)/);
    expect(status).not.toMatch(/accepted/i);
    // The duplicate does not count: no Unlock button (or a disabled one) until a different share is given.
    const submit = page.getByTestId('unlock-submit');
    expect((await submit.count()) === 0 || !(await submit.isEnabled())).toBe(true);
    await page.screenshot({ path: join(shots, '02-duplicate-share.png') });
  });

  itWithTools([chromium])('names a damaged store file on every screen and offers the restores', { timeout: 60_000 }, async () => {
    const file = join(dir, 'mfa-seeds.bgv');
    const bytes = await readFile(file);
    bytes[bytes.length - 80]! ^= 0x01;
    await writeFile(file, bytes);
    await page.getByTestId('lock-all').click();
    await page.getByTestId('nav-welcome').click();
    await page.getByTestId('welcome-dir').fill(dir);
    await page.getByTestId('welcome-open').click();
    await page.getByTestId('store-problem-mfa-seeds').waitFor();
    await expect(page.getByTestId('store-problem-mfa-seeds').textContent()).resolves.toMatch(/MFA seed store cannot be used:.*(damaged|checksum)/i);
    await expect(page.getByTestId('store-problem-password-vault').count()).resolves.toBe(0);
    await page.screenshot({ path: join(shots, '03-damaged-store.png') });
    await page.getByTestId('store-problems-drives').click();
    await page.getByTestId('drives-screen').waitFor();
    await expect(page.getByTestId('store-problem-mfa-seeds').isVisible()).resolves.toBe(true);
  });

  itWithTools([chromium])('allows more than 16 custodians only after the explicit opt-in', { timeout: 60_000 }, async () => {
    await page.getByTestId('nav-welcome').click();
    await page.getByTestId('welcome-create').click();
    const add = page.getByTestId('create-pw-custodian-add');
    for (let n = 3; n < 16; n++) await add.click();
    await expect(page.locator('[data-testid^="create-pw-custodian-name-"]').count()).resolves.toBe(16);
    await expect(add.isDisabled()).resolves.toBe(true);
    const optIn = page.getByTestId('create-pw-allow-large-set');
    await optIn.check();
    await add.click();
    await expect(page.locator('[data-testid^="create-pw-custodian-name-"]').count()).resolves.toBe(17);
    await page.screenshot({ path: join(shots, '04-seventeen-custodians.png'), fullPage: true });
    await optIn.uncheck();
    await page.getByTestId('create-submit').click();
    await expect.poll(() => page.getByTestId('create-error').textContent()).toMatch(/More than 16 custodians needs "Allow more than 16 custodians" ticked/);
  });

  itWithTools([chromium])('shows at once that the host locked every store (suspend, screen lock), without waiting for the next poll', { timeout: 60_000 }, async () => {
    // The page's clock is paused (Playwright's fake clock): its status poll (every 5 s) runs only when the test
    // moves the clock on, so what updates the status bar after the lock can only be the host's event.
    const now = Date.now();
    await page.clock.install({ time: now });
    await page.clock.pauseAt(now + 1_000);
    await page.reload();
    await page.getByTestId('app-ready').waitFor();
    await uiApp.unlockStore({ store: 'password-vault', secret: { shares: [words('password-vault', 1), words('password-vault', 2)] } });
    await page.clock.runFor(6_000); // one status poll, by hand: it shows the unlocked vault
    await expect.poll(() => page.getByTestId('status-unlocked').textContent()).toMatch(/password vault/i);
    await uiApp.lockAll();
    await page.evaluate(() => window.dispatchEvent(new Event('breakglass:locked')));
    await expect.poll(() => page.getByTestId('status-unlocked').textContent()).not.toMatch(/password vault/i);
    await page.clock.resume();
  });

  itWithTools([chromium])('lists on the Settings screen what the host locks on, and why a trigger is off', { timeout: 60_000 }, async () => {
    await page.getByTestId('nav-settings').click();
    const items = page.getByTestId('settings-lock-triggers').locator('li');
    await expect.poll(() => items.count()).toBe(4);
    // Each line's own words; the host's raw message is folded away in a <details> beneath it.
    const lines = await items.evaluateAll((lis) =>
      lis.map((li) => [li.getAttribute('data-state'), [...li.childNodes].filter((n) => n.nodeName !== 'DETAILS').map((n) => n.textContent).join('')]),
    );
    expect(lines).toEqual([
      ['on', '✓ suspend (logind, D-Bus)'],
      ['on', '✓ sleep waits until the stores are locked (logind delay lock)'],
      ['on', '✓ screen lock (logind: lock-session, LockedHint)'],
      ['off', "✗ the desktop's screen saver (D-Bus) — no desktop session bus (the app runs outside a desktop session): the desktop's screen saver cannot be detected on this machine"],
    ]);
    await expect(page.getByTestId('settings-lock-trigger-raw-3').locator('code').textContent()).resolves.toBe('no desktop session bus ($DBUS_SESSION_BUS_ADDRESS is unset)');
    await page.screenshot({ path: join(shots, '05-settings-lock-triggers.png'), fullPage: true });
  });
});
