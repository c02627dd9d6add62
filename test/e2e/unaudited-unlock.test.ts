/// <reference lib="dom" />
// The Unlock screen says so when the generation it opens was saved without its audit entry (a crash
// between the save and the log, FORMAT.md §10.9): the notice stays on the screen, and the entry is
// recorded. Screenshots at 1024×700 and 1360×900 (BREAKGLASS_SHOTS, else test-output/).

import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { createBreakglassApp } from '../../src/app/index.js';
import type { ChromiumHost } from '../../main/chromium/host.js';
import { testPorts } from '../support/ports.js';
import { chromium, shotsDir, startUiHost } from '../support/ui-host.js';
import { itWithTools } from '../support/tools.js';

const shots = shotsDir('e2e-ux');
const PASSPHRASE = 'unaudited unlock vault passphrase';

describe.each([
  { width: 1024, height: 700 },
  { width: 1360, height: 900 },
] as const)('Unlock after a crash mid-save at $width×$height (Chromium host)', (viewport) => {
  let root: string;
  let dir: string;
  let host: ChromiumHost | undefined;

  beforeAll(async () => {
    if (!chromium.available) return;
    root = await mkdtemp(join(tmpdir(), 'bg-e2e-unaudited-'));
    await mkdir(shots, { recursive: true });
    dir = join(root, 'set');
    const app = createBreakglassApp({ ...testPorts(`unaudited-${viewport.width}`), host: { name: 'system Chromium host', networkInterfaces: () => ({}) } });
    await app.createVaultSet({ dir, kdfProfile: 'test', password: { passphrase: PASSPHRASE }, mfa: { passphrase: 'unaudited unlock mfa passphrase' } });
    await app.unlockStore({ store: 'password-vault', secret: { passphrase: PASSPHRASE } });
    await app.addAccount({ accountId: '123456789012', accountClass: 'management', name: 'Management', email: 'root@example.com', generatePassword: true });
    await app.lockAll();
    // What a crash between the rename and the append leaves: generation 2 on disk, no account.add entry
    // (the log's last two lines, account.add and store.lock, cut off; the chain before them is intact).
    const log = join(dir, 'audit-log.jsonl');
    const lines = (await readFile(log, 'utf8')).trimEnd().split('\n');
    expect(lines.slice(-2).map((l) => (JSON.parse(l) as { event: string }).event)).toEqual(['account.add', 'store.lock']);
    await writeFile(log, `${lines.slice(0, -2).join('\n')}\n`);
    host = await startUiHost(app, { viewport });
    await host.page.getByTestId('app-ready').waitFor();
  });

  afterAll(async () => {
    await host?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  itWithTools([chromium])('shows the generation saved without its audit entry and records it', { timeout: 60_000 }, async () => {
    const page = host!.page;
    await page.getByTestId('nav-unlock').click();
    await page.getByTestId('unlock-store-select').selectOption('password-vault');
    await page.getByTestId('unlock-passphrase').fill(PASSPHRASE);
    await page.getByTestId('unlock-submit').click();
    const notice = page.getByTestId('unlock-unaudited');
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/Generation 2 of the password vault was saved without its audit entry .*recorded now\. Check what changed in it/);
    expect(await page.getByTestId('unlock-done').isVisible()).toBe(true);
    await page.screenshot({ path: join(shots, `unlock-unaudited-${viewport.width}x${viewport.height}.png`), fullPage: false });
    const events = (await readFile(join(dir, 'audit-log.jsonl'), 'utf8'))
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { event: string; generation: number | null });
    expect(events.slice(-2).map((e) => [e.event, e.generation])).toEqual([
      ['store.unaudited', 2],
      ['store.unlock', 2],
    ]);
  });
});
