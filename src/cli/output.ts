// Plain-text rendering for the CLI: aligned tables and "label: value" blocks, plus canonical --json output.

import { jsonDisplaySafe } from '../app/index.js';

export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max([...h].length, ...rows.map((r) => [...(r[i] ?? '')].length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n') + '\n';
}

export function formatFields(fields: readonly (readonly [string, string])[]): string {
  const width = Math.max(...fields.map(([label]) => label.length)) + 1;
  return fields.map(([label, value]) => `${`${label}:`.padEnd(width + 1)}${value}`).join('\n') + '\n';
}

/** Canonical --json output; invisible and bidi characters in strings are written as \u escapes (same value). */
export function formatJson(value: unknown): string {
  return jsonDisplaySafe(JSON.stringify(value, null, 2)) + '\n';
}

/** A length of time as the app shows it: "45 s", "4 min 07 s", "2 h 05 min". */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}
