/// <reference lib="dom" />
// The Migrate screen in the Chromium host: a KeePass database previewed (nothing written), an entry mapped,
// the vault part confirmed, then the MFA part after the MFA custodians unlock; a KDBX export. Screenshots
// at 1024×700 and 1360×900 go to /work/shots/mig/ (or test-output/e2e-migration/ when that is absent).

import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { createBreakglassApp, type BreakglassApp } from '../../src/app/index.js';
import type { ChromiumHost } from '../../main/chromium/host.js';
import { keepassxc, keepassxcShow, makeKdbx4 } from '../support/kdbx.js';
import { testPorts } from '../support/ports.js';
import { chromium, shotsDir, startUiHost } from '../support/ui-host.js';
import { openVaultSet, unlockWithPassphrase } from '../support/ui-steps.js';
import { itWithTools } from '../support/tools.js';

const shots = shotsDir('e2e-migration');
const PW = 'e2e migration vault passphrase';
const MFA = 'e2e migration mfa passphrase';
const KP = 'legacy keepass password';
const SEED = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

let root: string;
let dir: string;
let kdbx: string;
let host: ChromiumHost | undefined;
let page: Page;
let app: BreakglassApp;

async function shot(name: string, focus?: string): Promise<void> {
  for (const [width, height] of [
    [1024, 700],
    [1360, 900],
  ] as const) {
    await page.setViewportSize({ width, height });
    if (focus) await page.getByTestId(focus).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, `${name}-${width}x${height}.png`), fullPage: false });
  }
}

