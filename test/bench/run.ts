// Performance benchmark: Breakglass timed against reference tools measured in the same run, as one table.
// Spec: docs/FORMAT.md §4.1 (Argon2id key-encryption key) and §2 (reading and opening a store file).
//
// Run with `npm run bench`. Environment:
//   BENCH_QUICK=1  far fewer repetitions, for smoke-testing the bench itself only: the numbers are too
//                  noisy to quote.
// Exit status: 1 when a row FAILs (reference tool missing, outputs that differ, an exception), else 0.
// A MISSed target is reported in the table but is not fatal.
//
// Adding rows (Shamir split/combine, drive export vs cp+sync+sha256sum, printing, UI start…): write a
// BenchSection whose run() returns rows built with ratioRow/absoluteRow/infoRow, and append it to SECTIONS.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { ARGON2_CLI, type BenchRow, type BenchSection, GiB, QUICK, type SectionResult, type Verdict, formatMs, unmeasuredRow } from './bench-common.js';
import { argon2Section } from './argon2-section.js';
import { vaultSection } from './vault-section.js';
import { shamirSection } from './shamir-section.js';
import { exportSection } from './export-section.js';
import { paperSection } from './paper-section.js';
import { scanSection } from './scan-section.js';
import { hostSection } from './host-kdbx-section.js';
import { kdbxImportSection } from './host-kdbx-section.js';
import { drillSection } from './drill-inventory-section.js';
import { inventorySection } from './drill-inventory-section.js';

const SECTIONS: readonly BenchSection[] = [argon2Section, vaultSection, shamirSection, exportSection, paperSection, scanSection, hostSection, drillSection, inventorySection, kdbxImportSection];

function commandOutput(command: string, args: readonly string[]): string | undefined {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  return result.status === 0 && result.stdout.trim() !== '' ? result.stdout.trim() : undefined;
}

function machineLine(): string {
  const cpus = os.cpus();
  const model = cpus[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown CPU';
  let npmArgon2 = 'unknown';
  try {
    npmArgon2 = (createRequire(import.meta.url)('argon2/package.json') as { version: string }).version;
  } catch {
    // keep "unknown"
  }
  const cli = existsSync(ARGON2_CLI)
    ? `argon2 CLI ${commandOutput('dpkg-query', ['-W', '-f=${Version}', 'argon2']) ?? '(version unknown)'}`
    : 'argon2 CLI not installed';
  return (
    `machine: ${cpus.length} CPUs (${model}), ${(os.totalmem() / GiB).toFixed(1)} GiB RAM, ${os.platform()} ${os.arch()}, ` +
    `node ${process.version}, argon2 npm ${npmArgon2}, ${cli}${QUICK ? ' — BENCH_QUICK=1: smoke test, numbers not quotable' : ''}`
  );
}

const COLUMNS = ['benchmark', 'ours ms', 'reference', 'ref ms', 'ratio', 'target', 'verdict'] as const;
const RIGHT_ALIGNED = new Set([1, 3, 4]);

function cells(row: BenchRow): string[] {
  return [
    `  ${row.name}`,
    formatMs(row.oursMs),
    row.referenceName,
    formatMs(row.referenceMs),
    row.ratio === null ? '—' : row.ratio.toFixed(3),
    row.target,
    row.verdict,
  ];
}

function printTable(results: readonly { section: BenchSection; result: SectionResult }[]): void {
  const body = results.flatMap(({ result }) => result.rows.map(cells));
  const widths = COLUMNS.map((title, i) => Math.max(title.length, ...body.map((line) => (line[i] as string).length)));
  const line = (values: readonly string[]): string =>
    values
      .map((value, i) => (RIGHT_ALIGNED.has(i) ? value.padStart(widths[i] as number) : value.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd();
  console.log(line(COLUMNS));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const { section, result } of results) {
    console.log(section.title);
    for (const row of result.rows) {
      console.log(line(cells(row)));
      if (row.detail) console.log(`      ↳ ${row.detail}`);
    }
  }
}

/** `--only vault-open,paper` runs just those sections (keys: the `key` of each section). */
function selectedSections(): readonly BenchSection[] {
  const at = process.argv.indexOf('--only');
  if (at < 0) return SECTIONS;
  const keys = (process.argv[at + 1] ?? '').split(',').filter((k) => k !== '');
  const unknown = keys.filter((k) => !SECTIONS.some((s) => s.key === k));
  if (keys.length === 0 || unknown.length > 0) {
    throw new Error(`--only takes a comma-separated list of ${SECTIONS.map((s) => s.key).join(', ')}; got ${JSON.stringify(process.argv[at + 1] ?? '')}`);
  }
  return SECTIONS.filter((s) => keys.includes(s.key));
}

async function main(): Promise<void> {
  console.log(`Breakglass bench — ratio = ours / reference (lower is better)`);
  console.log(machineLine());
  console.log('');
  const results: { section: BenchSection; result: SectionResult }[] = [];
  for (const section of selectedSections()) {
    try {
      results.push({ section, result: await section.run() });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      console.error(`bench: section "${section.title}" FAILED:`, error);
      results.push({ section, result: { rows: [unmeasuredRow('section failed', 'FAIL', message)], notes: [] } });
    }
  }
  printTable(results);

  const notes = results.flatMap(({ result }) => result.notes);
  if (notes.length > 0) {
    console.log('');
    notes.forEach((note, i) => console.log(`[${i + 1}] ${note}`));
  }
  const verdicts = results.flatMap(({ result }) => result.rows.map((row) => row.verdict));
  const count = (verdict: Verdict): number => verdicts.filter((v) => v === verdict).length;
  console.log('');
  console.log(`verdicts: ${count('PASS')} PASS, ${count('MISS')} MISS, ${count('FAIL')} FAIL, ${count('SKIP')} SKIP, ${count('INFO')} INFO`);
  if (count('FAIL') > 0) process.exitCode = 1;
}

await main();
