// Small formatting helpers for durations and timestamps as custodians read them at 3 a.m.

/** "45 s", "12 min 05 s", "2 h 03 min". */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes} min ${String(s % 60).padStart(2, '0')} s`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** An ISO timestamp as "2025-03-01 14:05 UTC" (the workstation's clock may be local, we say UTC). */
export function formatTimestamp(iso: string | undefined | null): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Names from a comma-separated field, trimmed, empty ones dropped. */
export function parseNames(text: string): string[] {
  return text
    .split(',')
    .map((name) => name.trim().replace(/\s+/g, ' '))
    .filter((name) => name.length > 0);
}

/** The `actors` field of a request: the names present, or nothing at all when none were given. */
export function actorsField(actors: readonly string[]): { readonly actors?: readonly string[] } {
  const names = actors.map((a) => a.trim()).filter((a) => a.length > 0);
  return names.length > 0 ? { actors: names } : {};
}
