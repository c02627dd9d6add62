// The clock offset from a time read off a trusted clock: the custodian types what the trusted clock shows
// in UTC ("09:14:05" or "9:14:05", 24 h) and the offset is the difference to the workstation's clock at that
// moment, taking the nearest such instant within ±12 h (so 23:59:50 typed just after midnight is 10 s
// earlier, not 23 h later). Spec: docs/FORMAT.md §11.3.

import { BreakglassError } from '../errors.js';
import { MAX_OFFSET_SECONDS, checkOffsetSeconds, formatClockOffset } from './clock-offset.js';

const DAY_SECONDS = 86_400;
/** Beyond this the custodian has probably read a local time, not UTC: the summary says so. */
export const LOCAL_TIME_SUSPECT_SECONDS = 30 * 60;

export interface TrustedTimeOffset {
  /** Seconds to add to the workstation's clock; positive when the workstation is behind. */
  readonly offsetSeconds: number;
  /** The same, in the form parseClockOffset reads ("+42s", "-2", "0"). */
  readonly offset: string;
  /** The trusted instant as understood, ISO 8601 UTC to the second. */
  readonly trustedUtc: string;
  /** The workstation's clock at the moment of entry, ISO 8601 UTC to the second. */
  readonly workstationUtc: string;
  /** "The workstation is 42 s behind the trusted clock." */
  readonly summary: string;
  /** Set when the offset is so large that a local time was probably typed instead of UTC. */
  readonly warning?: string;
}

function invalidTime(message: string): BreakglassError {
  return new BreakglassError('VALIDATION', message, { field: 'trustedTime' });
}

/** Reads "HH:MM:SS" (24 h, the hour may have one digit) and returns the seconds since midnight. */
export function parseTrustedTime(text: string): number {
  if (typeof text !== 'string') throw new TypeError('trusted time must be a string');
  const trimmed = text.trim();
  const example = 'give the time the trusted clock shows in UTC as hours:minutes:seconds, 24-hour, e.g. 09:14:05 or 21:07:30';
  if (trimmed === '') throw invalidTime(`The trusted time is empty: ${example}.`);
  const match = /^(\d{1,2}):(\d{2}):(\d{2})$/.exec(trimmed);
  if (!match) {
    const hint = /^\d{1,2}:\d{2}$/.test(trimmed) ? ' The seconds are needed too: a minute is too coarse for the codes.' : '';
    throw invalidTime(`“${trimmed}” is not a time: ${example}.${hint}`);
  }
  const [hours, minutes, seconds] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (hours > 23 || minutes > 59 || seconds > 59) {
    throw invalidTime(`“${trimmed}” is not a time of day: hours run 0–23, minutes and seconds 0–59 (${example}).`);
  }
  return hours * 3600 + minutes * 60 + seconds;
}

/** "42 s", "2 min 5 s", "1 h 0 min 3 s". */
export function describeSeconds(total: number): string {
  const abs = Math.abs(total);
  const h = Math.floor(abs / 3600);
  const m = Math.floor((abs % 3600) / 60);
  const s = abs % 60;
  if (h > 0) return `${h} h ${m} min ${s} s`;
  if (m > 0) return `${m} min ${s} s`;
  return `${s} s`;
}

/** "The workstation is 42 s behind the trusted clock." for an offset in seconds. */
export function describeOffset(offsetSeconds: number): string {
  if (offsetSeconds === 0) return 'The workstation clock matches the trusted clock (to the second): no offset is needed.';
  return `The workstation is ${describeSeconds(offsetSeconds)} ${offsetSeconds > 0 ? 'behind' : 'ahead of'} the trusted clock.`;
}

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The offset from the UTC time a trusted clock shows (`text`) against the workstation's clock `nowMs`
 * (milliseconds since the epoch, from the caller's Clock). The nearest matching instant within ±12 h is
 * taken; exactly 12 h apart is refused, as the direction cannot be told.
 */
export function offsetFromTrustedTime(text: string, nowMs: number): TrustedTimeOffset {
  const trusted = parseTrustedTime(text);
  if (!Number.isFinite(nowMs)) throw new RangeError(`nowMs must be a finite number, got ${nowMs}`);
  const nowSecond = Math.round(nowMs / 1000);
  const workstationOfDay = ((nowSecond % DAY_SECONDS) + DAY_SECONDS) % DAY_SECONDS;
  let diff = trusted - workstationOfDay;
  if (diff > DAY_SECONDS / 2) diff -= DAY_SECONDS;
  if (diff < -DAY_SECONDS / 2) diff += DAY_SECONDS;
  if (Math.abs(diff) >= MAX_OFFSET_SECONDS) {
    throw invalidTime(
      `The trusted clock's ${text.trim()} is 12 hours from the workstation's ${isoSeconds(nowSecond * 1000).slice(11, 19)} UTC: ` +
        'that is beyond the offset allowed (less than 12 hours). Set the workstation clock (and its time zone) properly instead, then log in again.',
    );
  }
  const offsetSeconds = checkOffsetSeconds(diff);
  const warning =
    Math.abs(offsetSeconds) > LOCAL_TIME_SUSPECT_SECONDS
      ? `That is more than ${LOCAL_TIME_SUSPECT_SECONDS / 60} minutes: check that the time typed is UTC, not the local time, before using it.`
      : undefined;
  return {
    offsetSeconds,
    offset: formatClockOffset(offsetSeconds),
    trustedUtc: isoSeconds((nowSecond + offsetSeconds) * 1000),
    workstationUtc: isoSeconds(nowSecond * 1000),
    summary: describeOffset(offsetSeconds),
    ...(warning ? { warning } : {}),
  };
}
