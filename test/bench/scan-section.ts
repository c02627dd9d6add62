// Benchmark section(s) split out of run.ts; see run.ts for the table and verdicts.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { formatTimestamp } from '../../src/shared/timestamps.js';
import { renderPaperBackup, restorePaperBackup } from '../../src/print/index.js';
import { SCAN_CONDITIONS, scanUnder } from '../support/scan-conditions.js';
import { type BenchRow, type BenchSection, infoRow, timeAsync, unmeasuredRow } from './bench-common.js';
import { buildLargeVault } from './vault-section.js';
import { sha256Hex } from './paper-section.js';

// ---------------------------------------------------------------------------------------------------
// Paper restore from real-world scans: decode rate per condition (pdftoppm pages bent by ImageMagick).

export const scanSection: BenchSection = {
  key: 'scan-conditions',
  title: 'Paper restore from scans under real-world conditions: codes read per condition (FORMAT.md §13)',
  async run() {
    if (spawnSync('convert', ['-version']).error) return { rows: [unmeasuredRow('scan conditions', 'FAIL', 'convert is missing: apt-get install imagemagick')], notes: [] };
    const { bytes } = buildLargeVault(40);
    const work = mkdtempSync(join(tmpdir(), 'bg-bench-scans-'));
    try {
      const { pdf, chunks } = await renderPaperBackup(bytes, undefined, { paper: 'A4', printedAt: formatTimestamp(Date.now()) });
      const rows: BenchRow[] = [];
      for (const condition of SCAN_CONDITIONS) {
        const scans = await scanUnder(condition, pdf, work);
        const name = `${condition.name}: codes read`;
        try {
          const run = await timeAsync(() => restorePaperBackup(scans, {}));
          const read = run.value.scans.reduce((sum, scan) => sum + scan.codes, 0);
          const exact = sha256Hex(run.value.file) === sha256Hex(bytes);
          rows.push({ ...infoRow(`${name} ${read} of ${chunks} (${((100 * read) / chunks).toFixed(0)}%), restore`, run.ms), target: '100%, exact', verdict: read === chunks && exact ? 'PASS' : 'MISS' });
        } catch (error) {
          rows.push(unmeasuredRow(name, 'FAIL', error instanceof Error ? error.message : String(error)));
        }
      }
      return { rows, notes: [`scan conditions: a ${chunks}-code paper backup, pages rendered by pdftoppm -gray and changed by ImageMagick convert; ours = jsQR ∪ ZXing-C++ per image.`] };
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  },
};

