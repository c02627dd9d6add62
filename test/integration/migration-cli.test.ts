// `breakglass import keepass|seeds` and `export-kdbx` as custodians run them: KDBX 3.1 from keepassxc-cli,
// KDBX 4 from kdbxweb, exports read back by keepassxc-cli and oathtool, and every refusal writing nothing.

import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../support/cli.js';
import { directoryDrivesPort } from '../support/directory-drives.js';
import { keepassxc, keepassxcList, keepassxcShow, makeKdbx31, makeKdbx4, oathtoolCode, oathtoolTool, type TestEntry } from '../support/kdbx.js';
import { testPorts } from '../support/ports.js';
import { itWithTools } from '../support/tools.js';

const PW = 'migration vault passphrase';
const MFA = 'migration mfa passphrase';
const KP = 'legacy keepass password';
const SEED_A = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const SEED_B = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const SEED_C = 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43UOV3HO6DZPIYTEMZU';

const ENTRIES: readonly TestEntry[] = [
  {
    title: 'Org management',
    userName: 'aws-root+mgmt@example.com',
    password: 'Xy7!kq#Lm9$pQw2@',
    url: 'https://111122223333.signin.aws.amazon.com/console',
    notes: 'Safe A, envelope 1',
    fields: { '*otp': `otpauth://totp/Amazon%20Web%20Services:root-mfa@111122223333?secret=${SEED_A}%3D%3D%3D%3D&period=30&digits=6&algorithm=SHA1` },
  },
  { title: 'Log archive', userName: 'aws-root+logs@example.com', password: 'weakpass', fields: { 'AWS Account': '4444-5555-6666', 'TOTP Seed': SEED_B, 'TOTP Settings': '30;6' } },
  { title: 'Security tooling 777788889999', userName: 'aws-root+sec@example.com', password: 'Gq8#vR2!mZ6^tL0&', fields: { 'TimeOtp-Secret-Base32': SEED_C, 'TimeOtp-Algorithm': 'HMAC-SHA-1' } },
  { title: 'Someone forgot the id', userName: 'aws-root+x@example.com', password: 'Pz5$wQ9!rT3@yU7#' },
  { title: 'Deleted 121212121212', userName: 'aws-root+old@example.com', password: 'Old!pass9Word#1', recycled: true },
];

let root: string;
let ports: ReturnType<typeof testPorts>;

function cli(argv: readonly string[], stdin: readonly string[]) {
  return runCliInProcess(argv, { ports, stdin });
}

async function newSet(name: string): Promise<string> {
  const dir = join(root, name);
  const result = await cli(['init', dir, '--kdf-profile', 'test', '--require-run', 'off'], [PW, PW, MFA, MFA]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return dir;
}

async function auditEvents(dir: string): Promise<{ event: string; store: string | null; details: Record<string, unknown>; actor: string[] }[]> {
  return (await readFile(join(dir, 'audit-log.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bg-migration-'));
  ports = testPorts('migration');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
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


async function reveal(dir: string, accountId: string): Promise<string> {
  const result = await cli(['password', 'reveal', dir, '--account', accountId], [PW]);
  expect(result.code).toBe(0);
  return result.stdout.trim();
}

async function accounts(dir: string): Promise<{ accountId: string; name: string; accountClass: string; email: string; notes: string }[]> {
  const result = await cli(['account', 'list', dir, '--json'], [PW]);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout);
}

async function devices(dir: string): Promise<{ accountId: string; name: string; algorithm: string; digits: number; period: number }[]> {
  const result = await cli(['seed', 'list', dir, '--json'], []);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout);
}

async function codes(dir: string, accountId: string): Promise<string> {
  const result = await cli(['totp', dir, '--account', accountId, '--json'], [MFA]);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout).current;
}

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

const TABLE = [
  '| Account # | Account Name | Account Email | MFA Seed |',
  '|-----------|--------------|---------------|----------|',
  `| 111122223333 | Org management | aws-root+mgmt@example.com | ${SEED_A} |`,
  `| 4444-5555-6666 | Log archive | aws-root+logs@example.com | ${SEED_B.toLowerCase().replace(/(.{4})/g, '$1 ').trim()} |`,
  `| 999900001111 | Unknown one | aws-root+u@example.com | otpauth://totp/Amazon%20Web%20Services:backup-mfa@999900001111?secret=${SEED_C}&digits=6&period=30&algorithm=SHA1 |`,
  '',
].join('\n');

