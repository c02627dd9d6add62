import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { BreakglassError } from '../../../src/errors.js';
import {
  decodeBackupChunk,
  encodeBackupChunk,
  encodeBackupChunks,
  formatNumberList,
  makeQrSymbol,
  PAPER_CHUNK_BYTES,
  PAPER_QR_ERROR_CORRECTION,
  PAPER_QR_VERSION,
  paperBackupMeta,
  QR_ALPHANUMERIC,
  restoreFromChunks,
} from '../../../src/print/index.js';
import { seededRng } from '../../support/ports.js';
import { buildSeedStore, buildVault } from '../../support/stores.js';

const PASSPHRASE = 'chunk test passphrase';
const NOW = Date.UTC(2026, 10, 22, 8, 0, 0);
const SET_ID = new Uint8Array(16).fill(7);
const vault = await buildVault({ rng: seededRng('chunks-vault'), nowMs: NOW, passphrase: PASSPHRASE, setId: SET_ID, generation: 3 });
const nextGeneration = await buildVault({ rng: seededRng('chunks-vault-4'), nowMs: NOW, passphrase: PASSPHRASE, setId: SET_ID, generation: 4 });
const otherSet = await buildVault({ rng: seededRng('chunks-other'), nowMs: NOW, passphrase: PASSPHRASE, generation: 3 });
const seeds = await buildSeedStore({ rng: seededRng('chunks-seeds'), nowMs: NOW, passphrase: PASSPHRASE, setId: SET_ID });
// Small chunks so a small store spans many codes.
const CHUNK = 100;
const texts = encodeBackupChunks(vault.bytes, undefined, CHUNK);

