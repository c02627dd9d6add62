// A one-pass check on the raw bytes that a document is canonical JSON (docs/FORMAT.md §2.3) in the
// common case: decodeCanonicalJson accepts such bytes without re-serializing them. It only ever answers
// "certainly canonical" or "not sure"; "not sure" sends the caller to the full check, so every
// rejection (and its error) still comes from one place.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MAX_DEPTH = 64;
/** Digits of Number.MAX_SAFE_INTEGER (9007199254740991). */
const MAX_SAFE_DIGITS = 16;

/**
 * True only when `bytes` are exactly what the full check accepts: well-formed UTF-8 (no BOM), JSON with
 * no whitespace, object keys of printable ASCII (no backslash, not starting with a digit, so that
 * Object.keys keeps document order) strictly ascending, strings escaped exactly as JSON.stringify does
 * with no surrogate escapes, and numbers in the form JSON.stringify writes a safe integer. Anything
 * else (including nesting deeper than MAX_DEPTH) answers false.
 */
export function isCertainlyCanonical(bytes: Uint8Array): boolean {
  const n = bytes.length;
  // Stack of open containers: 1 = object, 2 = array. `expectKey` etc. drive a small state machine.
  const stack = new Uint8Array(MAX_DEPTH);
  const lastKeyStart = new Int32Array(MAX_DEPTH);
  const lastKeyEnd = new Int32Array(MAX_DEPTH);
  let depth = 0;
  let i = 0;
  for (;;) {
    // --- a value at bytes[i]
    if (i >= n) return false;
    const c = bytes[i] as number;
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (depth === MAX_DEPTH) return false;
      const isObject = c === 0x7b;
      stack[depth] = isObject ? 1 : 2;
      lastKeyStart[depth] = -1;
      depth++;
      i++;
      if (bytes[i] === (isObject ? 0x7d : 0x5d)) {
        depth--;
        i++;
      } else if (isObject) {
        i = readKey(bytes, i, depth - 1, lastKeyStart, lastKeyEnd);
        if (i < 0) return false;
        continue;
      } else {
        continue;
      }
    } else if (c === QUOTE) {
      i = skipString(bytes, i + 1);
      if (i < 0) return false;
    } else if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) {
      i = skipNumber(bytes, i);
      if (i < 0) return false;
    } else if (c === 0x74 /* t */) {
      if (bytes[i + 1] !== 0x72 || bytes[i + 2] !== 0x75 || bytes[i + 3] !== 0x65) return false;
      i += 4;
    } else if (c === 0x66 /* f */) {
      if (bytes[i + 1] !== 0x61 || bytes[i + 2] !== 0x6c || bytes[i + 3] !== 0x73 || bytes[i + 4] !== 0x65) return false;
      i += 5;
    } else if (c === 0x6e /* n */) {
      if (bytes[i + 1] !== 0x75 || bytes[i + 2] !== 0x6c || bytes[i + 3] !== 0x6c) return false;
      i += 4;
    } else {
      return false;
    }
    // --- after a value: close containers or move to the next member
    for (;;) {
      if (depth === 0) return i === n;
      const top = stack[depth - 1];
      const d = bytes[i];
      if (d === 0x2c /* , */) {
        i++;
        if (top === 1) {
          i = readKey(bytes, i, depth - 1, lastKeyStart, lastKeyEnd);
          if (i < 0) return false;
        }
        break;
      }
      if (d !== (top === 1 ? 0x7d : 0x5d)) return false;
      depth--;
      i++;
    }
  }
}

/** Reads `"key":` at `i`, checks it sorts after the previous key at this level; the index after ':' or -1. */
function readKey(bytes: Uint8Array, i: number, level: number, starts: Int32Array, ends: Int32Array): number {
  if (bytes[i] !== QUOTE) return -1;
  const start = i + 1;
  let j = start;
  const first = bytes[j];
  if (first === undefined || (first >= 0x30 && first <= 0x39)) return -1;
  for (;;) {
    const b = bytes[j];
    if (b === undefined) return -1;
    if (b === QUOTE) break;
    if (b < 0x20 || b > 0x7e || b === BACKSLASH) return -1;
    j++;
  }
  const end = j;
  if (bytes[j + 1] !== 0x3a /* : */) return -1;
  const prevStart = starts[level] as number;
  if (prevStart >= 0 && !asciiGreater(bytes, start, end, prevStart, ends[level] as number)) return -1;
  starts[level] = start;
  ends[level] = end;
  return j + 2;
}

