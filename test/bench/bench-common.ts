// Shared rows, verdicts and timing helpers of the benchmark sections; run.ts orchestrates and prints.

import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Rng } from '../../src/shared/determinism.js';

export const QUICK = process.env.BENCH_QUICK === '1';
export const ARGON2_CLI = '/usr/bin/argon2';
export const GiB = 1024 ** 3;

// ---------------------------------------------------------------------------------------------------
// Rows, sections and verdicts

export type Verdict = 'PASS' | 'MISS' | 'FAIL' | 'SKIP' | 'INFO';

export interface BenchRow {
  readonly name: string;
  readonly oursMs: number | null;
  /** The tool measured alongside, or '—' when the target is absolute. */
  readonly referenceName: string;
  readonly referenceMs: number | null;
  /** oursMs / referenceMs. */
  readonly ratio: number | null;
  readonly target: string;
  readonly verdict: Verdict;
  /** Why a row was skipped or failed; printed under it. */
  readonly detail?: string;
}

export interface SectionResult {
  readonly rows: BenchRow[];
  /** Footnotes printed under the table. */
  readonly notes: string[];
}

export interface BenchSection {
  /** Short name for `--only <key>[,<key>…]`. */
  readonly key: string;
  readonly title: string;
  run(): Promise<SectionResult>;
}

export function ratioRow(name: string, oursMs: number, referenceName: string, referenceMs: number, maxRatio: number): BenchRow {
  const ratio = oursMs / referenceMs;
  return { name, oursMs, referenceName, referenceMs, ratio, target: `≤ ${maxRatio.toFixed(2)}`, verdict: ratio <= maxRatio ? 'PASS' : 'MISS' };
}

export function absoluteRow(name: string, oursMs: number, maxMs: number): BenchRow {
  return { name, oursMs, referenceName: '—', referenceMs: null, ratio: null, target: `≤ ${maxMs} ms`, verdict: oursMs <= maxMs ? 'PASS' : 'MISS' };
}

export function infoRow(name: string, oursMs: number): BenchRow {
  return { name, oursMs, referenceName: '—', referenceMs: null, ratio: null, target: '—', verdict: 'INFO' };
}

export function unmeasuredRow(name: string, verdict: 'FAIL' | 'SKIP', detail: string, partial: Partial<BenchRow> = {}): BenchRow {
  return { name, oursMs: null, referenceName: '—', referenceMs: null, ratio: null, target: '—', verdict, detail, ...partial };
}

// ---------------------------------------------------------------------------------------------------
// Measuring

export const benchRng: Rng = { bytes: (length) => new Uint8Array(randomBytes(length)) };

export function median(samples: readonly number[]): number {
  if (samples.length === 0) throw new RangeError('median of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function timeSync<T>(fn: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = fn();
  return { ms: performance.now() - start, value };
}

export async function timeAsync<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

export function formatMs(ms: number | null): string {
  if (ms === null) return '—';
  return ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(3);
}

export function formatSamples(samples: readonly number[]): string {
  return samples.map((ms) => formatMs(ms)).join(', ');
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