function errorOf(run: () => unknown): BreakglassError {
  try {
    run();
  } catch (error) {
    if (error instanceof BreakglassError) return error;
    throw error;
  }
  throw new Error('expected a BreakglassError');
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe('paper-chunks', () => {
  it('cuts a store into numbered chunks that carry the store, set, generation and fingerprint', () => {
    const meta = paperBackupMeta(vault.bytes);
    expect(meta).toEqual({ kind: 'password-vault', setIdHex: bytesToHex(SET_ID), generation: 3, fingerprintHex: bytesToHex(sha256(vault.bytes)) });
    expect(texts).toHaveLength(Math.ceil(vault.bytes.length / CHUNK));
    texts.forEach((text, i) => {
      const chunk = decodeBackupChunk(text);
      expect(chunk).toMatchObject({ ...meta, seq: i + 1, total: texts.length });
      expect(chunk.data).toEqual(vault.bytes.subarray(i * CHUNK, (i + 1) * CHUNK));
      expect(text).toMatch(QR_ALPHANUMERIC);
      expect(text.split(':')).toHaveLength(9);
    });
    expect(texts[0]).toMatch(new RegExp(`^BGP1:P:${bytesToHex(SET_ID).toUpperCase()}:3:${meta.fingerprintHex.toUpperCase()}:1:${texts.length}:[A-Z2-7]+:[0-9A-F]{8}$`));
    expect(encodeBackupChunks(seeds.bytes)[0]).toMatch(/^BGP1:M:/);
  });

  it('fits a full chunk in a version-25 QR code at error correction level M', () => {
    expect(vault.bytes.length).toBeGreaterThan(PAPER_CHUNK_BYTES);
    const full = encodeBackupChunks(vault.bytes)[0] as string;
    expect(decodeBackupChunk(full).data.length).toBe(PAPER_CHUNK_BYTES);
    expect(makeQrSymbol(full, PAPER_QR_ERROR_CORRECTION).version).toBeLessThanOrEqual(PAPER_QR_VERSION);
    // The longest possible chunk: 820 bytes, generation 2^32−1, 99 999 of 99 999.
    const longest = encodeBackupChunk({ ...paperBackupMeta(vault.bytes), generation: 0xffffffff, seq: 99_999, total: 99_999, data: new Uint8Array(PAPER_CHUNK_BYTES) });
    const symbol = makeQrSymbol(longest, PAPER_QR_ERROR_CORRECTION);
    expect(symbol.errorCorrection).toBe('M');
    expect(symbol.version).toBeLessThanOrEqual(PAPER_QR_VERSION);
  });

  it('restores the file byte for byte from chunks in any order, read in lower case or with spaces around', () => {
    for (const seed of [1, 2, 3]) {
      const restored = restoreFromChunks(shuffled(texts, seed));
      expect(bytesToHex(sha256(restored.file))).toBe(bytesToHex(sha256(vault.bytes)));
      expect(restored.file).toEqual(vault.bytes);
      expect(restored).toMatchObject({ chunks: texts.length, duplicates: [] });
    }
    expect(restoreFromChunks(texts.map((t) => `  ${t.toLowerCase()}\n`)).file).toEqual(vault.bytes);
  });

  it('reports a chunk whose checksum does not match by its number', () => {
    const text = texts[4] as string;
    const fields = text.split(':');
    const data = fields[7] as string;
    fields[7] = (data[10] === 'A' ? 'B' : 'A') + data.slice(1);
    const damaged = fields.join(':');
    const error = errorOf(() => decodeBackupChunk(damaged, 'code 5'));
    expect(error.code).toBe('INTEGRITY');
    expect(error.message).toMatch(/code 5 reads as chunk 5 of \d+, but its checksum does not match.*Scan that code again/);
    const inRestore = errorOf(() => restoreFromChunks([...texts.slice(0, 4), damaged, ...texts.slice(5)]));
    expect(inRestore.code).toBe('INTEGRITY');
    expect(inRestore.message).toMatch(/chunk 5 of/);
    // The checksum field itself misread.
    const badCheck = text.slice(0, -1) + (text.endsWith('0') ? '1' : '0');
    expect(errorOf(() => decodeBackupChunk(badCheck)).code).toBe('INTEGRITY');
  });

  it('refuses malformed codes and names a share sheet code that was scanned by mistake', () => {
    expect(errorOf(() => decodeBackupChunk('BGS1:AEA7C4STJLT3')).message).toMatch(/custodian share \(BGS1\).*keep share sheets out/);
    expect(errorOf(() => decodeBackupChunk('https://example.com')).message).toMatch(/not a Breakglass paper-backup chunk/);
    const fields = (texts[0] as string).split(':');
    expect(errorOf(() => decodeBackupChunk(fields.slice(0, 8).join(':'))).message).toMatch(/8 fields instead of 9/);
    expect(errorOf(() => decodeBackupChunk([...fields.slice(0, 1), 'X', ...fields.slice(2)].join(':'))).message).toMatch(/unknown store letter "X"/);
    expect(errorOf(() => decodeBackupChunk([...fields.slice(0, 5), '9', '3', ...fields.slice(7)].join(':'))).message).toMatch(/sequence number or total/);
    expect(() => decodeBackupChunk(42 as unknown as string)).toThrow(TypeError);
  });

  it('reports a chunk of another generation or vault set as foreign, by number, and restores nothing', () => {
    const newer = encodeBackupChunks(nextGeneration.bytes, undefined, CHUNK);
    const mixed = [...texts.slice(0, 2), newer[2] as string, ...texts.slice(3)];
    const error = errorOf(() => restoreFromChunks(mixed));
    expect(error.code).toBe('WRONG_STORE');
    expect(error.message).toMatch(/chunk 3 belongs to generation 4 — not generation 3 of the password vault/);
    expect(error.message).toMatch(/mix two paper backups/);

    const foreign = encodeBackupChunks(otherSet.bytes, undefined, CHUNK);
    const fromOtherSet = errorOf(() => restoreFromChunks([...texts, foreign[0] as string].map((text, i) => ({ text, source: `scan-${i}.png` }))));
    expect(fromOtherSet.code).toBe('WRONG_STORE');
    expect(fromOtherSet.message).toMatch(/chunk 1 \(scan-\d+\.png\) belongs to another vault set/);

    const seedChunks = encodeBackupChunks(seeds.bytes, undefined, CHUNK);
    expect(errorOf(() => restoreFromChunks([...texts, seedChunks[0] as string])).message).toMatch(/chunk 1 belongs to generation 1 of the MFA seed store/);
  });

  it('refuses a whole backup of another store or generation than the one expected', () => {
    const error = errorOf(() => restoreFromChunks(texts, { expect: { kind: 'mfa-seeds' } }));
    expect(error.code).toBe('WRONG_STORE');
    expect(error.message).toMatch(/not the expected paper backup: they hold generation 3 of the password vault/);
    expect(errorOf(() => restoreFromChunks(texts, { expect: { generation: 4 } })).code).toBe('WRONG_STORE');
    expect(restoreFromChunks(texts, { expect: { kind: 'password-vault', setIdHex: bytesToHex(SET_ID).toUpperCase(), generation: 3 } }).file).toEqual(vault.bytes);
  });

  it('reports missing chunks by number and the pages to scan again', () => {
    const total = texts.length;
    const missing = errorOf(() => restoreFromChunks(texts.filter((_, i) => ![2, 4, 7, 8, 9].includes(i))));
    expect(missing.code).toBe('TRUNCATED');
    expect(missing.message).toBe(`Missing chunks 3, 5, 8–10 of ${total}: scan pages 1, 2 of the paper backup again (each page lists the chunk numbers it holds).`);
    const last = errorOf(() => restoreFromChunks(texts.slice(0, -1)));
    expect(last.message).toMatch(new RegExp(`^Missing chunk ${total} of ${total}: scan page ${Math.ceil(total / 9)} `));
    expect(errorOf(() => restoreFromChunks([])).code).toBe('NOT_FOUND');
  });

  it('accepts a chunk read twice identically, naming it, and refuses one read twice differently', () => {
    const twice = restoreFromChunks([...texts, texts[1] as string, texts[6] as string, texts[1] as string]);
    expect(twice.file).toEqual(vault.bytes);
    expect(twice.duplicates).toEqual([2, 7]);
    const chunk2 = decodeBackupChunk(texts[1] as string);
    const forged = encodeBackupChunk({ ...chunk2, data: chunk2.data.map((b) => b ^ 1) });
    const error = errorOf(() => restoreFromChunks([...texts, { text: forged, source: 'page 1 of scan.pdf' }]));
    expect(error.code).toBe('INTEGRITY');
    expect(error.message).toMatch(/Chunk 2 of \d+ was read twice with different contents \(again in page 1 of scan\.pdf\)/);
  });

  it('refuses chunks that agree with each other but not with the fingerprint they carry', () => {
    const meta = paperBackupMeta(vault.bytes);
    const altered = vault.bytes.slice();
    altered[altered.length - 1] = (altered.at(-1) as number) ^ 0xff;
    const forged = Array.from({ length: texts.length }, (_, i) =>
      encodeBackupChunk({ ...meta, seq: i + 1, total: texts.length, data: altered.subarray(i * CHUNK, (i + 1) * CHUNK) }),
    );
    const error = errorOf(() => restoreFromChunks(forged));
    expect(error.code).toBe('INTEGRITY');
    expect(error.message).toMatch(/SHA-256 is [0-9a-f]{16} …, not the fingerprint [0-9a-f]{16} … printed on the backup: nothing was written/);
  });

  it('refuses to back up a damaged store, and checks its arguments', () => {
    expect(() => encodeBackupChunks(vault.bytes.subarray(0, vault.bytes.length - 1))).toThrow(BreakglassError);
    expect(() => encodeBackupChunks(vault.bytes, undefined, 7)).toThrow(RangeError);
    expect(() => encodeBackupChunks(vault.bytes, undefined, PAPER_CHUNK_BYTES + 5)).toThrow(RangeError);
    expect(() => encodeBackupChunks(vault.bytes, { ...paperBackupMeta(vault.bytes), generation: 9 })).toThrow(/meta.generation is 9, but the file says 3/);
    expect(() => paperBackupMeta('x' as unknown as Uint8Array)).toThrow(TypeError);
  });

  it('lists numbers as ranges', () => {
    expect(formatNumberList([9, 3, 4, 5, 1, 12, 11])).toBe('1, 3–5, 9, 11, 12');
    expect(formatNumberList([2, 2])).toBe('2');
  });
});
