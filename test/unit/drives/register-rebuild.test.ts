// A rebuilt workstation learns every drive its restored audit log exported to — not only the drive it
// restored from — so segregation survives the rebuild: a wiped MFA drive still cannot take the password
// vault, though nothing was restored from it. Directories stand in for drives.

import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBreakglassApp, type BreakglassApp } from '../../../src/app/index.js';
import { decodeRegister, encodeRegister, registerFromExports, EMPTY_REGISTER, type LoggedExport } from '../../../src/drives/register.js';
import { errorOf } from '../../support/errors.js';
import { directoryDrivesPort } from '../../support/directory-drives.js';
import { testPorts } from '../../support/ports.js';

let root: string;
const drive = (name: string) => join(root, 'drives', name);
const appWith = (label: string): BreakglassApp => createBreakglassApp({ ...testPorts(label), drives: directoryDrivesPort(drive, ['A', 'B']) });
const registerAt = async (dir: string) => decodeRegister(new Uint8Array(await readFile(join(dir, 'drive-register.json'))));
const EXPORTS = { 'password-vault': ['A', 'PW-A onsite'], 'mfa-seeds': ['B', 'MFA-B offsite'] } as const;

/** A fresh vault set in root/original whose stores go to their drives in the order given; cleaned up after. */
function vaultSetExportedInOrder(order: readonly (keyof typeof EXPORTS)[]): void {
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'bg-register-rebuild-'));
    for (const name of ['A', 'B']) await mkdir(drive(name), { recursive: true });
    const app = appWith(`original ${order.join(' ')}`);
    await app.createVaultSet({ dir: join(root, 'original'), kdfProfile: 'test', password: { passphrase: 'rebuild vault passphrase' }, mfa: { passphrase: 'rebuild mfa passphrase' } });
    for (const store of order) await app.exportStore({ store, mountPoint: drive(EXPORTS[store][0]), driveName: EXPORTS[store][1] });
  });
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });
}

