/// <reference lib="dom" />
// The check-in's exposed MFA seeds in the UI (system-Chromium host): a box per account of the run, a device
// choice when the account has several virtual devices (closing without one is refused and the run stays
// open), then the proposal "Re-enroll the MFA device of …" linking to Enroll MFA for that account, and the
// reminder gone once a new device is enrolled. Screenshots at 1024×700 and 1360×900 (FORMAT.md §15.3, §15.5).

import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { createBreakglassApp, type BreakglassApp } from '../../src/app/index.js';
import type { ChromiumHost } from '../../main/chromium/host.js';
import { TestClock, testPorts } from '../support/ports.js';
import { chromium, startUiHost } from '../support/ui-host.js';
import { itWithTools } from '../support/tools.js';

const SHOTS = process.env.BG_SHOTS_DIR ?? '/work/shots';
const PW = 'seed exposed e2e vault passphrase';
const MFA = 'seed exposed e2e mfa passphrase!';
const MGMT = '111122223333';
const EXCL = '444455556666';
const SEED = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

let root: string;
let host: ChromiumHost | undefined;
let page: Page;
let uiApp: BreakglassApp;
const clock = new TestClock(Date.UTC(2026, 11, 1, 9, 0, 0));
const byId = (id: string) => page.getByTestId(id);

async function shots(name: string, focus?: string): Promise<void> {
  for (const [width, height] of [
    [1024, 700],
    [1360, 900],
  ] as const) {
    await page.setViewportSize({ width, height });
    if (focus) await byId(focus).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, `seedx-${name}-${width}x${height}.png`), fullPage: false });
  }
  await page.setViewportSize({ width: 1280, height: 860 });
}

async function enrollNew(accountId: string, device: string): Promise<void> {
  clock.advance(60);
  await uiApp.prepareEnrollment({ accountId, device, generate: true });
  await uiApp.confirmEnrollment({ actors: ['Dana Kim'] });
}

