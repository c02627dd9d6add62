// Per-secret sealing inside a store: each root password and each MFA seed is its own XChaCha20-Poly1305
// box under the store's data key, so opening a store never decrypts every secret. Spec: FORMAT.md §3.1.

import { base64 } from '@scure/base';
import { bytesToHex } from '@noble/hashes/utils.js';
import { BreakglassError } from '../errors.js';
import type { Rng } from '../shared/determinism.js';
import { aeadOpen, aeadSeal, NONCE_LENGTH, TAG_LENGTH } from './aead.js';
import type { StoreKind } from '../shared/store-kind.js';

export interface SecretBox {
  readonly nonce: string;
  readonly ct: string;
}

/** Identifies what a box holds, bound into its additional data so boxes cannot be swapped. */
export interface SecretBoxContext {
  readonly kind: StoreKind;
  readonly setId: Uint8Array;
  /** The account id (password vault) or device id (MFA seed store) the secret belongs to. */
  readonly entryId: string;
}

export function secretBoxAad({ kind, setId, entryId }: SecretBoxContext): Uint8Array {
  return new TextEncoder().encode(`breakglass/v1/secret/${kind}/${bytesToHex(setId)}/${entryId}`);
}

export function sealSecret(dataKey: Uint8Array, secret: Uint8Array, context: SecretBoxContext, rng: Rng): SecretBox {
  const nonce = rng.bytes(NONCE_LENGTH);
  const ct = aeadSeal(dataKey, nonce, secret, secretBoxAad(context));
  return { nonce: base64.encode(nonce), ct: base64.encode(ct) };
}

/** Decodes standard padded base64 and rejects any other spelling of the same bytes. */
export function decodeCanonicalBase64(text: unknown, field: string): Uint8Array {
  let bytes: Uint8Array | undefined;
  if (typeof text === 'string') {
    try {
      bytes = base64.decode(text);
    } catch {
      bytes = undefined;
    }
  }
  if (!bytes || base64.encode(bytes) !== text) {
    throw new BreakglassError('FORMAT', `The ${field} is not canonical base64: the store is damaged.`, { field });
  }
  return bytes;
}

export function isSecretBox(value: unknown): value is SecretBox {
  if (typeof value !== 'object' || value === null) return false;
  const keys = Object.keys(value);
  const box = value as Record<string, unknown>;
  const exactKeys = keys.length === 2 && ((keys[0] === 'ct' && keys[1] === 'nonce') || (keys[0] === 'nonce' && keys[1] === 'ct'));
  return exactKeys && typeof box.nonce === 'string' && typeof box.ct === 'string';
}

/** Each base64 character's 6-bit value by character code (below 128), -1 for any other character. */
const BASE64_VALUES = (() => {
  const values = new Int8Array(128).fill(-1);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < alphabet.length; i++) values[alphabet.charCodeAt(i)] = i;
  return values;
})();

/**
 * The byte length of canonical standard base64 `text` (groups of four, "=" padding only at the end), or
 * undefined: the character before "==" must leave 4 zero bits, the one before "=" 2 (as [AQgw] and
 * [AEIMQUYcgkosw048]), so only one spelling of each byte string is accepted.
 */
function canonicalBase64Length(text: string): number | undefined {
  const length = text.length;
  if (length % 4 !== 0) return undefined;
  const padding = length === 0 || text.charCodeAt(length - 1) !== 0x3d ? 0 : text.charCodeAt(length - 2) === 0x3d ? 2 : 1;
  const dataEnd = length - padding;
  for (let i = 0; i < dataEnd; i++) {
    const code = text.charCodeAt(i);
    if (code >= 128 || (BASE64_VALUES[code] as number) < 0) return undefined;
  }
  if (padding > 0 && ((BASE64_VALUES[text.charCodeAt(dataEnd - 1)] as number) & (padding === 2 ? 0x0f : 0x03)) !== 0) return undefined;
  return (length / 4) * 3 - padding;
}

/** Checks a box's shape and lengths without a key (or decoding: a vault holds thousands of boxes). */
export function checkSecretBox(value: unknown, field: string): SecretBox {
  if (!isSecretBox(value)) throw new BreakglassError('FORMAT', `The ${field} is not a sealed secret.`, { field });
  if (canonicalBase64Length(value.nonce) !== NONCE_LENGTH) {
    throw new BreakglassError('FORMAT', `The ${field} nonce is not ${NONCE_LENGTH} bytes of canonical base64.`, { field });
  }
  const length = canonicalBase64Length(value.ct);
  if (length === undefined || length < TAG_LENGTH + 1) {
    throw new BreakglassError('FORMAT', `The ${field} ciphertext is not canonical base64 of at least ${TAG_LENGTH + 1} bytes.`, { field });
  }
  return value;
}

/** Opens one box; the caller wipes the returned secret. */
export function openSecret(dataKey: Uint8Array, box: SecretBox, context: SecretBoxContext): Uint8Array {
  const nonce = decodeCanonicalBase64(box.nonce, 'secret nonce');
  const ct = decodeCanonicalBase64(box.ct, 'secret ciphertext');
  const secret = aeadOpen(dataKey, nonce, ct, secretBoxAad(context));
  if (!secret) {
    throw new BreakglassError(
      'INTEGRITY',
      `The sealed secret of ${context.entryId} failed authentication: the store was altered. Use another copy.`,
    );
  }
  return secret;
}
