// The decoder's fast path (walk + one JSON.stringify) gives the same verdict as re-encoding every document,
// including the corners where the two could differ. Spec: docs/FORMAT.md §2.3.

import { describe, expect, it } from 'vitest';
import { decodeCanonicalJson, encodeCanonicalJson } from '../../../src/crypto/canonical-json.js';
import { BreakglassError } from '../../../src/errors.js';

const bytes = (text: string) => new TextEncoder().encode(text);

/** The reference verdict: the original definition, re-encode and compare bytes. */
function referenceVerdict(input: Uint8Array): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(input));
  } catch {
    return 'not-json';
  }
  let canonical: Uint8Array;
  try {
    canonical = encodeCanonicalJson(parsed);
  } catch {
    return 'bad-value';
  }
  return Buffer.from(canonical).equals(input) ? 'ok' : 'not-canonical';
}

function verdict(input: Uint8Array): string {
  try {
    decodeCanonicalJson(input, 'doc');
    return 'ok';
  } catch (error) {
    if (!(error instanceof BreakglassError) || error.code !== 'FORMAT') throw error;
    if (error.message.includes('not valid UTF-8 JSON')) return 'not-json';
    if (error.message.includes('value the format does not allow')) return 'bad-value';
    if (error.message.includes('not in canonical form')) return 'not-canonical';
    throw error;
  }
}

describe('decodeCanonicalJson fast path', () => {
  it('agrees with re-encoding on sorted, unsorted, integer-like keys, BOMs, surrogates and numbers', () => {
    const cases = [
      '{"a":1,"b":[1,2,{"c":"x","d":null}]}',
      '{"b":1,"a":2}',
      '{"a":{"z":1,"y":2}}',
      '{"9":1,"10":2}',
      '{"10":2,"9":1}',
      '{"a":1,"9":2}',
      '{"9":2,"a":1}',
      '\ufeff{"a":1}',
      '{"a":"\\ud800"}',
      '{"\\ud800":1}',
      '{"a":[{"b":"\\udc00"}]}',
      '{"a":-0}',
      '{"a":9007199254740993}',
      '{"a":1.0}',
      '"text"',
      '12',
      'null',
      '[]',
      '{"a":"é"}',
      '{"a":"e\u0301"}',
      '{"a":"\\u00e9"}',
      '{"a":"\\/"}',
      '{"a":true,"a":true}',
    ];
    for (const text of cases) expect([text, verdict(bytes(text))]).toEqual([text, referenceVerdict(bytes(text))]);
  });

  it('refuses a byte-order mark before canonical JSON as not canonical', () => {
    expect(verdict(Uint8Array.from([0xef, 0xbb, 0xbf, ...bytes('{"a":1}')]))).toBe('not-canonical');
  });
});
