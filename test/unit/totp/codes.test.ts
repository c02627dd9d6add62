import { spawnSync } from 'node:child_process';
import { base32nopad } from '@scure/base';
import { describe, expect, it } from 'vitest';
import { hotpCode, totpCodes, type TotpParams } from '../../../src/totp/codes.js';
import type { TotpAlgorithm } from '../../../src/stores/seeds.js';
import { seededRng } from '../../support/ports.js';
import { findTool, itWithTools } from '../../support/tools.js';

const ascii = (text: string) => new TextEncoder().encode(text);
/** RFC 6238 Appendix A: the seed for each mode is "1234567890" repeated to the hash's output length. */
const RFC6238_SEEDS: Record<TotpAlgorithm, Uint8Array> = {
  SHA1: ascii('12345678901234567890'),
  SHA256: ascii('12345678901234567890123456789012'),
  SHA512: ascii('1234567890123456789012345678901234567890123456789012345678901234'),
};

/** RFC 6238 Appendix B: time (s), mode, TOTP (8 digits, X = 30, T0 = 0). */
const RFC6238_VECTORS: readonly [number, TotpAlgorithm, string][] = [
  [59, 'SHA1', '94287082'],
  [59, 'SHA256', '46119246'],
  [59, 'SHA512', '90693936'],
  [1111111109, 'SHA1', '07081804'],
  [1111111109, 'SHA256', '68084774'],
  [1111111109, 'SHA512', '25091201'],
  [1111111111, 'SHA1', '14050471'],
  [1111111111, 'SHA256', '67062674'],
  [1111111111, 'SHA512', '99943326'],
  [1234567890, 'SHA1', '89005924'],
  [1234567890, 'SHA256', '91819424'],
  [1234567890, 'SHA512', '93441116'],
  [2000000000, 'SHA1', '69279037'],
  [2000000000, 'SHA256', '90698825'],
  [2000000000, 'SHA512', '38618901'],
  [20000000000, 'SHA1', '65353130'],
  [20000000000, 'SHA256', '77737706'],
  [20000000000, 'SHA512', '47863826'],
];

/** RFC 4226 Appendix D: HOTP(secret = "12345678901234567890", count), 6 digits. */
const RFC4226_VECTORS = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];

const AWS: TotpParams = { algorithm: 'SHA1', digits: 6, period: 30 };
const seed = ascii('12345678901234567890');

