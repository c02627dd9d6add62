// The sealed container (format version 1): header, key slots, encrypted payload and checksums; parsing
// with every MUST-reject rule, and sealing. Spec: docs/FORMAT.md §2 (layout) and §3 (payload).

import { bytesToHex } from '@noble/hashes/utils.js';
import { BreakglassError } from '../errors.js';
import { aeadOpen, aeadSeal, NONCE_LENGTH, TAG_LENGTH } from './aead.js';
import { ByteReader, ByteWriter } from './binary.js';
import { decodeCanonicalJson } from './canonical-json.js';
import { sha256Digest as sha256 } from './digest.js';
import { checkKdfParams, KDF_ARGON2ID, type KdfParams } from './kdf.js';
import {
  checkDeclaredLength,
  checkFixedHeader,
  checkHeaderChecksum,
  checkPayloadChecksum,
  CHECKSUM_LENGTH,
  FIXED_HEADER_LENGTH,
  FORMAT_VERSION,
  MAGIC,
  MAX_HEADER_LENGTH,
  MAX_PAYLOAD_LENGTH,
} from './container-frame.js';
import { STORE_KIND_CODE, storeKindLabel, type StoreKind } from '../shared/store-kind.js';

/** The frame constants and checks (magic, version, lengths, checksums) are part of this module's API. */
export * from './container-frame.js';
export const SET_ID_LENGTH = 16;
export const SHARE_SET_ID_LENGTH = 16;
export const DATA_KEY_LENGTH = 32;
export const WRAPPED_KEY_LENGTH = DATA_KEY_LENGTH + TAG_LENGTH;
export const COMMITMENT_LENGTH = 32;
export const MAX_GENERATION = 0xffffffff;
export const MAX_SHARES = 255;
/** 9999-12-31T23:59:59Z: timestamps keep four-digit years. */
export const MAX_SEALED_AT = 253_402_300_799;

export const SLOT_PASSPHRASE = 0x01;
export const SLOT_SHARES = 0x02;

export interface PassphraseSlot {
  readonly type: 'passphrase';
  readonly kdf: KdfParams;
  readonly salt: Uint8Array;
  readonly nonce: Uint8Array;
  readonly wrappedKey: Uint8Array;
}

export interface SharesSlot {
  readonly type: 'shares';
  readonly shareSetId: Uint8Array;
  readonly threshold: number;
  /** commitments[i - 1] belongs to share index i. */
  readonly commitments: readonly Uint8Array[];
  readonly nonce: Uint8Array;
  readonly wrappedKey: Uint8Array;
}

export type KeySlot = PassphraseSlot | SharesSlot;

export interface ContainerHeader {
  readonly version: number;
  readonly kind: StoreKind;
  readonly setId: Uint8Array;
  readonly generation: number;
  /** Unix time in seconds at which this generation was sealed. */
  readonly sealedAt: number;
  readonly slots: readonly KeySlot[];
  readonly revokedShareSets: readonly Uint8Array[];
  /** The public document: canonical JSON bytes, readable without any key (FORMAT.md §2.3). */
  readonly publicDocument: Uint8Array;
  readonly payloadNonce: Uint8Array;
}

export interface ParsedContainer {
  readonly header: ContainerHeader;
  /** bytes[0 : H], the additional data of the payload. */
  readonly headerBytes: Uint8Array;
  readonly ciphertext: Uint8Array;
  /** SHA-256 of the whole file: the store's fingerprint (computed on first use). */
  readonly fingerprint: Uint8Array;
  readonly fileLength: number;
}

const textEncoder = new TextEncoder();

/** The additional data that binds a wrapped data key to its store, vault set and slot type. */
export function slotAad(kind: StoreKind, setId: Uint8Array, slotType: KeySlot['type']): Uint8Array {
  return textEncoder.encode(`breakglass/v1/slot/${kind}/${bytesToHex(setId)}/${slotType}`);
}

/** Wraps (encrypts) the data key under a key-encryption key for one slot. */
export function wrapDataKey(
  kek: Uint8Array,
  dataKey: Uint8Array,
  nonce: Uint8Array,
  kind: StoreKind,
  setId: Uint8Array,
  slotType: KeySlot['type'],
): Uint8Array {
  if (dataKey.length !== DATA_KEY_LENGTH) throw new TypeError('dataKey must be 32 bytes');
  return aeadSeal(kek, nonce, dataKey, slotAad(kind, setId, slotType));
}

