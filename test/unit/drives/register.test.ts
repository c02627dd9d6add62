import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportToDrive, unidentifiableReason } from '../../../src/drives/export.js';
import {
  decodeRegister,
  EMPTY_REGISTER,
  encodeRegister,
  highestGeneration,
  recordExport,
  recordGeneration,
  recordRestore,
  segregationConflict,
  type HeldStore,
} from '../../../src/drives/register.js';
import { BreakglassError } from '../../../src/errors.js';
import { seededRng } from '../../support/ports.js';
import { buildVault } from '../../support/stores.js';

const SET = 'ab'.repeat(16);
const held = (generation: number, storeKind: HeldStore['storeKind'] = 'password-vault'): HeldStore => ({
  storeKind,
  setId: SET,
  generation,
  sha256: String(generation % 10).repeat(64),
  exportedAt: '2026-11-22T08:00:00Z',
});
const facts = { markerId: '01'.repeat(16), serial: null, uuid: '27e473e2-daed-4fe6-af28-988ea35d8076', label: 'M1', name: 'PW-A onsite' };

describe('drive register', () => {
  it('reads a register written before highestGenerations existed, and round-trips one that has them', () => {
    const old = new TextEncoder().encode('{"drives":[],"schema":1}');
    expect(decodeRegister(old)).toEqual(EMPTY_REGISTER);
    expect(new TextDecoder().decode(encodeRegister(recordExport(EMPTY_REGISTER, facts, 'Safe A', false, held(2))))).not.toMatch(/highestGenerations/);
    const register = recordGeneration(recordGeneration(EMPTY_REGISTER, SET, 'password-vault', 6), SET, 'mfa-seeds', 3);
    expect(decodeRegister(encodeRegister(register))).toEqual(register);
    expect(() => decodeRegister(new TextEncoder().encode('{"drives":[],"highestGenerations":[{"generation":0,"setId":"' + SET + '","storeKind":"mfa-seeds"}],"schema":1}'))).toThrow(
      /highestGenerations #1 .*bad generation/,
    );
  });

  it('keeps the highest generation a restore replaced, per store and vault set, and survives exports', () => {
    let register = recordGeneration(EMPTY_REGISTER, SET, 'password-vault', 6);
    register = recordGeneration(register, SET, 'password-vault', 4);
    expect(highestGeneration(register, SET, 'password-vault')).toBe(6);
    expect(highestGeneration(register, SET, 'mfa-seeds')).toBe(0);
    expect(highestGeneration(register, 'cd'.repeat(16), 'password-vault')).toBe(0);
    register = recordExport(register, facts, '', false, held(5));
    expect(highestGeneration(register, SET, 'password-vault')).toBe(6);
  });

  it('records a restore source once, recognising it later by UUID even after its folder was wiped', () => {
    let register = recordRestore(EMPTY_REGISTER, facts, false, held(2), '2026-11-23T08:00:00Z');
    register = recordRestore(register, facts, false, held(2), '2026-11-24T08:00:00Z');
    expect(register.drives).toHaveLength(1);
    expect(register.drives[0]).toMatchObject({ name: 'PW-A onsite', holds: held(2), lastVerifiedAt: '2026-11-24T08:00:00Z' });
    expect(register.drives[0]?.history).toEqual([held(2)]);
    const wiped = { ...facts, markerId: '02'.repeat(16), name: 'new name' };
    expect(segregationConflict(register, wiped, undefined, 'mfa-seeds', SET)).toMatch(/"PW-A onsite" is recorded as having held the password vault/);
  });
});

describe('export of an unidentifiable drive', () => {
  it('is refused before anything is written, fixed or not', async () => {
    expect(unidentifiableReason({ mountPoint: '/m', serial: 'S1', uuid: null })).toBeUndefined();
    expect(unidentifiableReason({ mountPoint: '/m', serial: null, uuid: 'u' })).toBeUndefined();
    expect(unidentifiableReason({ mountPoint: '/m', serial: '', uuid: null })).toMatch(/^The drive at \/m cannot be identified \(no serial number, no filesystem UUID\)/);
    const mount = await mkdtemp(join(tmpdir(), 'bg-noid-'));
    try {
      const rng = seededRng('noid');
      const { bytes } = await buildVault({ rng, nowMs: Date.UTC(2026, 10, 22), passphrase: 'noid passphrase' }, []);
      for (const allowFixed of [false, true]) {
        const attempt = exportToDrive({
          target: { mountPoint: mount, serial: null, uuid: null, label: null, removable: !allowFixed },
          driveName: 'PW-Z',
          allowFixed,
          storeFile: bytes,
          extraFiles: [],
          register: EMPTY_REGISTER,
          appVersion: 'test',
          now: '2026-11-22T08:00:00Z',
          rng,
        });
        await expect(attempt).rejects.toThrow(BreakglassError);
        await expect(attempt).rejects.toThrow(/Drive "PW-Z" at .* cannot be identified .* Nothing was written\./);
      }
      expect(await readdir(mount)).toEqual([]);
    } finally {
      await rm(mount, { recursive: true, force: true });
    }
  });
});
