// A paper backup read back from scans made the way custodians make them — rotated up to 5°, at 150 and
// 200 dpi, JPEG quality 60, mild blur and noise, a phone-photo perspective — restored byte for byte.

import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { renderPaperBackup, restorePaperBackup } from '../../src/print/index.js';
import { seededRng } from '../support/ports.js';
import { SCAN_CONDITIONS, scanUnder } from '../support/scan-conditions.js';
import { buildVault } from '../support/stores.js';
import { findTool, itWithTools } from '../support/tools.js';

const withTools = itWithTools([findTool('pdftoppm', ['-v'], 'poppler-utils'), findTool('convert', ['-version'], 'imagemagick')]);
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

let root: string;
let file: Uint8Array;
let pdf: Uint8Array;
let chunks: number;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bg-scan-conditions-'));
  const accounts = Array.from({ length: 40 }, (_, i) => ({
    accountId: String(400000000000 + i),
    name: `Workload ${i}`,
    accountClass: i === 0 ? 'management' : 'excluded',
    email: `aws-root+${i}@example.com`,
    notes: i % 5 === 0 ? 'Owner: platform team.' : '',
    password: `Generated-Password-${i}-aB3!xyz`,
  }));
  file = (await buildVault({ rng: seededRng('scan-conditions'), nowMs: Date.UTC(2026, 10, 1), passphrase: 'scan conditions passphrase', setId: new Uint8Array(16).fill(0x3c), generation: 2 }, accounts)).bytes;
  ({ pdf, chunks } = await renderPaperBackup(file, undefined, { paper: 'A4', printedAt: '2026-11-22T08:00:00Z' }));
}, 120_000);
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('paper restore from real-world scans', () => {
  for (const condition of SCAN_CONDITIONS) {
    withTools(`restores byte for byte from pages ${condition.name}`, async () => {
      const scans = await scanUnder(condition, pdf, root);
      const restored = await restorePaperBackup(scans, {});
      const read = restored.scans.reduce((sum, scan) => sum + scan.codes, 0);
      console.log(`scan condition "${condition.name}": ${read} of ${chunks} codes read (${((100 * read) / chunks).toFixed(0)}%)`);
      expect(read).toBe(chunks);
      expect(sha256(restored.file)).toBe(sha256(file));
      expect(restored.file).toEqual(file);
    }, 180_000);
  }
});
