// Benchmark section(s) split out of run.ts; see run.ts for the table and verdicts.

import { combineShareValues, splitKey } from '../../src/custody/shamir.js';
import { shareToWords } from '../../src/custody/share-codec.js';
import { createSharesSlot, unlockWithShares } from '../../src/custody/shares-slot.js';
import { type BenchSection, QUICK, absoluteRow, benchRng, formatSamples, median, timeAsync, toHex } from './bench-common.js';

// ---------------------------------------------------------------------------------------------------
// Section 3: Shamir split + combine of a 16-of-16 set (custody, FORMAT.md §12)

export const SHAMIR_RUNS = QUICK ? 3 : 15;
export const SHAMIR_MAX_MS = 50;

export const shamirSection: BenchSection = {
  key: 'shamir',
  title: 'Custody: Shamir 16-of-16 split + combine (FORMAT.md §12)',
  async run() {
    const raw: number[] = [];
    const full: number[] = [];
    for (let i = 0; i < SHAMIR_RUNS; i++) {
      const key = benchRng.bytes(32);
      const { ms, value } = await timeAsync(async () => combineShareValues(await splitKey(key, 16, 16)));
      if (toHex(value) !== toHex(key)) throw new Error('16-of-16 split + combine did not give the key back');
      raw.push(ms);
      // The whole custody path: new shares slot, 16 shares as words, every check, combine and unwrap.
      const dataKey = benchRng.bytes(32);
      const setId = benchRng.bytes(16);
      const run = await timeAsync(async () => {
        const { slot, shares } = await createSharesSlot(dataKey, 'password-vault', setId, 16, 16, benchRng);
        const header = {
          version: 1,
          kind: 'password-vault' as const,
          setId,
          generation: 1,
          sealedAt: 0,
          slots: [slot],
          revokedShareSets: [],
          publicDocument: new Uint8Array(),
          payloadNonce: benchRng.bytes(24),
        };
        return unlockWithShares(header, shares.map((share) => shareToWords(share).join(' ')));
      });
      if (toHex(run.value) !== toHex(dataKey)) throw new Error('16 shares did not unwrap the data key');
      full.push(run.ms);
    }
    return {
      rows: [
        absoluteRow(`split + combine a 32-byte key, 16-of-16, median of ${SHAMIR_RUNS}`, median(raw), SHAMIR_MAX_MS),
        absoluteRow(`shares slot + 16 shares as words + all checks + unwrap`, median(full), SHAMIR_MAX_MS),
      ],
      notes: [`Shamir samples (ms): split+combine ${formatSamples(raw)}; full path ${formatSamples(full)}.`],
    };
  },
};

