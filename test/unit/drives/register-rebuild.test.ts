// A rebuilt workstation learns every drive its restored audit log exported to — not only the drive it
// restored from — so segregation survives the rebuild: a wiped MFA drive still cannot take the password
// vault, though nothing was restored from it. Directories stand in for drives.

import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBreakglassApp, type BreakglassApp } from '../../../src/app/index.js';
import { decodeRegister, registerFromExports, EMPTY_REGISTER, type LoggedExport } from '../../../src/drives/register.js';
import { errorOf } from '../../support/errors.js';
import { directoryDrivesPort } from '../../support/directory-drives.js';
import { testPorts } from '../../support/ports.js';

let root: string;
const drive = (name: string) => join(root, 'drives', name);
const appWith = (label: string): BreakglassApp => createBreakglassApp({ ...testPorts(label), drives: directoryDrivesPort(drive, ['A', 'B']) });
const registerAt = async (dir: string) => decodeRegister(new Uint8Array(await readFile(join(dir, 'drive-register.json'))));

describe('the register of a rebuilt workstation', () => {
  const rebuilt = () => join(root, 'rebuilt');

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'bg-register-rebuild-'));
    for (const name of ['A', 'B']) await mkdir(drive(name), { recursive: true });
    const app = appWith('original');
    await app.createVaultSet({ dir: join(root, 'original'), kdfProfile: 'test', password: { passphrase: 'rebuild vault passphrase' }, mfa: { passphrase: 'rebuild mfa passphrase' } });
    await app.exportStore({ store: 'mfa-seeds', mountPoint: drive('B'), driveName: 'MFA-B offsite' });
    await app.exportStore({ store: 'password-vault', mountPoint: drive('A'), driveName: 'PW-A onsite' });
  });
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('lists the drives of every export in the restored log, with what each held', async () => {
    const restorer = appWith('rebuilt');
    const done = await restorer.restoreStore({ dir: rebuilt(), store: 'password-vault', mountPoint: drive('A') });
    expect(done.auditLog.outcome).toBe('restored');
    expect(done.auditLog.message).toMatch(/The drive register lists the 2 drives this log exported to, with what each held\.$/);
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
});
