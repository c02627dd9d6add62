// What a workstation remembers across a restore: the drive's audit-log copy comes back on a rebuilt
// workstation (only when its chain verifies), the source drive joins the register, and a restore with
// --allow-older never lets a later save reuse a generation number. Directories stand in for drives here;
// test/integration/drives-identity.test.ts does the same on real loop-mounted filesystems.

import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DrivesPort } from '../../../src/app/ports.js';
import { createBreakglassApp, type BreakglassApp } from '../../../src/app/index.js';
import { verifyAuditChain } from '../../../src/audit/audit-log.js';
import { sha256Digest } from '../../../src/crypto/digest.js';
import { parseContainer } from '../../../src/crypto/container.js';
import { decodeManifest, encodeManifest } from '../../../src/drives/manifest.js';
import { decodeRegister } from '../../../src/drives/register.js';
import { testPorts } from '../../support/ports.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { directoryDrivesPort } from '../../support/directory-drives.js';
import { outcomeOf } from '../../support/errors.js';

const PW = 'restore memory vault passphrase';
const MFA = 'restore memory mfa passphrase';
let root: string;
const drive = (name: string) => join(root, 'drives', name);

/** Every directory under root/drives is a removable USB drive with serial SN-<name>. */
function dirDrives(): DrivesPort {
  return directoryDrivesPort(drive, ['A', 'B', 'C', 'X']);
}

function appWith(label: string): BreakglassApp {
  return createBreakglassApp({ ...testPorts(label), drives: dirDrives() });
}


async function generationOf(file: string): Promise<number> {
  return parseContainer(new Uint8Array(await readFile(file))).header.generation;
}

