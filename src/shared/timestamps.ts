// Timestamps in store documents: UTC, whole seconds, "YYYY-MM-DDTHH:MM:SSZ". Spec: docs/FORMAT.md §2.3.

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

export function formatTimestamp(epochMs: number): string {
  if (!Number.isFinite(epochMs)) throw new RangeError(`epochMs must be a finite number, got ${epochMs}`);
  return new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * True for a timestamp naming a real instant. An impossible calendar date (month 13, 30 February, hour 24)
 * is simply not a timestamp: Date.parse gives NaN for some and the next day for others, never an exception.
 */
export function isTimestamp(value: unknown): value is string {
  if (typeof value !== 'string' || !TIMESTAMP.test(value)) return false;
  const epochMs = Date.parse(value);
  return Number.isFinite(epochMs) && formatTimestamp(epochMs) === value;
}
