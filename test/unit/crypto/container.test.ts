import { describe, expect, it } from 'vitest';
import { sha256 } from '@noble/hashes/sha2.js';
import {
  encodeHeader,
  MAGIC,
  openPayload,
  parseContainer,
  sealContainer,
  unwrapDataKey,
  wrapDataKey,
  type ContainerHeader,
  type SharesSlot,
} from '../../../src/crypto/container.js';
import { TEST_PARAMS } from '../../../src/crypto/kdf.js';
import { BreakglassError } from '../../../src/errors.js';
import { seededRng } from '../../support/ports.js';
import { flipByte, headerLength, PASSPHRASE_SLOT, patchU32, recomputeChecksums } from '../../support/tamper.js';

const rng = seededRng('container tests');
const dataKey = rng.bytes(32);
const kek = rng.bytes(32);
const setId = rng.bytes(16);

function header(overrides: Partial<ContainerHeader> = {}): ContainerHeader {
  const kind = overrides.kind ?? 'password-vault';
  const nonce = rng.bytes(24);
  return {
    version: 1,
    kind,
    setId,
    generation: 7,
    sealedAt: 1_790_000_000,
    slots: [
      { type: 'passphrase', kdf: TEST_PARAMS, salt: rng.bytes(32), nonce, wrappedKey: wrapDataKey(kek, dataKey, nonce, kind, setId, 'passphrase') },
    ],
    revokedShareSets: [],
    publicDocument: new TextEncoder().encode('{"schema":1}'),
    payloadNonce: rng.bytes(24),
    ...overrides,
  };
}

const payload = new TextEncoder().encode('{"accounts":[],"schema":1}');

function sealed(overrides: Partial<ContainerHeader> = {}): Uint8Array {
  return sealContainer({ header: header(overrides), dataKey, payload });
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof BreakglassError) return error.code + (error.code === 'INTEGRITY' && error.field ? ` ${error.field}` : '');
    throw error;
  }
  return 'ok';
}

