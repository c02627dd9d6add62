// How numbers, times and sizes read for a custodian at 3 a.m.: durations, UTC timestamps, byte sizes and
// TOTP codes grouped for reading aloud. docs/FORMAT.md §11.1 (codes), DESIGN §2.

/** "45 s", "12 min 05 s", "2 h 03 min". */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes} min ${String(s % 60).padStart(2, '0')} s`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/**
 * An ISO timestamp as "2025-03-01 14:05 UTC", or with `seconds` as "2025-03-01 14:05:09 UTC" (TOTP windows,
 * audit entries). The workstation's clock may be local: we always say UTC.
 */
export function formatTimestamp(iso: string | undefined | null, precision: 'minutes' | 'seconds' = 'minutes'): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, precision === 'seconds' ? 19 : 16).replace('T', ' ')} UTC`;
}

/** 7000000000 → "7.0 GB" (decimal units, as drives are sold). */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(value >= 100 ? 0 : 1)} ${units[unit]}`;
}

/** Groups a TOTP code for reading aloud: 123456 → "123 456", 12345678 → "1234 5678". */
export function groupCode(code: string): string {
  if (code.length === 6) return `${code.slice(0, 3)} ${code.slice(3)}`;
  if (code.length === 8) return `${code.slice(0, 4)} ${code.slice(4)}`;
  return code;
}
