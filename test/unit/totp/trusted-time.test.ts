import { describe, expect, it } from 'vitest';
import { BreakglassError } from '../../../src/errors.js';
import { describeOffset, offsetFromTrustedTime, parseTrustedTime } from '../../../src/totp/trusted-time.js';
import { parseClockOffset } from '../../../src/totp/clock-offset.js';

const at = (iso: string) => Date.parse(iso);

describe('parseTrustedTime', () => {
  it('reads HH:MM:SS with one or two hour digits', () => {
    expect(parseTrustedTime('09:14:05')).toBe(9 * 3600 + 14 * 60 + 5);
    expect(parseTrustedTime(' 9:14:05 ')).toBe(9 * 3600 + 14 * 60 + 5);
    expect(parseTrustedTime('0:00:00')).toBe(0);
    expect(parseTrustedTime('23:59:59')).toBe(86_399);
  });

  it.each([
    ['25:00:00', /hours run 0–23/],
    ['12:60:00', /minutes and seconds 0–59/],
    ['9:14', /seconds are needed/],
    ['abc', /“abc” is not a time/],
    ['', /empty/],
    ['9:14:05 pm', /not a time/],
  ])('refuses %j in words', (text, message) => {
    let error: unknown;
    try {
      parseTrustedTime(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BreakglassError);
    expect((error as BreakglassError).message).toMatch(message);
  });
});

describe('offsetFromTrustedTime', () => {
  it('says the workstation is behind when the trusted clock is later', () => {
    const result = offsetFromTrustedTime('09:14:05', at('2026-03-01T09:13:23Z'));
    expect(result.offsetSeconds).toBe(42);
    expect(result.offset).toBe('+42s');
    expect(parseClockOffset(result.offset)).toBe(42);
    expect(result.summary).toBe('The workstation is 42 s behind the trusted clock.');
    expect(result.trustedUtc).toBe('2026-03-01T09:14:05Z');
    expect(result.workstationUtc).toBe('2026-03-01T09:13:23Z');
    expect(result.warning).toBeUndefined();
  });

  it('says ahead when the trusted clock is earlier, and whole minutes read as minutes', () => {
    const result = offsetFromTrustedTime('9:12:05', at('2026-03-01T09:14:05Z'));
    expect(result.offsetSeconds).toBe(-120);
    expect(result.offset).toBe('-2');
    expect(result.summary).toBe('The workstation is 2 min 0 s ahead of the trusted clock.');
  });

  it('rounds the workstation clock to the nearest second', () => {
    expect(offsetFromTrustedTime('09:14:05', at('2026-03-01T09:14:04.600Z')).offsetSeconds).toBe(0);
    expect(offsetFromTrustedTime('09:14:05', at('2026-03-01T09:14:04.400Z')).offsetSeconds).toBe(1);
    expect(describeOffset(0)).toMatch(/matches/);
  });

  it('wraps midnight to the nearest instant either way', () => {
    const justAfter = offsetFromTrustedTime('23:59:50', at('2026-03-02T00:00:05Z'));
    expect(justAfter.offsetSeconds).toBe(-15);
    expect(justAfter.trustedUtc).toBe('2026-03-01T23:59:50Z');
    const justBefore = offsetFromTrustedTime('0:00:10', at('2026-03-01T23:59:55Z'));
    expect(justBefore.offsetSeconds).toBe(15);
    expect(justBefore.trustedUtc).toBe('2026-03-02T00:00:10Z');
  });

  it('warns when the offset looks like a local time typed instead of UTC', () => {
    const result = offsetFromTrustedTime('10:14:05', at('2026-03-01T09:14:05Z'));
    expect(result.offsetSeconds).toBe(3600);
    expect(result.summary).toBe('The workstation is 1 h 0 min 0 s behind the trusted clock.');
    expect(result.warning).toMatch(/UTC, not the local time/);
  });

  it('takes up to just under 12 hours and refuses exactly 12 hours as beyond the allowed range', () => {
    expect(offsetFromTrustedTime('20:59:59', at('2026-03-01T09:00:00Z')).offsetSeconds).toBe(11 * 3600 + 59 * 60 + 59);
    expect(offsetFromTrustedTime('21:00:01', at('2026-03-01T09:00:00Z')).offsetSeconds).toBe(-(11 * 3600 + 59 * 60 + 59));
    expect(() => offsetFromTrustedTime('21:00:00', at('2026-03-01T09:00:00Z'))).toThrow(/beyond the offset allowed/);
  });

  it('refuses bad input before looking at the clock', () => {
    expect(() => offsetFromTrustedTime('25:00:00', at('2026-03-01T09:00:00Z'))).toThrow(BreakglassError);
    expect(() => offsetFromTrustedTime('09:00:00', Number.NaN)).toThrow(RangeError);
  });
});
