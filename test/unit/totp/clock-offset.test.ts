import { describe, expect, it } from 'vitest';
import { BreakglassError } from '../../../src/errors.js';
import { checkOffsetSeconds, formatClockOffset, MAX_OFFSET_SECONDS, parseClockOffset } from '../../../src/totp/clock-offset.js';

function validationError(text: string): BreakglassError {
  try {
    parseClockOffset(text);
  } catch (error) {
    expect(error).toBeInstanceOf(BreakglassError);
    expect((error as BreakglassError).code).toBe('VALIDATION');
    expect((error as BreakglassError).field).toBe('offset');
    return error as BreakglassError;
  }
  return expect.unreachable(`${JSON.stringify(text)} was accepted`);
}

describe('clock-offset', () => {
  it('reads signed whole minutes as seconds when no unit is given', () => {
    expect(parseClockOffset('+3')).toBe(180);
    expect(parseClockOffset('-2')).toBe(-120);
    expect(parseClockOffset(' +720 ')).toBe(43_200);
    expect(parseClockOffset('-720')).toBe(-43_200);
    expect(parseClockOffset('+5m')).toBe(300);
    expect(parseClockOffset('-5 min')).toBe(-300);
    expect(parseClockOffset('\u22124')).toBe(-240);
  });

  it('reads signed seconds when the value ends in s', () => {
    expect(parseClockOffset('+90s')).toBe(90);
    expect(parseClockOffset('-45s')).toBe(-45);
    expect(parseClockOffset('+43200s')).toBe(43_200);
    expect(parseClockOffset('-7 sec')).toBe(-7);
    expect(parseClockOffset('+30S')).toBe(30);
  });

  it('reads zero with or without a sign when the custodian clears the offset', () => {
    for (const text of ['0', '+0', '-0', '0s', '00']) expect(Object.is(parseClockOffset(text), 0)).toBe(true);
  });

  it('refuses fractional minutes and suggests seconds when given +1.5', () => {
    expect(validationError('+1.5').message).toMatch(/\+90s/);
    expect(validationError('-0,5').message).toMatch(/whole/);
  });

  it('asks for a sign when a non-zero value has none', () => {
    expect(validationError('3').message).toMatch(/needs a sign/);
    expect(validationError('90s').message).toMatch(/behind/);
  });

  it('refuses offsets beyond 12 hours and says to fix the workstation clock instead', () => {
    expect(validationError('+721').message).toMatch(/more than 12 hours.*Set the workstation clock/);
    expect(validationError('-43201s').message).toMatch(/12 hours/);
    expect(validationError('+99999999999999999999').message).toMatch(/12 hours/);
  });

  it('refuses text that is not an offset when it is empty or malformed', () => {
    for (const text of ['', '  ', '+', '++3', '+3h', '+ 3', '3+', '+3m30s', 'plus three', '+1e3', '+0x10']) validationError(text);
    expect(validationError('').message).toMatch(/empty/);
    expect(() => parseClockOffset(180 as unknown as string)).toThrow(TypeError);
  });

  it('checks an offset in seconds with RangeError naming the parameter when it is out of range', () => {
    expect(checkOffsetSeconds(-43_200)).toBe(-43_200);
    expect(Object.is(checkOffsetSeconds(-0), 0)).toBe(true);
    expect(() => checkOffsetSeconds(MAX_OFFSET_SECONDS + 1)).toThrow(/offsetSeconds must be an integer/);
    expect(() => checkOffsetSeconds(1.5)).toThrow(RangeError);
    expect(() => checkOffsetSeconds(Number.NaN, 'seconds')).toThrow(/^seconds/);
  });

  it('formats an offset so that parsing gives it back when it round-trips', () => {
    expect(formatClockOffset(180)).toBe('+3');
    expect(formatClockOffset(-90)).toBe('-90s');
    expect(formatClockOffset(0)).toBe('0');
    for (const seconds of [0, 1, -1, 59, 60, -60, 61, 3600, -43_200, 43_200, 12_345]) {
      expect(parseClockOffset(formatClockOffset(seconds))).toBe(seconds);
    }
  });
});
