/// <reference lib="dom" />
// Who is present, per store: after a share unlock the store's step names the holders of the shares used
// (not everyone so far); the MFA side's entries never carry the password custodians; every name is
// forgotten when every store is locked and when another vault set is opened. Screenshots at 1024×700 and
// 1360×900 (BREAKGLASS_SHOTS, e.g. /work/shots/present/).

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { createBreakglassApp, type IssuedShare } from '../../src/app/index.js';
import type { ChromiumHost } from '../../main/chromium/host.js';
import { testPorts } from '../support/ports.js';
import { chromium, shotsDir, startUiHost } from '../support/ui-host.js';
import { itWithTools } from '../support/tools.js';

const shots = shotsDir('e2e-present');
const ACCOUNT = '111122223333';
const PW_GROUP = ['Ana Lima', 'Ben Okafor', 'Chen Wei'];
const VIEWPORTS = [
  { width: 1024, height: 700 },
  { width: 1360, height: 900 },
] as const;

async function makeSet(dir: string, label: string): Promise<IssuedShare[]> {
  const setup = createBreakglassApp(testPorts(label));
  const created = await setup.createVaultSet({
    dir,
    kdfProfile: 'test',
    password: { shares: { threshold: 2, custodians: PW_GROUP.map((name) => ({ name })) } },
    mfa: { shares: { threshold: 2, custodians: [{ name: 'Dana Kim' }, { name: 'Eli Cohen' }, { name: 'Fatma Yilmaz' }] } },
  });
  const shares = [...created.issuedShares];
  const mfa = shares.filter((s) => s.store === 'mfa-seeds');
  await setup.unlockStore({ store: 'mfa-seeds', secret: { shares: [mfa[0]!.words.join(' '), mfa[1]!.words.join(' ')] } });
  await setup.addMfaDevice({ type: 'virtual', accountId: ACCOUNT, name: 'root-mfa-1', seed: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' });
  await setup.lockAll();
  return shares;
}

async function auditEntries(dir: string): Promise<{ event: string; actor: string[] }[]> {
  return (await readFile(join(dir, 'audit-log.jsonl'), 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
}

const fieldValue = (page: Page, testId: string) => page.getByTestId(testId).inputValue();

describe.each(VIEWPORTS)('custodians present at $width×$height (Chromium host)', (viewport) => {
  let host: ChromiumHost | undefined;
  let page: Page;
  let root: string;
  let dirA: string;
  let dirB: string;
  let shares: IssuedShare[];
  const shot = (file: string) => join(shots, `present-${viewport.width}x${viewport.height}-${file}.png`);
  const words = (store: string, index: number) => shares.find((s) => s.store === store && s.index === index)!.words.join(' ');
  /** Pastes shares 1 and 2 of the store into the grid whose test ids start with `prefix`; their holders become the step's people. */
  const enterTwoShares = async (page: Page, prefix: string, store: 'password-vault' | 'mfa-seeds', holders: readonly [string, string]) => {
    for (const [i, holder] of holders.entries()) {
      await page.getByTestId(`${prefix}share-paste`).fill(words(store, i + 1));
      await expect.poll(() => page.getByTestId(`${prefix}share-collected-${i}`).textContent()).toContain(holder);
    }
    await expect.poll(() => page.getByTestId(`present-${store}-recorded`).textContent()).toBe(`Recorded in the audit log for this step: ${holders.join(', ')}.`);
  };

  beforeAll(async () => {
    if (!chromium.available) return;
    root = await mkdtemp(join(tmpdir(), 'bg-e2e-present-'));
    dirA = join(root, 'set-a');
    dirB = join(root, 'set-b');
    shares = await makeSet(dirA, `present-a-${viewport.width}`);
    await makeSet(dirB, `present-b-${viewport.width}`);
    const uiApp = createBreakglassApp({ ...testPorts(`present-ui-${viewport.width}`), host: { name: 'system Chromium host', networkInterfaces: () => ({}) } });
    host = await startUiHost(uiApp, { viewport });
    page = host.page;
    await page.getByTestId('app-ready').waitFor();
    await page.getByTestId('welcome-dir').fill(dirA);
    await page.getByTestId('welcome-open').click();
    await page.getByTestId('header-vault-set').filter({ hasText: dirA }).waitFor();
  });

  afterAll(async () => {
    await host?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  itWithTools([chromium])('prefills from the shares used, keeps MFA entries to the MFA side, clears on lock-all and on another vault set', { timeout: 120_000 }, async () => {
    await page.getByTestId('actors-input').fill('Zoe Auditor');

    // Password vault: Ana's and Ben's shares open it; they are that store's people now.
    await page.getByTestId('nav-unlock').click();
    await page.getByTestId('unlock-store-select').selectOption('password-vault');
    await enterTwoShares(page, '', 'password-vault', ['Ana Lima', 'Ben Okafor']);
    // Who is present is asked before the press: the field sits above the Unlock button.
    const field = await page.getByTestId('present-password-vault').boundingBox();
    const button = await page.getByTestId('unlock-submit').boundingBox();
    expect(field!.y + field!.height).toBeLessThanOrEqual(button!.y);
    await page.screenshot({ path: shot('01-unlock-step-field') });
    await page.getByTestId('unlock-submit').click();
    await page.getByTestId('unlock-done').waitFor();

    await page.getByTestId('nav-print').click();
    await page.getByTestId('print-store').selectOption('password-vault');
    await expect.poll(() => fieldValue(page, 'present-password-vault')).toBe('Ana Lima, Ben Okafor');
    await page.screenshot({ path: shot('02-print-prefilled') });
    await page.getByTestId('print-store').selectOption('mfa-seeds');
    await expect.poll(() => fieldValue(page, 'present-mfa-seeds')).toBe('');

    // TOTP login with Dana's and Eli's shares: the MFA entries name them, not the password custodians.
    await page.getByTestId('nav-totp').click();
    await enterTwoShares(page, 'totp-', 'mfa-seeds', ['Dana Kim', 'Eli Cohen']);
    await page.screenshot({ path: shot('03-totp-step-field') });
    await page.getByTestId('totp-start').click();
    await page.getByTestId('totp-running').waitFor();

    const entries = await auditEntries(dirA);
    const unlock = entries.filter((e) => e.event === 'store.unlock').at(-1);
    expect(unlock?.actor).toEqual(['Ana Lima', 'Ben Okafor']);
    const mfaSide = entries.filter((e) => e.event.startsWith('totp.'));
    expect(mfaSide.length).toBeGreaterThan(0);
    for (const entry of mfaSide) expect(entry.actor).toEqual(['Dana Kim', 'Eli Cohen']);

    // Lock all (the TOTP session ends too): nothing is open, so nobody is named any more.
    await page.getByTestId('lock-all').click();
    await expect.poll(() => fieldValue(page, 'actors-input')).toBe('');
    await page.getByTestId('nav-print').click();
    await page.getByTestId('print-store').selectOption('password-vault');
    await expect.poll(() => fieldValue(page, 'present-password-vault')).toBe('');
    await page.screenshot({ path: shot('04-after-lock-all') });

    // Names typed for set A do not follow the custodian to set B.
    await page.getByTestId('actors-input').fill('Zoe Auditor');
    await page.getByTestId('nav-welcome').click();
    await page.getByTestId('welcome-dir').fill(dirB);
    await page.getByTestId('welcome-open').click();
    await page.getByTestId('header-vault-set').filter({ hasText: dirB }).waitFor();
    await expect.poll(() => fieldValue(page, 'actors-input')).toBe('');
    await page.screenshot({ path: shot('05-other-set') });
  });
});