describe('restore memory', () => {
  let app: BreakglassApp;
  let dir: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'bg-restore-memory-'));
    for (const name of ['A', 'B', 'C', 'X']) await mkdir(drive(name), { recursive: true });
    dir = join(root, 'workstation');
    app = appWith('restore memory');
    await app.createVaultSet({ dir, kdfProfile: 'test', password: { passphrase: PW }, mfa: { passphrase: MFA } });
    await app.unlockStore({ store: 'password-vault', secret: { passphrase: PW } });
    await app.addAccount({ accountId: '123456789012', name: 'Mgmt', accountClass: 'management', email: 'root@example.com', password: 'Memory-Test-Pass-1' });
    await app.exportStore({ store: 'password-vault', mountPoint: drive('A'), driveName: 'PW-A onsite' });
    await app.exportStore({ store: 'mfa-seeds', mountPoint: drive('B'), driveName: 'MFA-B onsite' });
  });
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('brings back the drive’s verified audit log on a rebuilt workstation, then appends the restore', async () => {
    const rebuilt = join(root, 'rebuilt');
    const copy = await readFile(join(drive('A'), 'BREAKGLASS', 'audit-log.jsonl'), 'utf8');
    const restorer = appWith('rebuilt');
    const done = await restorer.restoreStore({ dir: rebuilt, store: 'password-vault', mountPoint: drive('A') });
    expect(done.auditLog.outcome).toBe('restored');
    expect(done.auditLog.message).toMatch(/hash chain verified\) was restored from the drive/);
    const log = await readFile(join(rebuilt, 'audit-log.jsonl'), 'utf8');
    expect(log.startsWith(copy)).toBe(true);
    const chain = verifyAuditChain(log);
    expect(chain.ok).toBe(true);
    if (!chain.ok) return;
    expect(chain.entries.map((e) => e.event).at(-1)).toBe('drive.restore');
    expect(chain.entries.at(-1)?.details).toMatchObject({ drive: 'PW-A onsite', auditLog: 'restored' });
    // A second restore (the other store) keeps the log it now has.
    const mfa = await restorer.restoreStore({ dir: rebuilt, store: 'mfa-seeds', mountPoint: drive('B') });
    expect(mfa.auditLog.outcome).toBe('kept');
    const verification = await restorer.verifyAuditLog();
    expect(verification.brokenAt).toBeUndefined();
    // Drive B was exported after drive A: its copy ends with its own export entry, which the log restored
    // from A lacks — the anchor says so instead of passing over the lost entry.
    expect(verification.anchors?.map((a) => [a.driveName, a.ok])).toEqual([
      ['PW-A onsite', true],
      ['MFA-B onsite', false],
    ]);
    expect(verification.anchors?.[1]?.message).toMatch(/restored from an older copy \(from drive "PW-A onsite"\) after that export, so the 1 entry the copy holds from line \d+ on is not in the log/);
  });

  it('records the source drives in the rebuilt register, so a wiped drive still cannot take the other store', async () => {
    const rebuilt = join(root, 'rebuilt');
    const register = decodeRegister(new Uint8Array(await readFile(join(rebuilt, 'drive-register.json'))));
    expect(register.drives.map((d) => [d.name, d.serial, d.holds?.storeKind, d.holds?.generation, d.history.length])).toEqual([
      ['MFA-B onsite', 'SN-B', 'mfa-seeds', 1, 1],
      ['PW-A onsite', 'SN-A', 'password-vault', 2, 1],
    ]);
    await rm(join(drive('A'), 'BREAKGLASS'), { recursive: true });
    const restorer = appWith('rebuilt again');
    await restorer.openVaultSet({ dir: rebuilt });
    const refused = await outcomeOf(restorer.exportStore({ store: 'mfa-seeds', mountPoint: drive('A'), driveName: 'fresh' }));
    expect(refused).toMatch(/^SEGREGATION: Refused: drive "PW-A onsite" is recorded as having held the password vault of this vault set \(generation 2/);
    // Put the password vault back on A for the tests below.
    await app.exportStore({ store: 'password-vault', mountPoint: drive('A'), driveName: 'PW-A onsite' });
  });

  it('restores the store but not a drive audit log whose hash chain is broken, and says so', async () => {
    await rm(drive('X'), { recursive: true });
    await cp(drive('A'), drive('X'), { recursive: true });
    const folder = join(drive('X'), 'BREAKGLASS');
    const log = await readFile(join(folder, 'audit-log.jsonl'), 'utf8');
    const lines = log.split('\n');
    lines[1] = (lines[1] as string).replace('"store.unlock"', '"store.lock__"');
    const altered = new TextEncoder().encode(lines.join('\n'));
    expect(altered.length).toBe(log.length);
    await writeFile(join(folder, 'audit-log.jsonl'), altered);
    // The manifest is re-signed by nobody: an attacker (or a bad editor) can rewrite it to match.
    const manifest = decodeManifest(new Uint8Array(await readFile(join(folder, 'manifest.json'))));
    const files = { ...manifest.files, 'audit-log.jsonl': { sha256: bytesToHex(sha256Digest(altered)), size: altered.length } };
    await writeFile(join(folder, 'manifest.json'), encodeManifest({ ...manifest, files }));
    const target = join(root, 'rebuilt-broken');
    const done = await appWith('broken').restoreStore({ dir: target, store: 'password-vault', mountPoint: drive('X') });
    expect(done.generation).toBe(2);
    expect(done.auditLog.outcome).toBe('not-restored');
    expect(done.auditLog.message).toMatch(/^The drive's audit-log copy was NOT restored: its hash chain is broken \(line 2.*A new audit log starts at .* keep the drive's .* as evidence/);
    const fresh = verifyAuditChain(await readFile(join(target, 'audit-log.jsonl'), 'utf8'));
    expect(fresh.ok && fresh.entries.map((e) => [e.seq, e.event, e.details.auditLog])).toEqual([[1, 'drive.restore', 'not-restored']]);
  });

  it('never reuses a generation after restoring an older copy with allowOlder', async () => {
    const file = join(dir, 'password-vault.bgv');
    await app.updateAccount({ accountId: '123456789012', notes: 'generation 3' });
    await app.updateAccount({ accountId: '123456789012', notes: 'generation 4' });
    expect(await generationOf(file)).toBe(4);
    await app.exportStore({ store: 'password-vault', mountPoint: drive('C'), driveName: 'PW-C offsite' });
    const gen4 = await readFile(file);
    // Drive A holds generation 2; restoring it over 4 needs allowOlder.
    expect(await outcomeOf(app.restoreStore({ dir, store: 'password-vault', mountPoint: drive('A') }))).toMatch(/^CONFLICT: .*newer than the drive's 2/);
    const done = await app.restoreStore({ dir, store: 'password-vault', mountPoint: drive('A'), allowOlder: true });
    expect(done).toMatchObject({ generation: 2, replacedGeneration: 4, backup: `${file}.prev` });
    expect(await readFile(`${file}.prev`)).toEqual(gen4);
    const register = decodeRegister(new Uint8Array(await readFile(join(dir, 'drive-register.json'))));
    expect(register.highestGenerations?.map((g) => [g.storeKind, g.generation])).toEqual([['password-vault', 4]]);
    await app.unlockStore({ store: 'password-vault', secret: { passphrase: PW } });
    await app.updateAccount({ accountId: '123456789012', notes: 'after the older restore' });
    // Not 3 (and never 4 again): the next save goes above every generation this workstation has seen.
    expect(await generationOf(file)).toBe(5);
    expect((await app.verifyDrive({ mountPoint: drive('C') })).findings.map((f) => f.message).join(' ')).toMatch(/"PW-C offsite" holds generation 4: 1 generation older than the workstation's 5/);
    await app.updateAccount({ accountId: '123456789012', notes: 'and on' });
    expect(await generationOf(file)).toBe(6);
  });

  it('keeps refusing a save when the file on disk changed since it was unlocked', async () => {
    await app.exportStore({ store: 'password-vault', mountPoint: drive('C'), driveName: 'PW-C offsite' });
    const other = appWith('other window');
    await other.openVaultSet({ dir });
    await other.restoreStore({ dir, store: 'password-vault', mountPoint: drive('A'), allowOlder: true });
    expect(await outcomeOf(app.updateAccount({ accountId: '123456789012', notes: 'stale session' }))).toMatch(/^CONFLICT: The password vault changed on disk since it was unlocked/);
  });
});
