// Holds the paper-backup decoder (decodeBackupChunk, restoreFromChunks) against the chunk vectors of
// FORMAT.md §13.4–13.5 (test/vectors/paper), and checks they are what the generator produces today.

import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { BreakglassError } from '../../src/errors.js';
import { restoreFromChunks } from '../../src/print/paper-restore.js';
import { readTestVectorText } from '../support/vectors.js';
import { buildPaperVectors, PAPER_VECTORS, paperVectorSourceFile, readPaperVector, readPaperVectors, renderPaperVector } from './generate-paper.js';

const vectors = readPaperVectors();
const names = vectors.map(({ name }) => name);

/** What each refusal's message must say, beyond its code. */
const MESSAGES: Record<string, RegExp> = {
  '003-bad-check.txt': /^code 2 reads as chunk 2 of 2, but its checksum does not match/,
  '004-foreign-set.txt': /^chunk 2 belongs to another vault set .*a5a5 a5a5.* — not generation 3 of the password vault/,
  '005-missing-chunk.txt': /^Missing chunk 2 of 2: scan page 1 of the paper backup again/,
  '006-file-sha256-mismatch.txt': /SHA-256 is [0-9a-f]{16} …, not the fingerprint .*nothing was written/,
};

describe('paper-backup vectors', () => {
  it('cover a valid set and every refusal the printed-artifacts issue names', () => {
    const expects = vectors.map(({ vector }) => vector.expect);
    for (const needed of ['ok', 'INTEGRITY', 'WRONG_STORE', 'TRUNCATED']) expect(expects).toContain(needed);
    expect(names).toEqual(Object.keys(MESSAGES).concat(['001-valid-two-chunks.txt', '002-any-order.txt']).sort());
  });

  it('are exactly what the generator writes', () => {
    const built = buildPaperVectors();
    expect(built.map((v) => `${v.name}.txt`)).toEqual(names);
    for (const vector of built) expect(readTestVectorText(PAPER_VECTORS, `${vector.name}.txt`), vector.name).toBe(renderPaperVector(vector));
  });

  for (const { name, vector, chunks } of vectors) {
    it(`restores or refuses ${name} as expected through restoreFromChunks`, () => {
      let outcome = 'ok';
      let restored: Uint8Array | undefined;
      try {
        restored = restoreFromChunks(chunks).file;
      } catch (error) {
        if (!(error instanceof BreakglassError)) throw error;
        outcome = error.code;
        expect(error.message).toMatch(MESSAGES[name] ?? /^$/);
      }
      expect(outcome).toBe(vector.expect);
      if (restored) {
        expect(bytesToHex(sha256(restored))).toBe(vector.one('sha256'));
        expect(restored).toEqual(paperVectorSourceFile());
      }
    });
  }

  it('parses chunks case-insensitively, with surrounding white space', () => {
    const { chunks } = readPaperVector('001-valid-two-chunks.txt');
    const restored = restoreFromChunks(chunks.map((c) => `  ${c.toLowerCase()}\r\n`)).file;
    expect(restored).toEqual(paperVectorSourceFile());
  });
});
