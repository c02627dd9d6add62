// The drives' audit-log copies anchor the workstation's log: after an export, editing or removing the
// log's last line (which breaks no link of the chain) makes `audit verify` fail, naming the drive and the
// line; `drives verify --dir` says the same, and calls an older copy stale. Directories stand in for drives.

import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBreakglassApp, type BreakglassApp } from '../../../src/app/index.js';
import type { DrivesPort } from '../../../src/app/ports.js';
import { verifyAuditChain } from '../../../src/audit/audit-log.js';
import { EXIT_FAILED, EXIT_OK } from '../../../src/cli/run.js';
import { runCliInProcess } from '../../support/cli.js';
import { testPorts } from '../../support/ports.js';
import { directoryDrivesPort } from '../../support/directory-drives.js';

const PW = 'anchor vault passphrase';
const MFA = 'anchor mfa passphrase';
let root: string;
let dir: string;
let logFile: string;
let exported: string;
const drive = (name: string) => join(root, 'drives', name);

/** Every directory under root/drives is a removable USB drive with serial SN-<name>. */
function dirDrives(): DrivesPort {
  return directoryDrivesPort(drive, ['A', 'B', 'E']);
}

let n = 0;
function appFor(): BreakglassApp {
  return createBreakglassApp({ ...testPorts(`audit anchor ${n++}`), drives: dirDrives() });
}

const cli = (argv: string[]) => runCliInProcess(argv, { ports: { ...testPorts(`audit anchor cli ${n++}`), drives: dirDrives() } });

async function opened(): Promise<BreakglassApp> {
  const app = appFor();
  await app.openVaultSet({ dir });
  return app;
}

