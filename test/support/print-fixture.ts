// A vault set for the print tests of FORMAT.md §13, made through the app with the `test` KDF profile: both stores
// on k-of-n shares, custodians with Latin, Cyrillic and Greek names, accounts (optionally hundreds), MFA devices.

import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBreakglassApp, type BreakglassApp, type IssuedShare } from '../../src/app/index.js';
import type { PrinterPort } from '../../src/app/ports.js';
import type { StoreKind } from '../../src/shared/store-kind.js';
import type { ShareSheetInput } from '../../src/print/index.js';
import { testPorts } from './ports.js';

export const PW_CUSTODIANS = [
  { name: 'Alice Andersson', role: 'CISO', contact: 'alice@example.com' },
  { name: 'Борис Петров', role: 'Руководитель SecOps', contact: '+44 20 7946 0000' },
  { name: 'Γιώργος Παπαδόπουλος', role: 'Πλατφόρμα', contact: 'gp@example.gr' },
];
export const MFA_CUSTODIANS = [
  { name: 'Dana Devlin', role: 'Auditor', contact: 'dana@example.com' },
  { name: 'Erik Eriksen', role: 'IT operations' },
  { name: 'Fatima Farouk', role: 'Legal' },
];
export const ACCOUNTS = [
  { accountId: '123456789012', name: 'Management — Διαχείριση', accountClass: 'management', email: 'root@example.com', password: 'Root-Password-One-1!' },
  { accountId: '210987654321', name: 'Безопасность (security)', accountClass: 'excluded', email: 'sec@example.com', password: 'Root-Password-Two-2!' },
];
export const PASSWORDS = ACCOUNTS.map((a) => a.password);

export interface PrintFixture {
  readonly app: BreakglassApp;
  readonly dir: string;
  readonly shares: Readonly<Record<StoreKind, readonly IssuedShare[]>>;
  file(kind: StoreKind): Promise<Uint8Array>;
  /** Share-sheet inputs for the issued shares of a store, at its current generation. */
  sheets(kind: StoreKind): Promise<ShareSheetInput[]>;
}

export async function makeVaultSet(options: { label?: string; extraAccounts?: number; devices?: boolean; printer?: PrinterPort } = {}): Promise<PrintFixture> {
  const root = await mkdtemp(join(tmpdir(), 'bg-print-'));
  const dir = join(root, 'set');
  const app = createBreakglassApp({ ...testPorts(options.label ?? 'print'), ...(options.printer ? { printer: options.printer } : {}) });
  const created = await app.createVaultSet({
    dir,
    kdfProfile: 'test',
    password: { shares: { threshold: 2, custodians: PW_CUSTODIANS }, passphrase: 'print test vault passphrase' },
    mfa: { shares: { threshold: 2, custodians: MFA_CUSTODIANS } },
    actors: ['Alice Andersson'],
  });
  await app.unlockStore({ store: 'password-vault', secret: { passphrase: 'print test vault passphrase' } });
  for (const account of ACCOUNTS) await app.addAccount(account);
  for (let i = 0; i < (options.extraAccounts ?? 0); i++) {
    await app.addAccount({
      accountId: String(300000000000 + i),
      name: `Workload account ${i} — Λογαριασμός ${i}`,
      accountClass: 'excluded',
      email: `root+${i}@example.com`,
      password: `Generated-Password-${i}-aB3!xyz`,
    });
  }
  if (options.devices !== false) {
    const mfaShares = created.issuedShares.filter((s) => s.store === 'mfa-seeds').slice(0, 2).map((s) => s.words.join(' '));
    await app.unlockStore({ store: 'mfa-seeds', secret: { shares: mfaShares } });
    await app.addMfaDevice({ type: 'virtual', accountId: '123456789012', name: 'root-mfa-1', seed: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' });
    await app.addMfaDevice({ type: 'hardware-totp', accountId: '210987654321', name: 'gemalto-token', serial: 'GAHT12345678', location: 'Safe A, shelf 2' });
    await app.lockStore({ store: 'mfa-seeds' });
  }
  const shares = {
    'password-vault': created.issuedShares.filter((s) => s.store === 'password-vault'),
    'mfa-seeds': created.issuedShares.filter((s) => s.store === 'mfa-seeds'),
  };
  const file = async (kind: StoreKind) => new Uint8Array(await readFile(join(dir, kind === 'password-vault' ? 'password-vault.bgv' : 'mfa-seeds.bgv')));
  return {
    app,
    dir,
    shares,
    file,
    async sheets(kind) {
      const inspection = await app.inspectStore({ file: join(dir, kind === 'password-vault' ? 'password-vault.bgv' : 'mfa-seeds.bgv') });
      return shares[kind].map((s) => ({
        ...s,
        contact: (kind === 'password-vault' ? PW_CUSTODIANS : MFA_CUSTODIANS)[s.index - 1]?.contact ?? '',
        generation: inspection.generation,
        fingerprint: inspection.fingerprint,
      }));
    },
  };
}
