// Shares read from stdin that end before the threshold: a bad share among them is reported first, with its
// own error, and QUORUM only when every share given was good (the order of FORMAT.md §12.4).

import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXIT_FAILED, EXIT_OK, runCli } from '../../../src/cli/run.js';
import { lineSecretSource } from '../../../src/cli/secret-input.js';
import { testPorts } from '../../support/ports.js';

const CUSTODIANS = '[password]\nAna Lima, Security lead\nBen Okafor, Platform\nChen Wei, Audit\n[mfa]\nDana Kim, Finance\n';
const MFA = 'mfa group passphrase here';

let root: string;
let dir: string;
let invocation = 0;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'bg-cli-unlock-'));
  dir = join(root, 'set');
  await writeFile(join(root, 'custodians.txt'), CUSTODIANS);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function cli(argv: string[], stdinLines: readonly string[] = []): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const input = new PassThrough();
  input.end(stdinLines.map((l) => l + '\n').join(''));
  const code = await runCli(argv, {
    ports: testPorts(`cli unlock ${invocation++}`),
    secrets: lineSecretSource(input),
    out: (t) => (out += t),
    err: (t) => (err += t),
  });
  return { code, out, err };
}

async function shareWords(file: string): Promise<string> {
  return [...(await readFile(file, 'utf8')).matchAll(/\d+\. (\w+)/g)].map((m) => m[1]).join(' ');
}

/** A vault set whose password vault opens with 3 of 3 shares; returns the three share files' words. */
async function init(): Promise<string[]> {
  const result = await cli(
    ['init', dir, '--kdf-profile', 'test', '--password-custody', 'shares:3-of-3', '--mfa-custody', 'passphrase', '--custodians', join(root, 'custodians.txt'), '--shares-out', join(root, 'shares')],
    [MFA, MFA],
  );
  expect(result).toMatchObject({ code: EXIT_OK, err: '' });
  const files = (await readdir(join(root, 'shares'))).sort().map((name) => join(root, 'shares', name));
  return Promise.all(files.map(shareWords));
}

const reveal = (lines: readonly string[]) => cli(['password', 'reveal', dir, '--account', '123456789012'], lines);

describe('cli share input ending early (security)', () => {
  it('reports a garbage share line followed by end of input as that share’s error, not QUORUM', async () => {
    await init();
    const result = await reveal(['this is not a share at all']);
    expect(result.code).toBe(EXIT_FAILED);
    expect(result.err).toMatch(/share 1\b.*\[SHARE_CHECKSUM\]/i);
    expect(result.err).not.toMatch(/QUORUM/);
  });

  it('names the bad share after good ones, and a repeated share as DUPLICATE_SHARE', async () => {
    const words = await init();
    const typo = (words[1] as string).split(' ');
    typo[20] = typo[20] === 'zoo' ? 'zone' : 'zoo';
    const bad = await reveal([words[0] as string, typo.join(' ')]);
    expect(bad.err).toMatch(/share 2\b.*Word 21 looks wrong.*\[SHARE_CHECKSUM\]/is);
    const twice = await reveal([words[0] as string, words[0] as string]);
    expect(twice.err).toMatch(/share 2 is custodian share #1 again.*\[DUPLICATE_SHARE\]/);
  });

  it('still reports QUORUM, saying how many more, when every share given was good', async () => {
    const words = await init();
    const result = await reveal([words[0] as string, words[2] as string]);
    expect(result.err).toMatch(/2 of the 3 shares needed to open the password vault were given: 1 more custodian.s share is needed.*\[QUORUM\]/);
  });
});
