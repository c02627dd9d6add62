import { describe, expect, it } from 'vitest';
import { decodeBase32Seed, encodeBase32Seed, normalizeBase32 } from '../../../src/stores/totp-seed.js';
import { BreakglassError } from '../../../src/errors.js';

const AWS_STYLE = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

describe('totp-seed', () => {
  it('decodes the 64-character secret AWS shows to 40 bytes', () => {
    const seed = decodeBase32Seed(AWS_STYLE);
    expect(seed).toHaveLength(40);
    expect(encodeBase32Seed(seed)).toBe(AWS_STYLE);
  });

  it('normalises spaces, hyphens, lower case and padding', () => {
    expect(normalizeBase32(' jbsw y3dp-ehpk 3pxp====')).toBe('JBSWY3DPEHPK3PXP');
    expect(decodeBase32Seed(AWS_STYLE.toLowerCase().replace(/(.{4})/g, '$1 '))).toEqual(decodeBase32Seed(AWS_STYLE));
  });

  it('names the offending character when it is not base32', () => {
    expect(() => decodeBase32Seed(AWS_STYLE.slice(0, -1) + '1')).toThrow(/contains "1"/);
    expect(() => decodeBase32Seed(AWS_STYLE.slice(0, -1) + '8')).toThrow(/not base32/);
  });

  it('rejects empty, partial and too-short seeds with VALIDATION on the seed field', () => {
    for (const bad of ['', '   ', AWS_STYLE.slice(0, 63), 'JBSWY3DPEHPK3PXP']) {
      try {
        decodeBase32Seed(bad);
        expect.unreachable(bad);
      } catch (error) {
        expect(error).toBeInstanceOf(BreakglassError);
        expect((error as BreakglassError).field).toBe('seed');
      }
    }
    expect(() => decodeBase32Seed('JBSWY3DPEHPK3PXP')).toThrow(/10 bytes/);
    expect(() => decodeBase32Seed(undefined as unknown as string)).toThrow(TypeError);
  });
});
