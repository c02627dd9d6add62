// The installed package's own files — the one src/app adapter that reads them: its version, the recovery kit
// copied beside every exported store (FORMAT.md, recover.py, BIP-39 words, README) and FORMAT.md. FORMAT.md §14.1.

import { readFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BreakglassError } from '../errors.js';

/** The package root: the nearest directory upwards holding this package's package.json. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate) && JSON.parse(readFileSync(candidate, 'utf8')).name === 'breakglass-vault') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the breakglass-vault package root');
    dir = parent;
  }
}

export function appVersion(): string {
  return JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')).version as string;
}

const README = `BREAKGLASS VAULT — RECOVERY KIT

This folder lets anyone rebuild the store beside it without the Breakglass application:

  FORMAT.md          every byte of the store file, the shares and this drive's manifest
  recover.py         decrypts a store (Python 3 with PyNaCl and argon2-cffi:
                     apt-get install python3-nacl python3-argon2)
  bip39-english.txt  the word list custodian shares are written in

  python3 recover.py --header-only ../password-vault.bgv   (or ../mfa-seeds.bgv): no secret needed
  python3 recover.py ../password-vault.bgv                 asks for the passphrase or k shares

The passphrase or the custodians' shares are NOT on this drive. The other store is on other drives.
`;

export async function recoveryKitFiles(): Promise<{ path: string; bytes: Uint8Array }[]> {
  const root = packageRoot();
  const sources: [string, string][] = [
    ['recovery/FORMAT.md', 'docs/FORMAT.md'],
    ['recovery/recover.py', 'assets/recovery/recover.py'],
    ['recovery/bip39-english.txt', 'assets/recovery/bip39-english.txt'],
  ];
  const files: { path: string; bytes: Uint8Array }[] = [];
  for (const [path, source] of sources) {
    try {
      files.push({ path, bytes: new Uint8Array(await readFile(join(root, source))) });
    } catch {
      throw new BreakglassError('IO', `The recovery kit file ${source} is missing from this installation: reinstall Breakglass before exporting.`);
    }
  }
  files.push({ path: 'recovery/README.txt', bytes: new TextEncoder().encode(README) });
  return files;
}

/** The format specification as installed (docs/FORMAT.md), for the printed recovery specification. */
export async function formatSpecText(): Promise<string> {
  return readFile(join(packageRoot(), 'docs', 'FORMAT.md'), 'utf8');
}
