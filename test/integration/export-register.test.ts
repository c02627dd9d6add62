// Export judges segregation by the drive register AND the audit log's recorded drive identities: a
// deleted or damaged register is rebuilt from the log (and said so), so a wiped drive that held the
// password vault still cannot take the MFA store. Directories stand in for USB drives.

import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBreakglassApp, type BreakglassApp } from '../../src/app/index.js';
import { decodeRegister } from '../../src/drives/register.js';
import { directoryDrivesPort } from '../support/directory-drives.js';
import { errorOf } from '../support/errors.js';
import { testPorts } from '../support/ports.js';

let root: string;
let app: BreakglassApp;
const drive = (name: string) => join(root, 'drives', name);
const setDir = () => join(root, 'set');
const registerPath = () => join(setDir(), 'drive-register.json');
const wipe = (name: string) => rm(join(drive(name), 'BREAKGLASS'), { recursive: true, force: true });

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'bg-export-register-'));
  for (const name of ['A', 'B', 'C']) await mkdir(drive(name), { recursive: true });
  app = createBreakglassApp({ ...testPorts('export register'), drives: directoryDrivesPort(drive, ['A', 'B', 'C']) });
  await app.createVaultSet({ dir: setDir(), kdfProfile: 'test', password: { passphrase: 'register pw pass' }, mfa: { passphrase: 'register mfa pass' } });
  const first = await app.exportStore({ store: 'password-vault', mountPoint: drive('A'), driveName: 'PW-A onsite' });
  expect(first.notices).toEqual([]);
  await app.exportStore({ store: 'mfa-seeds', mountPoint: drive('B'), driveName: 'MFA-B offsite' });
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('export and the drive register', () => {
  it('refuses the MFA store on a wiped password drive when the register (and its .prev) was deleted', async () => {
    await rm(registerPath());
    await rm(`${registerPath()}.prev`, { force: true });
    await wipe('A');
    const error = await errorOf(app.exportStore({ store: 'mfa-seeds', mountPoint: drive('A') }));
    expect(error.code).toBe('SEGREGATION');
    expect(error.message).toContain('PW-A onsite');
    // The rebuilt register was saved on the way: it knows drive A again, from the log.
    const rebuilt = decodeRegister(new Uint8Array(await readFile(registerPath())));
    expect(rebuilt.drives.find((d) => d.serial === 'SN-A')?.history.map((h) => h.storeKind)).toEqual(['password-vault']);
  });

  it('rebuilds a deleted register from the log and says so in the export it allows', async () => {
    await rm(registerPath());
    await rm(`${registerPath()}.prev`, { force: true });
    const result = await app.exportStore({ store: 'password-vault', mountPoint: drive('C'), driveName: 'PW-C offsite' });
    expect(result.notices.join(' ')).toMatch(/drive register .* was missing; it was rebuilt from the 2 exports the audit log records/);
    const names = decodeRegister(new Uint8Array(await readFile(registerPath()))).drives.map((d) => d.name).sort();
    expect(names).toEqual(['MFA-B offsite', 'PW-A onsite', 'PW-C offsite']);
  });

  it('rebuilds a damaged register from the log, keeps the damaged file, and still refuses the wiped drive', async () => {
    await writeFile(registerPath(), '{"schema":1,"drives":[{"broken');
    await writeFile(`${registerPath()}.prev`, 'also damaged');
    await wipe('A');
    expect((await errorOf(app.exportStore({ store: 'mfa-seeds', mountPoint: drive('A') }))).code).toBe('SEGREGATION');
    expect(await readFile(`${registerPath()}.damaged`, 'utf8')).toBe('{"schema":1,"drives":[{"broken');
    const again = await app.exportStore({ store: 'password-vault', mountPoint: drive('A'), driveName: 'PW-A onsite' });
    expect(again.notices).toEqual([]);
    decodeRegister(new Uint8Array(await readFile(registerPath())));
  });

  it('says when a damaged register was rebuilt, in the export that follows', async () => {
    await writeFile(registerPath(), 'not json at all');
    const result = await app.exportStore({ store: 'password-vault', mountPoint: drive('A') });
    expect(result.notices.join(' ')).toMatch(/was damaged .* rebuilt from its previous copy and the 2 exports the audit log records, and the damaged file is kept as .*drive-register\.json\.damaged/);
  });

  it('consults the log even when the register is intact but lacks the export (a crash before its write)', async () => {
    const register = decodeRegister(new Uint8Array(await readFile(registerPath())));
    // The register as it was before the password export: only drive B.
    const withoutA = { ...register, drives: register.drives.filter((d) => d.serial !== 'SN-A') };
    await writeFile(registerPath(), JSON.stringify(withoutA));
    await wipe('A');
    expect((await errorOf(app.exportStore({ store: 'mfa-seeds', mountPoint: drive('A') }))).code).toBe('SEGREGATION');
    expect((await app.listDrives()).drives.find((d) => d.serial === 'SN-A')?.refused.map((r) => r.store)).toEqual(['mfa-seeds']);
  });

  it('warns when a drive has no serial number (known only by its filesystem UUID)', async () => {
    const uuidOnly = createBreakglassApp({
      ...testPorts('uuid only'),
      drives: {
        async list() {
          return [{ mountPoint: drive('C'), device: '/dev/fake-C', label: 'C', uuid: '1234-ABCD', serial: null, transport: 'usb', removable: true, sizeBytes: null, freeBytes: null }];
        },
        hotplug: () => ({ active: false, reason: 'test port' }),
      },
    });
    await uuidOnly.openVaultSet({ dir: setDir() });
    const result = await uuidOnly.exportStore({ store: 'password-vault', mountPoint: drive('C'), driveName: 'PW-C offsite' });
    expect(result.notices.join(' ')).toMatch(/no serial number: .* a reformat changes/);
  });
});
