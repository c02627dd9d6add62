// The built `breakglass` reading shares typed on a real pseudo-terminal (util-linux `script`): a word
// not in the word list is asked again alone and the share is accepted without retyping the other 53.

import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_BIN, runBuiltCli } from '../support/cli.js';
import { runInPty, shellWord } from '../support/pty.js';

const CUSTODIANS = '[password]\nAna Lima\nBen Okafor\nChen Wei\n[mfa]\nDana Kim\nEli Cohen\nFatma Yilmaz\n';
const MFA = 'pty retype mfa passphrase';
let root: string;
let dir: string;
let shares: string[][];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bg-pty-retype-'));
  dir = join(root, 'set');
  await writeFile(join(root, 'custodians.txt'), CUSTODIANS);
  const init = runBuiltCli(
    ['init', dir, '--kdf-profile', 'test', '--require-run', 'off', '--password-custody', 'shares:2-of-3', '--mfa-custody', 'passphrase', '--custodians', join(root, 'custodians.txt'), '--shares-out', join(root, 'shares')],
    [MFA, MFA],
  );
  expect(init.code).toBe(0);
  const files = (await readdir(join(root, 'shares'))).sort();
  shares = await Promise.all(files.map(async (name) => [...(await readFile(join(root, 'shares', name), 'utf8')).matchAll(/\d+\. (\w+)/g)].map((m) => m[1] as string)));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('shares typed at a terminal', () => {
  it('asks again for word 41 only, then accepts the share and opens the store', async () => {
    const typo = shares[0]!.map((w, i) => (i === 40 ? 'zzzzq' : w)).join(' ');
    const command = [process.execPath, CLI_BIN, 'account', 'list', dir].map(shellWord).join(' ');
    const result = await runInPty(command, [
      { when: 'Share 1 of 2 for the password vault', send: `${typo}\r` },
      { when: 'Type word 41 again: ', send: `${shares[0]![40]}\r` },
      { when: 'Share 2 of 2 for the password vault', send: `${shares[1]!.join(' ')}\r` },
    ]);
    expect(result.output).toMatch(/Word 41 of share 1 is not in the word list/);
    expect(result.output).not.toMatch(/Type that share again/);
    expect(result.output).toMatch(/holds no accounts yet/);
    expect(result.code).toBe(0);
    // Nothing typed is echoed: neither the share's words nor the retyped word.
    expect(result.output).not.toContain(shares[0]!.slice(0, 3).join(' '));
  });
});
