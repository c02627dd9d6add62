// `breakglass import keepass` and `export-kdbx` as custodians run them: KDBX 3.1 from keepassxc-cli, KDBX 4
// from kdbxweb, exports read back by keepassxc-cli and oathtool, and the round trip into a new vault set.
// The seed tables and every refusal: migration-seeds-cli.test.ts.

import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../support/cli.js';
import { directoryDrivesPort } from '../support/directory-drives.js';
import { keepassxc, keepassxcList, keepassxcShow, makeKdbx31, makeKdbx4, oathtoolCode, oathtoolTool } from '../support/kdbx.js';
import { ENTRIES, KP, MFA, migrationHarness, PW, SEED_A, SEED_B, SEED_C } from '../support/migration-cli.js';
import { testPorts } from '../support/ports.js';
import { itWithTools } from '../support/tools.js';

const { root: rootOf, cli, newSet, auditEvents, reveal, accounts, devices, codes } = migrationHarness('migration');
let root: string;
beforeAll(() => {
  root = rootOf();
});

describe('import keepass', () => {
  it('previews a KDBX 4 (Argon2id, ChaCha20) database and writes nothing without --yes', async () => {
    const dir = await newSet('preview');
    const file = join(root, 'preview.kdbx');
    await writeFile(file, await makeKdbx4(KP, ENTRIES));
    const before = await auditEvents(dir);
    const result = await cli(['import', 'keepass', dir, file, '--class', 'excluded'], [PW, KP]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/KDBX 4\.\d \(Argon2id, ChaCha20\)/);
    expect(result.stdout).toMatch(/Recycle bin: 1 entry left out\. Entries without an account id: 1\./);
    expect(result.stdout).toMatch(/111122223333\s+excluded\s+add\s+add root-mfa/);
    expect(result.stdout).toMatch(/444455556666\s+excluded\s+add \(rotate\)\s+add imported-mfa/);
    expect(result.stdout).toMatch(/Someone forgot the id\s+—\s+—\s+skip\s+—\s+no account id/);
    expect(result.stdout).toMatch(/WARNING: This KeePass database kept both factors together/);
    expect(result.stdout).toMatch(/Nothing was written: this was the preview/);
    expect(result.stdout).not.toContain('Xy7!kq');
    expect(result.stdout).not.toContain(SEED_A);
    const after = await auditEvents(dir);
    expect(after.filter((e) => e.event.startsWith('migration'))).toEqual([]);
    expect(after.length).toBe(before.length + 2); // the unlock and the lock of the vault only
  });
});


