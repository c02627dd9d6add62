// How identifiers, fingerprints and dates read on paper: hex grouped by four, dates as YYYY-MM-DD, and the
// checks on the print options every document takes. Spec: docs/FORMAT.md §1 and §13.1.

import { isTimestamp } from '../shared/timestamps.js';

export type PaperSize = 'A4' | 'Letter';
export const PAPER_SIZES: readonly PaperSize[] = ['A4', 'Letter'];

/** Options every document takes: the paper and the instant of printing (no clock is read). */
export interface PrintOptions {
  readonly paper: PaperSize;
  /** UTC timestamp "YYYY-MM-DDTHH:MM:SSZ": printed on the pages and used as the PDF's creation date. */
  readonly printedAt: string;
}

export function checkPrintOptions(options: PrintOptions): PrintOptions {
  if (typeof options !== 'object' || options === null) throw new TypeError('options must be an object');
  if (!PAPER_SIZES.includes(options.paper)) throw new RangeError(`options.paper must be 'A4' or 'Letter', got ${String(options.paper)}`);
  if (!isTimestamp(options.printedAt)) throw new RangeError('options.printedAt must be a UTC timestamp YYYY-MM-DDTHH:MM:SSZ');
  return options;
}

/** "3f3f dc33 f4a5 …": lower-case hex in groups of four (display only, FORMAT.md §1). */
export function groupHex(hex: string): string {
  return hex.toLowerCase().replace(/(.{4})(?=.)/g, '$1 ');
}

/** Checks a hex identifier of a given length (digits, either case) and returns it in lower case. */
export function checkHex(value: unknown, digits: number, name: string): string {
  if (typeof value !== 'string' || value.length !== digits || !/^[0-9a-fA-F]+$/.test(value)) {
    throw new TypeError(`${name} must be ${digits} hexadecimal digits`);
  }
  return value.toLowerCase();
}

/** "2026-11-22" from a timestamp or a date. */
export function formatDay(timestamp: string): string {
  return timestamp.slice(0, 10);
}

/** "2026-11-22 08:00 UTC" from a timestamp. */
export function formatMinute(timestamp: string): string {
  return `${timestamp.slice(0, 10)} ${timestamp.slice(11, 16)} UTC`;
}

/** "1 byte", "18 339 bytes (17.9 KiB)". */
export function formatBytes(length: number): string {
  const spaced = String(length).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  if (length === 1) return '1 byte';
  if (length < 1024) return `${spaced} bytes`;
  const kib = length / 1024;
  return kib < 1024 ? `${spaced} bytes (${kib.toFixed(1)} KiB)` : `${spaced} bytes (${(kib / 1024).toFixed(1)} MiB)`;
}