describe('exposed MFA seeds at check-in (Chromium host)', () => {
  beforeAll(async () => {
    if (!chromium.available) return;
    root = await mkdtemp(join(tmpdir(), 'bg-e2e-seedx-'));
    const dir = join(root, 'set');
    await mkdir(SHOTS, { recursive: true });
    uiApp = createBreakglassApp({ ...testPorts('seedx-ui', clock), host: { name: 'system Chromium host', networkInterfaces: () => ({}) } });
    await uiApp.createVaultSet({ dir, kdfProfile: 'test', password: { passphrase: PW }, mfa: { passphrase: MFA }, requireRun: true, actors: ['Ana Lima'] });
    await uiApp.unlockStore({ store: 'password-vault', secret: { passphrase: PW } });
    await uiApp.addAccount({ accountId: MGMT, name: 'Organization management', accountClass: 'management', email: 'aws-root+mgmt@example.com', notes: '', password: 'Old-Root-Password-1!' });
    await uiApp.addAccount({ accountId: EXCL, name: 'Log archive', accountClass: 'excluded', email: 'aws-root+log@example.com', notes: '', password: 'Old-Root-Password-2!' });
    await uiApp.unlockStore({ store: 'mfa-seeds', secret: { passphrase: MFA } });
    await uiApp.addMfaDevice({ type: 'virtual', accountId: MGMT, name: 'root-totp', seed: SEED });
    await uiApp.addMfaDevice({ type: 'virtual', accountId: EXCL, name: 'phone-a', seed: SEED });
    await uiApp.addMfaDevice({ type: 'virtual', accountId: EXCL, name: 'phone-b', seed: SEED });
    await uiApp.startRun({ accounts: [MGMT, EXCL], task: 'other', reason: 'Recover the log archive account settings', actors: ['Ana Lima', 'Dana Kim'] });
    clock.advance(600);
    host = await startUiHost(uiApp);
    page = host.page;
  });

  afterAll(async () => {
    await host?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  itWithTools([chromium])('records the exposed seeds at close and proposes re-enrollment until a new device is enrolled', async () => {
    await byId('app-ready').waitFor();
    await byId('actors-input').fill('Ana Lima, Dana Kim');
    await byId('actors-input').blur();
    await byId('nav-runs').click();
    await byId('run-row-1').click();
    await byId('seed-exposed').waitFor();
    expect(await byId('seed-exposed').textContent()).toMatch(/111122223333: its MFA seed was exposed beyond a login session \(root-totp\).*444455556666: its MFA seed was exposed beyond a login session/s);
    await byId(`seed-exposed-${MGMT}`).check();
    await byId(`seed-exposed-${EXCL}`).check();
    await byId(`seed-exposed-device-${EXCL}`).waitFor();
    await byId('run-outcome').fill('Settings restored; the seed of both roots was shown on a shared screen');

    // Two virtual devices and none chosen: refused with the devices named, the run stays open.
    await byId('run-close').click();
    await expect.poll(() => byId('run-checkin-error').textContent()).toMatch(/444455556666 has 2 virtual MFA devices \(phone-a, phone-b\): name the one whose seed was exposed/);
    expect(await byId('run-1').getAttribute('data-state')).toBe('open');
    expect((await uiApp.getRuns()).runs[0]!.closedAt).toBeNull();
    await shots('01-checkin-refused', 'run-checkin-error');
    await byId(`seed-exposed-device-${EXCL}`).selectOption('phone-b');
    expect(await byId('run-checkin-error').count()).toBe(0);
    await shots('02-checkin-seeds', 'seed-exposed');

    await byId('run-close').click();
    await expect.poll(() => byId('run-1').getAttribute('data-state')).toBe('closed');
    expect(await byId('run-seeds-exposed').textContent()).toBe('111122223333 (root-totp), 444455556666 (phone-b)');
    expect(await byId('run-reenroll').textContent()).toMatch(/The MFA seed of 111122223333 \(root-totp\) was exposed in this run\. Re-enroll it: create a new virtual MFA device in AWS/);
    await expect.poll(() => page.locator('[data-testid="runs-reminders"] [data-kind="seed-exposed"]').count()).toBe(2);
    expect(await byId('runs-reminders').textContent()).toContain('The MFA seed of 444455556666 (phone-b) was exposed in run 1: re-enroll it (new virtual MFA device in AWS, enroll here, remove the old one).');
    await expect.poll(() => byId('status-runs').textContent()).toBe('Break-glass reminders due');
    await shots('03-reenroll-proposal', 'run-reenroll');

    // The proposal opens Enroll MFA for that account.
    await byId(`run-reenroll-${EXCL}`).click();
    await byId('enroll-screen').waitFor();
    await expect.poll(() => byId('enroll-account').inputValue()).toBe(EXCL);
    await shots('04-enroll-from-run');

    // A new device of the management account ends its reminder; the other stays until its own enrollment.
    await enrollNew(MGMT, 'root-totp-2');
    await byId('nav-runs').click();
    await byId('run-row-1').click();
    await expect.poll(() => byId('run-reenroll').textContent()).not.toContain('111122223333');
    await expect.poll(() => page.locator('[data-testid="runs-reminders"] [data-kind="seed-exposed"]').count()).toBe(1);
    expect(await byId(`run-reenroll-${MGMT}`).count()).toBe(0);

    // Enrolled here as the Enroll MFA screen does it; the Runs screen reads the runs again when opened.
    await enrollNew(EXCL, 'phone-c');
    await byId('nav-audit').click();
    await byId('nav-runs').click();
    await byId('run-row-1').click();
    await byId('run-reenrolled').waitFor();
    expect(await byId('run-reenrolled').textContent()).toMatch(/Still listed here, to remove in AWS and from the account's MFA devices: root-totp of 111122223333, phone-b of 444455556666\./);
    expect(await byId('run-reenroll').count()).toBe(0);
    expect(await byId('runs-reminders').count()).toBe(0);
    await expect.poll(() => byId('status-runs').count()).toBe(0);
    await shots('05-reenrolled', 'run-reenrolled');

    // Once the old devices are removed, the note says so.
    await uiApp.removeMfaDevice({ accountId: MGMT, name: 'root-totp' });
    await uiApp.removeMfaDevice({ accountId: EXCL, name: 'phone-b' });
    await byId('nav-audit').click();
    await byId('nav-runs').click();
    await byId('run-row-1').click();
    await expect.poll(() => byId('run-reenrolled').textContent()).toMatch(/re-enrolled since: .*\. The old devices are removed here\.$/);
  });
});
