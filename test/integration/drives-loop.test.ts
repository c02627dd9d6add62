// Export, segregation, verification and restore on real, separate ext4 filesystems (loop-mounted images
// standing in for USB drives). Needs root; skips locally with the reason where mounting is not allowed,
// and fails in CI.

import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { appendFile, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBreakglassApp, type BreakglassApp } from '../../src/app/index.js';
import { PYTHON, runCommand } from '../support/cli.js';
import { createLoopDrive, fakeUsbPort, LOOP_UNAVAILABLE, removeLoopDrive, type LoopDrive } from '../support/loop-drives.js';
import { testPorts } from '../support/ports.js';
import { findPythonModules, IN_CI, itWithTools } from '../support/tools.js';
import { outcomeOf } from '../support/errors.js';

const PW = 'drive test vault passphrase';
const MFA = 'drive test mfa passphrase';
const skip = LOOP_UNAVAILABLE !== undefined && !IN_CI;
const PY = findPythonModules(['nacl', 'argon2'], ['python3-nacl', 'python3-argon2']);

let root: string;
let dir: string;
let drives: LoopDrive[] = [];
let app: BreakglassApp;
const fixed = new Set<string>();


describe.skipIf(skip)(`drives on loop-mounted ext4 images${skip ? ` [skipped: ${LOOP_UNAVAILABLE}]` : ''}`, () => {
  beforeAll(async () => {
    if (LOOP_UNAVAILABLE) throw new Error(`loop drives are required in CI: ${LOOP_UNAVAILABLE}`);
    root = mkdtempSync(join(tmpdir(), 'bg-drives-'));
    dir = join(root, 'workstation');
    drives = [createLoopDrive(root, 'PW-A'), createLoopDrive(root, 'MFA-A'), createLoopDrive(root, 'PW-B'), createLoopDrive(root, 'FIXED', 16), createLoopDrive(root, 'TINY', 8)];
    const ports = testPorts('drives');
    const port = fakeUsbPort(() => drives);
    app = createBreakglassApp({
      ...ports,
      drives: {
        async list() {
          return (await port.list()).map((d) => (fixed.has(d.label ?? '') ? { ...d, removable: false, transport: 'sata' } : d));
        },
        hotplug: port.hotplug,
      },
    });
    fixed.add('FIXED');
    await app.createVaultSet({ dir, kdfProfile: 'test', password: { passphrase: PW }, mfa: { passphrase: MFA } });
    await app.unlockStore({ store: 'password-vault', secret: { passphrase: PW } });
    await app.addAccount({ accountId: '123456789012', name: 'Mgmt', accountClass: 'management', email: 'root@example.com', password: 'Drive-Test-Pass-1' });
  });
  afterAll(async () => {
    for (const drive of drives) removeLoopDrive(drive);
    if (root) await rm(root, { recursive: true, force: true });
  });

  const mount = (label: string) => drives.find((d) => d.label === label)!.mountPoint;

  it('exports each store to its own drive with manifest, audit copy and recovery kit, read back', async () => {
    const pw = await app.exportStore({ store: 'password-vault', mountPoint: mount('PW-A'), driveName: 'PW-A onsite', location: 'Safe A' });
    expect(pw).toMatchObject({ store: 'password-vault', generation: 2, driveName: 'PW-A onsite' });
    const mfa = await app.exportStore({ store: 'mfa-seeds', mountPoint: mount('MFA-A'), driveName: 'MFA-A onsite' });
    expect(mfa.store).toBe('mfa-seeds');
    const folder = await readdir(join(mount('PW-A'), 'BREAKGLASS'));
    expect(folder.sort()).toEqual(['audit-log.jsonl', 'drive.json', 'manifest.json', 'password-vault.bgv', 'recovery']);
    expect((await readdir(join(mount('PW-A'), 'BREAKGLASS', 'recovery'))).sort()).toEqual(['FORMAT.md', 'README.txt', 'bip39-english.txt', 'recover.py']);
    expect(await readFile(join(mount('PW-A'), 'BREAKGLASS', 'password-vault.bgv'))).toEqual(await readFile(join(dir, 'password-vault.bgv')));
    const manifest = JSON.parse(await readFile(join(mount('PW-A'), 'BREAKGLASS', 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ storeKind: 'password-vault', generation: 2, drive: { name: 'PW-A onsite', serial: 'SERIAL-PW-A' } });
  });

  itWithTools([PY])('runs the recovery kit from the drive itself', () => {
    const header = runCommand(PYTHON, [join(mount('PW-A'), 'BREAKGLASS/recovery/recover.py'), '--header-only', join(mount('PW-A'), 'BREAKGLASS/password-vault.bgv')]);
    expect(header.code, header.stderr).toBe(0);
    expect(JSON.parse(header.stdout)).toMatchObject({ kind: 'password-vault', generation: 2 });
  });

  it('refuses to put the other store on a drive that holds one, saying which drive holds what', async () => {
    const refused = await outcomeOf(app.exportStore({ store: 'mfa-seeds', mountPoint: mount('PW-A') }));
    expect(refused).toMatch(/^SEGREGATION: Refused: drive "PW-A onsite" holds the password vault of this vault set \(generation 2\)/);
  });

  it('still refuses after the drive was wiped, because the register remembers it held the other store', async () => {
    await rm(join(mount('MFA-A'), 'BREAKGLASS'), { recursive: true });
    const refused = await outcomeOf(app.exportStore({ store: 'password-vault', mountPoint: mount('MFA-A'), driveName: 'renamed' }));
    expect(refused).toMatch(/^SEGREGATION: .*recorded as having held the MFA seed store of this vault set/);
    await app.exportStore({ store: 'mfa-seeds', mountPoint: mount('MFA-A'), driveName: 'MFA-A onsite' });
  });

  it('refuses a fixed disk unless --allow-fixed, and records it', async () => {
    expect(await outcomeOf(app.exportStore({ store: 'password-vault', mountPoint: mount('FIXED'), driveName: 'fixed' }))).toMatch(/^DRIVE: .*not on a removable drive/);
    const done = await app.exportStore({ store: 'password-vault', mountPoint: mount('FIXED'), driveName: 'fixed', allowFixed: true });
    expect(done.allowFixed).toBe(true);
    const log = await readFile(join(dir, 'audit-log.jsonl'), 'utf8');
    expect(log).toMatch(/"allowFixed":true.*"event":"drive.export"/);
  });

  it('refuses a full drive up front with the space needed, and a read-only drive', async () => {
    const tiny = mount('TINY');
    const free = Number(execFileSync('df', ['--output=avail', '-B1', tiny], { encoding: 'utf8' }).trim().split('\n')[1]);
    await writeFile(join(tiny, 'filler'), Buffer.alloc(Math.max(0, free - 512 * 1024)));
    expect(await outcomeOf(app.exportStore({ store: 'password-vault', mountPoint: tiny, driveName: 'tiny' }))).toMatch(/MiB free; this export needs .* MiB/);
    await rm(join(tiny, 'filler'));
    execFileSync('mount', ['-o', 'remount,ro', tiny]);
    try {
      expect(await outcomeOf(app.exportStore({ store: 'password-vault', mountPoint: tiny, driveName: 'tiny' }))).toMatch(/^DRIVE: .*read-only/);
    } finally {
      execFileSync('mount', ['-o', 'remount,rw', tiny]);
    }
  });

  it('verifies an intact drive, reports a corrupted byte, and calls an older copy stale', async () => {
    await app.exportStore({ store: 'password-vault', mountPoint: mount('PW-B'), driveName: 'PW-B offsite' });
    expect((await app.verifyDrive({ mountPoint: mount('PW-B') })).ok).toBe(true);
    const file = join(mount('PW-A'), 'BREAKGLASS', 'password-vault.bgv');
    const bytes = await readFile(file);
    bytes.writeUInt8(bytes.readUInt8(200) ^ 0x10, 200);
    await writeFile(file, bytes);
    execFileSync('sync');
    const damaged = await app.verifyDrive({ mountPoint: mount('PW-A') });
    expect(damaged.ok).toBe(false);
    expect(damaged.findings.find((f) => f.level === 'error')?.message).toMatch(/does not match its manifest .* damaged/);
    await app.addAccount({ accountId: '000000000002', name: 'Second', accountClass: 'excluded', email: 'second@example.com', password: 'Drive-Test-Pass-2' });
    await app.updateAccount({ accountId: '000000000002', notes: 'two generations later' });
    const stale = await app.verifyDrive({ mountPoint: mount('PW-B') });
    expect(stale.ok).toBe(true);
    expect(stale.findings.map((f) => f.message).join(' ')).toMatch(/"PW-B offsite" holds generation 2: 2 generations older than the workstation's 4/);
    const report = await app.listDrives();
    expect(report.freshness.map((f) => f.text)).toContain('PW-B offsite is two generations old (holds 2, current 4): export to it again');
    expect(report.drives.find((d) => d.mountPoint === mount('PW-A'))?.refused.map((r) => r.store)).toEqual(['mfa-seeds']);
  });

  it('restores from the good copy after the workstation is rebuilt, byte-identical', async () => {
    const rebuilt = join(root, 'rebuilt');
    const good = await readFile(join(mount('PW-B'), 'BREAKGLASS', 'password-vault.bgv'));
    const damagedRestore = await outcomeOf(createBreakglassApp(testPorts('r1')).restoreStore({ dir: rebuilt, store: 'password-vault', mountPoint: mount('PW-A') }));
    expect(damagedRestore).toMatch(/^DRIVE: .*does not hold a verified copy/);
    const wrongStore = await outcomeOf(createBreakglassApp(testPorts('r2')).restoreStore({ dir: rebuilt, store: 'password-vault', mountPoint: mount('MFA-A') }));
    expect(wrongStore).toMatch(/^WRONG_STORE: .*holds the MFA seed store/);
    const restorer = createBreakglassApp(testPorts('r3'));
    const done = await restorer.restoreStore({ dir: rebuilt, store: 'password-vault', mountPoint: mount('PW-B') });
    expect(done).toMatchObject({ generation: 2, replacedGeneration: null });
    expect(await readFile(join(rebuilt, 'password-vault.bgv'))).toEqual(good);
    await restorer.unlockStore({ store: 'password-vault', secret: { passphrase: PW } });
    expect((await restorer.revealPassword({ accountId: '123456789012' })).password).toBe('Drive-Test-Pass-1');
    // The workstation copy is newer than PW-B's: restoring over it needs --allow-older.
    expect(await outcomeOf(app.restoreStore({ dir, store: 'password-vault', mountPoint: mount('PW-B') }))).toMatch(/^CONFLICT: .*newer than the drive's 2/);
  });

  it('finds the loop drives with the real lsblk discovery, as removable volumes', async () => {
    const { systemDrivesPort } = await import('../../src/app/ports.js');
    const found = await systemDrivesPort().list();
    for (const label of ['PW-A', 'MFA-A', 'PW-B']) {
      expect(found.find((d) => d.mountPoint === mount(label))).toMatchObject({ transport: 'loop', removable: true });
    }
  });

  it('reports a foreign drive and a folder without manifest clearly', async () => {
    await appendFile(join(mount('TINY'), 'note.txt'), 'nothing here');
    const empty = await app.verifyDrive({ mountPoint: mount('TINY') });
    expect(empty.findings[0]?.message).toMatch(/has no manifest.json/);
  });
});
