// Benchmark section(s) split out of run.ts; see run.ts for the table and verdicts.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import { formatTimestamp } from '../../src/shared/timestamps.js';
import { popplerRasterizer, renderPaperBackup, restorePaperBackup } from '../../src/print/index.js';
import { type BenchSection, QUICK, absoluteRow, formatSamples, median, ratioRow, timeAsync, unmeasuredRow } from './bench-common.js';
import { buildLargeVault } from './vault-section.js';

// ---------------------------------------------------------------------------------------------------
// Paper backup of a 500-account vault: print (render the PDF) and restore it from the PDF, against
// pdftoppm + zbarimg doing the restore's reading (rasterise at 150 dpi, decode every QR code).

export const PAPER_ACCOUNTS = 500;
export const PAPER_RUNS = QUICK ? 1 : 3;
export const PAPER_RENDER_MAX_MS = 5_000;
export const PAPER_RESTORE_MAX_RATIO = 1.5;
export const PAPER_RESTORE_MAX_MS = 10_000;

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export const paperSection: BenchSection = {
  key: 'paper',
  title: `Paper backup of a ${PAPER_ACCOUNTS}-account vault: print and restore (FORMAT.md §13)`,
  async run() {
    for (const tool of ['pdftoppm', 'zbarimg']) {
      if (spawnSync(tool, ['-h']).error) {
        return { rows: [unmeasuredRow('paper backup', 'FAIL', `${tool} is missing: apt-get install poppler-utils zbar-tools`)], notes: [] };
      }
    }
    const { bytes } = buildLargeVault(PAPER_ACCOUNTS);
    const work = mkdtempSync(join(tmpdir(), 'bg-bench-paper-'));
    try {
      const renders: number[] = [];
      const restores: number[] = [];
      const references: number[] = [];
      let pages = 0;
      let chunks = 0;
      for (let i = 0; i < PAPER_RUNS; i++) {
        const rendered = await timeAsync(() => renderPaperBackup(bytes, undefined, { paper: 'A4', printedAt: formatTimestamp(Date.now()) }));
        renders.push(rendered.ms);
        ({ pages, chunks } = rendered.value);
        const pdf = rendered.value.pdf;
        const restored = await timeAsync(() => restorePaperBackup([{ name: 'backup.pdf', bytes: pdf }], { rasterizer: popplerRasterizer() }));
        if (sha256Hex(restored.value.file) !== sha256Hex(bytes)) throw new Error('the restored paper backup differs from the store file');
        restores.push(restored.ms);

        const pdfPath = join(work, `backup-${i}.pdf`);
        writeFileSync(pdfPath, pdf);
        const start = performance.now();
        const raster = spawnSync('pdftoppm', ['-r', '150', '-gray', '-png', pdfPath, join(work, `page-${i}`)]);
        const pngs = readdirSync(work).filter((f) => f.startsWith(`page-${i}-`)).map((f) => join(work, f));
        const zbar = spawnSync('zbarimg', ['--quiet', '--raw', ...pngs], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
        references.push(performance.now() - start);
        const found = zbar.stdout.split('\n').filter((line) => line.startsWith('BGP1:')).length;
        if (raster.status !== 0 || found < chunks * 0.95) throw new Error(`reference pdftoppm + zbarimg read ${found} of ${chunks} codes`);
      }
      return {
        rows: [
          absoluteRow(`print: render ${pages} pages (${chunks} QR codes, ${(bytes.length / 1024).toFixed(0)} KiB), median of ${PAPER_RUNS}`, median(renders), PAPER_RENDER_MAX_MS),
          absoluteRow(`restore from the PDF (150 dpi), median of ${PAPER_RUNS}`, median(restores), PAPER_RESTORE_MAX_MS),
          ratioRow(`restore from the PDF (150 dpi) vs reading it with zbar`, median(restores), 'pdftoppm+zbarimg', median(references), PAPER_RESTORE_MAX_RATIO),
        ],
        notes: [
          `paper: render ${formatSamples(renders)} ms; restore ${formatSamples(restores)} ms; reference ${formatSamples(references)} ms. ` +
            'The restore also checks every chunk and the whole file; the reference only reads the codes.',
        ],
      };
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  },
};