/** Unwraps the data key, or returns null when the key-encryption key is wrong. */
export function unwrapDataKey(header: ContainerHeader, slot: KeySlot, kek: Uint8Array): Uint8Array | null {
  return aeadOpen(kek, slot.nonce, slot.wrappedKey, slotAad(header.kind, header.setId, slot.type));
}

function encodeSlot(writer: ByteWriter, slot: KeySlot): void {
  const body = new ByteWriter();
  if (slot.type === 'passphrase') {
    checkKdfParams(slot.kdf, slot.salt.length);
    body
      .u8(KDF_ARGON2ID)
      .u32(slot.kdf.memoryKiB)
      .u32(slot.kdf.iterations)
      .u8(slot.kdf.parallelism)
      .u8(slot.salt.length)
      .bytes(slot.salt);
  } else {
    const n = slot.commitments.length;
    if (slot.shareSetId.length !== SHARE_SET_ID_LENGTH) throw new TypeError('shareSetId must be 16 bytes');
    if (n < 2 || n > MAX_SHARES) throw new RangeError(`share count must be 2–${MAX_SHARES}, got ${n}`);
    if (!Number.isInteger(slot.threshold) || slot.threshold < 2 || slot.threshold > n) {
      throw new RangeError(`threshold must be 2–${n}, got ${slot.threshold}`);
    }
    body.bytes(slot.shareSetId).u8(slot.threshold).u8(n);
    for (const commitment of slot.commitments) {
      if (commitment.length !== COMMITMENT_LENGTH) throw new TypeError('each commitment must be 32 bytes');
      body.bytes(commitment);
    }
  }
  if (slot.nonce.length !== NONCE_LENGTH) throw new TypeError('slot nonce must be 24 bytes');
  if (slot.wrappedKey.length !== WRAPPED_KEY_LENGTH) throw new TypeError('wrappedKey must be 48 bytes');
  body.bytes(slot.nonce).bytes(slot.wrappedKey);
  const bodyBytes = body.finish();
  writer.u8(slot.type === 'passphrase' ? SLOT_PASSPHRASE : SLOT_SHARES).u16(bodyBytes.length).bytes(bodyBytes);
}

/** Encodes the header for `payloadLength` bytes of ciphertext. */
export function encodeHeader(header: ContainerHeader, payloadLength: number): Uint8Array {
  if (header.setId.length !== SET_ID_LENGTH) throw new TypeError('setId must be 16 bytes');
  if (!Number.isInteger(header.generation) || header.generation < 1 || header.generation > MAX_GENERATION) {
    throw new RangeError(`generation must be 1–${MAX_GENERATION}, got ${header.generation}`);
  }
  if (header.slots.length < 1 || header.slots.length > 2) throw new RangeError('a store has one or two key slots');
  if (new Set(header.slots.map((s) => s.type)).size !== header.slots.length) {
    throw new RangeError('a store has at most one slot of each type');
  }
  if (header.revokedShareSets.length > 255) throw new RangeError('at most 255 revoked share sets');
  if (!Number.isInteger(header.sealedAt) || header.sealedAt < 0 || header.sealedAt > MAX_SEALED_AT) {
    throw new RangeError(`sealedAt must be 0–${MAX_SEALED_AT} seconds, got ${header.sealedAt}`);
  }
  if (header.payloadNonce.length !== NONCE_LENGTH) throw new TypeError('payloadNonce must be 24 bytes');
  // Canonical order: the passphrase slot first, then the shares slot.
  const slots = [...header.slots].sort((a, b) => (a.type === b.type ? 0 : a.type === 'passphrase' ? -1 : 1));
  const body = new ByteWriter()
    .bytes(header.setId)
    .u32(header.generation)
    .u64(header.sealedAt)
    .u8(slots.length);
  for (const slot of slots) encodeSlot(body, slot);
  body.u8(header.revokedShareSets.length);
  for (const id of header.revokedShareSets) {
    if (id.length !== SHARE_SET_ID_LENGTH) throw new TypeError('revoked share-set ids must be 16 bytes');
    body.bytes(id);
  }
  body.u32(header.publicDocument.length).bytes(header.publicDocument).bytes(header.payloadNonce).u32(payloadLength);
  const bodyBytes = body.finish();
  const headerLength = 16 + bodyBytes.length;
  if (headerLength > MAX_HEADER_LENGTH) throw new RangeError('header exceeds 16 MiB');
  return new ByteWriter()
    .bytes(MAGIC)
    .u8(FORMAT_VERSION)
    .u8(STORE_KIND_CODE[header.kind])
    .u16(0)
    .u32(headerLength)
    .bytes(bodyBytes)
    .finish();
}

