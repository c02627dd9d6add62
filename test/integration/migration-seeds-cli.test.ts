// `breakglass import seeds` (seed 003's pipe table, the same columns as CSV, otpauth URIs) and every
// refusal of the migration commands: a clear message, and nothing written to either store or the log.

import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeKdbx4 } from '../support/kdbx.js';
import { ENTRIES, KP, MFA, migrationHarness, PW, SEED_A, SEED_B, SEED_C } from '../support/migration-cli.js';

const { root: rootOf, cli, newSet, auditEvents, devices, codes } = migrationHarness('migration-seeds');
let root: string;
beforeAll(() => {
  root = rootOf();
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
