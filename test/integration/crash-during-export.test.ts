// Kills `export` of the password vault before each of its file-system changes in turn, and shows that
// after any kill point the MFA seed store can never go to the drive that (partly) received the vault:
// not after the drive is wiped, not after the drive register is deleted, and — once the audit entry is
// written — not after both. Directories stand in for USB drives; the child counts its own changes.

import { cp, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBreakglassApp } from '../../src/app/index.js';
import { VAULT_SET_LOCK_NAME } from '../../src/stores/vault-set-lock.js';
import { directoryDrivesPort } from '../support/directory-drives.js';
import { outcomeOf } from '../support/errors.js';
import { testPorts } from '../support/ports.js';
import { runKillChild, type KillRun } from '../support/kill-child.js';

const CHILD = new URL('../../dist/test/fixtures/export-kill.js', import.meta.url).pathname;
let root: string;
const template = () => join(root, 'template');

const appAt = (base: string) => createBreakglassApp({ ...testPorts(`export-crash ${base}`), drives: directoryDrivesPort((name) => join(base, 'drives', name), ['A', 'B']) });

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bg-export-crash-'));
  const base = template();
  await mkdir(join(base, 'drives', 'A'), { recursive: true });
  await mkdir(join(base, 'drives', 'B'), { recursive: true });
  const app = appAt(base);
  await app.createVaultSet({ dir: join(base, 'set'), kdfProfile: 'test', password: { passphrase: 'export crash pw pass' }, mfa: { passphrase: 'export crash mfa pass' } });
  // The MFA store already has its own drive, so the register and the log record a drive before the crash.
  await app.exportStore({ store: 'mfa-seeds', mountPoint: join(base, 'drives', 'B'), driveName: 'MFA-B offsite' });
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const runChild = (base: string, killAt: number): KillRun => runKillChild(CHILD, [join(base, 'set'), join(base, 'drives')], killAt);

/** Whether any byte of the password vault reached drive A (the store file or its temp file). */
async function driveHeldVault(base: string): Promise<boolean> {
  const names = await readdir(join(base, 'drives', 'A', 'BREAKGLASS')).catch(() => [] as string[]);
  return names.some((name) => name.startsWith('password-vault.bgv') || name.startsWith('.password-vault.bgv'));
}

async function logRecordsExportToA(base: string): Promise<boolean> {
  const log = await readFile(join(base, 'set', 'audit-log.jsonl'), 'utf8');
  return log.split('\n').some((line) => line.includes('"drive.export"') && line.includes('SN-A'));
}

/** The outcome of exporting the MFA store to drive A of a copy of `base`, after `damage` to that copy. */
async function mfaToA(base: string, variant: string, damage: (copy: string) => Promise<void>): Promise<string> {
  const copy = `${base}-${variant}`;
  await cp(base, copy, { recursive: true });
  await damage(copy);
  const app = appAt(copy);
  await app.openVaultSet({ dir: join(copy, 'set') });
  const outcome = await outcomeOf(app.exportStore({ store: 'mfa-seeds', mountPoint: join(copy, 'drives', 'A') }));
  return outcome.split(':')[0] as string;
}

const wipeA = (copy: string) => rm(join(copy, 'drives', 'A', 'BREAKGLASS'), { recursive: true, force: true });
const deleteRegister = async (copy: string) => {
  await rm(join(copy, 'set', 'drive-register.json'), { force: true });
  await rm(join(copy, 'set', 'drive-register.json.prev'), { force: true });
};

describe('crash during export', () => {
  it('never lets the MFA store onto a drive that received the password vault, whatever change the kill fell before', async () => {
    const calibration = join(root, 'calibration');
    await cp(template(), calibration, { recursive: true });
    const full = runChild(calibration, 0);
    expect(full.stderr, JSON.stringify(full)).toBe("");
    const total = full.changes as number;
    expect(total, 'an export makes many file-system changes').toBeGreaterThan(20);
    expect(await mfaToA(calibration, 'wiped', wipeA)).toBe('SEGREGATION');

    const failures: string[] = [];
    let held = 0;
    let logged = 0;
    for (let killAt = 1; killAt <= total; killAt++) {
      const base = join(root, `kill-${killAt}`);
      await cp(template(), base, { recursive: true });
      const run = runChild(base, killAt);
      if (!run.killed) failures.push(`kill point ${killAt}: the child was not killed (${run.stderr.split('\n')[0]})`);
      // A killed child may leave its vault-set write lock behind. The lock's own stale handling clears it
      // after its stale interval (test/unit/stores/vault-set-lock.test.ts); here the crashed process's lock
      // is cleared at once, as that interval would, so the checks below do not wait for it.
      await rm(join(base, 'set', VAULT_SET_LOCK_NAME), { recursive: true, force: true });
      if (!(await driveHeldVault(base))) continue;
      held++;
      const wiped = await mfaToA(base, 'wiped', wipeA);
      if (wiped !== 'SEGREGATION') failures.push(`kill point ${killAt}, drive wiped: ${wiped}`);
      const lost = await mfaToA(base, 'no-register', deleteRegister);
      if (lost !== 'SEGREGATION') failures.push(`kill point ${killAt}, register deleted: ${lost}`);
      if (await logRecordsExportToA(base)) {
        logged++;
        const both = await mfaToA(base, 'both', async (copy) => {
          await wipeA(copy);
          await deleteRegister(copy);
        });
        if (both !== 'SEGREGATION') failures.push(`kill point ${killAt}, drive wiped and register deleted: ${both}`);
      }
      await rm(base, { recursive: true, force: true });
    }
    expect(failures).toEqual([]);
    expect(held, 'most kill points fall after the first byte reached the drive').toBeGreaterThan(total / 2);
    expect(logged, 'some kill points fall after the audit entry').toBeGreaterThan(0);
  }, 300_000);
});