export interface SealInput {
  readonly header: ContainerHeader;
  readonly dataKey: Uint8Array;
  /** Canonical JSON plaintext of the private document. */
  readonly payload: Uint8Array;
}

/** Encrypts the payload under the data key with the header as additional data; returns the whole file. */
export function sealContainer({ header, dataKey, payload }: SealInput): Uint8Array {
  const payloadLength = payload.length + TAG_LENGTH;
  if (payloadLength > MAX_PAYLOAD_LENGTH) throw new RangeError('payload exceeds 512 MiB');
  const headerBytes = encodeHeader(header, payloadLength);
  const ciphertext = aeadSeal(dataKey, header.payloadNonce, payload, headerBytes);
  return new ByteWriter()
    .bytes(headerBytes)
    .bytes(ciphertext)
    .bytes(sha256(headerBytes))
    .bytes(sha256(ciphertext))
    .finish();
}

function formatError(message: string): BreakglassError {
  return new BreakglassError('FORMAT', message);
}

function parseSlot(reader: ByteReader): KeySlot {
  const type = reader.u8('slot type');
  const bodyLength = reader.u16('slot length');
  const body = new ByteReader(reader.bytes(bodyLength, 'slot body'), 'key slot');
  let slot: KeySlot;
  if (type === SLOT_PASSPHRASE) {
    const kdfId = body.u8('kdf id');
    if (kdfId !== KDF_ARGON2ID) throw formatError(`The passphrase slot names an unknown KDF (id ${kdfId}).`);
    const memoryKiB = body.u32('memory');
    const iterations = body.u32('iterations');
    const parallelism = body.u8('parallelism');
    const saltLength = body.u8('salt length');
    const kdf = { memoryKiB, iterations, parallelism };
    checkKdfParams(kdf, saltLength);
    slot = {
      type: 'passphrase',
      kdf,
      salt: body.bytes(saltLength, 'salt'),
      nonce: body.bytes(NONCE_LENGTH, 'slot nonce'),
      wrappedKey: body.bytes(WRAPPED_KEY_LENGTH, 'wrapped key'),
    };
  } else if (type === SLOT_SHARES) {
    const shareSetId = body.bytes(SHARE_SET_ID_LENGTH, 'share-set id');
    const threshold = body.u8('threshold');
    const count = body.u8('share count');
    if (count < 2 || threshold < 2 || threshold > count) {
      throw formatError(`The shares slot declares ${threshold}-of-${count}, which is not allowed (2 ≤ k ≤ n ≤ 255).`);
    }
    const commitments: Uint8Array[] = [];
    for (let i = 0; i < count; i++) commitments.push(body.bytes(COMMITMENT_LENGTH, 'commitment'));
    slot = {
      type: 'shares',
      shareSetId,
      threshold,
      commitments,
      nonce: body.bytes(NONCE_LENGTH, 'slot nonce'),
      wrappedKey: body.bytes(WRAPPED_KEY_LENGTH, 'wrapped key'),
    };
  } else {
    throw formatError(`The store header holds an unknown key-slot type (${type}).`);
  }
  if (body.remaining !== 0) throw formatError('A key slot is longer than its fields (non-canonical encoding).');
  return slot;
}

export interface ParseOptions {
  /**
   * Leave step 11 (the payload checksum) to a later checkPayloadChecksum call — for a caller that
   * overlaps that hashing with I/O. Every other check still runs.
   */
  readonly deferPayloadChecksum?: boolean;
}

/**
 * Parses a store file and checks everything that can be checked without a key, in the order of
 * FORMAT.md §2.4: magic, version, kind, flags, lengths, checksums, then every field and its bounds.
 */
