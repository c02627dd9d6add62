// `breakglass run close --seed-exposed ACCOUNT[:DEVICE]` as custodians run it: the exposed MFA seed recorded
// at check-in, `status` exiting 1 with the 'seed-exposed' reminder until `breakglass enroll` adds a new
// virtual device for that account, and every refusal (FORMAT.md §15.3, §15.5) before anything is asked or changed.

import { mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../../src/cli/run.js';
import { runCliInProcess } from '../support/cli.js';
import { TestClock, testPorts } from '../support/ports.js';

const PW = 'seed exposed vault passphrase';
const MFA = 'seed exposed mfa passphrase!';
const SEED = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const NEW_SEED = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const MGMT = '111111111111';
const EXCL = '222222222222';
const REMINDER = 'The MFA seed of 111111111111 (root-totp) was exposed in run 1: re-enroll it (new virtual MFA device in AWS, enroll here, remove the old one).';

let root: string;
let dir: string;
let clock: TestClock;
let invocation = 0;

const cli = (argv: string[], stdin: readonly string[] = []) => runCliInProcess(argv, { ports: testPorts(`seed exposed ${invocation++}`, clock), stdin });

async function ok(argv: string[], stdin: readonly string[] = []): Promise<{ stdout: string; stderr: string }> {
  const result = await cli(argv, stdin);
  expect(result.stderr + result.stdout, argv.join(' ')).not.toMatch(/unexpected internal error/);
  expect(result.code, `${argv.join(' ')}\n${result.stderr}`).toBe(EXIT_OK);
  return result;
}

async function runsJson(): Promise<{ seedsExposed: unknown[]; pendingReenrollment: unknown[]; state: string }[]> {
  return JSON.parse((await ok(['run', 'list', dir, '--json'])).stdout);
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'bg-seed-exposed-'));
  dir = join(root, 'set');
  clock = new TestClock();
  await ok(['init', dir, '--kdf-profile', 'test'], [PW, PW, MFA, MFA]);
  await ok(['account', 'add', dir, '--account', MGMT, '--name', 'Management', '--class', 'management', '--email', 'root+mgmt@example.com'], [PW, 'Old-Root-Password-1!']);
  await ok(['account', 'add', dir, '--account', EXCL, '--name', 'Logging', '--class', 'excluded', '--email', 'root+log@example.com'], [PW, 'Old-Root-Password-2!']);
  await ok(['seed', 'add', dir, '--account', MGMT, '--device', 'root-totp'], [MFA, SEED]);
  await ok(['seed', 'add', dir, '--account', EXCL, '--type', 'security-key', '--device', 'yubikey', '--serial', 'YK-1', '--location', 'Safe B'], [MFA]);
  await ok(['run', 'start', dir, '--account', MGMT, '--account', EXCL, '--task', 'other', '--reason', 'Check the seed', '--as', 'Alice, Bob'], [PW]);
  clock.advance(600);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('breakglass run close --seed-exposed', () => {
  it('records the exposed seed, keeps status due naming it, and clears it once a new device of the account is enrolled', async () => {
    const closed = await ok(['run', 'close', dir, '1', '--outcome', 'Seed typed into a laptop', '--seed-exposed', MGMT, '--as', 'Alice, Bob'], [PW]);
    expect(closed.stderr).toContain('Re-enroll the MFA device of 111111111111 (its seed root-totp was exposed)');
    expect(closed.stderr).toContain(`"breakglass enroll ${dir} --account 111111111111 --device NEW-NAME"`);
    expect(closed.stderr).toContain(`"breakglass seed remove ${dir} --account 111111111111 --device root-totp"`);
    const [run] = await runsJson();
    expect(run).toMatchObject({ state: 'closed', seedsExposed: [{ accountId: MGMT, device: 'root-totp' }], pendingReenrollment: [{ accountId: MGMT, device: 'root-totp' }] });
    const record = JSON.parse(await readFile(join(dir, 'runs.json'), 'utf8')) as { runs: { seedsExposed: unknown }[] };
    expect(record.runs[0]!.seedsExposed).toEqual([{ accountId: MGMT, device: 'root-totp' }]);
    const log = (await readFile(join(dir, 'audit-log.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { event: string; details: Record<string, unknown> });
    expect(log.find((e) => e.event === 'run.close')!.details.seedsExposed).toBe('111111111111:root-totp');

    const status = await cli(['status', dir]);
    expect(status.code).toBe(EXIT_FAILED);
    expect(status.stdout).toContain(`! ${REMINDER}`);
    const statusJson = JSON.parse((await cli(['status', dir, '--json'])).stdout) as { due: boolean; reminders: Record<string, unknown>[] };
    expect(statusJson.due).toBe(true);
    expect(statusJson.reminders).toContainEqual({ kind: 'seed-exposed', due: true, run: 1, accountId: MGMT, device: 'root-totp', text: REMINDER });

    // A new device of another account does not re-enroll this one.
    clock.advance(60);
    await ok(['enroll', dir, '--account', EXCL, '--device', 'phone', '--json'], [MFA, NEW_SEED]);
    expect((await cli(['status', dir])).code).toBe(EXIT_FAILED);

    clock.advance(60);
    await ok(['enroll', dir, '--account', MGMT, '--device', 'root-totp-2', '--json', '--as', 'Alice'], [MFA, NEW_SEED]);
    const after = await cli(['status', dir]);
    expect(after.stdout).not.toContain('MFA seed of 111111111111');
    expect(after.code, after.stdout).toBe(EXIT_OK);
    expect((await runsJson())[0]).toMatchObject({ seedsExposed: [{ accountId: MGMT, device: 'root-totp' }], pendingReenrollment: [] });
  });

  it('refuses an account not in the run, a device that is not a virtual one of the store, and a malformed value, before the passphrase', async () => {
    const before = await readFile(join(dir, 'runs.json'));
    const close = (value: string) => cli(['run', 'close', dir, '1', '--outcome', 'done', '--seed-exposed', value]);

    const notInRun = await close('333333333333');
    expect(notInRun.code).toBe(EXIT_FAILED);
    expect(notInRun.stderr).toMatch(/Account "333333333333" is not in run 1 \(its accounts: 111111111111, 222222222222\): only the MFA seed of an account of the run can be recorded as exposed in it\. Nothing was changed\./);
    expect(notInRun.stderr).not.toMatch(/passphrase/i);

    const noVirtual = await close(EXCL);
    expect(noVirtual.code).toBe(EXIT_FAILED);
    expect(noVirtual.stderr).toMatch(/Account 222222222222 has no virtual MFA device in the MFA seed store, so no seed of it is kept here/);

    const hardware = await close(`${EXCL}:yubikey`);
    expect(hardware.stderr).toMatch(/yubikey of account 222222222222 is a security-key device: it has no seed kept here/);

    const unknownDevice = await close(`${MGMT}:phone`);
    expect(unknownDevice.stderr).toMatch(/Account 111111111111 has no MFA device named "phone" in the MFA seed store \(its virtual devices: root-totp\)/);

    for (const bad of [`${MGMT}:`, `:root-totp`, `${MGMT}:a:b`]) {
      const usage = await close(bad);
      expect(usage.code, bad).toBe(EXIT_USAGE);
      expect(usage.stderr).toMatch(/--seed-exposed takes ACCOUNT or ACCOUNT:DEVICE/);
    }

    // Without the MFA seed store's device list nothing can be checked: refused, saying why.
    await rename(join(dir, 'mfa-seeds.bgv'), join(root, 'mfa-seeds.bgv'));
    const noStore = await close(MGMT);
    expect(noStore.code).toBe(EXIT_FAILED);
    expect(noStore.stderr).toMatch(/^breakglass: The MFA seed store's device list cannot be read, so no exposed seed can be checked: .*mfa-seeds\.bgv/s);
    await rename(join(root, 'mfa-seeds.bgv'), join(dir, 'mfa-seeds.bgv'));

    expect(await readFile(join(dir, 'runs.json'))).toEqual(before);
    expect((await runsJson())[0]!.state).toBe('open');
    // The run can still be closed with the device named.
    await ok(['run', 'close', dir, '1', '--outcome', 'done', '--seed-exposed', `${MGMT}:root-totp`], [PW]);
    expect((await runsJson())[0]!.seedsExposed).toEqual([{ accountId: MGMT, device: 'root-totp' }]);
  });
});
