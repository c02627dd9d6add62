/// <reference lib="dom" />
// The Print screen's envelope bag numbers for share sheets: one input per share with its holder; the sheets
// saved to files print their bag numbers, the drill record holds them (read back by the CLI) and the result
// says so; the same number for two shares is flagged as typed and refused with nothing saved. The
// Custodians & shares screen records the bag of a sheet printed without one.
// Screenshots at 1024×700 and 1360×900 (BREAKGLASS_SHOTS).

import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { createBreakglassApp, type BreakglassApp } from '../../src/app/index.js';
import type { ChromiumHost } from '../../main/chromium/host.js';
import { runBuiltCli } from '../support/cli.js';
import { pageTexts } from '../support/pdf-text.js';
import { testPorts } from '../support/ports.js';
import { chromium, shotsDir, startUiHost } from '../support/ui-host.js';
import { itWithTools } from '../support/tools.js';

const shots = shotsDir('e2e-ux');

describe.each([
  { width: 1024, height: 700 },
  { width: 1360, height: 900 },
] as const)('share sheet bag numbers at $width×$height (Chromium host)', (viewport) => {
  let root: string;
  let dir: string;
  let host: ChromiumHost | undefined;
  let page: Page;
  let uiApp: BreakglassApp;
  const shot = (step: string) => page.screenshot({ path: join(shots, `bags-print-${step}-${viewport.width}x${viewport.height}.png`) });
  const out = () => join(root, 'out');

  beforeAll(async () => {
    if (!chromium.available) return;
    root = await mkdtemp(join(tmpdir(), 'bg-e2e-bags-'));
    dir = join(root, 'set');
    await mkdir(out());
    uiApp = createBreakglassApp({ ...testPorts(`bags-${viewport.width}`), host: { name: 'system Chromium host', networkInterfaces: () => ({}) } });
    await uiApp.createVaultSet({
      dir,
      kdfProfile: 'test',
      password: { shares: { threshold: 2, custodians: [{ name: 'Ana Lima' }, { name: 'Ben Okafor' }, { name: 'Chen Wei' }] } },
      mfa: { shares: { threshold: 2, custodians: [{ name: 'Dana Kim' }, { name: 'Eli Cohen' }] } },
    });
    host = await startUiHost(uiApp, { viewport });
    page = host.page;
    await page.getByTestId('app-ready').waitFor();
  });

  afterAll(async () => {
    await host?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  itWithTools([chromium])('prints and records the bag numbers typed for each share', { timeout: 90_000 }, async () => {
    await page.getByTestId('status-pending-shares').click();
    await page.getByTestId('print-screen').waitFor();
    await page.getByTestId('print-store').selectOption('password-vault');
    await page.getByTestId('print-bags').waitFor();
    await expect.poll(() => page.getByTestId('print-bags').textContent()).toMatch(/Share 1Ana Lima.*Share 2Ben Okafor.*Share 3Chen Wei/);

    // The same number for two shares: flagged as typed, and refused by the app with nothing saved.
    await page.getByTestId('print-bag-1').fill('te-1001');
    await page.getByTestId('print-bag-3').fill('TE-1001');
    await page.getByTestId('print-bag-3-twice').waitFor();
    await page.getByTestId('print-bags').scrollIntoViewIfNeeded();
    await shot('0-table');
    await page.getByTestId('print-out-file').fill(join(out(), 'pw.pdf'));
    await page.getByTestId('print-submit').click();
    await expect.poll(() => page.getByTestId('print-error').textContent()).toMatch(/The bag number TE-1001 was given for share 1 and share 3: each share goes into its own bag\. Nothing was printed\./);
    await shot('1-twice');
    expect(await readdir(out())).toEqual([]);
    await expect(readFile(join(dir, 'drill-record.json'))).rejects.toMatchObject({ code: 'ENOENT' });

    // Share 2 is left empty: its number is written by hand.
    await page.getByTestId('print-bag-3').fill('TE-1003');
    await expect.poll(() => page.getByTestId('print-bag-3-twice').count()).toBe(0);
    await page.getByTestId('print-submit').click();
    await expect.poll(() => page.getByTestId('print-result-bags').textContent()).toBe(' Bag numbers printed on the sheets and recorded for the drill: share 1 in TE-1001, share 3 in TE-1003. Seal each sheet in the bag printed on it.');
    await page.getByTestId('print-result-bags').scrollIntoViewIfNeeded();
    await shot('2-recorded');

    expect((await readdir(out())).sort()).toEqual(['pw-1-of-3.pdf', 'pw-2-of-3.pdf', 'pw-3-of-3.pdf']);
    const sheet = async (i: number) => pageTexts(await readFile(join(out(), `pw-${i}-of-3.pdf`))).join('\n');
    expect(await sheet(1)).toContain('TE-1001');
    expect(await sheet(2)).not.toMatch(/TE-100/);
    expect(await sheet(3)).toContain('TE-1003');
    // The record, as the CLI reads it for the drill: a drill's envelope check compares against these.
    const record = JSON.parse(await readFile(join(dir, 'drill-record.json'), 'utf8')) as { bags: { store: string; index: number; bag: string }[] };
    expect(record.bags.map((b) => [b.store, b.index, b.bag])).toEqual([
      ['password-vault', 1, 'TE-1001'],
      ['password-vault', 3, 'TE-1003'],
    ]);
    const audit = JSON.parse(runBuiltCli(['audit', 'list', dir, '--json']).stdout) as { entries: { event: string; details: Record<string, unknown> }[] };
    expect(audit.entries.at(-1)).toMatchObject({ event: 'drill.bags', details: { changed: 2, reason: 'print' } });

    // Another store: the table is that store's shares, empty again.
    await page.getByTestId('print-store').selectOption('mfa-seeds');
    await expect.poll(() => page.getByTestId('print-bags').textContent()).toMatch(/Share 1Dana Kim.*Share 2Eli Cohen/);
    await expect(page.getByTestId('print-bag-1').inputValue()).resolves.toBe('');
    await expect(page.getByTestId('print-bag-3').count()).resolves.toBe(0);
    await page.getByTestId('print-document').selectOption('emergency');
    await expect.poll(() => page.getByTestId('print-bags').count()).toBe(0);
  });

  itWithTools([chromium])('records the bag of a sheet printed without one on the Custodians & shares screen', { timeout: 60_000 }, async () => {
    await page.getByTestId('nav-custody').click();
    await page.getByTestId('custody-bags').waitFor();
    await expect.poll(() => page.getByTestId('custody-bags-table').textContent()).toMatch(/Share 1Ana Lima.*Share 2Ben Okafor.*Share 3Chen Wei/);
    await expect(page.getByTestId('custody-bags-record').isDisabled()).resolves.toBe(true);
    // One bag for two shares is refused by the app, and nothing changes.
    const before = await readFile(join(dir, 'drill-record.json'), 'utf8');
    await page.getByTestId('custody-bag-2').fill('TE-1002');
    await page.getByTestId('custody-bag-3').fill('TE-1002');
    await page.getByTestId('custody-bag-3-twice').waitFor();
    await page.getByTestId('custody-bags-record').click();
    await expect.poll(() => page.getByTestId('custody-bags-error').textContent()).toMatch(/The bag number TE-1002 was given for share 2 and share 3: each share goes into its own bag\. Nothing was recorded\./);
    expect(await readFile(join(dir, 'drill-record.json'), 'utf8')).toBe(before);

    await page.getByTestId('custody-bag-3').fill('');
    await page.getByTestId('custody-bags-record').click();
    await expect.poll(() => page.getByTestId('custody-bags-recorded').textContent()).toBe('Recorded for the drill: share 2 in TE-1002.');
    await page.getByTestId('custody-bags').scrollIntoViewIfNeeded();
    await shot('3-custody');
    const record = JSON.parse(await readFile(join(dir, 'drill-record.json'), 'utf8')) as { bags: { index: number; bag: string }[] };
    expect(record.bags.map((b) => [b.index, b.bag])).toEqual([
      [1, 'TE-1001'],
      [2, 'TE-1002'],
      [3, 'TE-1003'],
    ]);
    const audit = JSON.parse(runBuiltCli(['audit', 'list', dir, '--json']).stdout) as { entries: { event: string; details: Record<string, unknown> }[] };
    expect(audit.entries.at(-1)).toMatchObject({ event: 'drill.bags', details: { changed: 1, reason: 'sealed' } });
  });
});
