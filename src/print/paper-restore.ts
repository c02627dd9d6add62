// Restoring a store from its paper backup: chunks in any order, from any number of scans, reassembled only
// when every chunk is there, none conflicts or is foreign, and SHA-256 matches. Spec: docs/FORMAT.md §13.5.

import { equalBytes } from '@noble/ciphers/utils.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { BreakglassError } from '../errors.js';
import { decodeBackupChunk, describeBackup, paperBackupMeta, type BackupChunk, type PaperBackupMeta } from './paper-chunks.js';
import { CHUNKS_PER_PAGE } from './paper-layout.js';
import type { PdfRasterizer } from './pdf-raster.js';
import { decodeQrCodesFromPdf } from './pdf-raster.js';
import { decodeQrCodesFromImage, sniffImageKind } from './qr-scan.js';
import { readQrCodesWithZxing } from './zxing-reader.js';

/** A code's text and where it was read (a file name, "page 3 of scan.pdf"), for messages. */
export interface ScannedCode {
  readonly text: string;
  readonly source?: string;
}

export interface PaperRestoreOptions {
  /** What the restored file must be; a backup of anything else is refused [WRONG_STORE]. */
  readonly expect?: Partial<PaperBackupMeta>;
}

export interface PaperRestoreResult {
  /** The store file, byte for byte; its SHA-256 is meta.fingerprintHex. */
  readonly file: Uint8Array;
  readonly meta: PaperBackupMeta;
  /** Chunks in the backup. */
  readonly chunks: number;
  /** Chunk numbers read more than once (identically: harmless). */
  readonly duplicates: readonly number[];
}

/** "3, 4, 9–12, 30" */
export function formatNumberList(numbers: readonly number[]): string {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] as number) + 1) j++;
    parts.push(j - i >= 2 ? `${sorted[i]}–${sorted[j]}` : sorted.slice(i, j + 1).join(', '));
    i = j + 1;
  }
  return parts.join(', ');
}

function identity(chunk: PaperBackupMeta & { total: number }): string {
  return `${chunk.kind}/${chunk.setIdHex}/${chunk.generation}/${chunk.fingerprintHex}/${chunk.total}`;
}

function sameAs(meta: PaperBackupMeta, expect: Partial<PaperBackupMeta>): boolean {
  return (
    (expect.kind === undefined || expect.kind === meta.kind) &&
    (expect.setIdHex === undefined || expect.setIdHex.toLowerCase() === meta.setIdHex) &&
    (expect.generation === undefined || expect.generation === meta.generation) &&
    (expect.fingerprintHex === undefined || expect.fingerprintHex.toLowerCase() === meta.fingerprintHex)
  );
}

function describeDifference(chunk: BackupChunk, main: BackupChunk): string {
  if (chunk.kind !== main.kind) return describeBackup(chunk);
  if (chunk.setIdHex !== main.setIdHex) return `another vault set (${describeBackup(chunk)})`;
  if (chunk.generation !== main.generation) return `generation ${chunk.generation}`;
  if (chunk.fingerprintHex !== main.fingerprintHex) return `a different file of generation ${chunk.generation} (fingerprint ${chunk.fingerprintHex.slice(0, 8)} …)`;
  return `a backup of ${chunk.total} chunks`;
}

/**
 * Reassembles a store from chunk texts in any order. Refuses — naming chunks by number — codes that are
 * not chunks or are damaged, chunks of another backup [WRONG_STORE], the same chunk number with two
 * different contents [INTEGRITY], missing chunks [TRUNCATED], and a result whose SHA-256 is not the
 * fingerprint every chunk carries [INTEGRITY].
 */
