// Timestamps in store documents: UTC, whole seconds, "YYYY-MM-DDTHH:MM:SSZ". Spec: docs/FORMAT.md §2.3.

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;

export function formatTimestamp(epochMs: number): string {
  if (!Number.isFinite(epochMs)) throw new RangeError(`epochMs must be a finite number, got ${epochMs}`);
  return new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * True for a timestamp naming a real instant. An impossible calendar date (month 13, 30 February, hour 24)
 * is simply not a timestamp: Date.parse gives NaN for some and the next day for others, never an exception.
 */
export function isTimestamp(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = TIMESTAMP.exec(value);
  if (!m) return false;
  const epochMs = Date.parse(value);
  if (!Number.isFinite(epochMs)) return false;
  // Same verdict as formatTimestamp(epochMs) === value (both sides are fixed-width, zero-padded fields),
  // without building a string: a vault holds two timestamps per account.
  const d = new Date(epochMs);
  return (
    d.getUTCFullYear() === Number(m[1]) &&
    d.getUTCMonth() + 1 === Number(m[2]) &&
    d.getUTCDate() === Number(m[3]) &&
    d.getUTCHours() === Number(m[4]) &&
    d.getUTCMinutes() === Number(m[5]) &&
    d.getUTCSeconds() === Number(m[6]) &&
    d.getUTCMilliseconds() === 0
  );
}