describe('import keepass, confirmed', () => {
  itWithTools([keepassxc])('imports a KDBX 3.1 database made by keepassxc-cli: vault first, then the MFA store, each audited once with the source SHA-256', async () => {
    const dir = await newSet('kdbx31');
    const file = join(root, 'legacy31.kdbx');
    await makeKdbx31(join(root, 'legacy31.xml'), file, KP, ENTRIES);
    expect((await readFile(file)).subarray(8, 12)).toEqual(Buffer.from([0x01, 0x00, 0x03, 0x00])); // KDBX 3.1
    const result = await cli(['import', 'keepass', dir, file, '--class', 'excluded', '--class-for', '111122223333=management', '--yes', '--as', 'Ann Lee, Bo Chen'], [PW, KP, MFA]);
    expect(result.stderr).toMatch(/Now the MFA custodians unlock the MFA seed store/);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/KDBX 3\.1 \(AES-KDF, AES-256\)/);
    expect(result.stdout).toMatch(/Saved the password vault \(generation 2\): 3 added, 0 updated, 1 skipped\./);
    expect(result.stdout).toMatch(/Saved the MFA seed store \(generation 2\): 3 added/);
    const list = await accounts(dir);
    expect(list.map((a) => [a.accountId, a.name, a.accountClass, a.email])).toEqual([
      ['111122223333', 'Org management', 'management', 'aws-root+mgmt@example.com'],
      ['444455556666', 'Log archive', 'excluded', 'aws-root+logs@example.com'],
      ['777788889999', 'Security tooling', 'excluded', 'aws-root+sec@example.com'],
    ]);
    expect(list[0]?.notes).toBe('Safe A, envelope 1');
    expect(await reveal(dir, '111122223333')).toBe('Xy7!kq#Lm9$pQw2@');
    expect(await reveal(dir, '444455556666')).toBe('weakpass'); // below the policy: kept, flagged rotate
    expect((await devices(dir)).map((d) => [d.accountId, d.name, d.algorithm, d.digits, d.period])).toEqual([
      ['111122223333', 'root-mfa', 'SHA1', 6, 30],
      ['444455556666', 'imported-mfa', 'SHA1', 6, 30],
      ['777788889999', 'imported-mfa', 'SHA1', 6, 30],
    ]);
    const source = (await import('node:crypto')).createHash('sha256').update(await readFile(file)).digest('hex');
    const imports = (await auditEvents(dir)).filter((e) => e.event === 'migration.import');
    expect(imports.map((e) => [e.store, e.details.sourceSha256, e.details.added, e.details.skipped])).toEqual([
      ['password-vault', source, 3, 1],
      ['mfa-seeds', source, 3, 0],
    ]);
    expect(imports[0]?.details).toMatchObject({ rotate: 1, recycled: 1, unmapped: 1, source: 'keepass' });
    expect(imports.every((e) => e.actor.includes('Ann Lee'))).toBe(true);
    const log = await readFile(join(dir, 'audit-log.jsonl'), 'utf8');
    for (const secret of ['Xy7!kq', 'weakpass', SEED_A, SEED_B, KP]) expect(log).not.toContain(secret);
  });

  it('skips accounts already in the vault unless --update, and maps an entry without an id with --map', async () => {
    const dir = await newSet('update');
    const file = join(root, 'update.kdbx');
    await writeFile(file, await makeKdbx4(KP, ENTRIES, { kdf: 'argon2d', cipher: 'aes' }));
    expect((await cli(['import', 'keepass', dir, file, '--class', 'excluded', '--skip-mfa', '--yes'], [PW, KP])).code).toBe(0);
    const changed = [...ENTRIES];
    changed[0] = { ...ENTRIES[0]!, password: 'New!Passw0rd#2026' };
    await writeFile(file, await makeKdbx4(KP, changed, { kdf: 'argon2d' }));
    const again = await cli(['import', 'keepass', dir, file, '--class', 'excluded', '--map', 'Someone forgot the id=121200003434', '--skip-mfa', '--yes'], [PW, KP]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/KDBX 4\.\d \(Argon2d, ChaCha20\)/);
    expect(again.stdout).toMatch(/111122223333\s+excluded\s+skip\s+add root-mfa\s+already in the password vault \(choose update to replace it\)/);
    expect(again.stdout).toMatch(/121200003434\s+excluded\s+add/);
    expect(again.stdout).toMatch(/were NOT imported \(--skip-mfa\)/);
    expect(await reveal(dir, '111122223333')).toBe('Xy7!kq#Lm9$pQw2@');
    expect(await reveal(dir, '121200003434')).toBe('Pz5$wQ9!rT3@yU7#');
    const updated = await cli(['import', 'keepass', dir, file, '--class', 'excluded', '--update', '--skip-mfa', '--yes'], [PW, KP]);
    expect(updated.stdout).toMatch(/111122223333\s+excluded\s+update/);
    expect(await reveal(dir, '111122223333')).toBe('New!Passw0rd#2026');
    expect(await devices(dir)).toEqual([]);
  });

  it('reads a KDBX 4 database protected by a key file as well as a password', async () => {
    const dir = await newSet('keyfile');
    const keyFile = join(root, 'db.key');
    const key = new Uint8Array(64).map((_, i) => (i * 37) & 0xff);
    await writeFile(keyFile, key);
    const file = join(root, 'keyfile.kdbx');
    await writeFile(file, await makeKdbx4(KP, ENTRIES.slice(0, 1), { keyFile: key }));
    const result = await cli(['import', 'keepass', dir, file, '--key-file', keyFile, '--class', 'management', '--yes', '--skip-mfa'], [PW, KP]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(await reveal(dir, '111122223333')).toBe('Xy7!kq#Lm9$pQw2@');
  });
});