describe('import seeds', () => {
  async function setWithVault(name: string): Promise<string> {
    const dir = await newSet(name);
    const file = join(root, `${name}.kdbx`);
    await writeFile(file, await makeKdbx4(KP, ENTRIES.slice(0, 2)));
    expect((await cli(['import', 'keepass', dir, file, '--class', 'excluded', '--skip-mfa', '--yes'], [PW, KP])).code).toBe(0);
    return dir;
  }

  it('imports the pipe table into the MFA seed store as virtual devices, flagging an account the vault does not hold', async () => {
    const dir = await setWithVault('seeds-pipe');
    const file = join(root, 'seeds.md');
    await writeFile(file, TABLE);
    const result = await cli(['import', 'seeds', dir, file, '--with-vault', '--yes', '--as', 'Mo Diaz'], [PW, MFA]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/pipe table/);
    expect(result.stdout).toMatch(/999900001111\s+—\s+—\s+add backup-mfa\s+unknown account: the password vault does not hold it/);
    expect(result.stdout).toMatch(/Saved the MFA seed store \(generation 2\): 3 added/);
    expect((await devices(dir)).map((d) => [d.accountId, d.name])).toEqual([
      ['111122223333', 'imported-mfa'],
      ['444455556666', 'imported-mfa'],
      ['999900001111', 'backup-mfa'],
    ]);
    const entry = (await auditEvents(dir)).filter((e) => e.event === 'migration.import').at(-1);
    expect(entry).toMatchObject({ store: 'mfa-seeds', details: { source: 'seeds', format: 'pipe table', added: 3 }, actor: ['Mo Diaz'] });
    // The same table again: every device is there already, so every row is skipped.
    const again = await cli(['import', 'seeds', dir, file, '--yes'], [MFA]);
    expect(again.stdout).toMatch(/Nothing to import: every row is skipped/);
    expect(again.stdout).toMatch(/account not checked: the password vault is locked|already has device/);
  });

  it('reads the same columns as CSV and a list of otpauth URIs, with the same codes as the table', async () => {
    const dir = await newSet('seeds-csv');
    const csv = join(root, 'seeds.csv');
    await writeFile(csv, `Account #,Account Name,Account Email,MFA Seed\n111122223333,"Org, management",aws-root+mgmt@example.com,${SEED_A}\n`);
    expect((await cli(['import', 'seeds', dir, csv, '--yes'], [MFA])).code).toBe(0);
    const uris = join(root, 'seeds.txt');
    await writeFile(uris, `otpauth://totp/Amazon%20Web%20Services:root-mfa@444455556666?secret=${SEED_B}%3D%3D&issuer=Amazon%20Web%20Services\n\n`);
    const result = await cli(['import', 'seeds', dir, uris, '--yes'], [MFA]);
    expect(result.stdout).toMatch(/otpauth URIs/);
    expect((await devices(dir)).map((d) => [d.accountId, d.name])).toEqual([
      ['111122223333', 'imported-mfa'],
      ['444455556666', 'root-mfa'],
    ]);
    const reference = await setWithVault('seeds-reference');
    await cli(['import', 'seeds', reference, join(root, 'seeds.md'), '--yes'], [MFA]);
    expect(await codes(dir, '111122223333')).toBe(await codes(reference, '111122223333'));
    expect(await codes(dir, '444455556666')).toBe(await codes(reference, '444455556666'));
  });
});

