// assets/recovery/recover.py — the decryptor written from docs/FORMAT.md alone — against stores that the
// built `breakglass` executable writes and the container vectors: it must give back every secret put in with
// the passphrase, and refuse damaged files with the FORMAT.md §8 code, one line on stderr and exit 1. The
// share side (§12) is in recover-py-shares.test.ts.

import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuiltCli, runRecoverPy, type CliResult } from '../support/cli.js';
import { expectRefusal, RECOVER_PY_MISSING as MISSING, recover, SKIP_RECOVER_PY as SKIP_ALL, sortDeep, TIMESTAMP } from '../support/recover-py.js';
import { flipByte, headerLength, PASSPHRASE_SLOT, patchU32, recomputeChecksums } from '../support/tamper.js';
import { readContainerVectors } from '../vectors/generate.js';

const PW = 'vault passphrase for recover.py';
const MFA = 'mfa passphrase ünïcødé drei'; // non-ASCII: §4.1 hashes UTF-8(NFC(passphrase))
const ACCOUNT_A = {
  accountId: '000000000042',
  name: 'Prod Ünïcødé Ελλάδα',
  accountClass: 'excluded',
  email: 'root+prod@example.com',
  notes: 'line1\nline2\twith tab, "quotes" and \\backslash',
  password: 'Hello-World-123x',
};
const ACCOUNT_B = {
  accountId: '123456789012',
  name: 'Management',
  accountClass: 'management',
  email: 'root@example.com',
  notes: '',
  password: 'k7#Qp2!vZx9$Lm4&Rt8*Wy3^Ne6(Hs1)',
};
const SEED_32 = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const SEED_16 = 'GAYTEMZUGU3DOOBZMFRGGZDFMY'; // 16 bytes: unpadded base32 (padded it would end in "======")

// §3.2: the vault's public document when `init` was given no custodians.
const EMPTY_REGISTER = { custodians: [], overrides: [], schema: 1 };

let root: string;
let dir: string;
let vaultFile: string;
let seedFile: string;
let setId: string;