export function restoreFromChunks(codes: readonly (string | ScannedCode)[], options: PaperRestoreOptions = {}): PaperRestoreResult {
  if (!Array.isArray(codes)) throw new TypeError('codes must be an array');
  if (codes.length === 0) {
    throw new BreakglassError('NOT_FOUND', 'No paper-backup codes were read. Scan every page of the paper backup (150 dpi or more) and try again.');
  }
  const chunks = codes.map((code, i) => {
    const { text, source } = typeof code === 'string' ? { text: code, source: undefined } : code;
    return { chunk: decodeBackupChunk(text, source === undefined ? `code ${i + 1}` : `code ${i + 1} (${source})`), source };
  });

  // The backup being restored: the one expected, else the one most codes belong to.
  const groups = new Map<string, BackupChunk[]>();
  for (const { chunk } of chunks) groups.set(identity(chunk), [...(groups.get(identity(chunk)) ?? []), chunk]);
  const ranked = [...groups.values()].sort((a, b) => b.length - a.length);
  const expect = options.expect;
  const mainGroup = expect ? ranked.find((g) => sameAs(g[0] as BackupChunk, expect)) : ranked[0];
  if (!mainGroup) {
    const found = ranked.map((g) => describeBackup(g[0] as BackupChunk)).join('; ');
    throw new BreakglassError('WRONG_STORE', `The scanned pages are not the expected paper backup: they hold ${found}. Fetch the paper backup of the right store and generation.`);
  }
  const main = mainGroup[0] as BackupChunk;
  const foreign = chunks.filter(({ chunk }) => identity(chunk) !== identity(main));
  if (foreign.length > 0) {
    const lines = foreign.slice(0, 5).map(({ chunk, source }) => `chunk ${chunk.seq}${source ? ` (${source})` : ''} belongs to ${describeDifference(chunk, main)}`);
    throw new BreakglassError(
      'WRONG_STORE',
      `${lines.join('; ')}${foreign.length > 5 ? `; and ${foreign.length - 5} more` : ''} — not ${describeBackup(main)}. ` +
        'The scans mix two paper backups: scan only the pages of one (compare the generation and fingerprint printed at the foot of each page).',
    );
  }

  const bySeq = new Map<number, Uint8Array>();
  const duplicates: number[] = [];
  for (const { chunk, source } of chunks) {
    const earlier = bySeq.get(chunk.seq);
    if (earlier === undefined) bySeq.set(chunk.seq, chunk.data);
    else if (equalBytes(earlier, chunk.data)) duplicates.push(chunk.seq);
    else {
      throw new BreakglassError(
        'INTEGRITY',
        `Chunk ${chunk.seq} of ${main.total} was read twice with different contents${source ? ` (again in ${source})` : ''}: one of them is forged or from a tampered page. Do not use this backup; report it.`,
      );
    }
  }
  const missing: number[] = [];
  for (let seq = 1; seq <= main.total; seq++) if (!bySeq.has(seq)) missing.push(seq);
  if (missing.length > 0) {
    const pages = formatNumberList(missing.map((seq) => Math.ceil(seq / CHUNKS_PER_PAGE)));
    throw new BreakglassError(
      'TRUNCATED',
      `Missing chunk${missing.length === 1 ? '' : 's'} ${formatNumberList(missing)} of ${main.total}: scan ` +
        `page${pages.includes(',') || pages.includes('–') ? 's' : ''} ${pages} of the paper backup again (each page lists the chunk numbers it holds).`,
    );
  }

  const length = [...bySeq.values()].reduce((sum, data) => sum + data.length, 0);
  const file = new Uint8Array(length);
  let offset = 0;
  for (let seq = 1; seq <= main.total; seq++) {
    const data = bySeq.get(seq) as Uint8Array;
    file.set(data, offset);
    offset += data.length;
  }
  const actual = bytesToHex(sha256(file));
  if (actual !== main.fingerprintHex) {
    throw new BreakglassError(
      'INTEGRITY',
      `The reassembled file's SHA-256 is ${actual.slice(0, 16)} …, not the fingerprint ${main.fingerprintHex.slice(0, 16)} … printed on the backup: nothing was written. ` +
        'The backup was altered; use another copy and report it.',
    );
  }
  const meta = paperBackupMeta(file);
  if (identity({ ...meta, total: main.total }) !== identity(main)) {
    throw new BreakglassError('INTEGRITY', `The restored file is ${describeBackup(meta)}, but its chunks say ${describeBackup(main)}: the backup was made wrongly. Use another copy.`);
  }
  return { file, meta, chunks: main.total, duplicates: [...new Set(duplicates)].sort((a, b) => a - b) };
}

/** One scanned file given to a paper restore: a PNG or JPEG page, or the backup's PDF itself. */
export interface PaperScan {
  readonly name: string;
  readonly bytes: Uint8Array;
}

export interface PaperScanReport {
  readonly name: string;
  /** Pages read (1 for an image). */
  readonly pages: number;
  /** Paper-backup codes read in it. */
  readonly codes: number;
}

/**
 * Both decoders on a scanned image, every text once: jsQR's region search (which also checks the image's
 * size and format first) and ZXing-C++, which reads rotated, blurred and photographed codes jsQR misses.
 */
async function decodeScannedImage(bytes: Uint8Array, name: string): Promise<string[]> {
  const texts = decodeQrCodesFromImage(bytes, name);
  for (const text of await readQrCodesWithZxing(bytes)) if (!texts.includes(text)) texts.push(text);
  return texts;
}

/**
 * The API behind `breakglass paper restore --out FILE IMAGE...`: reads every code in the scans (PNG, JPEG,
 * or PDF through `rasterizer`), then restores. The caller writes `file` (atomically) only on success.
 */
export async function restorePaperBackup(
  scans: readonly PaperScan[],
  options: PaperRestoreOptions & { readonly rasterizer?: PdfRasterizer; readonly dpi?: number } = {},
): Promise<PaperRestoreResult & { readonly scans: readonly PaperScanReport[] }> {
  if (!Array.isArray(scans) || scans.length === 0) throw new TypeError('scans must be a non-empty array');
  const codes: ScannedCode[] = [];
  const reports: PaperScanReport[] = [];
  for (const scan of scans) {
    const kind = sniffImageKind(scan.bytes);
    if (kind === undefined) throw new BreakglassError('FORMAT', `${scan.name} is not a PNG, JPEG or PDF file: scan the pages as PNG or JPEG.`);
    const pages: string[][] =
      kind === 'pdf'
        ? await decodeQrCodesFromPdf(scan.bytes, { rasterizer: options.rasterizer, dpi: options.dpi, label: scan.name })
        : [await decodeScannedImage(scan.bytes, scan.name)];
    let count = 0;
    pages.forEach((texts, i) => {
      for (const text of texts) {
        codes.push({ text, source: kind === 'pdf' ? `page ${i + 1} of ${scan.name}` : scan.name });
        count++;
      }
    });
    reports.push({ name: scan.name, pages: pages.length, codes: count });
  }
  const empty = reports.filter((r) => r.codes === 0).map((r) => r.name);
  if (codes.length === 0) {
    throw new BreakglassError('NOT_FOUND', `No QR code could be read in ${empty.join(', ')}. Scan the pages flat, at 150–600 dpi, in good light.`);
  }
  return { ...restoreFromChunks(codes, options), scans: reports };
}
