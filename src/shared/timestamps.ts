// Timestamps in store documents: UTC, whole seconds, "YYYY-MM-DDTHH:MM:SSZ". Spec: docs/FORMAT.md §2.3.

export function formatTimestamp(epochMs: number): string {
  if (!Number.isFinite(epochMs)) throw new RangeError(`epochMs must be a finite number, got ${epochMs}`);
  return new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** The number written in `count` ASCII digits of `text` from `start`, or -1 when one is not a digit. */
function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** Days in `month` (1–12) of a proleptic Gregorian `year`, as Date counts them (year 0 is a leap year). */
function daysInMonth(year: number, month: number): number {
  if (month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) return 29;
  return DAYS_IN_MONTH[month - 1] as number;
}


/**
 * True for a timestamp naming a real instant: the exact shape, month 1–12, a day the month has, hour
 * 0–23, minute and second 0–59. An impossible calendar date (month 13, 30 February, hour 24) is simply not
 * a timestamp, never an exception. The verdict is that of formatTimestamp(Date.parse(value)) === value,
 * read field by field without a Date: a vault holds two timestamps per account.
 */
export function isTimestamp(value: unknown): value is string {
  if (typeof value !== 'string' || value.length !== 20) return false;
  // The fixed characters of "YYYY-MM-DDTHH:MM:SSZ", tested one by one (a loop over a table of pairs was a
  // fifth of a cold vault open: two timestamps per account).
  if (
    value.charCodeAt(4) !== 0x2d ||
    value.charCodeAt(7) !== 0x2d ||
    value.charCodeAt(10) !== 0x54 ||
    value.charCodeAt(13) !== 0x3a ||
    value.charCodeAt(16) !== 0x3a ||
    value.charCodeAt(19) !== 0x5a
  ) {
    return false;
  }
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 2);
  const day = digits(value, 8, 2);
  const hour = digits(value, 11, 2);
  const minute = digits(value, 14, 2);
  const second = digits(value, 17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || minute < 0 || second < 0) return false;
  return day <= daysInMonth(year, month) && hour <= 23 && minute <= 59 && second <= 59;
}
