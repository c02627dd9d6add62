// A vault set ready for a drill: 3-of-5 shares for the password vault, 2-of-3 shares plus a passphrase for
// the MFA seed store, accounts and MFA devices (virtual and hardware), built through the app. FORMAT.md §16.

import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createBreakglassApp, type AppPorts, type IssuedShare } from '../../src/app/index.js';

export const PW_GROUP = ['Ana Lima', 'Ben Okafor', 'Chen Wei', 'Dara Nolan', 'Eve Marsh'].map((name) => ({ name }));
export const MFA_GROUP = ['Femi Ade', 'Gus Park', 'Hana Sato'].map((name) => ({ name }));
export const MFA_PASSPHRASE = 'drill mfa fallback passphrase';
export const SEED = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

export interface DrillFixture {
  readonly pw: IssuedShare[];
  readonly mfa: IssuedShare[];
}

export const words = (share: IssuedShare): string => share.words.join(' ');

/** Creates the vault set in `dir` with `accounts` accounts (one virtual and one hardware device on the first). */
export async function createDrillSet(dir: string, ports: AppPorts, accounts = 2): Promise<DrillFixture> {
  const app = createBreakglassApp(ports);
  const created = await app.createVaultSet({
    dir,
    kdfProfile: 'test',
    password: { shares: { threshold: 3, custodians: PW_GROUP } },
    mfa: { shares: { threshold: 2, custodians: MFA_GROUP }, passphrase: MFA_PASSPHRASE },
  });
  const pw = created.issuedShares.filter((s) => s.store === 'password-vault');
  const mfa = created.issuedShares.filter((s) => s.store === 'mfa-seeds');
  await app.unlockStore({ store: 'password-vault', secret: { shares: pw.slice(0, 3).map(words) } });
  for (let i = 0; i < accounts; i++) {
    const id = String(100000000000 + i);
    await app.addAccount({ accountId: id, name: `Account ${i}`, accountClass: i === 0 ? 'management' : 'excluded', email: `root+${i}@example.com`, password: `Root-Password-${i}-x!Y` });
  }
  await app.unlockStore({ store: 'mfa-seeds', secret: { passphrase: MFA_PASSPHRASE } });
  await app.addMfaDevice({ type: 'virtual', accountId: '100000000000', name: 'root-mfa', seed: SEED });
  await app.addMfaDevice({ type: 'hardware-totp', accountId: '100000000000', name: 'token', serial: 'GAHT1', location: 'Safe A, shelf 2' });
  await app.lockAll();
  return { pw, mfa };
}

/** SHA-256 of every file under `root` (recursively), by relative path: a before/after picture. */
export async function hashTree(root: string, filter: (name: string) => boolean = () => true): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (dir: string, prefix: string): Promise<void> => {
    for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(path, rel);
      else if (filter(rel)) out[rel] = `${createHash('sha256').update(await readFile(path)).digest('hex')} ${(await stat(path)).mode.toString(8)}`;
    }
  };
  await walk(root, '');
  return out;
}