/** stdout of a `breakglass` run that must succeed. */
function cli(args: string[], lines: string[] = []): string {
  const result = runBuiltCli(args, lines);
  if (result.code !== 0) throw new Error(`breakglass ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

/** Writes a damaged copy of the password vault and runs recover.py over it with the right passphrase. */
async function recoverDamaged(name: string, damage: (file: Buffer) => Uint8Array): Promise<CliResult> {
  const path = join(root, name);
  await writeFile(path, damage(await readFile(vaultFile)));
  return recover(path, PW + '\n');
}

function u32(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(value);
  return b;
}

/** Replaces the header bytes [from, to) by `bytes`, fixes the header length and both checksums (§2.1). */
function spliceHeader(file: Buffer, from: number, to: number, bytes: Buffer): Uint8Array {
  const h = headerLength(file);
  const header = Buffer.concat([file.subarray(0, from), bytes, file.subarray(to, h)]);
  header.writeUInt32BE(header.length, 12);
  return recomputeChecksums(Buffer.concat([header, file.subarray(h)]));
}

beforeAll(async () => {
  if (SKIP_ALL || MISSING) return;
  root = await mkdtemp(join(tmpdir(), 'bg-recover-py-'));
  dir = join(root, 'set');
  vaultFile = join(dir, 'password-vault.bgv');
  seedFile = join(dir, 'mfa-seeds.bgv');
  setId = (JSON.parse(cli(['init', dir, '--kdf-profile', 'test', '--json'], [PW, PW, MFA, MFA])) as { setId: string }).setId;
  for (const a of [ACCOUNT_B, ACCOUNT_A]) {
    const args = ['--account', a.accountId, '--name', a.name, '--class', a.accountClass, '--email', a.email];
    cli(['account', 'add', dir, ...args, ...(a.notes ? ['--notes', a.notes] : [])], [PW, a.password]);
  }
  cli(['seed', 'add', dir, '--account', ACCOUNT_B.accountId, '--device', 'root-mfa'], [MFA, SEED_32]);
  const spaced = SEED_16.toLowerCase().replace(/(.{4})/g, '$1 ');
  const virtual2 = ['--device', 'root-mfa-2', '--algorithm', 'SHA256', '--digits', '8', '--period', '60'];
  cli(['seed', 'add', dir, '--account', ACCOUNT_B.accountId, ...virtual2], [MFA, spaced]);
  const hardware = ['--device', 'token', '--type', 'hardware-totp', '--serial', 'GAHT123', '--location', 'Safe Ω, shelf 2'];
  cli(['seed', 'add', dir, '--account', ACCOUNT_A.accountId, ...hardware], [MFA]);
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('recover.py', () => {
  it.skipIf(SKIP_ALL)('finds PyNaCl and argon2-cffi (Debian python3-nacl, python3-argon2) when run by /usr/bin/python3', () => {
    expect(MISSING, MISSING).toBeUndefined();
  });

  const itPy = it.skipIf(MISSING !== undefined);

  itPy('prints every account and root password when given the password vault and its passphrase', () => {
    const run = recover(vaultFile, PW + '\n');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(out).toEqual({
      kind: 'password-vault',
      setId,
      generation: 3,
      sealedAt: expect.stringMatching(TIMESTAMP),
      public: EMPTY_REGISTER,
      payload: {
        schema: 1,
        accounts: [ACCOUNT_A, ACCOUNT_B].map(({ password, ...fields }) => ({
          ...fields,
          password: { secret: password },
          createdAt: expect.stringMatching(TIMESTAMP),
          updatedAt: expect.stringMatching(TIMESTAMP),
        })),
      },
    });
    // json.dumps(..., ensure_ascii=False, indent=2, sort_keys=True): non-ASCII text stays literal UTF-8.
    expect(run.stdout).toContain('"name": "Prod Ünïcødé Ελλάδα"');
  });

  itPy('prints every TOTP seed as unpadded upper-case base32 when given the MFA seed store', () => {
    const run = recover(seedFile, MFA + '\n');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as {
      kind: string;
      setId: string;
      generation: number;
      public: { accounts: { accountId: string; devices: { id: string; name: string; type: string }[] }[] };
      payload: { schema: number; seeds: Record<string, { secret: string }> };
    };
    expect(out).toMatchObject({ kind: 'mfa-seeds', setId, generation: 4 });
    const devices = out.public.accounts.flatMap((a) => a.devices.map((d) => ({ accountId: a.accountId, ...d })));
    expect(devices).toEqual([
      expect.objectContaining({ accountId: ACCOUNT_A.accountId, name: 'token', type: 'hardware-totp', location: 'Safe Ω, shelf 2' }),
      expect.objectContaining({ accountId: ACCOUNT_B.accountId, name: 'root-mfa', algorithm: 'SHA1', digits: 6, period: 30 }),
      expect.objectContaining({ accountId: ACCOUNT_B.accountId, name: 'root-mfa-2', algorithm: 'SHA256', digits: 8, period: 60 }),
    ]);
    const idOf = (name: string): string => devices.find((d) => d.name === name)?.id ?? '';
    expect(out.payload).toEqual({
      schema: 1,
      seeds: { [idOf('root-mfa')]: { secret: SEED_32 }, [idOf('root-mfa-2')]: { secret: SEED_16 } },
    });
  });

  itPy('opens the store when the passphrase arrives in decomposed Unicode (NFD)', () => {
    const run = recover(seedFile, MFA.normalize('NFD') + '\n');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ kind: 'mfa-seeds', setId });
  });

  itPy('prints the header and the fingerprint without reading a passphrase when given --header-only', async () => {
    const run = recover(vaultFile, '', ['--header-only']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const inspected = JSON.parse(cli(['inspect', vaultFile, '--json'])) as Record<string, unknown>;
    const fingerprint = createHash('sha256').update(await readFile(vaultFile)).digest('hex');
    expect(JSON.parse(run.stdout)).toEqual({
      kind: 'password-vault',
      setId,
      generation: 3,
      sealedAt: inspected.sealedAt,
      slots: [{ type: 'passphrase', kdf: 'argon2id', memoryKiB: 1024, iterations: 1, parallelism: 1, saltLength: 32 }],
      revokedShareSets: [],
      public: EMPTY_REGISTER,
      fingerprint,
    });
    expect(inspected.fingerprint).toBe(fingerprint);
  });

  itPy('refuses with AUTH when the passphrase is wrong', () => {
    expectRefusal(recover(vaultFile, MFA + '\n'), /^recover\.py: AUTH: .*passphrase/);
  });

  itPy('reports INTEGRITY payload when one ciphertext byte is flipped', async () => {
    const run = await recoverDamaged('payload-flip.bgv', (f) => flipByte(f, headerLength(f) + 10));
    expectRefusal(run, /^recover\.py: INTEGRITY: .*INTEGRITY payload/);
  });

  itPy('reports INTEGRITY payload when the ciphertext is altered and both checksums are recomputed', async () => {
    const run = await recoverDamaged('payload-forged.bgv', (f) => recomputeChecksums(flipByte(f, headerLength(f) + 10)));
    expectRefusal(run, /^recover\.py: INTEGRITY: .*INTEGRITY payload.*authentication failure/);
  });

  itPy('reports INTEGRITY header when one vault-set id byte is flipped', async () => {
    const run = await recoverDamaged('header-flip.bgv', (f) => flipByte(f, 20));
    expectRefusal(run, /^recover\.py: INTEGRITY: .*INTEGRITY header/);
  });

  itPy('reports TRUNCATED when the file lost its last 100 bytes', async () => {
    expectRefusal(await recoverDamaged('truncated.bgv', (f) => f.subarray(0, f.length - 100)), /^recover\.py: TRUNCATED: /);
    expectRefusal(await recoverDamaged('five-bytes.bgv', (f) => f.subarray(0, 5)), /^recover\.py: TRUNCATED: /);
  });

  itPy('reports UNSUPPORTED_VERSION when the format version byte is 2', async () => {
    const run = await recoverDamaged('version-2.bgv', (f) => Buffer.concat([f.subarray(0, 8), Buffer.from([2]), f.subarray(9)]));
    expectRefusal(run, /^recover\.py: UNSUPPORTED_VERSION: /);
  });

  itPy('reports FORMAT when bytes follow the end of the store or the file is not a store', async () => {
    expectRefusal(await recoverDamaged('trailing.bgv', (f) => Buffer.concat([f, Buffer.from([0])])), /^recover\.py: FORMAT: /);
    expectRefusal(await recoverDamaged('png.bgv', () => Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')), /^recover\.py: FORMAT: /);
  });

  itPy('reports FORMAT when the public document is valid but not canonical JSON', async () => {
    const run = await recoverDamaged('public-spaced.bgv', (f) => {
      const doc = Buffer.from(JSON.stringify(EMPTY_REGISTER));
      const old = Buffer.concat([u32(doc.length), doc]);
      const at = f.subarray(0, headerLength(f)).lastIndexOf(old);
      expect(at).toBeGreaterThan(0);
      const spaced = Buffer.from(JSON.stringify(EMPTY_REGISTER).replace('"schema":1', '"schema": 1'));
      return spliceHeader(f, at, at + old.length, Buffer.concat([u32(spaced.length), spaced]));
    });
    expectRefusal(run, /^recover\.py: FORMAT: .*canonical/);
  });

  itPy('reports KDF_PARAMS before running Argon2 when the slot asks for more than 4 GiB', async () => {
    const run = await recoverDamaged('kdf-memory.bgv', (f) => recomputeChecksums(patchU32(f, PASSPHRASE_SLOT.memory, 0xffffffff)));
    expectRefusal(run, /^recover\.py: KDF_PARAMS: /);
  });

  itPy('exits 2 without reading secrets from argv when given --passphrase-file or no file', () => {
    expect(recover(vaultFile, PW + '\n', ['--passphrase-file', '/dev/null']).code).toBe(2);
    const none = runRecoverPy([], '');
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/usage: recover\.py/);
  });

  describe('over the container vectors (FORMAT.md §7)', () => {
    for (const { name, vector } of readContainerVectors()) {
      itPy(`gives the vector’s outcome for ${name}`, async () => {
        const path = join(root, `vector-${name}.bgv`);
        await writeFile(path, vector.file);
        const run = recover(path, vector.passphrase + '\n');
        if (vector.expect === 'ok') {
          expect(run.stderr).toBe('');
          expect(run.code).toBe(0);
          const result = JSON.parse(run.stdout) as { kind: string; payload: unknown };
          expect(result.kind).toBe(vector.kind);
          expect(JSON.stringify(sortDeep(result.payload))).toBe(vector.payload);
          return;
        }
        // recover.py is not told which kind to expect: the MFA seed store given as "the vault" is simply
        // opened as what it is, and the vault's passphrase does not open it.
        const code = vector.expect === 'WRONG_STORE' ? 'AUTH' : vector.expect.split(' ')[0];
        expect(run.code).toBe(1);
        expect(run.stderr).toMatch(new RegExp(`^recover\\.py: ${code}: `));
        if (vector.expect.includes(' ')) expect(run.stderr).toContain(vector.expect);
      });
    }
  });

});
