// The paper-backup chunk: one QR code's text, "BGP1:" with the store, vault set, generation, fingerprint,
// sequence number, total, base32 data and a checksum, all QR-alphanumeric. Spec: docs/FORMAT.md §13.4.

import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { base32nopad } from '@scure/base';
import { parseContainer, MAX_GENERATION } from '../crypto/container.js';
import { storeKindLabel, type StoreKind } from '../shared/store-kind.js';
import { BreakglassError } from '../errors.js';
import { checkHex, groupHex } from './print-text.js';

export const PAPER_CHUNK_PREFIX = 'BGP1';
/** File bytes per chunk: 1312 base32 characters, so every chunk fits a version-25 QR code at level M. */
export const PAPER_CHUNK_BYTES = 820;
export const PAPER_MAX_CHUNKS = 99_999;
const KIND_LETTER: Readonly<Record<StoreKind, string>> = { 'password-vault': 'P', 'mfa-seeds': 'M' };
const CHECK_DIGITS = 8;

/** Which file a paper backup holds: read from the store's header and its SHA-256. */
export interface PaperBackupMeta {
  readonly kind: StoreKind;
  /** 32 lower-case hex digits. */
  readonly setIdHex: string;
  readonly generation: number;
  /** SHA-256 of the whole store file, 64 lower-case hex digits: the store's fingerprint. */
  readonly fingerprintHex: string;
}

export interface BackupChunk extends PaperBackupMeta {
  /** 1 … total. */
  readonly seq: number;
  readonly total: number;
  readonly data: Uint8Array;
}

/** The meta of a store file, after checking it is a complete, undamaged store (FORMAT.md §2.4). */
export function paperBackupMeta(file: Uint8Array): PaperBackupMeta {
  if (!(file instanceof Uint8Array)) throw new TypeError('file must be a Uint8Array');
  const parsed = parseContainer(file);
  return {
    kind: parsed.header.kind,
    setIdHex: bytesToHex(parsed.header.setId),
    generation: parsed.header.generation,
    fingerprintHex: bytesToHex(parsed.fingerprint),
  };
}

/** Checks given meta against the file (it must describe exactly this file); returns it in canonical form. */
export function checkPaperBackupMeta(file: Uint8Array, meta: PaperBackupMeta | undefined): PaperBackupMeta {
  const actual = paperBackupMeta(file);
  if (meta === undefined) return actual;
  const given: PaperBackupMeta = {
    kind: meta.kind,
    setIdHex: checkHex(meta.setIdHex, 32, 'meta.setIdHex'),
    generation: meta.generation,
    fingerprintHex: checkHex(meta.fingerprintHex, 64, 'meta.fingerprintHex'),
  };
  for (const key of ['kind', 'setIdHex', 'generation', 'fingerprintHex'] as const) {
    if (given[key] !== actual[key]) throw new RangeError(`meta.${key} is ${String(given[key])}, but the file says ${String(actual[key])}`);
  }
  return actual;
}

function chunkChecksum(body: string): string {
  return bytesToHex(sha256(new TextEncoder().encode(body)).subarray(0, CHECK_DIGITS / 2)).toUpperCase();
}

/** The text of one chunk. */
export function encodeBackupChunk(chunk: BackupChunk): string {
  const body = [
    PAPER_CHUNK_PREFIX,
    KIND_LETTER[chunk.kind],
    chunk.setIdHex.toUpperCase(),
    String(chunk.generation),
    chunk.fingerprintHex.toUpperCase(),
    String(chunk.seq),
    String(chunk.total),
    base32nopad.encode(chunk.data),
  ].join(':');
  return `${body}:${chunkChecksum(`${body}:`)}`;
}

