// Benchmark section(s) split out of run.ts; see run.ts for the table and verdicts.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import { exportToDrive } from '../../src/drives/export.js';
import { EMPTY_REGISTER } from '../../src/drives/register.js';
import { formatTimestamp } from '../../src/shared/timestamps.js';
import { type BenchSection, QUICK, benchRng, formatSamples, median, timeAsync } from './bench-common.js';
import { buildLargeVault } from './vault-section.js';

// ---------------------------------------------------------------------------------------------------
// Section 4: export + read-back of a 50 MB store vs cp + sync + sha256sum (drives, FORMAT.md §14)

export const EXPORT_RUNS = QUICK ? 1 : 3;
export const EXPORT_MIN_RATIO = 0.95;

export const exportSection: BenchSection = {
  key: 'export',
  title: 'Drives: export + read-back of a 50 MB store vs cp + sync + sha256sum, same filesystem (FORMAT.md §14)',
  async run() {
    process.stderr.write('bench: building a ~50 MB vault…\n');
    const { bytes } = buildLargeVault(5_000, 10_000);
    const work = mkdtempSync(join(tmpdir(), 'bg-bench-export-'));
    try {
      const source = join(work, 'password-vault.bgv');
      writeFileSync(source, bytes);
      const ours: number[] = [];
      const theirs: number[] = [];
      for (let i = 0; i < EXPORT_RUNS; i++) {
        const target = join(work, `ours-${i}`);
        mkdirSync(target);
        const run = await timeAsync(() =>
          exportToDrive({
            target: { mountPoint: target, serial: `BENCH-${i}`, uuid: null, label: null, removable: true },
            driveName: `bench ${i}`,
            allowFixed: false,
            storeFile: bytes,
            extraFiles: [],
            register: EMPTY_REGISTER,
            appVersion: 'bench',
            now: formatTimestamp(Date.now()),
            rng: benchRng,
          }),
        );
        ours.push(run.ms);
        const dest = join(work, `cp-${i}.bgv`);
        const start = performance.now();
        const cp = spawnSync('cp', [source, dest]);
        const sync = spawnSync('sync', [dest]);
        const sum = spawnSync('sha256sum', [dest], { encoding: 'utf8' });
        theirs.push(performance.now() - start);
        if (cp.status !== 0 || sync.status !== 0 || !sum.stdout.startsWith(run.value.manifest.store.sha256)) {
          throw new Error('reference cp + sync + sha256sum failed or disagreed with our SHA-256');
        }
      }
      const mb = bytes.length / 1e6;
      const ourThroughput = mb / (median(ours) / 1000);
      const refThroughput = mb / (median(theirs) / 1000);
      const ratio = ourThroughput / refThroughput;
      return {
        rows: [
          {
            name: `export ${mb.toFixed(1)} MB + read-back (throughput MB/s), median of ${EXPORT_RUNS}`,
            oursMs: median(ours),
            referenceName: 'cp+sync+sha256sum',
            referenceMs: median(theirs),
            ratio,
            target: `throughput ≥ ${EXPORT_MIN_RATIO}×`,
            verdict: ratio >= EXPORT_MIN_RATIO ? 'PASS' : 'MISS',
          },
        ],
        notes: [
          `export throughput ${ourThroughput.toFixed(0)} MB/s vs reference ${refThroughput.toFixed(0)} MB/s (ratio here is throughput ours/reference, higher is better); ` +
            `samples ours ${formatSamples(ours)} ms, reference ${formatSamples(theirs)} ms; target directory on ${tmpdir()}.`,
        ],
      };
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  },
};