describe('the register of a rebuilt workstation', () => {
  const rebuilt = () => join(root, 'rebuilt');
  vaultSetExportedInOrder(['mfa-seeds', 'password-vault']);

  it('lists the drives of every export in the restored log, with what each held', async () => {
    const restorer = appWith('rebuilt');
    const done = await restorer.restoreStore({ dir: rebuilt(), store: 'password-vault', mountPoint: drive('A') });
    expect(done.auditLog.outcome).toBe('restored');
    expect(done.auditLog.message).toMatch(/The drive register learnt 2 drives from the exports this drive's log copy records\.$/);
    const register = await registerAt(rebuilt());
    expect(register.drives.map((d) => [d.name, d.serial, d.holds?.storeKind, d.history.map((h) => h.storeKind)])).toEqual([
      ['MFA-B offsite', 'SN-B', 'mfa-seeds', ['mfa-seeds']],
      ['PW-A onsite', 'SN-A', 'password-vault', ['password-vault']],
    ]);
    const freshness = await restorer.listDrives();
    expect(freshness.drives.find((d) => d.mountPoint === drive('B'))?.refused.map((r) => r.store)).toEqual(['password-vault']);
  });

  it('refuses the password vault on the wiped MFA drive it never restored from, then knows that drive by its marker again', async () => {
    await rm(join(drive('B'), 'BREAKGLASS'), { recursive: true });
    const restorer = appWith('rebuilt export');
    await restorer.openVaultSet({ dir: rebuilt() });
    const refused = await errorOf(restorer.exportStore({ store: 'password-vault', mountPoint: drive('B'), driveName: 'fresh' }));
    expect(refused.code).toBe('SEGREGATION');
    expect(refused.message).toMatch(/drive "MFA-B offsite" is recorded as having held the MFA seed store of this vault set \(generation 1, /);
    // The MFA seed store comes back (here by copy) and goes to its own drive again: one record for B, its marker now real.
    await copyFile(join(root, 'original', 'mfa-seeds.bgv'), join(rebuilt(), 'mfa-seeds.bgv'));
    await restorer.exportStore({ store: 'mfa-seeds', mountPoint: drive('B'), driveName: 'MFA-B offsite' });
    const register = await registerAt(rebuilt());
    const b = register.drives.filter((d) => d.serial === 'SN-B');
    expect(b).toHaveLength(1);
    expect(b[0]!.markerId).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('the register of a rebuilt workstation, when the other store was exported later', () => {
  let dir: string;
  vaultSetExportedInOrder(['password-vault', 'mfa-seeds']);
  beforeAll(async () => {
    dir = join(root, 'rebuilt');
    await appWith('rebuilt later').restoreStore({ dir, store: 'password-vault', mountPoint: drive('A') });
  });

  it('learns the MFA drive when that drive is verified, so it is refused for the vault once wiped', async () => {
    // A's log copy ends at A's own export: B's later export is not in it.
    expect((await registerAt(dir)).drives.map((d) => d.name)).toEqual(['PW-A onsite']);
    const app = appWith('verify later');
    await app.openVaultSet({ dir });
    const verified = await app.verifyDrive({ mountPoint: drive('B') });
    // B's copy and the rebuilt log part ways after line 2 (an error verify reports), but B's chain is intact:
    // its export of the MFA seed store is learnt all the same.
    expect(verified.findings.find((f) => f.kind === 'register-learned')?.message).toBe(
      'Added to the drive register from the exports this drive\'s audit-log copy records: "MFA-B offsite".',
    );
    expect((await registerAt(dir)).drives.map((d) => [d.name, d.holds?.storeKind])).toEqual([
      ['MFA-B offsite', 'mfa-seeds'],
      ['PW-A onsite', 'password-vault'],
    ]);
    await rm(join(drive('B'), 'BREAKGLASS'), { recursive: true });
    const refused = await errorOf(app.exportStore({ store: 'password-vault', mountPoint: drive('B'), driveName: 'fresh' }));
    expect(refused.message).toMatch(/drive "MFA-B offsite" is recorded as having held the MFA seed store of this vault set/);
  });
});

describe('registerFromExports', () => {
  const logged = (over: Partial<LoggedExport>): LoggedExport => ({
    at: '2026-12-01T09:00:00Z',
    storeKind: 'password-vault',
    generation: 1,
    setId: 'ab'.repeat(16),
    name: 'PW-A',
    serial: 'SN-A',
    uuid: null,
    sha256: '11'.repeat(32),
    allowFixed: false,
    ...over,
  });

  it('adds each export once, keeps the order of time, and skips drives the log cannot identify', () => {
    const register = registerFromExports(EMPTY_REGISTER, [
      logged({}),
      logged({ at: '2026-12-02T09:00:00Z', generation: 2, sha256: '22'.repeat(32) }),
      logged({}),
      logged({ name: 'no id', serial: null, uuid: null }),
      logged({ name: 'by uuid', serial: null, uuid: '1111-AAAA', storeKind: 'mfa-seeds', allowFixed: true }),
    ]);
    expect(register.drives.map((d) => [d.name, d.holds?.generation, d.history.length, d.allowFixed])).toEqual([
      ['PW-A', 2, 2, false],
      ['by uuid', 1, 1, true],
    ]);
    expect(register.drives[1]!.markerId).toBe('audit-log::1111-AAAA');
  });

  it('skips what the register could not hold (the log is not trusted beyond its chain), so the register stays readable', () => {
    const register = registerFromExports(EMPTY_REGISTER, [
      logged({ sha256: 'not a hash' }),
      logged({ setId: 'AB'.repeat(16) }),
      logged({ generation: 0 }),
      logged({ at: 'yesterday' }),
      logged({ name: '' }),
      logged({ serial: 'x'.repeat(257) }),
    ]);
    expect(register.drives).toEqual([]);
    const named = registerFromExports(EMPTY_REGISTER, [logged({}), logged({ at: '2026-12-02T09:00:00Z', generation: 2, sha256: '22'.repeat(32), name: 'PW-A renamed' })]);
    expect(decodeRegister(encodeRegister(named)).drives.map((d) => d.name)).toEqual(['PW-A renamed']);
  });
});
