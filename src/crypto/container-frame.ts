// The fixed frame of a store file — magic, version, kind, flags, the two lengths and the trailer checksums —
// checked before any header field is parsed, so a reader can judge a file from its first bytes. FORMAT.md §2.4.

import { equalBytes } from '@noble/ciphers/utils.js';
import { BreakglassError } from '../errors.js';
import { NONCE_LENGTH } from './aead.js';
import { sha256Digest as sha256 } from './digest.js';
import { storeKindFromCode, type StoreKind } from '../shared/store-kind.js';

export const MAGIC = new TextEncoder().encode('BRKGLASS');
export const FORMAT_VERSION = 1;
export const CHECKSUM_LENGTH = 32;
export const TRAILER_LENGTH = 2 * CHECKSUM_LENGTH;
/** Bytes 0..44: magic, version, kind, flags, header length, set id, generation, sealed-at, slot count. */
const FIXED_PREFIX_LENGTH = 45;
/** The smallest header possible: prefix, one slot header, revoked count, public length, nonce, payload length. */
export const MIN_HEADER_LENGTH = FIXED_PREFIX_LENGTH + 3 + 1 + 4 + NONCE_LENGTH + 4;
export const MAX_HEADER_LENGTH = 16 * 1024 * 1024;
export const MAX_PAYLOAD_LENGTH = 512 * 1024 * 1024;

function formatError(message: string): BreakglassError {
  return new BreakglassError('FORMAT', message);
}

function looksLikeMagicPrefix(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, MAGIC.length);
  for (let i = 0; i < n; i++) if (bytes[i] !== MAGIC[i]) return false;
  return true;
}

/** The fixed prefix every store starts with: magic, version, kind, flags and header length (bytes 0–15). */
export const FIXED_HEADER_LENGTH = 16;

/**
 * FORMAT.md §2.4 steps 2–6 and the first half of step 7, from the first min(16, length) bytes of a file of
 * `fileLength` bytes: so a reader can judge a file before it reads it whole. Returns the header length H
 * and the store kind.
 */
export function checkFixedHeader(prefix: Uint8Array, fileLength: number, whatFile = 'store file'): { headerLength: number; kind: StoreKind } {
  if (fileLength < FIXED_HEADER_LENGTH) {
    if (fileLength > 0 && looksLikeMagicPrefix(prefix)) {
      throw new BreakglassError('TRUNCATED', `The ${whatFile} is only ${fileLength} bytes long: it was cut short. Use another copy.`);
    }
    throw formatError(`This is not a Breakglass store (${fileLength === 0 ? 'the file is empty' : 'no BRKGLASS signature'}).`);
  }
  if (prefix.length < FIXED_HEADER_LENGTH) throw new TypeError('prefix must hold the first 16 bytes of the file');
  if (!looksLikeMagicPrefix(prefix)) throw formatError(`This is not a Breakglass store (no BRKGLASS signature at the start).`);
  const version = prefix[8] as number;
  if (version !== FORMAT_VERSION) {
    throw new BreakglassError(
      'UNSUPPORTED_VERSION',
      `This store uses format version ${version}; this Breakglass reads version ${FORMAT_VERSION}. ` +
        'Open it with the Breakglass release (or the recover.py) stored beside it on its drive.',
    );
  }
  const kind = storeKindFromCode(prefix[9] as number);
  if (!kind) throw formatError(`The store header names an unknown store kind (${prefix[9]}): the file is damaged.`);
  if (prefix[10] !== 0 || prefix[11] !== 0) throw formatError('The store header has reserved flag bits set: the file is damaged.');
  const headerLength = new DataView(prefix.buffer, prefix.byteOffset + 12, 4).getUint32(0);
  if (headerLength < MIN_HEADER_LENGTH || headerLength > MAX_HEADER_LENGTH) {
    throw new BreakglassError(
      'INTEGRITY',
      `The ${whatFile}'s header length field (${headerLength}) is impossible: the header is damaged. Use another copy.`,
      { field: 'header' },
    );
  }
  if (fileLength < headerLength + TRAILER_LENGTH) {
    throw new BreakglassError(
      'TRUNCATED',
      `The ${whatFile} is ${fileLength} bytes, shorter than its own header says: it was cut short. Use another copy.`,
    );
  }
  return { headerLength, kind };
}

/** FORMAT.md §2.4 step 7, second half: the length H + C + 64 the header declares, at most `fileLength`. */
export function checkDeclaredLength(headerLength: number, payloadLength: number, fileLength: number, whatFile = 'store file'): number {
  const expectedLength = headerLength + payloadLength + TRAILER_LENGTH;
  if (fileLength < expectedLength) {
    throw new BreakglassError(
      'TRUNCATED',
      `The ${whatFile} is ${fileLength} bytes but its header declares ${expectedLength}: it was cut short ` +
        '(or its header is damaged). Use another copy.',
    );
  }
  return expectedLength;
}

/** FORMAT.md §2.4 steps 8 and 9: the header's checksum, then no byte after the trailer. */
export function checkHeaderChecksum(headerBytes: Uint8Array, headerDigest: Uint8Array, extraBytes: number, whatFile = 'store file'): void {
  if (!equalBytes(sha256(headerBytes), headerDigest)) {
    throw new BreakglassError(
      'INTEGRITY',
      `The ${whatFile}'s header is damaged (its checksum does not match). Nothing was changed; use another copy.`,
      { field: 'header' },
    );
  }
  if (extraBytes > 0) throw formatError(`The ${whatFile} has ${extraBytes} unexpected bytes at its end (non-canonical).`);
}

/** FORMAT.md §2.4 step 11 alone, on a file whose lengths were already checked by parseContainer. */
export function checkPayloadChecksum(file: Uint8Array, whatFile = 'store file'): void {
  const headerLength = new DataView(file.buffer, file.byteOffset + 12, 4).getUint32(0);
  const payloadLength = new DataView(file.buffer, file.byteOffset + headerLength - 4, 4).getUint32(0);
  const end = headerLength + payloadLength;
  if (!equalBytes(sha256(file.subarray(headerLength, end)), file.subarray(end + CHECKSUM_LENGTH, end + TRAILER_LENGTH))) {
    throw new BreakglassError(
      'INTEGRITY',
      `The ${whatFile}'s encrypted payload is damaged (its checksum does not match). Nothing was changed; use another copy.`,
      { field: 'payload' },
    );
  }
}
