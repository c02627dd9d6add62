/// <reference lib="dom" />
// A whole break-glass run in the UI (system-Chromium host): start it with a reason and the custodians present,
// read its runbook, reveal the root password and run a TOTP login (both tied to the run), close it with the
// rotation of the exposed password, see the paper backup shown stale, print it again, and the run closed.
// Screenshots at 1024×700 and 1360×900 go to /work/shots/runs/ (FORMAT.md §15).

import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { createBreakglassApp, type BreakglassApp } from '../../src/app/index.js';
import type { ChromiumHost } from '../../main/chromium/host.js';
import { TestClock, testPorts } from '../support/ports.js';
import { chromium, startUiHost } from '../support/ui-host.js';
import { itWithTools } from '../support/tools.js';

const SHOTS = process.env.BG_SHOTS_DIR ?? '/work/shots/runs';
const PW = 'runs e2e vault passphrase';
const MFA = 'runs e2e mfa passphrase!';
const MGMT = '111122223333';
const OLD = 'Old-Root-Password-1!';
const START = Date.UTC(2026, 11, 1, 9, 0, 10);

let root: string;
let dir: string;
let host: ChromiumHost | undefined;
let page: Page;
let uiApp: BreakglassApp;
const clock = new TestClock(START);
const byId = (id: string) => page.getByTestId(id);

async function shots(name: string, focus?: string): Promise<void> {
  for (const [width, height] of [
    [1024, 700],
    [1360, 900],
  ] as const) {
    await page.setViewportSize({ width, height });
    if (focus) await byId(focus).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, `${name}-${width}x${height}.png`), fullPage: false });
  }
  await page.setViewportSize({ width: 1280, height: 860 });
}

describe('a break-glass run in the UI (Chromium host)', () => {
  beforeAll(async () => {
    if (!chromium.available) return;
    root = await mkdtemp(join(tmpdir(), 'bg-e2e-runs-'));
    dir = join(root, 'set');
    await mkdir(SHOTS, { recursive: true });
    const setup = createBreakglassApp(testPorts('runs-setup', clock));
    await setup.createVaultSet({ dir, kdfProfile: 'test', password: { passphrase: PW }, mfa: { passphrase: MFA }, requireRun: true, actors: ['Ana Lima'] });
    await setup.unlockStore({ store: 'password-vault', secret: { passphrase: PW } });
    await setup.addAccount({ accountId: MGMT, name: 'Organization management', accountClass: 'management', email: 'aws-root+mgmt@example.com', notes: '', password: OLD });
    await setup.unlockStore({ store: 'mfa-seeds', secret: { passphrase: MFA } });
    await setup.addMfaDevice({ type: 'virtual', accountId: MGMT, name: 'root-totp', seed: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' });
    await setup.printDocument({ document: 'paper-backup', store: 'password-vault', outFile: join(root, 'paper-1.pdf') });
    await setup.lockAll();
    uiApp = createBreakglassApp({ ...testPorts('runs-ui', clock), host: { name: 'system Chromium host', networkInterfaces: () => ({}) } });
    await uiApp.openVaultSet({ dir });
    await uiApp.unlockStore({ store: 'password-vault', secret: { passphrase: PW }, actors: ['Ana Lima'] });
    await uiApp.unlockStore({ store: 'mfa-seeds', secret: { passphrase: MFA }, actors: ['Dana Kim'] });
    host = await startUiHost(uiApp);
    page = host.page;
  });

  afterAll(async () => {
    await host?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  itWithTools([chromium])('starts, follows, checks in with rotation and ends closed once the copies are renewed', async () => {
    await byId('app-ready').waitFor();
    await byId('actors-input').fill('Ana Lima, Dana Kim');
    await byId('actors-input').blur();
    await byId('nav-runs').click();
    await byId('runs-screen').waitFor();
    await byId(`run-account-${MGMT}`).check();
    await byId('run-task').selectOption('support-plan');
    await byId('run-reason').fill('Downgrade the support plan to Business');
    await byId('run-ticket').fill('CHG-42');
    await shots('01-start');
    await byId('run-start').click();
    await byId('run-1').waitFor();
    await byId(`runbook-${MGMT}`).waitFor();
    expect(await byId('runbook').textContent()).toMatch(/Sign in.*What to reveal.*The login session.*What to watch for/s);
    expect(await byId('runbook').textContent()).not.toContain(OLD);
    await expect.poll(() => byId('status-runs').textContent()).toMatch(/Break-glass run 1 open/);
    await shots('02-runbook');

    // The reveal and the login session take the single open run.
    await byId('nav-accounts').click();
    await byId(`account-open-${MGMT}`).click();
    await byId('reveal-password').click();
    await expect.poll(() => byId('revealed-password').textContent()).toBe(OLD);
    await byId('reveal-hide').click();
    await byId('nav-totp').click();
    await byId('totp-account').selectOption(MGMT);
    await byId('totp-start').click();
    await expect.poll(() => byId('totp-current').textContent()).toMatch(/\d/);
    await byId('totp-end').click();
    await byId('totp-ended').waitFor();

    // Check-in from the status bar: rotate the exposed password, then close.
    await byId('status-runs').click();
    await byId('run-1').waitFor();
    await expect.poll(() => byId('run-uses').textContent()).toMatch(/password\.reveal 111122223333.*totp\.session-start 111122223333/);
    await byId(`rotate-${MGMT}`).click();
    await expect.poll(() => byId('rotation-password').textContent()).toMatch(/^\S{32}$/);
    const fresh = (await byId('rotation-password').textContent())!;
    await shots('03-rotation');
    await byId('rotation-confirm').click();
    await expect.poll(async () => (await byId('rotation-panel').count()) === 0).toBe(true);
    await byId('run-outcome').fill('Support plan downgraded; password rotated');
    await byId('run-close').click();
    await expect.poll(() => byId('run-1').getAttribute('data-state')).toBe('closed-copies-stale');
    expect(await byId('run-stale').textContent()).toMatch(/paper backup \(generation \d+\)/);
    await expect.poll(() => byId('status-runs').textContent()).toBe('Break-glass reminders due');
    await shots('04-copies-stale', 'run-stale');
    // The new password is the one sealed now (revealed in the UI, outside any run: this run is closed).
    expect((await uiApp.getRuns()).runs[0]!.rotations).toHaveLength(1);

    // Reprinting the paper backup renews the copy: the run is closed.
    await uiApp.printDocument({ document: 'paper-backup', store: 'password-vault', outFile: join(root, 'paper-2.pdf') });
    await byId('run-back').click();
    await byId('nav-audit').click();
    await byId('nav-runs').click();
    await expect.poll(() => byId('run-row-1').getAttribute('data-state')).toBe('closed');
    await expect.poll(() => byId('status-runs').count()).toBe(0);
    await shots('05-closed', 'run-row-1');

    const log = (await readFile(join(dir, 'audit-log.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { event: string; details: Record<string, unknown> });
    expect(log.filter((e) => e.details.run === 1).map((e) => e.event)).toEqual([
      'run.start',
      'password.reveal',
      'totp.session-start',
      'totp.session-end',
      'account.update',
      'run.rotate',
      'run.close',
    ]);
    expect(await readFile(join(dir, 'audit-log.jsonl'), 'utf8')).not.toContain(fresh);
  });
});
