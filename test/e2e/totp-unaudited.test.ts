/// <reference lib="dom" />
// The TOTP login says so when the MFA seed store generation it opens was saved without its audit entry
// (a crash between the save and the log, FORMAT.md §10.9), and the entry is recorded before the session's. Screenshots at 1024×700 and 1360×900 (BREAKGLASS_SHOTS, else test-output/).

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
] as const)('TOTP login after a crash mid-save at $width×$height (Chromium host)', (viewport) => {
  let root: string;
  let dir: string;
  let host: ChromiumHost | undefined;
  const MFA_PASSPHRASE = 'unaudited totp mfa passphrase';

  beforeAll(async () => {
    if (!chromium.available) return;
    root = await mkdtemp(join(tmpdir(), 'bg-e2e-unaudited-totp-'));
    await mkdir(shots, { recursive: true });
    dir = join(root, 'set');
    const app = createBreakglassApp({ ...testPorts(`unaudited-totp-${viewport.width}`), host: { name: 'system Chromium host', networkInterfaces: () => ({}) } });
    await app.createVaultSet({ dir, kdfProfile: 'test', password: { passphrase: PASSPHRASE }, mfa: { passphrase: MFA_PASSPHRASE } });
    await app.unlockStore({ store: 'mfa-seeds', secret: { passphrase: MFA_PASSPHRASE } });
    await app.prepareEnrollment({ accountId: '123456789012', device: 'root-mfa-1', secret: 'KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU' });
    await app.confirmEnrollment({});
    await app.lockAll();
    // What a crash between the rename and the append leaves: generation 2 of the MFA seed store on disk, no
    // mfa.enroll entry (the log's last two lines, mfa.enroll and store.lock, cut off; the chain before them intact).
    const log = join(dir, 'audit-log.jsonl');
    const lines = (await readFile(log, 'utf8')).trimEnd().split('\n');
    expect(lines.slice(-2).map((l) => (JSON.parse(l) as { event: string }).event)).toEqual(['mfa.enroll', 'store.lock']);
    await writeFile(log, `${lines.slice(0, -2).join('\n')}\n`);
    host = await startUiHost(app, { viewport });
    await host.page.getByTestId('app-ready').waitFor();
  });

  afterAll(async () => {
    await host?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  itWithTools([chromium])('the TOTP login says a generation was saved without its audit entry, and records it', { timeout: 60_000 }, async () => {
    const page = host!.page;
    await page.getByTestId('nav-totp').click();
    await expect.poll(() => page.getByTestId('totp-account').inputValue()).toBe('123456789012');
    await page.getByTestId('totp-mode-passphrase').check();
    await page.getByTestId('totp-passphrase').fill(MFA_PASSPHRASE);
    await page.getByTestId('totp-start').click();
    const notice = page.getByTestId('totp-unaudited');
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/Generation 2 of the MFA seed store was saved without its audit entry .*recorded now\. Check what changed in it — it may hold a changed or new MFA device/);
    await page.screenshot({ path: join(shots, `totp-unaudited-${viewport.width}x${viewport.height}.png`), fullPage: false });
    const events = (await readFile(join(dir, 'audit-log.jsonl'), 'utf8'))
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { event: string; generation: number | null });
    expect(events.slice(-2).map((e) => [e.event, e.generation])).toEqual([
      ['store.unaudited', 2],
      ['totp.session-start', 2],
    ]);
  });
});
