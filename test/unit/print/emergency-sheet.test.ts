import { Buffer } from 'node:buffer';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeRegisterFile } from '../../../src/drives/drive-files.js';
import { REGISTER_FILE, REGISTER_SCHEMA, type RegisterEntry } from '../../../src/drives/register.js';
import { groupHex, renderEmergencySheet, type EmergencySheetInput } from '../../../src/print/index.js';
import { itWithTools } from '../../support/tools.js';
import { pageTexts, pageWords, PDFTOTEXT, wordBoxes, wordsOffPage } from '../../support/pdf-text.js';
import { ACCOUNTS, makeVaultSet, MFA_CUSTODIANS, PASSWORDS, PW_CUSTODIANS, type PrintFixture } from '../../support/print-fixture.js';

const withPoppler = itWithTools([PDFTOTEXT]);
let fixture: PrintFixture;

const BASE: EmergencySheetInput = {
  store: 'password-vault',
  vaultSetDir: '/srv/break glass/set',
  setId: '0f'.repeat(16),
  generation: 7,
  sealedAt: '2026-11-01T10:00:00Z',
  fingerprint: 'ab'.repeat(32),
  fileSize: 18_339,
  opensWith: { passphrase: true, shares: { threshold: 2, count: 3, shareSetId: '1c'.repeat(16) } },
  custodians: [
    { name: 'Alice Andersson', role: 'CISO', contact: 'alice@example.com', shareIndex: 1 },
    { name: 'Борис Петров', role: 'SecOps', shareIndex: 2 },
    { name: 'Γιώργος Παπαδόπουλος', shareIndex: 3 },
  ],
  accounts: [{ accountId: '123456789012', name: 'Management', accountClass: 'management', mfaDevices: ['root-mfa-1 (virtual)'] }],
  copies: [
    { label: 'PW-A onsite', location: 'Safe A, London office', generation: 7, serial: 'SN-0001', verifiedAt: '2026-11-02T09:00:00Z' },
    { label: 'PW-B offsite', location: 'Bank box 17, Zürich', generation: 6, serial: null, verifiedAt: null },
  ],
  locations: 'Network share: none (air-gapped)\nSafe code held by facilities',
  paperBackupLocation: 'Safe A, folder 3',
  lastDrill: { at: '2026-10-15T14:00:00Z', result: 'all artifacts recovered' },
};
const OPTIONS = { paper: 'A4', printedAt: '2026-11-22T08:00:00Z' } as const;

beforeAll(async () => {
  fixture = await makeVaultSet({ label: 'emergency-sheet' });
});

async function appSheet(store: 'password-vault' | 'mfa-seeds'): Promise<Uint8Array> {
  const result = await fixture.app.printDocument({ document: 'emergency', store, locations: 'Safe A, room 2.14' });
  return new Uint8Array(Buffer.from(result.previewPdfBase64!, 'base64'));
}