/** Cuts a store file into chunk texts, in order (chunk 1 first). */
export function encodeBackupChunks(file: Uint8Array, meta?: PaperBackupMeta, chunkBytes = PAPER_CHUNK_BYTES): string[] {
  const checked = checkPaperBackupMeta(file, meta);
  if (!Number.isInteger(chunkBytes) || chunkBytes < 5 || chunkBytes > PAPER_CHUNK_BYTES || chunkBytes % 5 !== 0) {
    throw new RangeError(`chunkBytes must be a multiple of 5 from 5 to ${PAPER_CHUNK_BYTES}`);
  }
  const total = Math.ceil(file.length / chunkBytes);
  if (total > PAPER_MAX_CHUNKS) throw new RangeError(`the file needs ${total} chunks; a paper backup holds at most ${PAPER_MAX_CHUNKS}`);
  const texts: string[] = [];
  for (let seq = 1; seq <= total; seq++) {
    texts.push(encodeBackupChunk({ ...checked, seq, total, data: file.subarray((seq - 1) * chunkBytes, seq * chunkBytes) }));
  }
  return texts;
}

const DECIMAL = /^[1-9][0-9]*$/;

/**
 * Parses one chunk text (case-insensitive, surrounding white space ignored). Not a chunk, or a malformed
 * one, is [FORMAT]; a checksum mismatch is [INTEGRITY]. `label` names the code in messages.
 */
export function decodeBackupChunk(text: string, label = 'code'): BackupChunk {
  if (typeof text !== 'string') throw new TypeError('text must be a string');
  const upper = text.trim().toUpperCase();
  if (!upper.startsWith(`${PAPER_CHUNK_PREFIX}:`)) {
    const what = upper.startsWith('BGS1:') ? 'a custodian share (BGS1), not a paper-backup chunk: keep share sheets out of a paper restore' : 'not a Breakglass paper-backup chunk (BGP1)';
    throw new BreakglassError('FORMAT', `${label} is ${what}.`, { field: label });
  }
  const malformed = (why: string): BreakglassError =>
    new BreakglassError('FORMAT', `${label} is a damaged paper-backup chunk (${why}): scan that code again.`, { field: label });
  const fields = upper.split(':');
  if (fields.length !== 9) throw malformed(`${fields.length} fields instead of 9`);
  const [, kindLetter, setId, generation, fingerprint, seq, total, data, check] = fields as [string, string, string, string, string, string, string, string, string];
  const kind = (Object.keys(KIND_LETTER) as StoreKind[]).find((k) => KIND_LETTER[k] === kindLetter);
  if (!kind) throw malformed(`unknown store letter "${kindLetter}"`);
  if (!/^[0-9A-F]{32}$/.test(setId)) throw malformed('vault-set id');
  if (!/^[0-9A-F]{64}$/.test(fingerprint)) throw malformed('fingerprint');
  if (!/^[0-9A-F]{8}$/.test(check)) throw malformed('checksum field');
  if (!DECIMAL.test(generation) || Number(generation) > MAX_GENERATION) throw malformed('generation');
  if (!DECIMAL.test(seq) || !DECIMAL.test(total) || Number(total) > PAPER_MAX_CHUNKS || Number(seq) > Number(total)) throw malformed('sequence number or total');
  if (check !== chunkChecksum(upper.slice(0, upper.length - CHECK_DIGITS))) {
    throw new BreakglassError(
      'INTEGRITY',
      `${label} reads as chunk ${seq} of ${total}, but its checksum does not match: it was misread or the paper is damaged. Scan that code again.`,
      { field: label },
    );
  }
  let bytes: Uint8Array;
  try {
    bytes = base32nopad.decode(data);
  } catch {
    throw malformed('its data is not base32');
  }
  if (bytes.length === 0) throw malformed('no data');
  return {
    kind,
    setIdHex: setId.toLowerCase(),
    generation: Number(generation),
    fingerprintHex: fingerprint.toLowerCase(),
    seq: Number(seq),
    total: Number(total),
    data: bytes,
  };
}

/** "generation 7 of the password vault (vault set 3f3f …, fingerprint ab12 cd34 …)". */
export function describeBackup(meta: PaperBackupMeta): string {
  return `generation ${meta.generation} of the ${storeKindLabel(meta.kind)} (vault set ${groupHex(meta.setIdHex).slice(0, 19)} …, fingerprint ${groupHex(meta.fingerprintHex).slice(0, 19)} …)`;
}
