// The drive workflow through the `breakglass` command (export each store to its own drive, cross-export
// refused, verify, restore), on loop-mounted ext4 images standing in for USB drives.

import { mkdtempSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_FAILED, EXIT_OK } from '../../src/cli/run.js';
import { runCliInProcess } from '../support/cli.js';
import { createLoopDrive, fakeUsbPort, LOOP_UNAVAILABLE, removeLoopDrive, type LoopDrive } from '../support/loop-drives.js';
import { testPorts } from '../support/ports.js';
import { IN_CI } from '../support/tools.js';

const PW = 'cli drives vault passphrase';
const MFA = 'cli drives mfa passphrase';
const skip = LOOP_UNAVAILABLE !== undefined && !IN_CI;
let root: string;
let dir: string;
let drives: LoopDrive[] = [];
let n = 0;

const cli = (argv: string[], lines: readonly string[] = []) =>
  runCliInProcess(argv, { ports: { ...testPorts(`drives cli ${n++}`), drives: fakeUsbPort(() => drives) }, stdin: lines });

describe.skipIf(skip)(`drives through the CLI${skip ? ` [skipped: ${LOOP_UNAVAILABLE}]` : ''}`, () => {
  beforeAll(async () => {
    if (LOOP_UNAVAILABLE) throw new Error(`loop drives are required in CI: ${LOOP_UNAVAILABLE}`);
    root = mkdtempSync(join(tmpdir(), 'bg-drives-cli-'));
    dir = join(root, 'set');
    drives = [createLoopDrive(root, 'USB1'), createLoopDrive(root, 'USB2'), createLoopDrive(root, 'USB3')];
    expect((await cli(['init', dir, '--kdf-profile', 'test'], [PW, PW, MFA, MFA])).code).toBe(EXIT_OK);
  });
  afterAll(async () => {
    for (const drive of drives) removeLoopDrive(drive);
    if (root) await rm(root, { recursive: true, force: true });
  });
  const mount = (label: string) => drives.find((d) => d.label === label)!.mountPoint;

  it('lists the loop drives as removable, then exports each store to its own drive', async () => {
    const list = await cli(['drives', 'list', dir]);
    expect(list.stdout).toMatch(/USB1\s+yes \(usb\)\s+SERIAL-USB1/);
    const pw = await cli(['export', dir, '--store', 'password', '--drive', mount('USB1'), '--name', 'PW-A onsite']);
    expect(pw.stderr).toBe('');
    expect(pw.stdout).toMatch(/^Done: the password vault \(generation 1\) is on "PW-A onsite".*read back and verified: SHA-256 [0-9a-f]{64}/s);
    expect((await cli(['export', dir, '--store', 'mfa', '--drive', mount('USB2'), '--name', 'MFA-A onsite'])).code).toBe(EXIT_OK);
    const after = await cli(['drives', 'list', dir]);
    expect(after.stdout).toMatch(/PW-A onsite\s+yes \(usb\)\s+SERIAL-USB1\s+\d+ MiB\s+\d+ MiB\s+password gen 1\s+mfa/);
  });

  it('refuses the cross-export, naming the drive and what it holds', async () => {
    const refused = await cli(['export', dir, '--store', 'mfa', '--drive', mount('USB1')]);
    expect(refused.code).toBe(EXIT_FAILED);
    expect(refused.stderr).toMatch(/Refused: drive "PW-A onsite" holds the password vault of this vault set.*\[SEGREGATION\]/);
  });

  it('verifies a drive, reports a corrupted byte (exit 1), and restores from a good copy', async () => {
    expect((await cli(['export', dir, '--store', 'password', '--drive', mount('USB3'), '--name', 'PW-B offsite'])).code).toBe(EXIT_OK);
    const ok = await cli(['drives', 'verify', mount('USB3'), '--dir', dir]);
    expect(ok.stdout).toMatch(/"PW-B offsite" holds the password vault, generation 1.*Verified\./s);
    const file = join(mount('USB1'), 'BREAKGLASS', 'password-vault.bgv');
    const bytes = await readFile(file);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 100) ^ 1, bytes.length - 100);
    await writeFile(file, bytes);
    const bad = await cli(['drives', 'verify', mount('USB1'), '--dir', dir]);
    expect(bad.code).toBe(EXIT_FAILED);
    expect(bad.stdout).toMatch(/FAIL The password vault file on this drive does not match its manifest/);
    const fresh = join(root, 'rebuilt');
    const restored = await cli(['restore', fresh, '--drive', mount('USB3'), '--store', 'password']);
    expect(restored.stdout).toMatch(/^Restored the password vault \(generation 1\)/);
    expect(restored.stdout).toMatch(/The audit log \(\d+ entries, hash chain verified\) was restored from the drive to .*audit-log\.jsonl\./);
    expect(await readFile(join(fresh, 'password-vault.bgv'))).toEqual(await readFile(join(dir, 'password-vault.bgv')));
    const fromBad = await cli(['restore', join(root, 'other'), '--drive', mount('USB1'), '--store', 'password']);
    expect(fromBad.code).toBe(EXIT_FAILED);
    expect(fromBad.stderr).toMatch(/does not hold a verified copy.*Nothing was restored/);
  });
});
