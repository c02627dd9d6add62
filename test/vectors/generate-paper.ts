// Generates the paper-backup chunk vectors of FORMAT.md §13.4–13.5 (test/vectors/paper) from the checked-in
// container vector 001: its 1 392-byte file is two chunks. Deterministic; `npm run vectors` rewrites them.

import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { decodeBackupChunk, encodeBackupChunk, encodeBackupChunks } from '../../src/print/paper-chunks.js';
import { readTestVector, readTestVectors, readTestVectorText, renderTestVector, writeTestVectors, type TestVector, type VectorFamily } from '../support/vectors.js';
import { parseVector, CONTAINER_VECTORS } from './generate.js';

export const PAPER_VECTORS: VectorFamily = {
  name: 'paper',
  expect: ['ok', 'INTEGRITY', 'WRONG_STORE', 'TRUNCATED'],
  keys: { sha256: {} },
};
export const PAPER_VECTOR_SOURCE = '001-password-vault.txt';

export interface PaperVector {
  readonly name: string;
  /** ok, or the code of FORMAT.md §13.5 a restore refuses with. */
  readonly expect: string;
  readonly comments: readonly string[];
  /** ok only: SHA-256 of the restored file (the fingerprint in every chunk). */
  readonly sha256?: string;
  /** The chunk texts, one per line, as `zbarimg --raw` prints them. */
  readonly chunks: readonly string[];
}

/** The store file the vectors cut into chunks: container vector 001, as checked in. */
export function paperVectorSourceFile(): Uint8Array {
  return parseVector(readTestVectorText(CONTAINER_VECTORS, PAPER_VECTOR_SOURCE)).file;
}

/** Replaces the last colon-separated field (CHECK) by the checksum of everything before it (§13.4). */
function withFreshCheck(text: string): string {
  const body = text.slice(0, text.lastIndexOf(':') + 1);
  return body + bytesToHex(sha256(new TextEncoder().encode(body)).subarray(0, 4)).toUpperCase();
}

export function buildPaperVectors(): PaperVector[] {
  const file = paperVectorSourceFile();
  const [one, two] = encodeBackupChunks(file) as [string, string];
  const fingerprint = bytesToHex(sha256(file));
  const source = `container/${PAPER_VECTOR_SOURCE}`;

  // One data character of chunk 2 changed (base32 "A" ↔ "B"), CHECK left as printed.
  const fields = two.split(':');
  const data = fields[7] as string;
  const at = 100;
  const altered = data.slice(0, at) + (data[at] === 'A' ? 'B' : 'A') + data.slice(at + 1);
  const badCheck = [...fields.slice(0, 7), altered, fields[8]].join(':');

  // Chunk 2 relabelled as a chunk of another vault set (ids differ), its CHECK recomputed: well-formed, foreign.
  const foreignChunk = decodeBackupChunk(two);
  const foreign = encodeBackupChunk({ ...foreignChunk, setIdHex: 'a5'.repeat(16) });

  // Chunk 2 with one data character changed and its CHECK recomputed: every chunk checks, the file does not.
  const forged = withFreshCheck([...fields.slice(0, 7), altered, fields[8]].join(':'));

  return [
    {
      name: '001-valid-two-chunks',
      expect: 'ok',
      comments: [`${source} (${file.length} bytes) as its two chunks: 820 bytes, then 572.`],
      sha256: fingerprint,
      chunks: [one, two],
    },
    {
      name: '002-any-order',
      expect: 'ok',
      comments: ['Vector 001 with chunk 2 read first and chunk 1 read twice: order does not matter, an identical repeat is harmless.'],
      sha256: fingerprint,
      chunks: [two, one, one],
    },
    {
      name: '003-bad-check',
      expect: 'INTEGRITY',
      comments: ['Vector 001 with data character 101 of chunk 2 changed and the CHECK as printed: the chunk is refused by number.'],
      chunks: [one, badCheck],
    },
    {
      name: '004-foreign-set',
      expect: 'WRONG_STORE',
      comments: ['Vector 001 plus chunk 2 relabelled with vault set a5a5…a5 (CHECK recomputed): a chunk of another backup.'],
      chunks: [one, two, foreign],
    },
    {
      name: '005-missing-chunk',
      expect: 'TRUNCATED',
      comments: ['Vector 001 without chunk 2: readers name the missing chunk ("Missing chunk 2 of 2").'],
      chunks: [one],
    },
    {
      name: '006-file-sha256-mismatch',
      expect: 'INTEGRITY',
      comments: ['Vector 001 with a data character of chunk 2 changed and its CHECK recomputed: the reassembled file\'s SHA-256 is not the fingerprint.'],
      chunks: [one, forged],
    },
  ];
}

export function renderPaperVector(vector: PaperVector): string {
  const header: [string, string][] = [['expect', vector.expect], ...vector.comments.map((c): [string, string] => ['comment', c])];
  if (vector.sha256 !== undefined) header.push(['sha256', vector.sha256]);
  return renderTestVector(header, vector.chunks.join('\n'));
}

/** The chunk texts of a paper vector: one a line, in the order read. */
export function paperChunks(vector: TestVector): string[] {
  return vector.data.split('\n').filter((line) => line.trim() !== '');
}

/** Every checked-in paper vector, with its chunk texts. */
export function readPaperVectors(): { readonly name: string; readonly vector: TestVector; readonly chunks: string[] }[] {
  return readTestVectors(PAPER_VECTORS).map(({ name, vector }) => ({ name, vector, chunks: paperChunks(vector) }));
}

/** One paper vector by file name, with its chunk texts. */
export function readPaperVector(name: string): { readonly vector: TestVector; readonly chunks: string[] } {
  const vector = readTestVector(PAPER_VECTORS, name);
  return { vector, chunks: paperChunks(vector) };
}

export function writePaperVectors(): void {
  writeTestVectors(PAPER_VECTORS, buildPaperVectors().map((vector) => ({ name: vector.name, text: renderPaperVector(vector) })));
}
