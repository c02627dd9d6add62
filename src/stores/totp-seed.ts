// A virtual MFA device's TOTP seed as AWS shows it ("Show secret key"): base32, which custodians copy
// with spaces, lower case or padding. Normalised here, decoded to bytes, and length-checked (≥ 16 bytes,
// RFC 4226 §4 R6). Spec: docs/FORMAT.md §3.3.

import { base32nopad } from '@scure/base';
import { BreakglassError } from '../errors.js';

export const MIN_SEED_BYTES = 16;
export const MAX_SEED_BYTES = 128;

function invalidSeed(message: string): BreakglassError {
  return new BreakglassError('VALIDATION', message, { field: 'seed' });
}

/** Upper-cases and removes spaces, hyphens and '=' padding; the result is unpadded base32 text. */
export function normalizeBase32(text: string): string {
  return text.replace(/[\s-]+/g, '').replace(/=+$/, '').toUpperCase();
}

/** Decodes a base32 seed as typed or pasted; the caller wipes the returned bytes. */
export function decodeBase32Seed(text: string): Uint8Array {
  if (typeof text !== 'string') throw new TypeError('seed must be a string');
  const normalized = normalizeBase32(text);
  if (normalized.length === 0) throw invalidSeed('The MFA secret is empty: paste the secret key AWS shows under "Show secret key".');
  const bad = [...normalized].find((ch) => !/[A-Z2-7]/.test(ch));
  if (bad !== undefined) {
    throw invalidSeed(
      `The MFA secret contains ${JSON.stringify(bad)}, which is not base32 (only A–Z and 2–7; 0, 1, 8 and 9 never occur). ` +
        'Copy the secret key again from the AWS console.',
    );
  }
  let bytes: Uint8Array;
  try {
    bytes = base32nopad.decode(normalized);
  } catch {
    throw invalidSeed(
      `The MFA secret has ${normalized.length} characters, which is not a whole number of bytes in base32: ` +
        'a character is missing or extra. Copy the secret key again from the AWS console.',
    );
  }
  if (bytes.length < MIN_SEED_BYTES || bytes.length > MAX_SEED_BYTES) {
    const length = bytes.length;
    bytes.fill(0);
    throw invalidSeed(
      `The MFA secret decodes to ${length} bytes; a TOTP seed must be ${MIN_SEED_BYTES}–${MAX_SEED_BYTES} bytes ` +
        '(AWS shows 64 characters). Check that you copied all of it.',
    );
  }
  return bytes;
}

export function encodeBase32Seed(seed: Uint8Array): string {
  return base32nopad.encode(seed);
}