/** keepassxc-cli's TOTP code equals oathtool's for the same seed (either side of a window boundary). */
function sameTotp(file: string, password: string, entry: string, seed: string): void {
  const before = oathtoolCode(seed);
  const shown = keepassxcShow(file, password, entry, ['-t']);
  const after = oathtoolCode(seed);
  expect(shown.code).toBe(0);
  expect([before, after]).toContain(shown.stdout.trim());
}

describe('export-kdbx and the round trip', () => {
  const NEW_PW = 'export master password 1';
  const NEW_MFA = 'export master password 2';
  let source: string;
  let pwFile: string;
  let mfaFile: string;

  beforeAll(async () => {
    source = await newSet('export-source');
    const file = join(root, 'export-source.kdbx');
    await writeFile(file, await makeKdbx4(KP, ENTRIES));
    const imported = await cli(['import', 'keepass', source, file, '--class', 'excluded', '--class-for', '111122223333=management', '--yes'], [PW, KP, MFA]);
    expect(imported.code).toBe(0);
    pwFile = join(root, 'pw-export.kdbx');
    mfaFile = join(root, 'mfa-export.kdbx');
  });

  itWithTools([keepassxc, oathtoolTool])('exports the password vault to a KDBX 4 file keepassxc-cli opens: passwords, no seed, mode 0600, audited', async () => {
    const result = await cli(['export-kdbx', source, '--store', 'password', '--out', pwFile, '--kdf-profile', 'test', '--as', 'Ann Lee'], [PW, NEW_PW, NEW_PW]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Wrote .*pw-export\.kdbx: 3 entries, KDBX 4 \(Argon2id 1 MiB × 1 pass, 1 lane\)/);
    expect((await stat(pwFile)).mode & 0o777).toBe(0o600);
    expect((await readFile(pwFile)).subarray(10, 12)).toEqual(Buffer.from([0x04, 0x00])); // KDBX 4
    const listed = keepassxcList(pwFile, NEW_PW);
    expect(listed.sort()).toEqual(['Excluded member accounts/Log archive', 'Excluded member accounts/Security tooling', 'Management account/Org management']);
    const shown = keepassxcShow(pwFile, NEW_PW, 'Management account/Org management', ['-s', '-a', 'Password', '-a', 'UserName', '-a', 'AccountId']);
    expect(shown.stdout.trim().split('\n')).toEqual(['Xy7!kq#Lm9$pQw2@', 'aws-root+mgmt@example.com', '111122223333']);
    expect(keepassxcShow(pwFile, NEW_PW, 'Excluded member accounts/Log archive', ['-s', '-a', 'Password']).stdout.trim()).toBe('weakpass');
    const totp = keepassxcShow(pwFile, NEW_PW, 'Management account/Org management', ['-t']);
    expect(totp.code).not.toBe(0); // no seed in the password export
    const exports = (await auditEvents(source)).filter((e) => e.event === 'migration.export');
    expect(exports.map((e) => [e.store, e.details.entries, e.actor])).toEqual([['password-vault', 3, ['Ann Lee']]]);
  });

  itWithTools([keepassxc, oathtoolTool])('exports the MFA seed store with one otp entry per device and no password; keepassxc-cli show -t agrees with oathtool', async () => {
    const result = await cli(['export-kdbx', source, '--store', 'mfa', '--out', mfaFile, '--kdf-profile', 'test'], [MFA, NEW_MFA, NEW_MFA]);
    expect(result.code).toBe(0);
    expect((await stat(mfaFile)).mode & 0o777).toBe(0o600);
    const listed = keepassxcList(mfaFile, NEW_MFA).sort();
    expect(listed).toEqual(['Account 111122223333/111122223333 root-mfa', 'Account 444455556666/444455556666 imported-mfa', 'Account 777788889999/777788889999 imported-mfa']);
    sameTotp(mfaFile, NEW_MFA, listed[0]!, SEED_A);
    sameTotp(mfaFile, NEW_MFA, listed[1]!, SEED_B);
    sameTotp(mfaFile, NEW_MFA, listed[2]!, SEED_C);
    expect(keepassxcShow(mfaFile, NEW_MFA, listed[0]!, ['-s', '-a', 'Password']).stdout.trim()).toBe('');
  });

  it('refuses an export onto a drive that holds the other store of this vault set', async () => {
    const drive = join(root, 'usb-mfa');
    await mkdir(drive);
    const withDrives = { ...testPorts('migration-drives'), drives: directoryDrivesPort(() => drive, ['MFA-A']) };
    const exported = await runCliInProcess(['export', source, '--store', 'mfa', '--drive', drive, '--name', 'MFA-A onsite'], { ports: withDrives, stdin: [] });
    expect(exported.code).toBe(0);
    const out = join(drive, 'passwords.kdbx');
    const refused = await runCliInProcess(['export-kdbx', source, '--store', 'password', '--out', out, '--kdf-profile', 'test'], { ports: withDrives, stdin: [PW, NEW_PW, NEW_PW] });
    expect(refused.stderr).toMatch(/Refused: drive "MFA-A onsite" holds the MFA seed store of this vault set .*never goes onto a drive of the MFA seed store.*Nothing was written\. \[SEGREGATION\]/);
    expect(refused.code).toBe(1);
    await expect(stat(out)).rejects.toThrow(/ENOENT/);
    const mfaOk = await runCliInProcess(['export-kdbx', source, '--store', 'mfa', '--out', join(drive, 'mfa.kdbx'), '--kdf-profile', 'test'], { ports: withDrives, stdin: [MFA, NEW_MFA, NEW_MFA] });
    expect(mfaOk.code).toBe(0);
  });

  it('never overwrites a file, refuses a short master password and two that differ, writing nothing', async () => {
    const taken = join(root, 'taken.kdbx');
    await writeFile(taken, 'keep me');
    const exists = await cli(['export-kdbx', source, '--store', 'password', '--out', taken, '--kdf-profile', 'test'], [PW, NEW_PW, NEW_PW]);
    expect(exists.code).toBe(1);
    expect(exists.stderr).toMatch(/already exists: choose a new file name; nothing was written/);
    expect(await readFile(taken, 'utf8')).toBe('keep me');
    const differ = await cli(['export-kdbx', source, '--store', 'password', '--out', join(root, 'x.kdbx'), '--kdf-profile', 'test'], [PW, NEW_PW, 'other one']);
    expect(differ.stderr).toMatch(/The two master passwords differ\. Nothing was written\./);
    const short = await cli(['export-kdbx', source, '--store', 'password', '--out', join(root, 'x.kdbx'), '--kdf-profile', 'test'], [PW, 'short', 'short']);
    expect(short.stderr).toMatch(/at least 12 characters/);
    await expect(stat(join(root, 'x.kdbx'))).rejects.toThrow(/ENOENT/);
  });

  itWithTools([keepassxc])('round trip: the two exports imported into a new vault set give the same accounts, passwords and seeds', async () => {
    const target = await newSet('round-trip');
    const pw = await cli(['import', 'keepass', target, pwFile, '--yes'], [PW, NEW_PW]);
    expect(pw.stderr).toBe('');
    expect(pw.code).toBe(0);
    const mfa = await cli(['import', 'keepass', target, mfaFile, '--yes'], [PW, NEW_MFA, MFA]);
    expect(mfa.code).toBe(0);
    expect(mfa.stdout).toMatch(/Saved the MFA seed store \(generation 2\): 3 added/);
    const strip = (list: Awaited<ReturnType<typeof accounts>>) => list.map(({ accountId, name, accountClass, email, notes }) => ({ accountId, name, accountClass, email, notes }));
    expect(strip(await accounts(target))).toEqual(strip(await accounts(source)));
    for (const id of ['111122223333', '444455556666', '777788889999']) {
      expect(await reveal(target, id)).toBe(await reveal(source, id));
      expect(await codes(target, id)).toBe(await codes(source, id));
    }
    const shape = (list: Awaited<ReturnType<typeof devices>>) => list.map(({ accountId, name, algorithm, digits, period }) => ({ accountId, name, algorithm, digits, period }));
    expect(shape(await devices(target))).toEqual(shape(await devices(source)));
  });
});
