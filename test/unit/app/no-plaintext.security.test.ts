// Invariant 4: no secret is ever written unencrypted. After a realistic session, every byte on disk in
// the vault-set directory is scanned for every secret the test created, in every encoding it could take.

import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { base32nopad } from '@scure/base';
import { afterAll, describe, expect, it } from 'vitest';
import { createBreakglassApp } from '../../../src/app/index.js';
import { testPorts } from '../../support/ports.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

function contains(haystack: Buffer, needle: Uint8Array): boolean {
  return haystack.indexOf(Buffer.from(needle)) !== -1;
}

describe('no plaintext on disk (security)', () => {
  it('writes no password, seed, passphrase, root email or vault account name in any file, audit log included', async () => {
    const root = await mkdtemp(join(tmpdir(), 'bg-plain-'));
    dirs.push(root);
    const dir = join(root, 'set');
    const app = createBreakglassApp(testPorts('plaintext'));
    const secrets = {
      vaultPassphrase: 'vault-passphrase-plaintext-check',
      mfaPassphrase: 'mfa-passphrase-plaintext-check',
      password: 'Unique-Root-Password-7781!',
      email: 'very-private-root@example.net',
      name: 'Secret Project Name',
      seed: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBV',
    };
    await app.createVaultSet({ dir, kdfProfile: 'test', password: { passphrase: secrets.vaultPassphrase }, mfa: { passphrase: secrets.mfaPassphrase } });
    await app.unlockStore({ store: 'password-vault', secret: { passphrase: secrets.vaultPassphrase } });
    await app.unlockStore({ store: 'mfa-seeds', secret: { passphrase: secrets.mfaPassphrase } });
    await app.addAccount({ accountId: '123456789012', name: secrets.name, accountClass: 'excluded', email: secrets.email, password: secrets.password });
    await app.updateAccount({ accountId: '123456789012', notes: 'second generation' });
    await app.addMfaDevice({ type: 'virtual', accountId: '123456789012', name: 'root-mfa', seed: secrets.seed });
    await app.revealPassword({ accountId: '123456789012' });
    await app.unlockStore({ store: 'password-vault', secret: { passphrase: 'a wrong passphrase typed' } }).catch(() => undefined);
    await app.lockAll();

    const files = await readdir(dir);
    expect(files.sort()).toEqual(['audit-log.jsonl', 'mfa-seeds.bgv', 'mfa-seeds.bgv.prev', 'password-vault.bgv', 'password-vault.bgv.prev']);
    const needles: [string, Uint8Array][] = [
      ...Object.entries(secrets).map(([label, text]): [string, Uint8Array] => [label, new TextEncoder().encode(text)]),
      ['seed bytes', base32nopad.decode(secrets.seed)],
      ['password UTF-16', Buffer.from(secrets.password, 'utf16le')],
      ['password base64', new TextEncoder().encode(Buffer.from(secrets.password).toString('base64').slice(0, 16))],
    ];
    for (const file of files) {
      const bytes = await readFile(join(dir, file));
      for (const [label, needle] of needles) expect(contains(bytes, needle), `${label} found in ${file}`).toBe(false);
    }
  });
});
