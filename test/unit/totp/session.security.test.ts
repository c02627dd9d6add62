import { afterEach, describe, expect, it, vi } from 'vitest';
import { NobleCryptoPlugin } from 'otplib';
import { hotpCode, totpCodes } from '../../../src/totp/codes.js';
import { TotpSession, TotpSessionSlot, type TotpSessionDevice } from '../../../src/totp/session.js';
import { seededRng, TestClock } from '../../support/ports.js';

const device: TotpSessionDevice = { accountId: '123456789012', name: 'root-mfa-1', algorithm: 'SHA256', digits: 6, period: 30 };
const START = Date.UTC(2026, 10, 22, 8, 0, 0);
const isZero = (bytes: Uint8Array) => bytes.length > 0 && bytes.every((b) => b === 0);

describe('session (security)', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('zeroes the very seed buffer it was given when the session is ended', () => {
    const seed = seededRng('security').bytes(40);
    const session = new TotpSession({ seed, device, clock: new TestClock(START) });
    session.codes();
    expect(isZero(seed)).toBe(false);
    session.end();
    expect(isZero(seed)).toBe(true);
  });

  it('zeroes the seed buffer when the session expires', () => {
    const seed = seededRng('security').bytes(20);
    const clock = new TestClock(START);
    const session = new TotpSession({ seed, device, clock, durationSeconds: 30 });
    clock.advance(29);
    session.codes();
    expect(isZero(seed)).toBe(false);
    clock.advance(1);
    expect(session.isActive()).toBe(false);
    expect(isZero(seed)).toBe(true);
  });

  it('zeroes the seed before any end listener runs when the app is told', () => {
    const seed = seededRng('security').bytes(20);
    const session = new TotpSession({ seed, device, clock: new TestClock(START) });
    let seenZero = false;
    session.onEnd(() => {
      seenZero = isZero(seed);
    });
    session.end('locked');
    expect(seenZero).toBe(true);
  });

  it('zeroes the seed it was handed when the constructor refuses its options', () => {
    const seed = seededRng('security').bytes(20);
    expect(() => new TotpSession({ seed, device, clock: new TestClock(START), durationSeconds: 5 })).toThrow();
    expect(isZero(seed)).toBe(true);
    const seed2 = seededRng('security 2').bytes(20);
    expect(() => new TotpSession({ seed: seed2, device: { ...device, digits: 7 as 6 }, clock: new TestClock(START) })).toThrow(RangeError);
    expect(isZero(seed2)).toBe(true);
  });

  it('zeroes the replaced session’s seed when a second session starts', () => {
    const clock = new TestClock(START);
    const slot = new TotpSessionSlot();
    const seeds = [1, 2, 3].map((i) => seededRng(`slot ${i}`).bytes(20));
    for (const seed of seeds) slot.start(() => new TotpSession({ seed, device, clock }));
    expect(seeds.map(isZero)).toEqual([true, true, false]);
    slot.end('locked');
    expect(seeds.map(isZero)).toEqual([true, true, true]);
  });

  it('keeps no HMAC output alive when codes have been computed', () => {
    const digests: Uint8Array[] = [];
    const original = NobleCryptoPlugin.prototype.hmac;
    vi.spyOn(NobleCryptoPlugin.prototype, 'hmac').mockImplementation(function (this: NobleCryptoPlugin, ...args) {
      const digest = original.apply(this, args) as Uint8Array;
      digests.push(digest);
      return digest;
    });
    const seed = seededRng('security').bytes(20);
    const codes = totpCodes(seed, device, START);
    hotpCode(seed, 7, device);
    expect(codes.current).toMatch(/^\d{6}$/);
    expect(digests).toHaveLength(4);
    expect(digests.map((d) => d.length)).toEqual([32, 32, 32, 32]);
    expect(digests.every(isZero)).toBe(true);
    expect(isZero(seed)).toBe(false);
  });
});
