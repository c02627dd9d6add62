// The built `breakglass` executable refusing early and cleanly: a bad --shares-out directory is refused
// before the store changes, too few shares is a [QUORUM] error, an unconfirmed removal reads no secret,
// and a reader that closes the pipe early (`| head`) ends the command quietly.

import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_BIN, runBuiltCli as run } from '../support/cli.js';

const MFA = 'refusals test mfa passphrase';
const CUSTODIANS = `[password]
Ana Lima, Security lead
Ben Okafor, Platform
Chen Wei, Audit
Dina Roy, Legal
Emil Berg, Finance
[mfa]
Fay Wong, Operations
Gus Moreau, Networks
`;
let root: string;
let dir: string;
let vault: string;
let shares: string[];

async function qrTexts(folder: string): Promise<string[]> {
  const names = (await readdir(folder)).sort();
  return Promise.all(names.map(async (name) => /QR text: (\S+)/.exec(await readFile(join(folder, name), 'utf8'))![1]!));
}

/** A 3-of-5 shares-only password vault and a passphrase MFA store; returns the share texts. */
async function createSet(target: string, sharesOut: string): Promise<string[]> {
  const args = ['init', target, '--kdf-profile', 'test', '--password-custody', 'shares:3-of-5', '--custodians', join(root, 'custodians.txt'), '--shares-out', sharesOut];
  const result = run(args, [MFA, MFA]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return qrTexts(sharesOut);
}

/** Everything rotate or init could change: the store files and the audit log, byte for byte. */
async function snapshot(target: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const name of (await readdir(target)).sort()) files[name] = (await readFile(join(target, name))).toString('base64');
  return files;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bg-refusals-'));
  await writeFile(join(root, 'custodians.txt'), CUSTODIANS);
  dir = join(root, 'set');
  vault = join(dir, 'password-vault.bgv');
  shares = await createSet(dir, join(root, 'shares'));
  const add = run(
    ['account', 'add', dir, '--account', '123456789012', '--name', 'Management', '--class', 'management', '--email', 'root@example.com'],
    [shares[0]!, shares[1]!, shares[2]!, 'Root-Password-123'],
  );
  expect(add.stderr).toBe('');
  const seed = run(['seed', 'add', dir, '--account', '123456789012', '--device', 'root-mfa-1'], [MFA, 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP']);
  expect(seed.stderr).toBe('');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('breakglass rotate and init --shares-out', () => {
  it('refuses an existing directory that others can read before reading a secret or changing the store', async () => {
    const out = join(root, 'open-755');
    await mkdir(out);
    await chmod(out, 0o755);
    const before = await snapshot(dir);
    const result = run(['rotate', vault, '--shares-out', out], shares.slice(0, 3));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/open-755 is readable by other users \(mode 755\).*empty one with mode 0700.*Nothing was changed.*\[IO\]/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(await snapshot(dir)).toEqual(before);
    expect(await readdir(out)).toEqual([]);
  });

  it('refuses a non-empty directory and leaves the store at the same generation', async () => {
    const out = join(root, 'busy');
    await mkdir(out, { mode: 0o700 });
    await writeFile(join(out, 'old-share.txt'), 'an old share');
    const before = await snapshot(dir);
    const result = run(['rotate', vault, '--shares-out', out], shares.slice(0, 3));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/busy is not empty.*Nothing was changed.*\[CONFLICT\]/);
    expect(await snapshot(dir)).toEqual(before);
    expect(run(['inspect', vault, '--json']).stdout).toMatch(/"generation": 2\b/);
  });

  it('refuses the same directories for init, creating no store', async () => {
    const open = join(root, 'init-755');
    await mkdir(open);
    await chmod(open, 0o755);
    const target = join(root, 'never-created');
    const args = ['init', target, '--kdf-profile', 'test', '--password-custody', 'shares:3-of-5', '--custodians', join(root, 'custodians.txt')];
    const refused = run([...args, '--shares-out', open], [MFA, MFA]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/readable by other users \(mode 755\).*\[IO\]/);
    const busy = run([...args, '--shares-out', join(root, 'shares')], [MFA, MFA]);
    expect(busy.code).toBe(1);
    expect(busy.stderr).toMatch(/is not empty.*\[CONFLICT\]/);
    await expect(stat(target)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('accepts an existing empty 0700 directory and writes the new shares there', async () => {
    const target = join(root, 'rotated-set');
    const old = await createSet(target, join(root, 'rotated-old-shares'));
    const out = join(root, 'empty-700');
    await mkdir(out);
    await chmod(out, 0o700);
    const result = run(['rotate', join(target, 'password-vault.bgv'), '--shares-out', out], old.slice(2, 5));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const fresh = await qrTexts(out);
    expect(fresh).toHaveLength(5);
    expect(run(['account', 'list', target], fresh.slice(0, 3)).code).toBe(0);
  });
});

describe('breakglass with more than 16 shares', () => {
  it('refuses n > 16 without --allow-large-share-set before asking for anything, and creates it with the flag', async () => {
    const many = join(root, 'many-custodians.txt');
    const names = Array.from({ length: 17 }, (_, i) => `Holder ${i + 1}`).join('\n');
    await writeFile(many, `[password]\n${names}\n[mfa]\nFay Wong\n`);
    const target = join(root, 'large-set');
    const args = ['init', target, '--kdf-profile', 'test', '--password-custody', 'shares:3-of-17', '--custodians', many, '--shares-out', join(root, 'large-shares')];
    const refused = run(args, [MFA, MFA]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/3-of-17 shares of the password vault: more than 16 shares need --allow-large-share-set/);
    await expect(stat(target)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(stat(join(root, 'large-shares'))).rejects.toMatchObject({ code: 'ENOENT' });
    const created = run([...args, '--allow-large-share-set'], [MFA, MFA]);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(await readdir(join(root, 'large-shares'))).toHaveLength(17);
    expect(run(['rotate', join(target, 'password-vault.bgv'), '--shares-out', join(root, 'large-rotated')], (await qrTexts(join(root, 'large-shares'))).slice(0, 3)).stderr).toMatch(
      /--allow-large-share-set/,
    );
  });
});

describe('breakglass with too few shares', () => {
  it('reports [QUORUM] with the counts when stdin ends after two of three shares', () => {
    const result = run(['account', 'list', dir], shares.slice(0, 2));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^breakglass: 2 of the 3 shares needed to open the password vault were given: 1 more custodian.s share is needed\..*\[QUORUM\]\n$/);
  });

  it('treats an empty line as the end of the shares', () => {
    const result = run(['account', 'list', dir], [shares[3]!, shares[4]!, '', 'ignored']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/2 of the 3 shares needed .* were given: 1 more custodian.s share is needed.*\[QUORUM\]/);
    const none = run(['account', 'list', dir], ['']);
    expect(none.stderr).toMatch(/0 of the 3 shares needed .* were given: 3 more custodians. shares are needed.*\[QUORUM\]/);
  });
});

describe('breakglass account remove and seed remove in a script', () => {
  it('refuses without --yes before reading a secret: exit 2, no unlock in the audit log', async () => {
    const log = await readFile(join(dir, 'audit-log.jsonl'));
    const account = run(['account', 'remove', dir, '--account', '123456789012'], shares.slice(0, 3));
    expect(account.code).toBe(2);
    expect(account.stderr).toMatch(/Remove the root credentials of account 123456789012\? Re-run with --yes to confirm in a script/);
    const seed = run(['seed', 'remove', dir, '--account', '123456789012', '--device', 'root-mfa-1'], [MFA]);
    expect(seed.code).toBe(2);
    expect(seed.stderr).toMatch(/Remove MFA device root-mfa-1 of account 123456789012\?.*Re-run with --yes/);
    expect(await readFile(join(dir, 'audit-log.jsonl'))).toEqual(log);
  });
});

describe('breakglass writing into a closed pipe', () => {
  it('exits 0 without a stack trace when the reader closes stdout early (| head)', async () => {
    const child = spawn(process.execPath, [CLI_BIN, 'audit', 'list', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    expect(stderr).toBe('');
    expect(status).toBe(0);
  });
});
