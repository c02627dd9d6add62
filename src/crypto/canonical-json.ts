// Canonical JSON: keys sorted, no whitespace, integers only, well-formed strings. Every JSON document
// in a store is written this way and readers reject anything else. Spec: docs/FORMAT.md §2.3.

import { BreakglassError } from '../errors.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

function canonicalValue(value: unknown, path: string): JsonValue {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') {
    if (typeof value === 'string' && !value.isWellFormed()) {
      throw new TypeError(`${path} contains an unpaired surrogate`);
    }
    return value;
  }
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new TypeError(`${path} must be a safe integer, got ${value}`);
    return value;
  }
  if (Array.isArray(value)) return value.map((item, i) => canonicalValue(item, `${path}[${i}]`));
  if (typeof value === 'object') {
    const out: { [key: string]: JsonValue } = {};
    for (const key of Object.keys(value).sort()) {
      const item = (value as Record<string, unknown>)[key];
      if (item === undefined) continue;
      out[key] = canonicalValue(item, `${path}.${key}`);
    }
    return out;
  }
  throw new TypeError(`${path} cannot be encoded as JSON (${typeof value})`);
}

export function encodeCanonicalJson(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(canonicalValue(value, '$')));
}

/** Parses `bytes` and throws FORMAT unless they are exactly the canonical encoding of the result. */
export function decodeCanonicalJson(bytes: Uint8Array, what: string): JsonValue {
  let text: string;
  let parsed: unknown;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    parsed = JSON.parse(text);
  } catch {
    throw new BreakglassError('FORMAT', `The ${what} is not valid UTF-8 JSON: the file is damaged. Use another copy.`);
  }
  let canonical: Uint8Array;
  try {
    canonical = encodeCanonicalJson(parsed);
  } catch {
    throw new BreakglassError('FORMAT', `The ${what} holds a value the format does not allow (FORMAT.md §2.3).`);
  }
  if (!Buffer.from(canonical.buffer, canonical.byteOffset, canonical.length).equals(bytes)) {
    throw new BreakglassError(
      'FORMAT',
      `The ${what} is not in canonical form (FORMAT.md §2.3): it was not written by Breakglass. Use another copy.`,
    );
  }
  return parsed as JsonValue;
}