describe('the Migrate screen (Chromium host)', () => {
  beforeAll(async () => {
    if (!chromium.available) return;
    root = await mkdtemp(join(tmpdir(), 'bg-e2e-migration-'));
    dir = join(root, 'set');
    await mkdir(shots, { recursive: true });
    const setup = createBreakglassApp(testPorts('migration-setup'));
    await setup.createVaultSet({ dir, kdfProfile: 'test', password: { passphrase: PW }, mfa: { passphrase: MFA } });
    kdbx = join(root, 'legacy.kdbx');
    await writeFile(
      kdbx,
      await makeKdbx4(KP, [
        { title: 'Org management 111122223333', userName: 'aws-root+mgmt@example.com', password: 'Xy7!kq#Lm9$pQw2@', fields: { '*otp': `otpauth://totp/AWS:root-mfa@111122223333?secret=${SEED}` } },
        { title: 'Log archive', userName: 'aws-root+logs@example.com', password: 'weakpass', fields: { 'AWS Account': '444455556666' } },
        { title: 'Forgot the id', userName: 'aws-root+x@example.com', password: 'Pz5$wQ9!rT3@yU7#' },
        { title: 'Old 121212121212', password: 'Gone!Pass9#word', recycled: true },
      ]),
    );
    // Under 8 GiB of RAM the strong profile is 256 MiB × 3 passes: the export keeps its real profile, and keepassxc-cli opens it in seconds.
    app = createBreakglassApp({ ...testPorts('migration-ui'), totalMemoryBytes: () => 4 * 1024 ** 3, host: { name: 'system Chromium host', networkInterfaces: () => ({}) } });
    host = await startUiHost(app, { viewport: { width: 1360, height: 900 }, stepTimeoutMs: 20_000 });
    page = host.page;
  });

  afterAll(async () => {
    await host?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  const byId = (id: string) => page.getByTestId(id);

  itWithTools([chromium])('previews, maps an entry, imports the vault part, then the MFA part after the MFA unlock', { timeout: 120_000 }, async () => {
    await openVaultSet(page, dir);
    await unlockWithPassphrase(page, 'password-vault', PW);
    await byId('nav-migrate').click();
    await byId('migration-file').fill(kdbx);
    await byId('migration-master').fill(KP);
    await byId('migration-class').selectOption('excluded');
    await byId('migration-preview-button').click();
    await byId('migration-preview').waitFor();
    expect(await byId('migration-master').inputValue()).toBe(''); // the master password left the screen
    await expect(byId('migration-row-1').getAttribute('data-mfa')).resolves.toBe('add');
    await expect(byId('migration-row-2').getAttribute('data-rotate')).resolves.toBe('true');
    await expect(byId('migration-row-3').getAttribute('data-vault')).resolves.toBe('skip');
    await expect(byId('migration-counts').textContent()).resolves.toMatch(/recycle bin: 1 left out · without an account id: 1/);
    await expect(byId('migration-warning').first().textContent()).resolves.toMatch(/kept both factors together/);
    const before = await readFile(join(dir, 'password-vault.bgv'));
    await byId('migration-preview-card').scrollIntoViewIfNeeded();
    await shot('01-preview', 'migration-preview-card');

    // Map the entry without an id, make the first account management, preview again.
    await byId('migration-map-3').fill('121200003434');
    await byId('migration-class-1').selectOption('management');
    await byId('migration-master').fill(KP);
    await byId('migration-preview-button').click();
    await expect.poll(() => byId('migration-row-3').getAttribute('data-vault')).toBe('add');
    expect(await readFile(join(dir, 'password-vault.bgv'))).toEqual(before); // still nothing written

    // The MFA part waits for the vault part and for the MFA custodians.
    await expect(byId('migration-confirm-mfa').isDisabled()).resolves.toBe(true);
    await byId('migration-confirm-vault').click();
    await byId('migration-saved').waitFor();
    await expect(byId('migration-saved').textContent()).resolves.toMatch(/Password vault saved \(generation 2\): 3 added/);
    await byId('migration-needs-mfa').waitFor();
    await byId('migration-needs-mfa').scrollIntoViewIfNeeded();
    await shot('02-vault-saved', 'migration-needs-mfa');

    await unlockWithPassphrase(page, 'mfa-seeds', MFA);
    await byId('nav-migrate').click();
    await byId('migration-confirm-mfa').click();
    await expect.poll(() => byId('migration-saved').count()).toBe(2);
    await byId('migration-destroy').waitFor();
    await byId('migration-destroy').scrollIntoViewIfNeeded();
    await shot('03-both-saved', 'migration-destroy');

    const accounts = await app.listAccounts();
    expect(accounts.map((a) => [a.accountId, a.accountClass])).toEqual([
      ['111122223333', 'management'],
      ['121200003434', 'excluded'],
      ['444455556666', 'excluded'],
    ]);
    expect((await app.listMfaDevices()).map((d) => [d.accountId, d.name])).toEqual([['111122223333', 'root-mfa']]);
  });

  itWithTools([chromium, keepassxc])('exports the password vault to a new KDBX file that keepassxc-cli opens', { timeout: 120_000 }, async () => {
    await byId('nav-migrate').click();
    await byId('migration-tab-export').click();
    const out = join(root, 'vault-export.kdbx');
    await byId('migration-export-file').fill(out);
    await byId('migration-export-pw').fill('export master password');
    await byId('migration-export-pw2').fill('export master passwore');
    await expect(byId('migration-export-submit').isDisabled()).resolves.toBe(true);
    await shot('04-export-mismatch');
    await byId('migration-export-pw2').fill('export master password');
    await byId('migration-export-submit').click();
    await byId('migration-export-done').waitFor({ timeout: 60_000 });
    await shot('05-export-done', 'migration-export-done');
    expect((await stat(out)).mode & 0o777).toBe(0o600);
    expect(keepassxcShow(out, 'export master password', 'Management account/Org management', ['-s', '-a', 'Password']).stdout.trim()).toBe('Xy7!kq#Lm9$pQw2@');
    // A second export to the same file is refused in plain words.
    await byId('migration-export-pw').fill('export master password');
    await byId('migration-export-pw2').fill('export master password');
    await byId('migration-export-submit').click();
    await byId('migration-export-error').waitFor({ timeout: 60_000 });
    await expect(byId('migration-export-error').textContent()).resolves.toMatch(/already exists: choose a new file name; nothing was written/);
  });
});
