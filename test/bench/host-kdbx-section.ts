// Benchmark section(s) split out of run.ts; see run.ts for the table and verdicts.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { measureHostStart } from './host-start.js';
import { measureKdbxImport } from './kdbx-import.js';
import { type BenchSection, QUICK, absoluteRow, formatMs, formatSamples, median, ratioRow, unmeasuredRow } from './bench-common.js';

// ---------------------------------------------------------------------------------------------------
// The desktop UI in the system-Chromium host: host start → first interactive screen.

export const HOST_RUNS = QUICK ? 2 : 5;
export const HOST_MAX_RATIO = 2;
export const RENDERER_DIR = join(new URL('../..', import.meta.url).pathname, 'renderer');

export const hostSection: BenchSection = {
  key: 'host',
  title: 'Desktop UI: system-Chromium host start → first interactive screen',
  async run() {
    if (!existsSync('/usr/bin/chromium')) return { rows: [unmeasuredRow('host start', 'FAIL', 'Chromium is missing: apt-get install chromium')], notes: [] };
    if (!existsSync(join(RENDERER_DIR, 'index.html'))) return { rows: [unmeasuredRow('host start', 'FAIL', `the UI is not built (${RENDERER_DIR}): npm run build`)], notes: [] };
    const { ours, reference } = await measureHostStart(RENDERER_DIR, HOST_RUNS);
    return {
      rows: [ratioRow(`host start → app ready, median of ${HOST_RUNS}`, median(ours), 'Chromium → static page', median(reference), HOST_MAX_RATIO)],
      notes: [`host start: app ${formatSamples(ours)} ms; the same host showing a one-line page ${formatSamples(reference)} ms.`],
    };
  },
};

// Migration: a 2,000-entry KDBX 4 (Argon2id 64 MiB × 2) imported in at most its KDF time + 1 s.

export const KDBX_RUNS = QUICK ? 1 : 3;

export const kdbxImportSection: BenchSection = {
  key: 'kdbx',
  title: 'Migration: import a 2,000-entry KDBX 4 database (preview + the vault save)',
  async run() {
    const { entries, importMs, kdfMs } = await measureKdbxImport(KDBX_RUNS);
    const kdf = median(kdfMs);
    return {
      rows: [absoluteRow(`import ${entries} entries, median of ${KDBX_RUNS} (KDF ${formatMs(kdf)} ms + 1 s)`, median(importMs), Math.round(kdf + 1000))],
      notes: [`KDBX import: ${formatSamples(importMs)} ms; its Argon2id alone ${formatSamples(kdfMs)} ms.`],
    };
  },
};