describe('codes', () => {
  it.each(RFC6238_VECTORS)('matches RFC 6238 Appendix B at T = %i s when the mode is %s', (time, algorithm, expected) => {
    const codes = totpCodes(RFC6238_SEEDS[algorithm], { algorithm, digits: 8, period: 30 }, time * 1000);
    expect(codes.current).toBe(expected);
  });

  it('matches every RFC 4226 Appendix D HOTP value when counting 0 to 9', () => {
    expect(RFC4226_VECTORS.map((_, count) => hotpCode(seed, count, { algorithm: 'SHA1', digits: 6 }))).toEqual(RFC4226_VECTORS);
  });

  it('gives the windows before and after as previous and next when the RFC seeds are used', () => {
    // At T = 59 s the time step is 1, so previous/current/next are HOTP counters 0/1/2 (RFC 4226 Appendix D).
    const codes = totpCodes(RFC6238_SEEDS.SHA1, { algorithm: 'SHA1', digits: 8, period: 30 }, 59_000);
    expect([codes.previous, codes.current, codes.next].map((c) => c.slice(-6))).toEqual(RFC4226_VECTORS.slice(0, 3));
    const later = totpCodes(seed, AWS, 1111111109_000);
    expect(later.previous).toBe(totpCodes(seed, AWS, 1111111109_000 - 30_000).current);
    expect(later.next).toBe(totpCodes(seed, AWS, 1111111109_000 + 30_000).current);
  });

  it('reports the window start, seconds left and UTC time when the instant is inside a window', () => {
    const at = Date.UTC(2026, 4, 1, 10, 0, 17, 400);
    const codes = totpCodes(seed, AWS, at);
    expect(codes.windowStart).toBe(Date.UTC(2026, 4, 1, 10, 0, 0));
    expect(codes.secondsLeft).toBe(13);
    expect(codes.utc).toBe('2026-05-01T10:00:17Z');
    expect(totpCodes(seed, AWS, Date.UTC(2026, 4, 1, 10, 0, 0)).secondsLeft).toBe(30);
    expect(totpCodes(seed, AWS, Date.UTC(2026, 4, 1, 10, 0, 29, 999)).secondsLeft).toBe(1);
    expect(totpCodes(seed, { ...AWS, period: 60 }, at).secondsLeft).toBe(43);
  });

  it('computes the codes of the shifted instant when an offset is given', () => {
    const at = Date.UTC(2026, 4, 1, 10, 0, 17);
    const shifted = totpCodes(seed, AWS, at, 150);
    expect(shifted).toEqual(totpCodes(seed, AWS, at + 150_000));
    expect(shifted.utc).toBe('2026-05-01T10:02:47Z');
    expect(totpCodes(seed, AWS, at, -45).current).toBe(totpCodes(seed, AWS, at - 45_000).current);
  });

  it('matches the worked example of FORMAT.md §11.1 when AWS parameters are used', () => {
    expect(totpCodes(seed, AWS, Date.UTC(2026, 4, 1, 10, 0, 17))).toEqual({
      previous: '643451',
      current: '864065',
      next: '725478',
      secondsLeft: 13,
      windowStart: Date.UTC(2026, 4, 1, 10, 0, 0),
      utc: '2026-05-01T10:00:17Z',
    });
  });

  it('gives 8-digit codes with leading zeros kept when digits is 8', () => {
    expect(totpCodes(RFC6238_SEEDS.SHA1, { algorithm: 'SHA1', digits: 8, period: 30 }, 1111111109_000).current).toBe('07081804');
  });

  it('accepts seeds of 16 to 128 bytes when they come from the store', () => {
    expect(totpCodes(new Uint8Array(16).fill(7), AWS, 1e12).current).toMatch(/^\d{6}$/);
    expect(totpCodes(new Uint8Array(128).fill(7), { algorithm: 'SHA512', digits: 8, period: 30 }, 1e12).current).toMatch(/^\d{8}$/);
  });

  it('leaves the seed as it was when it computes codes', () => {
    const copy = seed.slice();
    totpCodes(copy, AWS, 1e12);
    hotpCode(copy, 5, AWS);
    expect(copy).toEqual(seed);
  });

  it('throws TypeError or RangeError naming the parameter when an argument is wrong', () => {
    expect(() => totpCodes('GEZDGNBV' as unknown as Uint8Array, AWS, 1e12)).toThrow(TypeError);
    expect(() => totpCodes(new Uint8Array(15), AWS, 1e12)).toThrow(/seed must be 16–128 bytes/);
    expect(() => totpCodes(new Uint8Array(129), AWS, 1e12)).toThrow(RangeError);
    expect(() => totpCodes(seed, { ...AWS, algorithm: 'MD5' as TotpAlgorithm }, 1e12)).toThrow(/params.algorithm/);
    expect(() => totpCodes(seed, { ...AWS, digits: 7 as 6 }, 1e12)).toThrow(/params.digits/);
    expect(() => totpCodes(seed, { ...AWS, period: 9 }, 1e12)).toThrow(/params.period/);
    expect(() => totpCodes(seed, { ...AWS, period: 30.5 }, 1e12)).toThrow(/params.period/);
    expect(() => totpCodes(seed, null as unknown as TotpParams, 1e12)).toThrow(TypeError);
    expect(() => totpCodes(seed, AWS, Number.NaN)).toThrow(/atMs/);
    expect(() => totpCodes(seed, AWS, -1)).toThrow(/atMs/);
    expect(() => totpCodes(seed, AWS, 1e12, 1.5)).toThrow(/offsetSeconds/);
    expect(() => totpCodes(seed, AWS, 10_000)).toThrow(/one period after/);
    expect(() => totpCodes(seed, AWS, 1e12, -1e12)).toThrow(RangeError);
    expect(() => hotpCode(seed, -1, AWS)).toThrow(/counter/);
    expect(() => hotpCode(seed, 0.5, AWS)).toThrow(/counter/);
    expect(() => hotpCode(seed, 0, { algorithm: 'SHA3' as TotpAlgorithm, digits: 6 })).toThrow(RangeError);
  });

  const oathtool = findTool('oathtool', ['--version'], 'oathtool');
  itWithTools([oathtool])('agrees with Debian’s oathtool on random seeds at random instants when given the same parameters', () => {
    const rng = seededRng('totp/codes oathtool');
    const configs: readonly TotpParams[] = [
      { algorithm: 'SHA1', digits: 6, period: 30 },
      { algorithm: 'SHA256', digits: 8, period: 30 },
      { algorithm: 'SHA512', digits: 6, period: 30 },
      { algorithm: 'SHA1', digits: 8, period: 60 },
    ];
    const lengths = [16, 20, 32, 40, 64, 128];
    let compared = 0;
    for (let i = 0; i < 30; i++) {
      const random = new DataView(rng.bytes(8).buffer);
      const testSeed = rng.bytes(lengths[i % lengths.length] as number);
      // An instant between 2001 and about 2137, with milliseconds.
      const atMs = 1e12 + random.getUint32(0) * 1000 + (random.getUint16(4) % 1000);
      const params = configs[i % configs.length] as TotpParams;
      const ours = totpCodes(testSeed, params, atMs);
      const previousWindow = new Date(Math.floor(atMs / 1000) * 1000 - params.period * 1000);
      const now = previousWindow.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
      // The key goes through stdin ("-"), never argv (DESIGN §3.4); -w 2 prints that window and the two after.
      const run = spawnSync(
        'oathtool',
        [`--totp=${params.algorithm}`, '--base32', `--digits=${params.digits}`, `--time-step-size=${params.period}s`, `--now=${now}`, '--window=2', '-'],
        { input: base32nopad.encode(testSeed), encoding: 'utf8' },
      );
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout.trim().split('\n'), `seed ${i} (${testSeed.length} bytes) ${params.algorithm}/${params.digits}/${params.period} at ${now}`).toEqual([
        ours.previous,
        ours.current,
        ours.next,
      ]);
      compared += 3;
    }
    expect(compared).toBe(90);
  });
});