describe('container', () => {
  it('round-trips header fields and payload when the file is intact', () => {
    const file = sealed();
    const parsed = parseContainer(file, 'password-vault');
    expect(parsed.header.kind).toBe('password-vault');
    expect(parsed.header.generation).toBe(7);
    expect(parsed.header.sealedAt).toBe(1_790_000_000);
    expect(parsed.header.setId).toEqual(setId);
    expect(parsed.fingerprint).toEqual(sha256(file));
    expect(openPayload(parsed, dataKey)).toEqual(payload);
    const slot = parsed.header.slots[0];
    expect(slot?.type).toBe('passphrase');
    expect(unwrapDataKey(parsed.header, slot!, kek)).toEqual(dataKey);
  });

  it('starts with the magic and version 1', () => {
    const file = sealed();
    expect(file.subarray(0, 8)).toEqual(MAGIC);
    expect(file[8]).toBe(1);
    expect(file[9]).toBe(1);
  });

  it('keeps a shares slot, revoked sets and two slots in canonical order', () => {
    const nonce = rng.bytes(24);
    const shares: SharesSlot = {
      type: 'shares',
      shareSetId: rng.bytes(16),
      threshold: 2,
      commitments: [rng.bytes(32), rng.bytes(32), rng.bytes(32)],
      nonce,
      wrappedKey: wrapDataKey(kek, dataKey, nonce, 'mfa-seeds', setId, 'shares'),
    };
    const base = header({ kind: 'mfa-seeds' });
    const file = sealContainer({
      header: { ...base, slots: [shares, base.slots[0]!], revokedShareSets: [rng.bytes(16), rng.bytes(16)] },
      dataKey,
      payload,
    });
    const parsed = parseContainer(file, 'mfa-seeds');
    expect(parsed.header.slots.map((s) => s.type)).toEqual(['passphrase', 'shares']);
    const back = parsed.header.slots[1] as SharesSlot;
    expect(back.threshold).toBe(2);
    expect(back.commitments).toHaveLength(3);
    expect(back.shareSetId).toEqual(shares.shareSetId);
    expect(parsed.header.revokedShareSets).toHaveLength(2);
    expect(unwrapDataKey(parsed.header, back, kek)).toEqual(dataKey);
  });

  it('refuses a wrapped key moved to the other store kind (slot additional data)', () => {
    const file = sealed();
    const parsed = parseContainer(file);
    const moved = { ...parsed.header, kind: 'mfa-seeds' as const };
    expect(unwrapDataKey(moved, parsed.header.slots[0]!, kek)).toBeNull();
  });

  it('reports FORMAT when the file is empty, foreign or has a wrong magic', () => {
    expect(codeOf(() => parseContainer(new Uint8Array(0)))).toBe('FORMAT');
    expect(codeOf(() => parseContainer(new TextEncoder().encode('{"accounts":[]} plain json is not a store')))).toBe('FORMAT');
    expect(codeOf(() => parseContainer(flipByte(sealed(), 0)))).toBe('FORMAT');
  });

  it('reports TRUNCATED when only a prefix of the magic or of the file remains', () => {
    const file = sealed();
    expect(codeOf(() => parseContainer(file.slice(0, 5)))).toBe('TRUNCATED');
    expect(codeOf(() => parseContainer(file.slice(0, 60)))).toBe('TRUNCATED');
    expect(codeOf(() => parseContainer(file.slice(0, file.length - 1)))).toBe('TRUNCATED');
    expect(codeOf(() => parseContainer(file.slice(0, headerLength(file) + 10)))).toBe('TRUNCATED');
  });

  it('reports UNSUPPORTED_VERSION for any version but 1, even with intact checksums', () => {
    for (const version of [0, 2, 255]) {
      const file = sealed();
      file[8] = version;
      expect(codeOf(() => parseContainer(recomputeChecksums(file)))).toBe('UNSUPPORTED_VERSION');
    }
  });

  it('reports FORMAT for an unknown kind or reserved flags', () => {
    const file = sealed();
    expect(codeOf(() => parseContainer(recomputeChecksums(patchAt(file, 9, 3))))).toBe('FORMAT');
    expect(codeOf(() => parseContainer(recomputeChecksums(patchAt(file, 11, 1))))).toBe('FORMAT');
  });

  it('reports INTEGRITY header for any flipped header byte after the fixed prefix', () => {
    const file = sealed();
    const h = headerLength(file);
    for (let offset = 16; offset < h - 4; offset += 7) {
      expect(codeOf(() => parseContainer(flipByte(file, offset))), `offset ${offset}`).toBe('INTEGRITY header');
    }
  });

  it('reports INTEGRITY payload for any flipped ciphertext or payload-checksum byte', () => {
    const file = sealed();
    const h = headerLength(file);
    for (let offset = h; offset < file.length; offset += 5) {
      if (offset >= file.length - 64 && offset < file.length - 32) continue; // header checksum
      expect(codeOf(() => parseContainer(flipByte(file, offset))), `offset ${offset}`).toBe('INTEGRITY payload');
    }
  });

  it('reports INTEGRITY (authentication) when bytes change and the checksums are forged', () => {
    const file = sealed();
    const forged = recomputeChecksums(flipByte(file, headerLength(file) + 3));
    const parsed = parseContainer(forged);
    expect(codeOf(() => openPayload(parsed, dataKey))).toBe('INTEGRITY');
    const forgedHeader = recomputeChecksums(flipByte(file, 20));
    expect(codeOf(() => openPayload(parseContainer(forgedHeader), dataKey))).toBe('INTEGRITY');
  });

  it('reports FORMAT for trailing bytes', () => {
    const file = sealed();
    const longer = new Uint8Array(file.length + 3);
    longer.set(file);
    expect(codeOf(() => parseContainer(longer))).toBe('FORMAT');
  });

  it('reports KDF_PARAMS for parameters outside the bounds, checksums forged', () => {
    const file = sealed();
    const cases: [number, number][] = [
      [PASSPHRASE_SLOT.memory, 4 * 1024 * 1024 + 1],
      [PASSPHRASE_SLOT.memory, 0xffffffff],
      [PASSPHRASE_SLOT.memory, 4],
      [PASSPHRASE_SLOT.iterations, 65],
      [PASSPHRASE_SLOT.iterations, 0],
    ];
    for (const [offset, value] of cases) {
      expect(codeOf(() => parseContainer(recomputeChecksums(patchU32(file, offset, value)))), `${offset}=${value}`).toBe('KDF_PARAMS');
    }
    expect(codeOf(() => parseContainer(recomputeChecksums(patchAt(file, PASSPHRASE_SLOT.parallelism, 17))))).toBe('KDF_PARAMS');
    expect(codeOf(() => parseContainer(recomputeChecksums(patchAt(file, PASSPHRASE_SLOT.parallelism, 0))))).toBe('KDF_PARAMS');
    expect(codeOf(() => parseContainer(recomputeChecksums(patchAt(file, PASSPHRASE_SLOT.saltLength, 15))))).toBe('KDF_PARAMS');
    expect(codeOf(() => parseContainer(recomputeChecksums(patchAt(file, PASSPHRASE_SLOT.saltLength, 65))))).toBe('KDF_PARAMS');
  });

  it('reports FORMAT for an unknown slot type, zero slots, a bad KDF id or a generation of 0', () => {
    const file = sealed();
    expect(codeOf(() => parseContainer(recomputeChecksums(patchAt(file, 45, 9))))).toBe('FORMAT');
    expect(codeOf(() => parseContainer(recomputeChecksums(patchAt(file, 44, 0))))).toBe('FORMAT');
    expect(codeOf(() => parseContainer(recomputeChecksums(patchAt(file, 48, 2))))).toBe('FORMAT');
    expect(codeOf(() => parseContainer(recomputeChecksums(patchU32(file, 32, 0))))).toBe('FORMAT');
  });

  it('reports FORMAT for a public document that is not canonical JSON', () => {
    const file = sealContainer({ header: header({ publicDocument: new TextEncoder().encode('{ "schema":1}') }), dataKey, payload });
    expect(codeOf(() => parseContainer(file))).toBe('FORMAT');
  });

  it('reports WRONG_STORE when the other kind is expected', () => {
    expect(codeOf(() => parseContainer(sealed({ kind: 'mfa-seeds' }), 'password-vault'))).toBe('WRONG_STORE');
    expect(() => parseContainer(sealed({ kind: 'mfa-seeds' }), 'password-vault')).toThrow(/MFA seed store, not the password vault/);
  });

  it('refuses to encode impossible headers with argument errors', () => {
    expect(() => encodeHeader(header({ generation: 0 }), 16)).toThrow(RangeError);
    expect(() => encodeHeader(header({ setId: new Uint8Array(5) }), 16)).toThrow(TypeError);
    expect(() => encodeHeader(header({ slots: [] }), 16)).toThrow(RangeError);
    const h = header();
    expect(() => encodeHeader({ ...h, slots: [h.slots[0]!, h.slots[0]!] }, 16)).toThrow(RangeError);
    expect(() => parseContainer('not bytes' as unknown as Uint8Array)).toThrow(TypeError);
  });

  it('never throws anything but BreakglassError on random corruption', () => {
    const file = sealed();
    const fuzz = seededRng('container fuzz');
    for (let i = 0; i < 500; i++) {
      const [a, b, c] = fuzz.bytes(3);
      const mutated = file.slice(0, Math.max(0, file.length - (a as number)));
      if (mutated.length > 0) {
        const at = ((b as number) * 7 + (c as number)) % mutated.length;
        mutated[at] = (mutated[at] as number) ^ (1 + ((c as number) % 255));
      }
      for (const candidate of [mutated, recomputeChecksumsSafe(mutated)]) {
        try {
          const parsed = parseContainer(candidate);
          openPayload(parsed, dataKey);
        } catch (error) {
          expect(error).toBeInstanceOf(BreakglassError);
        }
      }
    }
  });
});

function patchAt(file: Uint8Array, offset: number, value: number): Uint8Array {
  const copy = file.slice();
  copy[offset] = value;
  return copy;
}

function recomputeChecksumsSafe(file: Uint8Array): Uint8Array {
  try {
    return file.length > 80 && headerLength(file) < file.length - 64 ? recomputeChecksums(file) : file;
  } catch {
    return file;
  }
}