describe('emergency-sheet', () => {
  withPoppler('lists the accounts (ids and names, never passwords or e-mails), custodians, threshold, fingerprint and generation', async () => {
    const pdf = await appSheet('password-vault');
    const text = pageWords(pdf).join(' ');
    const inspection = await fixture.app.inspectStore({ file: `${fixture.dir}/password-vault.bgv` });
    for (const account of ACCOUNTS) {
      expect(text).toContain(`${account.accountId} ${account.name}`);
      expect(text).not.toContain(account.email);
    }
    for (const password of PASSWORDS) expect(text).not.toContain(password);
    expect(text).toContain(`Accounts covered (${ACCOUNTS.length})`);
    expect(text).toContain('Custodians — any 2 of 3 shares open the password vault');
    for (const custodian of PW_CUSTODIANS) expect(text).toContain(custodian.name);
    for (const custodian of MFA_CUSTODIANS) expect(text).not.toContain(custodian.name);
    expect(text).toContain(groupHex(inspection.fingerprint));
    expect(text).toContain(`Generation ${inspection.generation} (sealed`);
    expect(text).toContain('Last drill NEVER — no drill is recorded: run one');
    expect(text).toContain('No drive copy is registered');
    expect(text).toContain('Safe A, room 2.14');
  });

  withPoppler('lists MFA devices and account ids for the MFA seed store, and never a seed', async () => {
    const pdf = await appSheet('mfa-seeds');
    const text = pageWords(pdf).join(' ');
    expect(text).toContain('Emergency sheet: the MFA seed store');
    expect(text).toContain('123456789012');
    expect(text).toContain('root-mfa-1 (virtual)');
    expect(text).toContain('gemalto-token (hardware-totp)');
    expect(text).not.toContain('JBSWY3DP');
    expect(text).toContain('Custodians — any 2 of 3 shares open the MFA seed store');
  });

  withPoppler('lists where every copy is, other locations, the paper backup and the last drill', async () => {
    const text = pageWords(await renderEmergencySheet(BASE, OPTIONS)).join(' ');
    expect(text).toContain('PW-A onsite Safe A, London office 7 (current) SN-0001 2026-11-02');
    expect(text).toContain('PW-B offsite Bank box 17, Zürich 6 — OLDER never');
    expect(text).toContain('Paper backup: Safe A, folder 3');
    expect(text).toContain('Network share: none (air-gapped) Safe code held by facilities');
    expect(text).toContain('Last drill 2026-10-15 — all artifacts recovered');
    expect(text).toContain('Opens with any 2 of the 3 custodians\' shares (share set 1c1c');
    expect(text).toContain('or its passphrase');
    expect(text).toContain('Break-glass procedure');
    expect(text).toContain('python3 recover.py password-vault.bgv');
    expect(text).toContain("breakglass paper restore --out '/srv/break glass/set/password-vault.bgv' --dir '/srv/break glass/set' SCANS");
    expect(text).toContain(groupHex(BASE.fingerprint));
    expect(text).toContain('Generation 7 (sealed 2026-11-01 10:00 UTC)');
  });

  withPoppler('runs onto further pages for hundreds of accounts, each page numbered and fingerprinted, within the paper', async () => {
    const accounts = Array.from({ length: 400 }, (_, i) => ({ accountId: String(400000000000 + i), name: `Λογαριασμός ${i} — Аккаунт ${i}`, accountClass: 'excluded' }));
    for (const paper of ['A4', 'Letter'] as const) {
      const pdf = await renderEmergencySheet({ ...BASE, accounts }, { ...OPTIONS, paper });
      const pages = pageTexts(pdf);
      expect(pages.length).toBeGreaterThan(5);
      pages.forEach((page, i) => {
        expect(page).toContain(`page ${i + 1} of ${pages.length}`);
        expect(page).toContain(groupHex(BASE.fingerprint));
        expect(page).toContain('EMERGENCY SHEET');
      });
      const all = pageWords(pdf).join(' ');
      expect(all).toContain('400000000399 Λογαριασμός 399 — Аккаунт 399');
      expect(all).toContain('Accounts covered (400)');
      expect(wordsOffPage(pdf), paper).toEqual([]);
    }
  });

  withPoppler('gives every break-glass step in the app first (screen, then button) and the command beside it, with the real vault-set folder', async () => {
    const pdf = await appSheet('password-vault');
    const text = pageWords(pdf).join(' ');
    // A long path may break over two lines, only ever after one of its slashes.
    const procedure = text.slice(text.indexOf('Break-glass procedure'), text.indexOf('Custodians —')).replace(/\/ /g, '/');
    expect(procedure).toContain(`Vault set screen: type ${fixture.dir} in "Vault set directory", press "Open"`);
    expect(procedure).toContain('Drives screen: plug the drive in');
    expect(procedure).toContain('press "Verify" on its row');
    expect(procedure).toContain('press "Restore…" on the drive\'s row, choose "Password vault" under "Store to restore", press "Restore to the workstation"');
    expect(procedure).toContain('Unlock screen: choose "Password vault" under "Store"');
    expect(procedure).toContain('Accounts screen: click the account id, then under "Root password" press "Reveal for 30 s"');
    expect(procedure).toContain(`breakglass drives verify MOUNT --dir ${fixture.dir}`);
    expect(procedure).toContain(`breakglass restore ${fixture.dir} --drive MOUNT --store password`);
    expect(procedure).toContain(`breakglass password reveal ${fixture.dir} --account ID`);
    expect(procedure).toContain(`breakglass rotate ${fixture.dir}/password-vault.bgv`);
    // The one placeholder left is the mount point, and the sheet says in words why and where to find it.
    expect(procedure).not.toMatch(/\bDIR\b/);
    expect(procedure).toContain("MOUNT is the drive's mount point: it is known only once the drive is plugged in, and the Drives screen");
    // "Beside": on the page, each app step's words sit left of its command, on the same row.
    const boxes = wordBoxes(pdf);
    const appWord = boxes.find((b) => b.word.includes('Restore…'));
    const cliWord = boxes.find((b) => b.word === '--store' && b.page === appWord?.page);
    expect(appWord && cliWord).toBeTruthy();
    expect(appWord!.xMax).toBeLessThan(cliWord!.xMin);
    expect(Math.abs(appWord!.yMin - cliWord!.yMin)).toBeLessThan(40);

    const mfa = pageWords(await appSheet('mfa-seeds')).join(' ');
    expect(mfa).toContain('TOTP login screen: choose the Account and MFA device, press "Start session"');
    expect(mfa).toContain(`breakglass totp ${fixture.dir} --account ID`);
    expect(mfa).toContain(`breakglass restore ${fixture.dir} --drive MOUNT --store mfa`);
  });

  withPoppler('heads the procedure table once, and again only at the top of a new page — not after a plain step between its rows', async () => {
    for (const store of ['password-vault', 'mfa-seeds'] as const) {
      const pages = pageTexts(await renderEmergencySheet({ ...BASE, store }, OPTIONS));
      const headers = pages.map((page) => page.split('Or at a terminal').length - 1);
      expect(headers.every((n) => n <= 1), `${store}: headers per page ${headers.join(',')}`).toBe(true);
      const first = pages.findIndex((page) => page.includes('Or at a terminal'));
      expect(first, store).toBeGreaterThanOrEqual(0);
      // The plain step "Without the app" sits between rows; the row after it is not headed again on its page.
      const plain = pages.findIndex((page) => page.includes('Without the app'));
      const page = pages[plain] as string;
      expect(page.indexOf('Or at a terminal', page.indexOf('Without the app')), store).toBe(-1);
    }
  });

  withPoppler('never calls a copy verified or current when the drive register marks it damaged', async () => {
    const inspection = await fixture.app.inspectStore({ file: `${fixture.dir}/password-vault.bgv` });
    const drive = (name: string, serial: string, damaged?: RegisterEntry['damaged']): RegisterEntry => ({
      markerId: `marker-${serial}`,
      serial,
      uuid: null,
      label: name,
      name,
      location: `Safe of ${name}`,
      allowFixed: false,
      holds: { storeKind: 'password-vault', setId: inspection.setId, generation: inspection.generation, sha256: inspection.fingerprint, exportedAt: '2026-11-01T09:00:00Z' },
      history: [],
      lastVerifiedAt: '2026-11-02T09:00:00Z',
      ...(damaged ? { damaged } : {}),
    });
    await writeRegisterFile(fixture.dir, {
      schema: REGISTER_SCHEMA,
      drives: [drive('PW-A onsite', 'SN-A'), drive('PW-B offsite', 'SN-B', { at: '2026-11-03T10:00:00Z', reason: 'The password vault file on this drive does not match its manifest' })],
    });
    try {
      const text = pageWords(await appSheet('password-vault')).join(' ');
      expect(text).toContain(`PW-A onsite Safe of PW-A onsite ${inspection.generation} (current) SN-A 2026-11-02`);
      expect(text).toContain(`PW-B offsite Safe of PW-B offsite ${inspection.generation} — DAMAGED SN-B DAMAGED: failed its verify on 2026-11-03; export to it again`);
      const row = text.slice(text.indexOf('PW-B offsite Safe'), text.indexOf('export to it again'));
      expect(row).not.toContain('(current)');
      expect(row).not.toContain('2026-11-02');
      expect(text).toContain('never one marked DAMAGED');
    } finally {
      await rm(join(fixture.dir, REGISTER_FILE), { force: true });
      await rm(join(fixture.dir, `${REGISTER_FILE}.prev`), { force: true });
    }
  });

  it('checks its input', async () => {
    await expect(renderEmergencySheet({ ...BASE, fingerprint: 'xyz' }, OPTIONS)).rejects.toThrow(/input.fingerprint must be 64 hexadecimal digits/);
    await expect(renderEmergencySheet({ ...BASE, opensWith: { passphrase: false } }, OPTIONS)).rejects.toThrow(/opensWith/);
    await expect(renderEmergencySheet({ ...BASE, lastDrill: { at: 'yesterday' } }, OPTIONS)).rejects.toThrow(/lastDrill/);
    await expect(renderEmergencySheet({ ...BASE, store: 'both' as 'password-vault' }, OPTIONS)).rejects.toThrow(RangeError);
    await expect(renderEmergencySheet({ ...BASE, vaultSetDir: 'relative/set' }, OPTIONS)).rejects.toThrow(/vaultSetDir must be an absolute path/);
    await expect(renderEmergencySheet({ ...BASE, copies: [{ label: 'X', location: 'Y', generation: 7, damaged: { at: 'today', reason: 'r' } }] }, OPTIONS)).rejects.toThrow(/damaged.at/);
  });

  it('needs the password vault unlocked to list its accounts', async () => {
    await fixture.app.lockStore({ store: 'password-vault' });
    try {
      await expect(fixture.app.printDocument({ document: 'emergency', store: 'password-vault' })).rejects.toMatchObject({ code: 'AUTH', message: /unlock the password vault first/ });
    } finally {
      await fixture.app.unlockStore({ store: 'password-vault', secret: { passphrase: 'print test vault passphrase' } });
    }
  });
});
