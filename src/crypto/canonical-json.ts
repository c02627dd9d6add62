// Canonical JSON: keys sorted, no whitespace, integers only, well-formed strings. Every JSON document
// in a store is written this way and readers reject anything else. Spec: docs/FORMAT.md §2.3.

import { BreakglassError } from '../errors.js';
import { isCertainlyCanonical } from './canonical-json-scan.js';

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

type Shape = 'ok' | 'unsorted' | 'bad-value';

/**
 * Walks a parsed document without copying it: 'bad-value' where canonicalValue would throw (unpaired
 * surrogate, unsafe number), 'unsorted' when some object's keys are not already in sorted order (then
 * JSON.stringify(value) may differ from the canonical encoding and the caller takes the slow path).
 */
function checkShape(value: unknown): Shape {
  if (typeof value === 'string') return value.isWellFormed() ? 'ok' : 'bad-value';
  if (typeof value === 'number') return Number.isSafeInteger(value) ? 'ok' : 'bad-value';
  if (value === null || typeof value === 'boolean') return 'ok';
  let result: Shape = 'ok';
  if (Array.isArray(value)) {
    for (const item of value) {
      const shape = checkShape(item);
      if (shape === 'bad-value') return shape;
      if (shape === 'unsorted') result = shape;
    }
    return result;
  }
  const object = value as Record<string, unknown>;
  let previous: string | undefined;
  for (const key of Object.keys(object)) {
    if (previous !== undefined && !(previous < key)) result = 'unsorted';
    previous = key;
    const shape = checkShape(object[key]);
    if (shape === 'bad-value') return shape;
    if (shape === 'unsorted') result = shape;
  }
  return result;
}

/** Parses `bytes` and throws FORMAT unless they are exactly the canonical encoding of the result. */
export function decodeCanonicalJson(bytes: Uint8Array, what: string): JsonValue {
  // One pass over the raw bytes proves the common case canonical (and well-formed UTF-8, so the plain
  // decoder gives the same text as the fatal one); anything it is not sure of takes the full check,
  // which makes every verdict and error.
  if (isCertainlyCanonical(bytes)) {
    return JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8')) as JsonValue;
  }
  return decodeCanonicalJsonFullCheck(bytes, what);
}

/**
 * The full check: fatal UTF-8 decode, parse, walk, and compare with the canonical encoding. Exported
 * so the property tests can hold decodeCanonicalJson to it.
 */
export function decodeCanonicalJsonFullCheck(bytes: Uint8Array, what: string): JsonValue {
  let text: string;
  let parsed: unknown;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    parsed = JSON.parse(text);
  } catch {
    throw new BreakglassError('FORMAT', `The ${what} is not valid UTF-8 JSON: the file is damaged. Use another copy.`);
  }
  const shape = checkShape(parsed);
  if (shape === 'bad-value') {
    throw new BreakglassError('FORMAT', `The ${what} holds a value the format does not allow (FORMAT.md §2.3).`);
  }
  // Fast path, same verdict as re-encoding: the keys are already sorted, so the canonical encoding is
  // JSON.stringify(parsed); the fatal decoder makes `text` the exact UTF-8 of `bytes` except for a
  // leading byte-order mark, which it drops and which is never canonical.
  const hasBom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const isCanonical =
    shape === 'ok'
      ? !hasBom && JSON.stringify(parsed) === text
      : (() => {
          const canonical = encodeCanonicalJson(parsed);
          return Buffer.from(canonical.buffer, canonical.byteOffset, canonical.length).equals(bytes);
        })();
  if (!isCanonical) {
    throw new BreakglassError(
      'FORMAT',
      `The ${what} is not in canonical form (FORMAT.md §2.3): it was not written by Breakglass. Use another copy.`,
    );
  }
  return parsed as JsonValue;
}