export function parseContainer(file: Uint8Array, expectedKind?: StoreKind, options: ParseOptions = {}): ParsedContainer {
  if (!(file instanceof Uint8Array)) throw new TypeError('file must be a Uint8Array');
  const whatFile = expectedKind ? `${storeKindLabel(expectedKind)} file` : 'store file';
  const { headerLength, kind } = checkFixedHeader(file.subarray(0, FIXED_HEADER_LENGTH), file.length, whatFile);
  const payloadLength = new DataView(file.buffer, file.byteOffset + headerLength - 4, 4).getUint32(0);
  const expectedLength = checkDeclaredLength(headerLength, payloadLength, file.length, whatFile);
  const headerBytes = file.subarray(0, headerLength);
  const headerDigest = file.subarray(headerLength + payloadLength, headerLength + payloadLength + CHECKSUM_LENGTH);
  checkHeaderChecksum(headerBytes, headerDigest, file.length - expectedLength, whatFile);
  if (payloadLength < TAG_LENGTH || payloadLength > MAX_PAYLOAD_LENGTH) {
    throw formatError(`The ${whatFile}'s payload length (${payloadLength}) is impossible.`);
  }
  const ciphertext = file.subarray(headerLength, headerLength + payloadLength);
  if (!options.deferPayloadChecksum) checkPayloadChecksum(file, whatFile);

  const reader = new ByteReader(headerBytes.subarray(FIXED_HEADER_LENGTH), 'store header');
  const setId = reader.bytes(SET_ID_LENGTH, 'vault-set id');
  const generation = reader.u32('generation');
  if (generation < 1) throw formatError('The store header has generation 0, which is not allowed.');
  const sealedAtBig = reader.u64('sealed-at');
  if (sealedAtBig > BigInt(MAX_SEALED_AT)) throw formatError('The store header has an impossible timestamp (after the year 9999).');
  const slotCount = reader.u8('slot count');
  if (slotCount < 1 || slotCount > 2) throw formatError(`The store header declares ${slotCount} key slots (allowed: 1 or 2).`);
  const slots: KeySlot[] = [];
  for (let i = 0; i < slotCount; i++) slots.push(parseSlot(reader));
  if (slotCount === 2 && !(slots[0]?.type === 'passphrase' && slots[1]?.type === 'shares')) {
    throw formatError('The store header repeats a key-slot type or lists them out of order (non-canonical).');
  }
  const revokedCount = reader.u8('revoked count');
  const revokedShareSets: Uint8Array[] = [];
  for (let i = 0; i < revokedCount; i++) revokedShareSets.push(reader.bytes(SHARE_SET_ID_LENGTH, 'revoked share-set id'));
  if (new Set(revokedShareSets.map((id) => bytesToHex(id))).size !== revokedCount) {
    throw formatError('The store header lists a revoked share set twice (non-canonical).');
  }
  const publicLength = reader.u32('public length');
  const publicDocument = reader.bytes(publicLength, 'public document');
  decodeCanonicalJson(publicDocument, 'public document');
  const payloadNonce = reader.bytes(NONCE_LENGTH, 'payload nonce');
  reader.u32('payload length');
  if (reader.remaining !== 0) throw formatError('The store header is longer than its fields (non-canonical).');

  if (expectedKind && kind !== expectedKind) {
    throw new BreakglassError(
      'WRONG_STORE',
      `This file is the ${storeKindLabel(kind)}, not the ${storeKindLabel(expectedKind)}. ` +
        `Check which file you chose: the ${storeKindLabel(expectedKind)} is a separate file on separate drives.`,
    );
  }
  let fingerprint: Uint8Array | undefined;
  return {
    header: {
      version: FORMAT_VERSION,
      kind,
      setId,
      generation,
      sealedAt: Number(sealedAtBig),
      slots,
      revokedShareSets,
      publicDocument,
      payloadNonce,
    },
    headerBytes,
    ciphertext,
    get fingerprint(): Uint8Array {
      fingerprint ??= sha256(file);
      return fingerprint;
    },
    fileLength: file.length,
  };
}

/** Decrypts the payload with the data key; INTEGRITY if the file was altered with recomputed checksums. */
export function openPayload(parsed: ParsedContainer, dataKey: Uint8Array): Uint8Array {
  const plaintext = aeadOpen(dataKey, parsed.header.payloadNonce, parsed.ciphertext, parsed.headerBytes);
  if (!plaintext) {
    throw new BreakglassError(
      'INTEGRITY',
      `The ${storeKindLabel(parsed.header.kind)} failed authentication: its header or payload was altered after it ` +
        'was sealed. Do not trust this copy; use another one and report it.',
    );
  }
  return plaintext;
}

export function findSlot<T extends KeySlot['type']>(header: ContainerHeader, type: T): Extract<KeySlot, { type: T }> | undefined {
  return header.slots.find((slot): slot is Extract<KeySlot, { type: T }> => slot.type === type);
}

export function setIdHex(setId: Uint8Array): string {
  return bytesToHex(setId);
}