/** bytes[aStart, aEnd) > bytes[bStart, bEnd) as ASCII strings (the same order as JS `<` on them). */
function asciiGreater(bytes: Uint8Array, aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
  const aLen = aEnd - aStart;
  const bLen = bEnd - bStart;
  const len = aLen < bLen ? aLen : bLen;
  for (let k = 0; k < len; k++) {
    const a = bytes[aStart + k] as number;
    const b = bytes[bStart + k] as number;
    if (a !== b) return a > b;
  }
  return aLen > bLen;
}

/** Skips a string body starting after the opening quote; the index after the closing quote or -1. */
function skipString(bytes: Uint8Array, i: number): number {
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i] as number;
    if (b === QUOTE) return i + 1;
    if (b < 0x80) {
      if (b < 0x20) return -1;
      if (b === BACKSLASH) {
        i = skipEscape(bytes, i + 1);
        if (i < 0) return -1;
      } else {
        i++;
      }
      continue;
    }
    i = skipUtf8(bytes, i, b);
    if (i < 0) return -1;
  }
  return -1;
}

/** The escapes JSON.stringify writes: \" \\ \b \t \n \f \r and \u00xx (lowercase) for other controls. */
function skipEscape(bytes: Uint8Array, i: number): number {
  const e = bytes[i];
  if (e === QUOTE || e === BACKSLASH || e === 0x62 || e === 0x74 || e === 0x6e || e === 0x66 || e === 0x72) return i + 1;
  if (e !== 0x75 /* u */ || bytes[i + 1] !== 0x30 || bytes[i + 2] !== 0x30) return -1;
  const hi = bytes[i + 3];
  const lo = hi === 0x30 || hi === 0x31 ? hexLower(bytes[i + 4]) : -1;
  if (lo < 0) return -1;
  const code = (hi === 0x31 ? 16 : 0) + lo;
  if (code === 8 || code === 9 || code === 10 || code === 12 || code === 13) return -1;
  return i + 5;
}

function hexLower(b: number | undefined): number {
  if (b === undefined) return -1;
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (b >= 0x61 && b <= 0x66) return b - 0x61 + 10;
  return -1;
}

/** One well-formed UTF-8 sequence (no overlongs, no surrogates, ≤ U+10FFFF) led by `b`; next index or -1. */
function skipUtf8(bytes: Uint8Array, i: number, b: number): number {
  const b1 = bytes[i + 1];
  if (b1 === undefined) return -1;
  if (b >= 0xc2 && b <= 0xdf) return (b1 & 0xc0) === 0x80 ? i + 2 : -1;
  const b2 = bytes[i + 2];
  if (b2 === undefined || (b2 & 0xc0) !== 0x80) return -1;
  if (b >= 0xe0 && b <= 0xef) {
    const min = b === 0xe0 ? 0xa0 : 0x80;
    const max = b === 0xed ? 0x9f : 0xbf;
    return b1 >= min && b1 <= max ? i + 3 : -1;
  }
  if (b >= 0xf0 && b <= 0xf4) {
    const min = b === 0xf0 ? 0x90 : 0x80;
    const max = b === 0xf4 ? 0x8f : 0xbf;
    const b3 = bytes[i + 3];
    if (b3 === undefined || (b3 & 0xc0) !== 0x80) return -1;
    return b1 >= min && b1 <= max ? i + 4 : -1;
  }
  return -1;
}

/** A safe integer as JSON.stringify writes it: -?(0|[1-9][0-9]*), no "-0", |n| ≤ 2^53 − 1. */
function skipNumber(bytes: Uint8Array, i: number): number {
  let j = i;
  const negative = bytes[j] === 0x2d;
  if (negative) j++;
  const first = bytes[j];
  if (first === undefined || first < 0x30 || first > 0x39) return -1;
  const digitsStart = j;
  let value = 0;
  while (j < bytes.length) {
    const d = bytes[j] as number;
    if (d < 0x30 || d > 0x39) break;
    value = value * 10 + (d - 0x30);
    j++;
  }
  const digits = j - digitsStart;
  const next = bytes[j];
  if (next === 0x2e /* . */ || next === 0x65 || next === 0x45) return -1;
  if (first === 0x30 && (digits > 1 || negative)) return -1;
  if (digits > MAX_SAFE_DIGITS || !Number.isSafeInteger(value)) return -1;
  return j;
}