describe('audit log anchored to drive copies', () => {
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'bg-audit-anchor-'));
    for (const name of ['A', 'B', 'E']) await mkdir(drive(name), { recursive: true });
    dir = join(root, 'set');
    logFile = join(dir, 'audit-log.jsonl');
    const app = appFor();
    await app.createVaultSet({ dir, kdfProfile: 'test', password: { passphrase: PW }, mfa: { passphrase: MFA } });
    await app.unlockStore({ store: 'password-vault', secret: { passphrase: PW } });
    await app.addAccount({ accountId: '123456789012', name: 'Mgmt', accountClass: 'management', email: 'root@example.com', password: 'Anchor-Test-Pass-1' });
    await app.lockAll();
    await app.exportStore({ store: 'mfa-seeds', mountPoint: drive('B'), driveName: 'MFA-B onsite' });
    await app.exportStore({ store: 'password-vault', mountPoint: drive('A'), driveName: 'PW-A onsite' });
    exported = await readFile(logFile, 'utf8');
  });
  beforeEach(async () => {
    await writeFile(logFile, exported);
  });
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('writes the export’s own entry into the drive’s copy, so the copy ends where the log ends', async () => {
    const copy = await readFile(join(drive('A'), 'BREAKGLASS', 'audit-log.jsonl'), 'utf8');
    expect(copy).toBe(exported);
    const chain = verifyAuditChain(copy);
    expect(chain.ok && chain.entries.at(-1)).toMatchObject({ event: 'drive.export', details: { drive: 'PW-A onsite' } });
    await expect((await opened()).verifyDrive({ mountPoint: drive('A') })).resolves.toMatchObject({ ok: true });
  });

  it('checks an untouched log against every mounted drive of the vault set', async () => {
    const result = await (await opened()).verifyAuditLog();
    expect(result.ok).toBe(true);
    const entries = exported.split('\n').length - 1;
    expect(result.anchors).toEqual([
      expect.objectContaining({ mountPoint: drive('A'), driveName: 'PW-A onsite', entries, ok: true }),
      expect.objectContaining({ mountPoint: drive('B'), driveName: 'MFA-B onsite', entries: entries - 1, ok: true }),
    ]);
    expect(result.anchors?.[1]?.message).toMatch(/1 newer entry since/);
    const viaCli = await cli(['audit', 'verify', dir]);
    expect(viaCli.code).toBe(EXIT_OK);
    expect(viaCli.stdout).toMatch(/Audit log intact: \d+ entries/);
    expect(viaCli.stdout).toMatch(/OK {3}.*drives\/A: The copy on drive "PW-A onsite" \(exported .*\) holds \d+ entries; lines 1–\d+ of the workstation's audit log match it exactly \(no entries since\)\./);
    expect(viaCli.stdout).toMatch(/The log extends every drive copy checked \(2\)\./);
  });

  it('fails when the last line of the workstation’s log is edited, naming the drive and the line', async () => {
    const lines = exported.split('\n');
    const last = lines.length - 1;
    lines[last - 1] = lines[last - 1]!.replace('"drive":"PW-A onsite"', '"drive":"PW-Z elsewhere"');
    await writeFile(logFile, lines.join('\n'));
    expect(verifyAuditChain(await readFile(logFile, 'utf8')).ok).toBe(true); // the chain alone cannot see it
    const result = await (await opened()).verifyAuditLog();
    expect(result.ok).toBe(false);
    expect(result.brokenAt).toBeUndefined();
    expect(result.anchors?.map((a) => a.ok)).toEqual([false, true]);
    expect(result.anchors?.[0]?.message).toMatch(
      new RegExp(`^Line ${last} of the workstation's audit log differs from the copy on drive "PW-A onsite" \\(exported [0-9TZ:-]+\\): the log was edited after that export\\.$`),
    );
    const viaCli = await cli(['audit', 'verify', dir]);
    expect(viaCli.code).toBe(EXIT_FAILED);
    expect(viaCli.stdout).toMatch(/Hash chain intact/);
    expect(viaCli.stdout).toMatch(/FAIL .*drives\/A: Line \d+ of the workstation's audit log differs from the copy on drive "PW-A onsite"/);
    expect(viaCli.stderr).toMatch(/does not match a drive’s copy: Line \d+ .*"PW-A onsite".*\[INTEGRITY\]/s);
  });

  it('fails when the last line is removed, saying how many entries the drive holds', async () => {
    const lines = exported.split('\n');
    const count = lines.length - 1;
    await writeFile(logFile, lines.slice(0, count - 1).join('\n') + '\n');
    const viaCli = await cli(['audit', 'verify', dir]);
    expect(viaCli.code).toBe(EXIT_FAILED);
    expect(viaCli.stdout).toMatch(
      new RegExp(`FAIL .*drives/A: The workstation's audit log ends at entry ${count - 1}, but drive "PW-A onsite" \\(exported [^)]+\\) holds ${count} entries: entry ${count} was removed\\.`),
    );
    const json = JSON.parse((await cli(['audit', 'verify', dir, '--json'])).stdout) as { ok: boolean; anchors: { ok: boolean }[] };
    expect(json.ok).toBe(false);
    expect(json.anchors.map((a) => a.ok)).toEqual([false, true]);
  });

  it('checks only the drives given with --against / againstDrives', async () => {
    const lines = exported.split('\n');
    await writeFile(logFile, lines.slice(0, lines.length - 2).join('\n') + '\n');
    const onlyB = await cli(['audit', 'verify', dir, '--against', drive('B')]);
    expect(onlyB.code).toBe(EXIT_OK);
    expect(onlyB.stdout).toMatch(/OK {3}.*drives\/B:/);
    expect(onlyB.stdout).not.toMatch(/drives\/A/);
    const both = await cli(['audit', 'verify', dir, '--against', drive('B'), '--against', drive('A')]);
    expect(both.code).toBe(EXIT_FAILED);
    const empty = await (await opened()).verifyAuditLog({ againstDrives: [drive('E')] });
    expect(empty.ok).toBe(false);
    expect(empty.anchors?.[0]?.message).toMatch(/holds no Breakglass export .* cannot vouch for the audit log/);
  });

  it('reports a copy altered on the drive instead of trusting it', async () => {
    const copyFile = join(drive('B'), 'BREAKGLASS', 'audit-log.jsonl');
    const original = await readFile(copyFile, 'utf8');
    try {
      await writeFile(copyFile, original.split('\n').slice(0, 2).join('\n') + '\n');
      const result = await (await opened()).verifyAuditLog();
      expect(result.ok).toBe(false);
      expect(result.anchors?.[1]?.message).toMatch(/copy on drive "MFA-B onsite" .* does not match its manifest .* damaged or altered on the drive/);
    } finally {
      await writeFile(copyFile, original);
    }
  });

  it('drives verify: an error when the log no longer extends the drive’s copy, a warning when the copy is older', async () => {
    const app = await opened();
    const intact = await app.verifyDrive({ mountPoint: drive('A') });
    expect(intact.findings).toContainEqual(expect.objectContaining({ level: 'ok', kind: 'audit-log' }));
    const stale = await app.verifyDrive({ mountPoint: drive('B') });
    expect(stale.ok).toBe(true);
    expect(stale.findings).toContainEqual(
      expect.objectContaining({ level: 'warning', kind: 'audit-log-stale', message: expect.stringMatching(/"MFA-B onsite" holds \d+ entries; the workstation's log has 1 newer entry since that export/) }),
    );
    const lines = exported.split('\n');
    await writeFile(logFile, lines.slice(0, lines.length - 2).join('\n') + '\n');
    const viaCli = await cli(['drives', 'verify', drive('A'), '--dir', dir]);
    expect(viaCli.code).toBe(EXIT_FAILED);
    expect(viaCli.stdout).toMatch(/FAIL The workstation's audit log ends at entry \d+, but drive "PW-A onsite" .* holds \d+ entries: entry \d+ was removed\. Keep the log and this drive as evidence\./);
    expect((await cli(['drives', 'verify', drive('B'), '--dir', dir])).code).toBe(EXIT_OK);
  });
});
