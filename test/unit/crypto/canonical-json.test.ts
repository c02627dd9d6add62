import { describe, expect, it } from 'vitest';
import { decodeCanonicalJson, encodeCanonicalJson } from '../../../src/crypto/canonical-json.js';
import { BreakglassError } from '../../../src/errors.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const code = (fn: () => unknown) => {
  try {
    fn();
    return 'ok';
  } catch (error) {
    return error instanceof BreakglassError ? error.code : (error as Error).name;
  }
};

describe('canonical-json', () => {
  it('sorts keys, drops undefined and writes no whitespace', () => {
    expect(new TextDecoder().decode(encodeCanonicalJson({ b: 1, a: [true, null, 'x'], c: undefined }))).toBe('{"a":[true,null,"x"],"b":1}');
  });

  it('escapes like JSON.stringify and keeps non-ASCII literal', () => {
    expect(new TextDecoder().decode(encodeCanonicalJson({ s: 'Ελλάδα\n"\u0001' }))).toBe('{"s":"Ελλάδα\\n\\"\\u0001"}');
  });

  it('round-trips canonical bytes', () => {
    const text = '{"accounts":[{"id":"012345678901"}],"schema":1}';
    expect(decodeCanonicalJson(bytes(text), 'doc')).toEqual({ accounts: [{ id: '012345678901' }], schema: 1 });
  });

  it('rejects whitespace, unsorted or duplicate keys, floats and exponents with FORMAT', () => {
    for (const text of ['{ "a":1}', '{"b":1,"a":2}', '{"a":1,"a":1}', '{"a":1.5}', '{"a":1e3}', '{"a":01}', '{"a":"\\u0041"}']) {
      expect(code(() => decodeCanonicalJson(bytes(text), 'doc')), text).toBe('FORMAT');
    }
  });

  it('rejects invalid UTF-8 and non-JSON with FORMAT', () => {
    expect(code(() => decodeCanonicalJson(Uint8Array.of(0x7b, 0xff, 0x7d), 'doc'))).toBe('FORMAT');
    expect(code(() => decodeCanonicalJson(bytes('{"a":'), 'doc'))).toBe('FORMAT');
  });

  it('refuses to encode unpaired surrogates, non-integers and functions with TypeError', () => {
    expect(() => encodeCanonicalJson({ s: '\ud800' })).toThrow(TypeError);
    expect(() => encodeCanonicalJson({ n: 0.5 })).toThrow(TypeError);
    expect(() => encodeCanonicalJson({ n: 2 ** 53 })).toThrow(TypeError);
    expect(() => encodeCanonicalJson({ f: () => 1 })).toThrow(TypeError);
  });
});
