// assets/recovery/recover.py — the decryptor written from docs/FORMAT.md alone — against stores that the
// built `breakglass` executable writes and the container and share vectors: it must give back every secret
// put in, with the passphrase or with custodians' shares (§12), and refuse damaged files and bad shares with
// the FORMAT.md §8 / §12.4 code, one line on stderr and exit 1.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PYTHON, runBuiltCli, runRecoverPy, type CliResult } from '../support/cli.js';
import { flipByte, headerLength, PASSPHRASE_SLOT, patchU32, recomputeChecksums } from '../support/tamper.js';
import { base64Data, readTestVectors } from '../support/vectors.js';
import { readContainerVectors } from '../vectors/generate.js';
import { SHARE_VECTORS } from '../vectors/generate-shares.js';

// Computed once: can the system Python run recover.py? In CI a missing package is a failure, elsewhere a skip.
const probe = spawnSync(PYTHON, ['-c', 'import nacl.bindings, argon2.low_level'], { encoding: 'utf8' });
const MISSING =
  probe.status === 0
    ? undefined
    : `${PYTHON} cannot import nacl and argon2 (${(probe.stderr || String(probe.error)).trim().split('\n').pop()}): ` +
      'install the Debian packages python3-nacl and python3-argon2';
const SKIP_ALL = MISSING !== undefined && !process.env.CI;
if (SKIP_ALL) console.warn(`recover.py tests skipped: ${MISSING}`);

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
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
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

function recover(file: string, stdin: string, options: string[] = []): CliResult {
  return runRecoverPy([...options, file], stdin);
}

/** Writes a damaged copy of the password vault and runs recover.py over it with the right passphrase. */
async function recoverDamaged(name: string, damage: (file: Buffer) => Uint8Array): Promise<CliResult> {
  const path = join(root, name);
  await writeFile(path, damage(await readFile(vaultFile)));
  return recover(path, PW + '\n');
}

