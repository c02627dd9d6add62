// Shares typed at a terminal: a word the checksum or the word list names is asked again alone (the other
// 53 words are kept), a few times at most; stdin that is not a terminal keeps refusing the share at once.

import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_FAILED, EXIT_OK, runCli } from '../../../src/cli/run.js';
import { terminalSecretSource } from '../../../src/cli/secret-input.js';
import { MAX_WORD_ATTEMPTS, replaceShareWord } from '../../../src/cli/share-word-fix.js';
import { CUSTODIANS_FILE as CUSTODIANS, runCliInProcess } from '../../support/cli.js';
import { testPorts } from '../../support/ports.js';

const MFA = 'share retype mfa passphrase';
let root: string;
let dir: string;
let shares: string[][];
let invocation = 0;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bg-retype-'));
  dir = join(root, 'set');
  await writeFile(join(root, 'custodians.txt'), CUSTODIANS);
  const init = await runCliInProcess(
    ['init', dir, '--kdf-profile', 'test', '--require-run', 'off', '--password-custody', 'shares:2-of-3', '--mfa-custody', 'passphrase', '--custodians', join(root, 'custodians.txt'), '--shares-out', join(root, 'shares')],
    { ports: testPorts(`retype ${invocation++}`), stdin: [MFA, MFA] },
  );
  expect(init.code).toBe(EXIT_OK);
  const files = (await readdir(join(root, 'shares'))).sort();
  shares = await Promise.all(files.map(async (name) => [...(await readFile(join(root, 'shares', name), 'utf8')).matchAll(/\d+\. (\w+)/g)].map((m) => m[1] as string)));
  expect(shares[0]).toHaveLength(54);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** `words` with word `n` (from 1) replaced. */
const withWord = (words: readonly string[], n: number, word: string): string => words.map((w, i) => (i === n - 1 ? word : w)).join(' ');

/**
 * Runs `account list DIR` with secrets typed at a fake terminal: each prompt must match the next of
 * `script` and gets its answer; any other prompt is answered with Ctrl-C, which ends the command.
 */
async function typeAtTerminal(script: readonly (readonly [RegExp, string])[]) {
  const input = new PassThrough() as PassThrough & { isTTY: boolean; setRawMode(mode: boolean): void };
  input.isTTY = true;
  input.setRawMode = () => {};
  const prompts = new PassThrough();
  const shown: string[] = [];
  let next = 0;
  prompts.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    if (text.trim() === '') return;
    shown.push(text);
    const step = script[next];
    if (step && step[0].test(text)) {
      next += 1;
      input.write(`${step[1]}\r`);
    } else input.write('\u0003');
  });
  let stdout = '';
  let stderr = '';
  const code = await runCli(['account', 'list', dir], {
    ports: testPorts(`retype ${invocation++}`),
    secrets: terminalSecretSource(input, prompts),
    out: (text) => (stdout += text),
    err: (text) => (stderr += text),
  });
  return { code, stdout, stderr, shown, answered: next };
}

const SHARE_1 = /^Share 1 of 2 for the password vault/;
const SHARE_2 = /^Share 2 of 2 for the password vault/;

describe('share word retype at a terminal', () => {
  it('asks again for a word that is not in the word list and keeps the other 53', async () => {
    const result = await typeAtTerminal([
      [SHARE_1, withWord(shares[0]!, 41, 'zzzzq')],
      [/^Word 41 of share 1 is not in the word list.*Type word 41 again: $/, shares[0]![40]!],
      [SHARE_2, shares[1]!.join(' ')],
    ]);
    expect(result.stderr).not.toMatch(/Type that share again/);
    expect(result.code).toBe(EXIT_OK);
    expect(result.answered).toBe(3);
    expect(result.stderr.match(/✓ share/g)).toHaveLength(2);
    expect(result.stdout).toMatch(/holds no accounts yet/);
  });

  it('asks again for the word the checksum names, and accepts it typed as its first four letters', async () => {
    const original = shares[0]![9]!;
    const wrong = wordlist.find((w) => w !== original && w.slice(0, 4) !== original.slice(0, 4)) as string;
    const result = await typeAtTerminal([
      [SHARE_1, withWord(shares[0]!, 10, wrong)],
      [/^Word 10 of share 1 fails the checksum.*Type word 10 again: $/, original.slice(0, 4)],
      [SHARE_2, shares[2]!.join(' ')],
    ]);
    expect(result.code).toBe(EXIT_OK);
    expect(result.stderr.match(/✓ share/g)).toHaveLength(2);
  });

  it(`fails with the share's own message after ${MAX_WORD_ATTEMPTS} wrong retypes of the word`, async () => {
    const wordPrompt = /^Word 7 of share 1 is not in the word list.*Type word 7 again: $/;
    const result = await typeAtTerminal([
      [SHARE_1, withWord(shares[0]!, 7, 'qqqqx')],
      ...Array.from({ length: MAX_WORD_ATTEMPTS }, () => [wordPrompt, 'qqqqx'] as const),
    ]);
    expect(result.code).toBe(EXIT_FAILED);
    expect(result.answered).toBe(1 + MAX_WORD_ATTEMPTS);
    expect(result.stderr).toMatch(/word 7 "qqqqx" is not in the BIP-39 word list.*\[SHARE_CHECKSUM\]/);
    expect(result.shown.filter((p) => SHARE_1.test(p))).toHaveLength(1);
  });

  it('asks again when the retyped word is empty or several words, within the same tries', async () => {
    const result = await typeAtTerminal([
      [SHARE_1, withWord(shares[0]!, 54, 'zzzzq')],
      [/^Word 54 of share 1 is not in the word list/, ''],
      [/^Type only word 54 of share 1 \(one word\): $/, shares[0]![53]!],
      [SHARE_2, shares[1]!.join(' ')],
    ]);
    expect(result.code).toBe(EXIT_OK);
  });

  it('keeps refusing a share with a bad word at once when stdin is not a terminal', async () => {
    const result = await runCliInProcess(['account', 'list', dir], { ports: testPorts(`retype ${invocation++}`), stdin: [withWord(shares[0]!, 41, 'zzzzq'), shares[1]!.join(' '), shares[0]![40]!] });
    expect(result.code).toBe(EXIT_FAILED);
    expect(result.stderr).toMatch(/word 41 "zzzzq" is not in the BIP-39 word list.*\[SHARE_CHECKSUM\]/);
    expect(result.stderr).not.toMatch(/Type word/);
  });

  it('replaces one word of a numbered, comma-separated share text', () => {
    expect(replaceShareWord(' 1. Abandon, 2. ability\n3.able', 2, 'zoo')).toBe('abandon zoo able');
    expect(() => replaceShareWord('abandon ability', 3, 'zoo')).toThrow(RangeError);
  });
});
