/// <reference lib="dom" />
// The Unlock screen and the TOTP login say so when the generation they open was saved without its audit
// entry (a crash between the save and the log, FORMAT.md §10.9): the notice stays on the screen, and the
// entry is recorded before the unlock's (or the session's). Screenshots at 1024×700 and 1360×900
// (BREAKGLASS_SHOTS, else test-output/).

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { createBreakglassApp, type BreakglassApp } from '../../src/app/index.js';
import type { ChromiumHost } from '../../main/chromium/host.js';
import { testPorts } from '../support/ports.js';
import { chromium, shotsDir, startUiHost } from '../support/ui-host.js';
import { itWithTools } from '../support/tools.js';

const shots = shotsDir('e2e-ux');
const PASSPHRASE = 'unaudited unlock vault passphrase';
const MFA_PASSPHRASE = 'unaudited unlock mfa passphrase';
const ACCOUNT = '123456789012';

interface Scenario {
  readonly name: string;
  /** Saves generation 2 of one store, then locks it: the log's last two entries are `[saved, 'store.lock']`. */
  readonly save: (app: BreakglassApp) => Promise<void>;
  readonly saved: string;
  /** Opens that store on screen and returns the notice. */
  readonly open: (page: Page) => Promise<string | null>;
  readonly notice: RegExp;
  /** The entry the opening itself records, after store.unaudited. */
  readonly opened: string;
}

const SCENARIOS: readonly Scenario[] = [
  {
    name: 'unlock',
    save: async (app) => {
      await app.unlockStore({ store: 'password-vault', secret: { passphrase: PASSPHRASE } });
      await app.addAccount({ accountId: ACCOUNT, accountClass: 'management', name: 'Management', email: 'root@example.com', generatePassword: true });
    },
    saved: 'account.add',
    open: async (page) => {
      await page.getByTestId('nav-unlock').click();
      await page.getByTestId('unlock-store-select').selectOption('password-vault');
      await page.getByTestId('unlock-passphrase').fill(PASSPHRASE);
      await page.getByTestId('unlock-submit').click();
      await page.getByTestId('unlock-unaudited').waitFor();
      expect(await page.getByTestId('unlock-done').isVisible()).toBe(true);
      return page.getByTestId('unlock-unaudited').textContent();
    },
    notice: /Generation 2 of the password vault was saved without its audit entry .*recorded now\. Check what changed in it — it may hold a changed root password/,
    opened: 'store.unlock',
  },
  {
    name: 'totp',
    save: async (app) => {
      await app.unlockStore({ store: 'mfa-seeds', secret: { passphrase: MFA_PASSPHRASE } });
      await app.prepareEnrollment({ accountId: ACCOUNT, device: 'root-mfa-1', secret: 'KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU' });
      await app.confirmEnrollment({});
    },
    saved: 'mfa.enroll',
    open: async (page) => {
      await page.getByTestId('nav-totp').click();
      await expect.poll(() => page.getByTestId('totp-account').inputValue()).toBe(ACCOUNT);
      await page.getByTestId('totp-mode-passphrase').check();
      await page.getByTestId('totp-passphrase').fill(MFA_PASSPHRASE);
      await page.getByTestId('totp-start').click();
      await page.getByTestId('totp-unaudited').waitFor();
      return page.getByTestId('totp-unaudited').textContent();
    },
    notice: /Generation 2 of the MFA seed store was saved without its audit entry .*recorded now\. Check what changed in it — it may hold a changed or new MFA device/,
    opened: 'totp.session-start',
  },
];

describe.each(
  SCENARIOS.flatMap((scenario) => [
    { scenario, width: 1024, height: 700 },
    { scenario, width: 1360, height: 900 },
  ]),
)('$scenario.name after a crash mid-save at $width×$height (Chromium host)', ({ scenario, width, height }) => {
  let root: string;
  let dir: string;
  let host: ChromiumHost | undefined;

  beforeAll(async () => {
    if (!chromium.available) return;
    root = await mkdtemp(join(tmpdir(), `bg-e2e-unaudited-${scenario.name}-`));
    dir = join(root, 'set');
    const app = createBreakglassApp({ ...testPorts(`unaudited-${scenario.name}-${width}`), host: { name: 'system Chromium host', networkInterfaces: () => ({}) } });
    await app.createVaultSet({ dir, kdfProfile: 'test', password: { passphrase: PASSPHRASE }, mfa: { passphrase: MFA_PASSPHRASE } });
    await scenario.save(app);
    await app.lockAll();
    // What a crash between the rename and the append leaves: generation 2 on disk, no entry of its save
    // (the log's last two lines, the save's and store.lock, cut off; the chain before them is intact).
    const log = join(dir, 'audit-log.jsonl');
    const lines = (await readFile(log, 'utf8')).trimEnd().split('\n');
    expect(lines.slice(-2).map((l) => (JSON.parse(l) as { event: string }).event)).toEqual([scenario.saved, 'store.lock']);
    await writeFile(log, `${lines.slice(0, -2).join('\n')}\n`);
    host = await startUiHost(app, { viewport: { width, height } });
    await host.page.getByTestId('app-ready').waitFor();
  });

  afterAll(async () => {
    await host?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  itWithTools([chromium])('shows the generation saved without its audit entry and records it', { timeout: 60_000 }, async () => {
    const page = host!.page;
    expect(await scenario.open(page)).toMatch(scenario.notice);
    await page.screenshot({ path: join(shots, `${scenario.name}-unaudited-${width}x${height}.png`), fullPage: false });
    const events = (await readFile(join(dir, 'audit-log.jsonl'), 'utf8'))
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { event: string; generation: number | null });
    expect(events.slice(-2).map((e) => [e.event, e.generation])).toEqual([
      ['store.unaudited', 2],
      [scenario.opened, 2],
    ]);
  });
});
