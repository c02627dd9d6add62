// What a restore or a verify teaches the drive register (FORMAT.md §14.3): the exports a drive's verified
// log copy records, the drive itself, and the generation floor — pure functions over the register.

import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../src/audit/audit-log.js';
import type { DriveManifest } from '../../../src/drives/manifest.js';
import { loggedExports, registerAfterRestore, registerAfterVerify, type RestoreFacts } from '../../../src/drives/register-merge.js';
import { decodeRegister, driveFreshness, EMPTY_REGISTER, encodeRegister, highestGeneration, recordExport, type DriveRegister } from '../../../src/drives/register.js';

const SET = 'ab'.repeat(16);
const OTHER_SET = 'cd'.repeat(16);
const AT = '2026-12-05T10:00:00Z';

let seq = 0;
function entry(over: Partial<AuditEntry> & { details?: AuditEntry['details'] }): AuditEntry {
  seq += 1;
  return { seq, at: '2026-12-01T09:00:00Z', event: 'drive.export', actor: [], store: 'password-vault', generation: 2, setId: SET, prev: '0'.repeat(64), details: {}, ...over };
}
const exportTo = (drive: string, serial: string | null, store: AuditEntry['store'] = 'password-vault', extra: AuditEntry['details'] = {}) =>
  entry({ store, details: { drive, serial, uuid: null, fingerprint: '11'.repeat(32), allowFixed: false, ...extra } });

function manifest(over: Partial<DriveManifest['drive']> = {}, rest: Partial<DriveManifest> = {}): DriveManifest {
  return {
    schema: 1,
    storeKind: 'password-vault',
    setId: SET,
    generation: 2,
    store: { file: 'password-vault.bgv', sha256: '11'.repeat(32), size: 1000 },
    files: {},
    drive: { markerId: '0a'.repeat(16), serial: 'SN-A', uuid: null, label: 'STICK', name: 'PW-A onsite', ...over },
    exportedAt: '2026-12-01T09:00:00Z',
    appVersion: '0.1.0',
    allowFixed: false,
    ...rest,
  };
}

function restore(over: Partial<RestoreFacts> = {}): RestoreFacts {
  return {
    copyEntries: undefined,
    manifest: manifest(),
    drive: { copied: false, serial: null, uuid: null },
    store: { kind: 'password-vault', setId: SET, generation: 2 },
    replacedGeneration: null,
    at: AT,
    ...over,
  };
}

describe('loggedExports', () => {
  it('takes the drive.export entries of the vault set, as the register records exports', () => {
    const exports = loggedExports([exportTo('PW-A onsite', 'SN-A', 'password-vault', { allowFixed: true, uuid: '' })], SET);
    expect(exports).toEqual([
      { at: '2026-12-01T09:00:00Z', storeKind: 'password-vault', generation: 2, setId: SET, name: 'PW-A onsite', serial: 'SN-A', uuid: null, sha256: '11'.repeat(32), allowFixed: true },
    ]);
  });

  it('skips other events, other vault sets, and entries without a drive name, fingerprint, store or generation', () => {
    const skipped = [
      entry({ event: 'drive.restore', details: { drive: 'X', fingerprint: '11'.repeat(32) } }),
      entry({ setId: OTHER_SET, details: { drive: 'X', fingerprint: '11'.repeat(32) } }),
      entry({ details: { drive: '', fingerprint: '11'.repeat(32) } }),
      entry({ details: { drive: 'X', fingerprint: 7 } }),
      entry({ store: null, details: { drive: 'X', fingerprint: '11'.repeat(32) } }),
      entry({ generation: null, details: { drive: 'X', fingerprint: '11'.repeat(32) } }),
    ];
    expect(loggedExports(skipped, SET)).toEqual([]);
  });

  it('counts allowFixed only when the entry says true', () => {
    expect(loggedExports([exportTo('A', 'SN-A', 'password-vault', { allowFixed: 'true' })], SET)[0]?.allowFixed).toBe(false);
  });
});

