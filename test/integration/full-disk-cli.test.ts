// `breakglass account add` on a vault set whose disk is full, at every fill level from no free page to
// enough: it either saves and records the account, or fails with [IO] saying what was and was not saved.
// Once space is freed, the vault set opens and its audit chain verifies: a full disk never locks anyone
// out. FORMAT.md §10. Runs the built CLI on a small tmpfs (root; required in CI).
// On tmpfs the store's rename frees the old copy's pages before the audit append, so through the CLI the
// full disk stops the store write; the append's own cut at every byte is test/unit/audit/audit-full-disk.

import { execFileSync } from 'node:child_process';
import { closeSync, openSync, writeSync, ftruncateSync, fstatSync } from 'node:fs';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBreakglassApp } from '../../src/app/index.js';
import { runBuiltCli } from '../support/cli.js';
import { testPorts } from '../support/ports.js';

const isRoot = process.getuid?.() === 0;
const inCi = process.env.CI === 'true';
const PAGE = 4096;
const PW = 'full disk cli vault passphrase';
const ACCOUNT = '123456789012';
let root: string;
let mountPoint: string;

beforeAll(async () => {
  if (!isRoot) {
    if (inCi) throw new Error('the full-disk CLI test mounts a tmpfs and must run as root in CI');
    return;
  }
  root = await mkdtemp(join(tmpdir(), 'bg-fulldisk-cli-'));
  const app = createBreakglassApp(testPorts('full disk cli'));
  await app.createVaultSet({ dir: join(root, 'template'), kdfProfile: 'test', password: { passphrase: PW }, mfa: { passphrase: 'full disk cli mfa passphrase' } });
  await app.unlockStore({ store: 'password-vault', secret: { passphrase: PW } });
  // Enough accounts that the vault spans several pages, so some fill levels cut its new copy mid-write.
  for (let i = 0; i < 60; i++) {
    await app.addAccount({ accountId: String(300_000_000_000 + i), accountClass: 'excluded', name: `Member ${i}`, email: `root+${i}@example.com`, generatePassword: true });
  }
  await app.lockAll();
  mountPoint = join(root, 'disk');
  execFileSync('mkdir', [mountPoint]);
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mountPoint]);
});
afterAll(async () => {
  if (mountPoint) execFileSync('umount', [mountPoint]);
  if (root) await rm(root, { recursive: true, force: true });
});

/** Fills the tmpfs, then gives back exactly `pages` pages. */
function leaveFreePages(path: string, pages: number): void {
  const fd = openSync(path, 'w');
  const block = Buffer.alloc(PAGE, 0x61);
  try {
    try {
      while (writeSync(fd, block) > 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
    }
    const size = fstatSync(fd).size;
    ftruncateSync(fd, Math.max(0, Math.floor(size / PAGE) * PAGE - pages * PAGE));
  } finally {
    closeSync(fd);
  }
}

const add = (dir: string) =>
  runBuiltCli(['account', 'add', dir, '--account', ACCOUNT, '--name', 'Full disk', '--class', 'excluded', '--email', 'root@example.com'], [PW, 'Full-Disk-Root-Pass-123']);

describe.skipIf(!isRoot && !inCi)('breakglass account add on a full disk', () => {
  it('saves and records, or fails with [IO] and loses nothing; after space is freed the vault set opens', async () => {
    const outcomes: string[] = [];
    const files = (await readdir(join(root, 'template'))).sort();
    let failures = 0;
    for (let pages = 0; pages <= 12; pages++) {
      const dir = join(mountPoint, 'set');
      await rm(dir, { recursive: true, force: true });
      await rm(join(mountPoint, 'filler'), { force: true });
      await cp(join(root, 'template'), dir, { recursive: true });
      leaveFreePages(join(mountPoint, 'filler'), pages);
      const result = add(dir);
      outcomes.push(`${pages} free pages: exit ${result.code}: ${result.stderr.split('\n')[0]}`);
      await rm(join(mountPoint, 'filler'));

      const list = runBuiltCli(['account', 'list', dir], [PW]);
      expect(list.code, `${pages} free pages, then freed: ${list.stderr}`).toBe(0);
      const verify = runBuiltCli(['audit', 'verify', dir]);
      expect(verify.code, `${pages} free pages: ${verify.stdout}${verify.stderr}`).toBe(0);
      expect(list.stdout.includes(ACCOUNT), `${pages} free pages: the account is there exactly when the add said so`).toBe(result.code === 0);
      expect((await readdir(dir)).sort(), `${pages} free pages: no temporary file is left`).toEqual(files);
      if (result.code !== 0) {
        failures++;
        expect(result.code).toBe(1);
        expect(result.stderr).toMatch(/^breakglass: Cannot save the store: the disk holding .*password-vault\.bgv is full\. Free space and retry; nothing was replaced\. \[IO\]$/m);
      }
    }
    // The low fill levels really ran out of space: with no page free, and with the vault's new copy cut mid-write.
    expect(failures, outcomes.join('\n')).toBeGreaterThan(1);
    expect(outcomes.at(-1)).toMatch(/exit 0/);
  }, 300_000);
});
