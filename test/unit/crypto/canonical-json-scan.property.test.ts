// Property test: decodeCanonicalJson (the raw-byte fast path, then the full check) and the full check
// alone give identical accept/reject, identical values and identical errors on random documents and
// on random byte mutations of canonical ones. Spec: docs/FORMAT.md §2.3.

import { describe, expect, it } from 'vitest';
import { decodeCanonicalJson, decodeCanonicalJsonFullCheck, encodeCanonicalJson } from '../../../src/crypto/canonical-json.js';
import { isCertainlyCanonical } from '../../../src/crypto/canonical-json-scan.js';

/** A seeded xorshift generator, so every failure reproduces. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x1_0000_0000;
  };
}

const KEY_POOL = ['a', 'b', 'ab', 'B', '_x', '$', '9', '10', 'é', 'a b', 'a"b', 'a\\b', '\n', '__proto__', 'z'];
const STRING_POOL = ['', 'x', 'é', '—', '😀', '\u2028', '"', '\\', '\n', '\u0001', '\u001f', '\u007f', '\ud800', 'e\u0301', '/'];
const NUMBER_POOL = [0, -0, 1, -1, 42, 9007199254740991, -9007199254740991, 9007199254740992, 1.5, 1e21];

function randomValue(next: () => number, depth: number): unknown {
  const r = next();
  const pick = <T>(pool: readonly T[]): T => pool[Math.floor(next() * pool.length)] as T;
  if (depth > 3 || r < 0.3) {
    const k = Math.floor(next() * 5);
    if (k === 0) return pick(NUMBER_POOL);
    if (k === 1) return pick([true, false, null]);
    return pick(STRING_POOL) + (next() < 0.5 ? pick(STRING_POOL) : '');
  }
  if (r < 0.55) return Array.from({ length: Math.floor(next() * 4) }, () => randomValue(next, depth + 1));
  const object: Record<string, unknown> = {};
  const count = Math.floor(next() * 5);
  for (let i = 0; i < count; i++) object[pick(KEY_POOL)] = randomValue(next, depth + 1);
  return object;
}

/**
 * JSON text written directly (not through a JS object, whose integer-like keys Object.keys reorders):
 * keys in plain string order, sometimes shuffled or repeated, values from randomValue.
 */
function randomText(next: () => number, depth: number): string {
  if (depth > 2 || next() < 0.3) return JSON.stringify(randomValue(next, 3)) ?? 'null';
  const keys = Array.from({ length: Math.floor(next() * 5) }, () => KEY_POOL[Math.floor(next() * KEY_POOL.length)] as string);
  if (next() < 0.8) keys.sort();
  const members = keys.map((key) => `${JSON.stringify(key)}:${randomText(next, depth + 1)}`);
  return next() < 0.2 ? `[${members.map((m) => `{${m}}`).join(',')}]` : `{${members.join(',')}}`;
}

function outcome(decode: (bytes: Uint8Array, what: string) => unknown, bytes: Uint8Array): unknown {
  try {
    return { ok: decode(bytes, 'document') };
  } catch (error) {
    return { error: String(error), code: (error as { code?: unknown }).code };
  }
}

function mutate(next: () => number, bytes: Uint8Array): Uint8Array {
  const out = Array.from(bytes);
  const edits = 1 + Math.floor(next() * 3);
  const interesting = [0x20, 0x22, 0x2c, 0x2d, 0x2e, 0x30, 0x31, 0x3a, 0x5c, 0x5b, 0x5d, 0x7b, 0x7d, 0x65, 0x75, 0x80, 0xc3, 0xed, 0xef, 0xf4, 0xff];
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(next() * (out.length + 1));
    const byte = next() < 0.7 ? (interesting[Math.floor(next() * interesting.length)] as number) : Math.floor(next() * 256);
    const kind = next();
    if (kind < 0.4 && at < out.length) out[at] = byte;
    else if (kind < 0.7) out.splice(at, 0, byte);
    else out.splice(at, 1);
  }
  return Uint8Array.from(out);
}

describe('canonical JSON raw-byte fast path', () => {
  it('agrees with the full check on random documents, raw and re-serialized', () => {
    const next = rng(18);
    for (let i = 0; i < 3000; i++) {
      const value = randomValue(next, 0);
      const raw = new TextEncoder().encode(JSON.stringify(value));
      expect(outcome(decodeCanonicalJson, raw)).toEqual(outcome(decodeCanonicalJsonFullCheck, raw));
      let canonical: Uint8Array | undefined;
      try {
        canonical = encodeCanonicalJson(value);
      } catch {
        continue;
      }
      expect(outcome(decodeCanonicalJson, canonical)).toEqual(outcome(decodeCanonicalJsonFullCheck, canonical));
    }
  });

  it('agrees with the full check on directly written JSON text with string-sorted, shuffled or repeated keys', () => {
    const next = rng(50);
    let fastAccepted = 0;
    for (let i = 0; i < 4000; i++) {
      const bytes = new TextEncoder().encode(randomText(next, 0));
      if (isCertainlyCanonical(bytes)) fastAccepted++;
      expect(outcome(decodeCanonicalJson, bytes)).toEqual(outcome(decodeCanonicalJsonFullCheck, bytes));
    }
    expect(fastAccepted).toBeGreaterThan(100);
  });

  it('agrees with the full check on byte mutations of canonical documents', () => {
    const next = rng(2026);
    let fastAccepted = 0;
    for (let i = 0; i < 6000; i++) {
      let canonical: Uint8Array;
      try {
        canonical = encodeCanonicalJson(randomValue(next, 0));
      } catch {
        continue;
      }
      const bytes = mutate(next, canonical);
      if (isCertainlyCanonical(bytes)) fastAccepted++;
      expect(outcome(decodeCanonicalJson, bytes)).toEqual(outcome(decodeCanonicalJsonFullCheck, bytes));
    }
    // The fast path is really exercised on mutated input, not only on untouched documents.
    expect(fastAccepted).toBeGreaterThan(100);
  });

  it('takes the fast path for a typical vault-like document and the full check for the corners', () => {
    const typical = encodeCanonicalJson({ accounts: [{ accountId: '000000000001', name: 'Workload — team 1', notes: 'a\nb' }], schema: 1 });
    expect(isCertainlyCanonical(typical)).toBe(true);
    const enc = (text: string) => new TextEncoder().encode(text);
    for (const corner of ['{"10":1,"9":2}', '{"a":-0}', '{"a":"\\ud800"}', '{"a":"\\/"}', '{"a":1.0}', '{"b":1,"a":2}', '{"a":1,"a":1}', ' 1', '"\\u001F"']) {
      expect([corner, isCertainlyCanonical(enc(corner))]).toEqual([corner, false]);
    }
    const deep = enc('['.repeat(100) + ']'.repeat(100));
    expect(isCertainlyCanonical(deep)).toBe(false);
    expect(outcome(decodeCanonicalJson, deep)).toEqual(outcome(decodeCanonicalJsonFullCheck, deep));
  });
});