function expectRefusal(run: CliResult, pattern: RegExp): void {
  expect(run.stdout).toBe('');
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(run.stderr).toMatch(pattern);
  expect(run.stderr).not.toMatch(/Traceback/);
  expect(run.code).toBe(1);
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

  describe('over the share vectors (FORMAT.md §12)', () => {
    const vectors = readTestVectors(SHARE_VECTORS);
    for (const { name, vector } of vectors) {
      itPy(`gives the vector’s outcome for ${name}`, async () => {
        const expected = vector.expect;
        const kind = vector.optional('kind');
        // Store vectors (a kind to open): the shares, one per line, open the base64 store in the body.
        // Codec vectors: the body is one share's numbered words, decoded alone with --decode-share.
        let run: CliResult;
        if (kind !== undefined) {
          const path = join(root, `share-vector-${name}.bgv`);
          await writeFile(path, base64Data(vector));
          run = recover(path, vector.all('share').map((share) => share + '\n').join(''));
        } else {
          run = decodeShare(vector.data + '\n');
        }
        if (expected === 'ok') {
          expect(run.stderr).toBe('');
          expect(run.code).toBe(0);
          if (kind !== undefined) {
            const result = JSON.parse(run.stdout) as { kind: string; payload: unknown };
            expect(result.kind).toBe(kind);
            expect(JSON.stringify(sortDeep(result.payload))).toBe(vector.one('payload'));
            return;
          }
          const fromBytes = shareFields(vector.one('bytes'));
          expect(JSON.parse(run.stdout)).toEqual(fromBytes);
          for (const qr of vector.all('qr')) expect(JSON.parse(decodeShare(qr + '\n').stdout)).toEqual(fromBytes);
          return;
        }
        expectRefusal(run, new RegExp(`^recover\\.py: ${expected}: `));
        for (const likely of vector.all('likely-word')) {
          const [number, word] = likely.split(' ');
          expect(run.stderr).toContain(`word ${number} looks wrong`);
          expect(run.stderr).toContain(`"${word}"`);
        }
        const swapped = /words (\d+) and (\d+) swapped/.exec(vector.comments[0] ?? '');
        if (swapped) expect(run.stderr).toContain(`words ${swapped[1]} and ${swapped[2]} look swapped`);
      });
    }

    itPy('refuses QR text with one altered character, and words that are not 54, with SHARE_CHECKSUM', () => {
      const codec = vectors.find(({ name }) => name.startsWith('001-'))!.vector;
      const qr = codec.one('qr');
      const altered = qr.slice(0, 20) + (qr[20] === 'A' ? 'B' : 'A') + qr.slice(21);
      expectRefusal(decodeShare(altered + '\n'), /^recover\.py: SHARE_CHECKSUM: .*QR text/);
      const words = codec.data.replace(/\d+\./g, ' ').trim().split(/\s+/);
      expectRefusal(decodeShare(words.slice(1).join(' ') + '\n'), /^recover\.py: SHARE_CHECKSUM: .*53 words/);
      const misspelt = [...words.slice(0, 9), 'zzzz', ...words.slice(10)].join(' ');
      expectRefusal(decodeShare(misspelt + '\n'), new RegExp(`^recover\\.py: SHARE_CHECKSUM: .*word 10 "zzzz".*fits "${words[9]}"`));
      // §12.3: a word is known by its first four letters, in any case
      const abbreviated = words.map((w) => w.slice(0, 4).toUpperCase()).join(', ');
      expect(JSON.parse(decodeShare(abbreviated + '\n').stdout)).toEqual(shareFields(codec.one('bytes')));
    });
  });

  describe('over a vault set that `breakglass init` split into custodian shares (FORMAT.md §12)', () => {
    let sharesDir: string;
    let custodySetId: string;
    let sharesOf: (kind: string) => { words: string; qr: string }[];

    beforeAll(async () => {
      if (MISSING) return;
      const set = join(root, 'custody-set');
      sharesDir = join(root, 'custody-shares');
      const custodians = join(root, 'custodians.txt');
      await writeFile(
        custodians,
        '[password]\nAna Lima,password custodian\nBen Okafor,password custodian\nChen Wei,password custodian\n' +
          '[mfa]\nDora Diaz,mfa custodian\nEmil Berg,mfa custodian\nFay Wong,mfa custodian\n',
      );
      const custody = ['--password-custody', 'shares:2-of-3', '--mfa-custody', 'shares:2-of-3+passphrase'];
      const args = ['init', set, ...custody, '--custodians', custodians, '--shares-out', sharesDir, '--kdf-profile', 'test', '--json'];
      custodySetId = (JSON.parse(cli(args, [MFA, MFA])) as { setId: string }).setId;
      sharesOf = (kind) =>
        readdirSync(sharesDir)
          .filter((name) => name.startsWith(`${kind}-`))
          .sort()
          .map((name) => readShareFile(join(sharesDir, name)));
    });
    const store = (kind: string): string => join(root, 'custody-set', `${kind}.bgv`);

    itPy('opens the shares-only password vault with share 3 typed as numbered words and share 1 as QR text', () => {
      const [one, , three] = sharesOf('password-vault');
      expect(sharesOf('password-vault')).toHaveLength(3);
      const run = recover(store('password-vault'), `${three?.words}\n${one?.qr}\n`);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toEqual({
        kind: 'password-vault',
        setId: custodySetId,
        generation: 1,
        sealedAt: expect.stringMatching(TIMESTAMP),
        public: {
          schema: 1,
          overrides: [],
          custodians: ['Ana Lima', 'Ben Okafor', 'Chen Wei'].map((name, i) => ({
            name,
            role: 'password custodian',
            contact: '',
            shareIndex: i + 1,
            issuedAt: expect.stringMatching(TIMESTAMP),
          })),
        },
        payload: { accounts: [], schema: 1 },
      });
    });

    itPy('opens the MFA seed store with its passphrase and with two of its shares alike', () => {
      const [, two, three] = sharesOf('mfa-seeds');
      const withShares = recover(store('mfa-seeds'), `${two?.qr}\n${three?.words}\n`);
      const withPassphrase = recover(store('mfa-seeds'), MFA + '\n');
      expect(withShares.stderr).toBe('');
      expect(withShares.code).toBe(0);
      expect(withPassphrase.code).toBe(0);
      expect(JSON.parse(withShares.stdout)).toEqual(JSON.parse(withPassphrase.stdout));
      expect(JSON.parse(withShares.stdout)).toMatchObject({ kind: 'mfa-seeds', setId: custodySetId, payload: { schema: 1, seeds: {} } });
    });

    itPy('shows the shares slot with --header-only, without its commitments', () => {
      const run = recover(store('password-vault'), '', ['--header-only']);
      expect(run.code).toBe(0);
      const slots = (JSON.parse(run.stdout) as { slots: unknown[] }).slots;
      expect(slots).toEqual([{ type: 'shares', shareSetId: expect.stringMatching(/^[0-9a-f]{32}$/), threshold: 2, shareCount: 3 }]);
    });

    itPy('refuses a passphrase for the vault, which has no passphrase slot, with AUTH', () => {
      expectRefusal(recover(store('password-vault'), PW + '\n'), /^recover\.py: AUTH: .*no passphrase slot/);
    });

    itPy('refuses a share of the password vault given to the MFA seed store with FOREIGN_SHARE, by name', () => {
      const [one] = sharesOf('password-vault');
      const run = recover(store('mfa-seeds'), `${one?.words}\n`);
      expectRefusal(run, /^recover\.py: FOREIGN_SHARE: share 1 belongs to the password vault, not the MFA seed store/);
    });

    itPy('says how many more shares are needed (QUORUM) when stdin ends after one share', () => {
      const [one] = sharesOf('password-vault');
      expectRefusal(recover(store('password-vault'), `${one?.qr}\n`), /^recover\.py: QUORUM: .*1 more/);
    });
  });
});

/** Runs `recover.py --decode-share` over one share given on stdin. */
function decodeShare(stdin: string): CliResult {
  return runRecoverPy(['--decode-share'], stdin);
}

/** The 70 bytes of a share split into its fields by FORMAT.md §12.2, as `recover.py --decode-share` prints them. */
function shareFields(hex: string): Record<string, unknown> {
  const b = Buffer.from(hex, 'hex');
  expect(b).toHaveLength(70);
  return {
    version: b.readUInt8(0),
    kind: ['', 'password-vault', 'mfa-seeds'][b.readUInt8(1)],
    setId: b.subarray(2, 18).toString('hex'),
    shareSetId: b.subarray(18, 34).toString('hex'),
    threshold: b.readUInt8(34),
    index: b.readUInt8(35),
    count: b.readUInt8(36),
    value: b.subarray(37, 70).toString('hex'),
  };
}

/** A share file that `init --shares-out` wrote: its numbered words on one line, and its QR text. */
function readShareFile(path: string): { words: string; qr: string } {
  const text = readFileSync(path, 'utf8');
  const words = text.split('\n').filter((line) => /^\s*\d+\.\s+[a-z]/.test(line));
  const qr = /BGS1:[A-Z2-7]+/.exec(text)?.[0];
  if (!qr || words.join(' ').split(/\d+\./).length !== 55) throw new Error(`no 54 words and QR text in ${path}`);
  return { words: words.map((line) => line.trim()).join(' '), qr };
}

function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortDeep((value as Record<string, unknown>)[key])]),
  );
}