describe('bad input: a clear message and nothing written', () => {
  let dir: string;
  let good: string;
  beforeAll(async () => {
    dir = await newSet('refusals');
    good = join(root, 'good.kdbx');
    await writeFile(good, await makeKdbx4(KP, ENTRIES));
  });

  async function refused(argv: readonly string[], stdin: readonly string[], message: RegExp): Promise<void> {
    const before = await readFile(join(dir, 'password-vault.bgv'));
    const beforeMfa = await readFile(join(dir, 'mfa-seeds.bgv'));
    const result = await cli(argv, stdin);
    expect(result.stderr).toMatch(message);
    expect(result.code).toBe(1);
    expect(await readFile(join(dir, 'password-vault.bgv'))).toEqual(before);
    expect(await readFile(join(dir, 'mfa-seeds.bgv'))).toEqual(beforeMfa);
    expect((await auditEvents(dir)).filter((e) => e.event.startsWith('migration'))).toEqual([]);
  }

  it('refuses a wrong master password', async () => {
    await refused(['import', 'keepass', dir, good, '--class', 'excluded', '--yes'], [PW, 'not the password'], /KeePass master password \(or key file\) is wrong.*Nothing was imported\. \[AUTH\]/);
  });

  it('refuses a missing key file, and a wrong one', async () => {
    const key = new Uint8Array(64).fill(7);
    const file = join(root, 'needs-key.kdbx');
    await writeFile(file, await makeKdbx4(KP, ENTRIES, { keyFile: key }));
    await refused(['import', 'keepass', dir, file, '--class', 'excluded', '--yes'], [PW, KP], /master password \(or key file\) is wrong.*give that file too/);
    await refused(['import', 'keepass', dir, file, '--key-file', join(root, 'no-such.key'), '--yes'], [PW, KP], /The key file .*no-such\.key does not exist/);
    const wrong = join(root, 'wrong.key');
    await writeFile(wrong, new Uint8Array(64).fill(8));
    await refused(['import', 'keepass', dir, file, '--key-file', wrong, '--yes'], [PW, KP], /master password \(or key file\) is wrong/);
  });

  it('refuses a truncated, a damaged and a non-KeePass file', async () => {
    const bytes = await readFile(good);
    const cut = join(root, 'cut.kdbx');
    await writeFile(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await refused(['import', 'keepass', dir, cut, '--yes'], [PW, KP], /cut short or damaged|is damaged/);
    const head = join(root, 'head.kdbx');
    await writeFile(head, bytes.subarray(0, 40));
    await refused(['import', 'keepass', dir, head, '--yes'], [PW, KP], /cut short or damaged/);
    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 100] = (flipped[flipped.length - 100] as number) ^ 0xff;
    const damaged = join(root, 'damaged.kdbx');
    await writeFile(damaged, flipped);
    await refused(['import', 'keepass', dir, damaged, '--yes'], [PW, KP], /The KeePass database is damaged \(.*\): copy it again/);
    const text = join(root, 'notes.kdbx');
    await writeFile(text, 'just some notes, not a database at all, long enough to read a header from it'.repeat(5));
    await refused(['import', 'keepass', dir, text, '--yes'], [PW, KP], /not a KeePass database \(KDBX\)/);
  });

  it('refuses a database with no AWS account in it', async () => {
    const file = join(root, 'unrelated.kdbx');
    await writeFile(file, await makeKdbx4(KP, [{ title: 'Email', userName: 'me@example.com', password: 'Hunter2!hunter2' }, { title: 'Old', password: 'x', recycled: true }]));
    await refused(['import', 'keepass', dir, file, '--class', 'excluded', '--yes'], [PW, KP], /No entry of this KeePass database \(1 outside the recycle bin\) names an AWS account/);
  });

  it('refuses a malformed otpauth URI, a seed that is not base32 and a table with a wrong header, naming the line', async () => {
    const bad = async (name: string, text: string, message: RegExp) => {
      const file = join(root, name);
      await writeFile(file, text);
      await refused(['import', 'seeds', dir, file, '--yes'], [MFA], message);
    };
    await bad('uri.txt', `otpauth://totp/Amazon:root@111122223333?secret=${SEED_A}\notpauth://hotp/x@111122223333?secret=${SEED_A}\n`, /Line 2: .*counter-based \(HOTP\).*Nothing was imported/);
    await bad('uri2.txt', 'otpauth://totp/root@111122223333?digits=7&secret=JBSWY3DPEHPK3PXP\n', /Line 1: .*digits/);
    await bad('b32.md', TABLE.replace(SEED_A, 'JBSWY3DPEHPK3PX0JBSWY3DPEHPK3PXP'), /Line 3: The MFA secret contains "0", which is not base32/);
    await bad('short.md', TABLE.replace(SEED_A, 'JBSWY3DP'), /Line 3: The MFA secret decodes to 5 bytes/);
    await bad('header.md', TABLE.replace('| MFA Seed |', '| Seed |'), /Line 1: the header .* is not the seed table's: it must name the columns \| Account # \| Account Name \| Account Email \| MFA Seed \|/);
    await bad('dashes.md', TABLE.split('\n').filter((_, i) => i !== 1).join('\n'), /Line 2: the header must be followed by its dashes line/);
    await bad('header.csv', `Account,Name,Email,Seed\n111122223333,a,b,${SEED_A}\n`, /Line 1: the header/);
    await bad('id.csv', `Account #,Account Name,Account Email,MFA Seed\n11112222333,a,b,${SEED_A}\n`, /Line 2: "11112222333" is not a 12-digit AWS account id/);
  });
});