describe('registerAfterRestore', () => {
  it('learns every drive the verified log copy exported to, and the restored drive itself, on a rebuilt workstation', () => {
    const copyEntries = [exportTo('MFA-B offsite', 'SN-B', 'mfa-seeds'), exportTo('PW-A onsite', 'SN-A')];
    const { register, learned } = registerAfterRestore(EMPTY_REGISTER, restore({ copyEntries }));
    expect(learned).toBe(2);
    expect(register.drives.map((d) => [d.name, d.holds?.storeKind, d.markerId, d.lastVerifiedAt])).toEqual([
      ['MFA-B offsite', 'mfa-seeds', 'audit-log:SN-B:', null],
      ['PW-A onsite', 'password-vault', '0a'.repeat(16), AT],
    ]);
  });

  it('records the drive from its manifest completed by discovery, and learns nothing without a verified copy', () => {
    const { register, learned } = registerAfterRestore(EMPTY_REGISTER, restore({ manifest: manifest({ serial: null }), drive: { copied: false, serial: 'SN-SEEN', uuid: 'UU-SEEN' } }));
    expect(learned).toBe(0);
    expect(register.drives).toHaveLength(1);
    expect(register.drives[0]).toMatchObject({ serial: 'SN-SEEN', uuid: 'UU-SEEN', holds: { storeKind: 'password-vault', generation: 2, setId: SET }, lastVerifiedAt: AT });
  });

  it('only marks a known drive verified when its folder was copied from another drive, and adds no unknown one', () => {
    const known = recordExport(EMPTY_REGISTER, manifest().drive, 'safe A', false, { storeKind: 'password-vault', setId: SET, generation: 1, sha256: '22'.repeat(32), exportedAt: '2026-11-01T09:00:00Z' });
    const after = registerAfterRestore(known, restore({ drive: { copied: true } })).register;
    expect(after.drives[0]).toMatchObject({ lastVerifiedAt: AT, holds: { generation: 1 } });
    expect(registerAfterRestore(EMPTY_REGISTER, restore({ drive: { copied: true } })).register).toEqual(EMPTY_REGISTER);
  });

  it('keeps the generation an older copy replaced as the floor for the next save', () => {
    const { register } = registerAfterRestore(EMPTY_REGISTER, restore({ replacedGeneration: 7 }));
    expect(highestGeneration(register, SET, 'password-vault')).toBe(7);
    expect(highestGeneration(registerAfterRestore(EMPTY_REGISTER, restore()).register, SET, 'password-vault')).toBe(0);
  });

  it('does not count drives the register already knew as learnt', () => {
    const once = registerAfterRestore(EMPTY_REGISTER, restore({ copyEntries: [exportTo('PW-A onsite', 'SN-A')] })).register;
    expect(registerAfterRestore(once, restore({ copyEntries: [exportTo('PW-A onsite', 'SN-A')] })).learned).toBe(0);
  });
});

describe('registerAfterVerify', () => {
  const verify = (register: DriveRegister, copyEntries: readonly AuditEntry[] | undefined, verified: boolean) =>
    registerAfterVerify(register, { copyEntries, manifest: manifest(), verified, at: AT });

  it('names the drives learnt from the copy and records the verification time of a known drive', () => {
    const known = recordExport(EMPTY_REGISTER, manifest().drive, '', false, { storeKind: 'password-vault', setId: SET, generation: 2, sha256: '11'.repeat(32), exportedAt: '2026-12-01T09:00:00Z' });
    const { register, learned } = verify(known, [exportTo('MFA-B offsite', 'SN-B', 'mfa-seeds')], true);
    expect(learned).toEqual(['MFA-B offsite']);
    expect(register.drives.find((d) => d.name === 'PW-A onsite')?.lastVerifiedAt).toBe(AT);
  });

  it('leaves the verification time alone when the drive did not verify, and records it as damaged until a new export', () => {
    const held = { storeKind: 'password-vault', setId: SET, generation: 2, sha256: '11'.repeat(32), exportedAt: '2026-12-01T09:00:00Z' } as const;
    const known = recordExport(EMPTY_REGISTER, manifest().drive, '', false, held);
    const { register, learned } = registerAfterVerify(known, { copyEntries: undefined, manifest: manifest(), verified: false, at: AT, problem: 'The password vault file is damaged.' });
    expect(learned).toEqual([]);
    const drive = register.drives.find((d) => d.name === 'PW-A onsite');
    expect(drive?.lastVerifiedAt).toBe(known.drives[0]?.lastVerifiedAt);
    expect(drive?.damaged).toEqual({ at: AT, reason: 'The password vault file is damaged.' });
    // The register keeps it through a save and a read, says so in "Is every copy current?", and forgets it on a new export or a passing verify.
    expect(decodeRegister(encodeRegister(register)).drives[0]?.damaged).toEqual(drive?.damaged);
    const [fresh] = driveFreshness(register, SET, { 'password-vault': 2 });
    expect(fresh?.text).toMatch(/^PW-A onsite's copy of the password vault \(generation 2\) is damaged: it failed verification on \d{4}-\d\d-\d\d at \d\d:\d\d UTC\. Export to it again$/);
    expect(fresh?.text).not.toMatch(/holds the current/);
    expect(recordExport(register, manifest().drive, '', false, { ...held, generation: 3 }).drives[0]?.damaged).toBeUndefined();
    expect(verify(register, undefined, true).register.drives[0]).not.toHaveProperty('damaged');
  });

  it('learns nothing from exports of another vault set than the drive’s', () => {
    const foreign = entry({ setId: OTHER_SET, details: { drive: 'X', serial: 'SN-X', fingerprint: '11'.repeat(32) } });
    expect(verify(EMPTY_REGISTER, [foreign], true)).toEqual({ register: EMPTY_REGISTER, learned: [] });
  });
});
