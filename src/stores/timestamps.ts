// Timestamps in store documents: UTC, whole seconds, "YYYY-MM-DDTHH:MM:SSZ". Spec: docs/FORMAT.md §2.3.

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

export function formatTimestamp(epochMs: number): string {
  if (!Number.isFinite(epochMs)) throw new RangeError(`epochMs must be a finite number, got ${epochMs}`);
  return new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export function isTimestamp(value: unknown): value is string {
  return typeof value === 'string' && TIMESTAMP.test(value) && formatTimestamp(Date.parse(value)) === value;
}
