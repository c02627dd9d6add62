// assets/recovery/recover.py over custodians' shares (FORMAT.md §12): the share vectors, and a vault set
// that the built `breakglass init` split into shares — it must open each store with k shares typed as words
// or QR text, and refuse bad shares with the §12.4 code, one line on stderr and exit 1.

import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuiltCli, runRecoverPy, type CliResult } from '../support/cli.js';
import { expectRefusal, RECOVER_PY_MISSING as MISSING, recover, sortDeep, TIMESTAMP } from '../support/recover-py.js';
import { base64Data, readTestVectors } from '../support/vectors.js';
import { SHARE_VECTORS } from '../vectors/generate-shares.js';

const PW = 'vault passphrase for recover.py';
const MFA = 'mfa passphrase ünïcødé drei'; // non-ASCII: §4.1 hashes UTF-8(NFC(passphrase))
const itPy = it.skipIf(MISSING !== undefined);

let root: string;

/** stdout of a `breakglass` run that must succeed. */
function cli(args: string[], lines: string[] = []): string {
  const result = runBuiltCli(args, lines);
  if (result.code !== 0) throw new Error(`breakglass ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bg-recover-py-shares-'));
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
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
