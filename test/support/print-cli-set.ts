// A vault set made by the built `breakglass init` for the print CLI tests: the password vault under 2-of-3
// shares (Ana Lima, Ben Okafor, Chen Wei), the MFA seed store under a passphrase, and the three shares'
// BGS1 texts in share order.

import { readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { runBuiltCli } from './cli.js';

export async function initSharedPasswordSet(root: string, mfaPassphrase: string): Promise<{ dir: string; shares: string[] }> {
  const dir = join(root, 'set');
  const custodians = join(root, 'custodians.txt');
  await writeFile(custodians, '[password]\nAna Lima,password custodian\nBen Okafor,password custodian\nChen Wei,password custodian\n');
  const sharesOut = join(root, 'shares');
  const init = runBuiltCli(
    ['init', dir, '--password-custody', 'shares:2-of-3', '--mfa-custody', 'passphrase', '--custodians', custodians, '--shares-out', sharesOut, '--kdf-profile', 'test'],
    [mfaPassphrase, mfaPassphrase],
  );
  expect(init.code, init.stderr).toBe(0);
  const shares = readdirSync(sharesOut)
    .filter((name) => name.startsWith('password-vault-'))
    .sort()
    .map((name) => /BGS1:[A-Z2-7]+/.exec(readFileSync(join(sharesOut, name), 'utf8'))?.[0] ?? '');
  expect(shares).toHaveLength(3);
  return { dir, shares };
}
