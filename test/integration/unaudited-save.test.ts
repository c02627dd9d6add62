// Kills `account add` before each of its file-system changes in turn (FORMAT.md §10.9). After any kill
// point the next unlock either finds the audit entry of the generation on disk or records
// "generation N was saved without its audit entry" now — never silence — and the chain still verifies.

import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBreakglassApp } from '../../src/app/index.js';
import { VAULT_SET_LOCK_NAME } from '../../src/stores/vault-set-lock.js';
import { testPorts } from '../support/ports.js';
import { runKillChild, type KillRun } from '../support/kill-child.js';
import { runBuiltCli } from '../support/cli.js';

const CHILD = new URL('../../dist/test/fixtures/save-kill.js', import.meta.url).pathname;
const PW = 'unaudited save vault passphrase';
const ACCOUNT = '210987654321';
let root: string;
const template = () => join(root, 'template');

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bg-unaudited-'));
  const app = createBreakglassApp(testPorts('unaudited save'));
  await app.createVaultSet({ dir: template(), kdfProfile: 'test', password: { passphrase: PW }, mfa: { passphrase: 'unaudited save mfa passphrase' } });
  await app.lockAll();
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const runChild = (dir: string, killAt: number): KillRun => runKillChild(CHILD, [dir, ACCOUNT], killAt, `${PW}\n`);

const events = async (dir: string) =>
  (await readFile(join(dir, 'audit-log.jsonl'), 'utf8'))
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as { event: string; generation: number | null; store: string | null });

/** Unlocks the password vault of `dir` in this process: the generation on disk and what the unlock said. */
async function unlockAfterCrash(dir: string) {
  const app = createBreakglassApp(testPorts(`after crash ${dir}`));
  await app.openVaultSet({ dir });
  const status = await app.unlockStore({ store: 'password-vault', secret: { passphrase: PW } });
  const accounts = await app.listAccounts();
  const verified = await app.verifyAuditLog();
  await app.lockAll();
  return { status, hasAccount: accounts.some((a) => a.accountId === ACCOUNT), verified };
}

describe('a crash between the store rename and its audit entry', () => {
  it('is recorded at the next unlock, at whichever change the kill fell before', async () => {
    const calibration = join(root, 'calibration');
    await cp(template(), calibration, { recursive: true });
    const full = runChild(calibration, 0);
    expect(full.stderr).toBe('');
    const total = full.changes as number;
    expect(total, 'an account add makes several file-system changes').toBeGreaterThan(4);

    const failures: string[] = [];
    let unaudited = 0;
    let saved = 0;
    for (let killAt = 1; killAt <= total; killAt++) {
      const dir = join(root, `kill-${killAt}`);
      await cp(template(), dir, { recursive: true });
      const run = runChild(dir, killAt);
      if (!run.killed) failures.push(`kill point ${killAt}: the child was not killed (${run.stderr.split('\n')[0]})`);
      // The killed child's write lock is cleared at once, as the lock's stale interval would clear it.
      await rm(join(dir, VAULT_SET_LOCK_NAME), { recursive: true, force: true });
      const before = await events(dir);
      const after = await unlockAfterCrash(dir);
      const generation = after.status.inspection?.generation;
      const logged = before.some((e) => e.event === 'account.add');
      if (after.hasAccount) saved++;
      if (!after.verified.ok) failures.push(`kill point ${killAt}: the audit chain does not verify`);
      if (after.hasAccount && !logged) {
        unaudited++;
        if (after.status.unaudited?.generation !== generation) failures.push(`kill point ${killAt}: generation ${generation} saved unaudited, not reported`);
        const recorded = (await events(dir)).filter((e) => e.event === 'store.unaudited');
        if (recorded.length !== 1 || recorded[0]!.generation !== generation || recorded[0]!.store !== 'password-vault') {
          failures.push(`kill point ${killAt}: store.unaudited not recorded once for generation ${generation}`);
        }
        // The next unlock finds the entry recorded now, and records nothing more.
        const again = await unlockAfterCrash(dir);
        if (again.status.unaudited !== undefined) failures.push(`kill point ${killAt}: recorded twice`);
      } else if (after.status.unaudited !== undefined) {
        failures.push(`kill point ${killAt}: a generation with its entry (or no new one) was reported unaudited`);
      }
      await rm(dir, { recursive: true, force: true });
    }
    expect(failures).toEqual([]);
    expect(saved, 'some kill points fall after the rename').toBeGreaterThan(0);
    expect(unaudited, 'some kill points fall between the rename and the audit entry').toBeGreaterThan(0);
  }, 300_000);

  it('is said by the CLI in words: which generation, of which store, recorded now; and only once', async () => {
    await cp(template(), join(root, 'cli-calibration'), { recursive: true });
    const total = runChild(join(root, 'cli-calibration'), 0).changes as number;
    let said = 0;
    for (let killAt = 1; killAt <= total; killAt++) {
      const dir = join(root, `cli-kill-${killAt}`);
      await cp(template(), dir, { recursive: true });
      runChild(dir, killAt);
      await rm(join(dir, VAULT_SET_LOCK_NAME), { recursive: true, force: true });
      const logged = (await events(dir)).some((e) => e.event === 'account.add');
      const first = runBuiltCli(['account', 'list', dir], [PW]);
      expect(first.code, first.stderr).toBe(0);
      if (first.stdout.includes(ACCOUNT) && !logged) {
        said++;
        expect(first.stderr).toMatch(
          /^Warning: Generation 2 of the password vault was saved without its audit entry \(the program stopped between the save and the log: a crash or a power cut\); it is recorded now\. Check what changed in it — it may hold a changed root password\.$/m,
        );
        const second = runBuiltCli(['account', 'list', dir], [PW]);
        expect(second.stderr).not.toMatch(/without its audit entry/);
      } else {
        expect(first.stderr).not.toMatch(/without its audit entry/);
      }
      await rm(dir, { recursive: true, force: true });
    }
    expect(said, 'some kill points fall between the rename and the audit entry').toBeGreaterThan(0);
  }, 300_000);

  it('an unlock after an ordinary save records nothing', async () => {
    const dir = join(root, 'ordinary');
    await cp(template(), dir, { recursive: true });
    expect(runChild(dir, 0).stderr).toBe('');
    const after = await unlockAfterCrash(dir);
    expect(after.status.unaudited).toBeUndefined();
    expect((await events(dir)).map((e) => e.event)).not.toContain('store.unaudited');
  });
});
