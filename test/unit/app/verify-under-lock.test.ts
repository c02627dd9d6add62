// Verifying a drive writes its verdict into the drive register, so it holds the vault-set write lock
// (FORMAT.md §10.7): while another writer holds the lock, the verify waits and writes nothing.

import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBreakglassApp } from '../../../src/app/index.js';
import { withVaultSetLock } from '../../../src/stores/vault-set-lock.js';
import { directoryDrivesPort } from '../../support/directory-drives.js';
import { testPorts } from '../../support/ports.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bg-verify-lock-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('verifyDrive', () => {
  it('waits for the vault-set lock before it reads and writes the register', async () => {
    const dir = join(root, 'set');
    await mkdir(join(root, 'drives', 'A'), { recursive: true });
    const app = createBreakglassApp({ ...testPorts('verify lock'), drives: directoryDrivesPort((name) => join(root, 'drives', name), ['A']) });
    await app.createVaultSet({ dir, kdfProfile: 'test', password: { passphrase: 'verify lock vault pass' }, mfa: { passphrase: 'verify lock mfa pass' } });
    await app.exportStore({ store: 'password-vault', mountPoint: join(root, 'drives', 'A'), driveName: 'PW-A onsite' });
    const registerBefore = await readFile(join(dir, 'drive-register.json'), 'utf8');

    let settled = false;
    let go: () => void = () => undefined;
    // Chained outside the holder's context, so it is another writer (as another window's call would be),
    // not a re-entrant call of the holder's.
    const verifying = new Promise<void>((resolve) => (go = resolve)).then(() => app.verifyDrive({ mountPoint: join(root, 'drives', 'A') }));
    void verifying.then(() => (settled = true));
    await withVaultSetLock(dir, async () => {
      go();
      await new Promise<void>((resolve) => setTimeout(resolve, 1500));
      expect(settled, 'the verify finished while another writer held the lock').toBe(false);
      expect(await readFile(join(dir, 'drive-register.json'), 'utf8')).toBe(registerBefore);
    });
    const result = await verifying;
    expect(result.ok).toBe(true);
    expect(settled).toBe(true);
  });
});
