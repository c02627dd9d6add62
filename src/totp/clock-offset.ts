// The session-only clock offset a custodian sets from a trusted clock when the offline workstation's clock
// is off: "+3" / "-2" whole minutes, or "+90s" / "-45s" seconds, at most ±12 hours. Spec: docs/FORMAT.md §11.3.

import { BreakglassError } from '../errors.js';

export const MAX_OFFSET_MINUTES = 720;
export const MAX_OFFSET_SECONDS = MAX_OFFSET_MINUTES * 60;

const EXAMPLES = 'e.g. +3 (the workstation is 3 minutes behind), -2 (2 minutes ahead), +90s or -45s; 0 clears it';

function invalidOffset(message: string): BreakglassError {
  return new BreakglassError('VALIDATION', message, { field: 'offset' });
}

/**
 * Parses the offset as typed and returns it in seconds: "+N" / "-N" (or "+Nm") are whole minutes up to 720,
 * "+Ns" / "-Ns" are whole seconds up to 43 200. The sign is required except for 0. A positive offset moves
 * the codes' clock forward (the workstation is behind the trusted clock).
 */
export function parseClockOffset(text: string): number {
  if (typeof text !== 'string') throw new TypeError('offset must be a string');
  const trimmed = text.trim().replace(/^\u2212/, '-');
  if (trimmed === '') throw invalidOffset(`The clock offset is empty: give minutes or seconds with a sign, ${EXAMPLES}.`);
  const match = /^([+-]?)(\d+)(?:\s*(m|min|s|sec))?$/i.exec(trimmed);
  if (!match) {
    const hint = /^[+-]?\d*[.,]\d/.test(trimmed) ? ' Minutes must be whole; for finer steps give seconds, e.g. +90s for one and a half minutes.' : '';
    throw invalidOffset(`Invalid clock offset ${JSON.stringify(text)}: give whole minutes or seconds with a sign, ${EXAMPLES}.${hint}`);
  }
  const [, sign = '', digits = '', unit = 'm'] = match;
  const seconds = unit.toLowerCase().startsWith('s');
  const magnitude = Number(digits);
  if (magnitude !== 0 && sign === '') {
    throw invalidOffset(
      `The clock offset ${JSON.stringify(text)} needs a sign: + if the workstation's clock is behind the trusted clock, ` +
        `- if it is ahead (${EXAMPLES}).`,
    );
  }
  const limit = seconds ? MAX_OFFSET_SECONDS : MAX_OFFSET_MINUTES;
  if (magnitude > limit) {
    throw invalidOffset(
      `The clock offset ${JSON.stringify(text)} is more than 12 hours (${limit} ${seconds ? 'seconds' : 'minutes'}). ` +
        'Set the workstation clock (and its time zone) properly instead, then log in again.',
    );
  }
  const value = magnitude * (seconds ? 1 : 60);
  return sign === '-' && value !== 0 ? -value : value;
}

/** Argument check for an offset already in seconds (a whole number within ±43 200). */
export function checkOffsetSeconds(seconds: number, name = 'offsetSeconds'): number {
  if (!Number.isInteger(seconds) || Math.abs(seconds) > MAX_OFFSET_SECONDS) {
    throw new RangeError(`${name} must be an integer from -${MAX_OFFSET_SECONDS} to ${MAX_OFFSET_SECONDS}, got ${seconds}`);
  }
  return seconds === 0 ? 0 : seconds;
}

/** The text form parseClockOffset reads back: "+3" for whole minutes, "-90s" otherwise, "0" for none. */
export function formatClockOffset(seconds: number): string {
  checkOffsetSeconds(seconds, 'seconds');
  if (seconds === 0) return '0';
  const sign = seconds > 0 ? '+' : '-';
  const abs = Math.abs(seconds);
  return abs % 60 === 0 ? `${sign}${abs / 60}` : `${sign}${abs}s`;
}
