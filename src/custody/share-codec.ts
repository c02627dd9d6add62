// The custodian share: its 70 bytes, their 54-word BIP-39 rendering with a checksum that always catches
// one wrong word or two swapped data words (and names the likely word), and its QR text. FORMAT.md §12.

import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { base32nopad } from '@scure/base';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { STORE_KIND_CODE, storeKindFromCode, storeKindLabel, type StoreKind } from '../shared/store-kind.js';
import { BreakglassError, type ShareProblem } from '../errors.js';
import { wipe } from '../crypto/wipe.js';

export const SHARE_FORMAT_VERSION = 1;
export const SHARE_VALUE_LENGTH = 33;
export const SHARE_BYTES_LENGTH = 37 + SHARE_VALUE_LENGTH;
export const DATA_WORDS = 51;
export const CHECKSUM_WORDS = 3;
export const SHARE_WORDS = DATA_WORDS + CHECKSUM_WORDS;
/** The prime modulus of the two word sums; above 2047 so no single word change is a multiple of it. */
export const CHECKSUM_PRIME = 2053;
export const QR_PREFIX = 'BGS1:';
const QR_CHECK_LENGTH = 4;

export interface Share {
  readonly version: number;
  readonly kind: StoreKind;
  readonly setId: Uint8Array;
  readonly shareSetId: Uint8Array;
  readonly threshold: number;
  /** 1-based custodian index. */
  readonly index: number;
  readonly count: number;
  /** The Shamir share as produced by shamir-secret-sharing: 32 y-bytes then the x coordinate. */
  readonly value: Uint8Array;
}

const WORD_INDEX = new Map(wordlist.map((word, i) => [word, i]));
const PREFIX_INDEX = new Map(wordlist.map((word, i) => [word.slice(0, 4), i]));

function shareError(code: 'SHARE_CHECKSUM' | 'FORMAT' | 'UNSUPPORTED_VERSION', message: string, label: string, detail?: ShareProblem): BreakglassError {
  return new BreakglassError(code, `${label}: ${message}`, { field: label, ...(detail ? { detail } : {}) });
}

export function encodeShareBytes(share: Share): Uint8Array {
  const { setId, shareSetId, threshold, index, count, value } = share;
  if (setId.length !== 16 || shareSetId.length !== 16) throw new TypeError('setId and shareSetId must be 16 bytes');
  if (value.length !== SHARE_VALUE_LENGTH) throw new TypeError(`value must be ${SHARE_VALUE_LENGTH} bytes`);
  if (!(threshold >= 2 && threshold <= count && count <= 255 && index >= 1 && index <= count)) {
    throw new RangeError(`impossible share ${index} of ${count} with threshold ${threshold}`);
  }
  const out = new Uint8Array(SHARE_BYTES_LENGTH);
  out[0] = share.version;
  out[1] = STORE_KIND_CODE[share.kind];
  out.set(setId, 2);
  out.set(shareSetId, 18);
  out[34] = threshold;
  out[35] = index;
  out[36] = count;
  out.set(value, 37);
  return out;
}

/** Decodes the 70 share bytes, checking every field; `label` names the share in errors ("share 2"). */
export function decodeShareBytes(bytes: Uint8Array, label = 'share'): Share {
  if (bytes.length !== SHARE_BYTES_LENGTH) throw shareError('FORMAT', `a share is ${SHARE_BYTES_LENGTH} bytes, not ${bytes.length}.`, label);
  const version = bytes[0] as number;
  if (version !== SHARE_FORMAT_VERSION) {
    throw shareError('UNSUPPORTED_VERSION', `this share uses share format ${version}; this Breakglass reads ${SHARE_FORMAT_VERSION}.`, label);
  }
  const kind = storeKindFromCode(bytes[1] as number);
  const threshold = bytes[34] as number;
  const index = bytes[35] as number;
  const count = bytes[36] as number;
  const x = bytes[SHARE_BYTES_LENGTH - 1] as number;
  if (!kind || threshold < 2 || threshold > count || index < 1 || index > count || x === 0) {
    throw shareError('FORMAT', 'its fields are impossible (store kind, threshold, index or coordinate): it is not a valid share.', label);
  }
  return {
    version,
    kind,
    setId: bytes.slice(2, 18),
    shareSetId: bytes.slice(18, 34),
    threshold,
    index,
    count,
    value: bytes.slice(37),
  };
}

function bytesToDataWords(bytes: Uint8Array): number[] {
  const words: number[] = [];
  let accumulator = 0;
  let bits = 0;
  for (const byte of bytes) {
    accumulator = (accumulator << 8) | byte;
    bits += 8;
    while (bits >= 11) {
      bits -= 11;
      words.push((accumulator >>> bits) & 0x7ff);
      accumulator &= (1 << bits) - 1;
    }
  }
  words.push((accumulator << (11 - bits)) & 0x7ff);
  return words;
}

/** Returns the bytes, or undefined when the padding bit is not zero. */
function dataWordsToBytes(words: readonly number[]): Uint8Array | undefined {
  const out = new Uint8Array(SHARE_BYTES_LENGTH);
  let accumulator = 0;
  let bits = 0;
  let n = 0;
  for (const word of words) {
    accumulator = (accumulator << 11) | word;
    bits += 11;
    while (bits >= 8 && n < out.length) {
      bits -= 8;
      out[n++] = (accumulator >>> bits) & 0xff;
      accumulator &= (1 << bits) - 1;
    }
  }
  return accumulator === 0 ? out : undefined;
}

function wordSums(dataWords: readonly number[]): { s1: number; s2: number } {
  let s1 = 0;
  let s2 = 0;
  dataWords.forEach((word, i) => {
    s1 = (s1 + word) % CHECKSUM_PRIME;
    s2 = (s2 + (i + 1) * word) % CHECKSUM_PRIME;
  });
  return { s1, s2 };
}

function hashBits(dataWords: readonly number[]): number {
  const digest = sha256(new Uint8Array(dataWords.flatMap((w) => [w >> 8, w & 0xff])));
  return (((digest[0] as number) << 1) | ((digest[1] as number) >> 7)) & 0x1ff;
}

/**
 * The three checksum words of 51 data words: 33 bits = S1 (12 bits) · S2 (12 bits) · H (9 bits), where
 * S1 = Σ w_j mod 2053, S2 = Σ j·w_j mod 2053 (j = 1…51) and H = the first 9 bits of SHA-256 of the words
 * as 16-bit big-endian integers.
 */
export function checksumWords(dataWords: readonly number[]): number[] {
  const { s1, s2 } = wordSums(dataWords);
  const value = (s1 * 2 ** 21) + (s2 << 9) + hashBits(dataWords);
  return [Math.floor(value / 2 ** 22) & 0x7ff, Math.floor(value / 2 ** 11) & 0x7ff, value & 0x7ff];
}

function typedChecksum(words: readonly number[]): { s1: number; s2: number; h: number } {
  const [a, b, c] = words.slice(DATA_WORDS) as [number, number, number];
  const value = a * 2 ** 22 + b * 2 ** 11 + c;
  return { s1: Math.floor(value / 2 ** 21), s2: Math.floor(value / 2 ** 9) & 0xfff, h: value & 0x1ff };
}

/** True when 54 word indexes carry a matching checksum and zero padding: a share the codec would accept. */
export function wordsAreConsistent(words: readonly number[]): boolean {
  return words.length === SHARE_WORDS && checksumFits(words) && dataWordsToBytes(words.slice(0, DATA_WORDS)) !== undefined;
}

function checksumFits(words: readonly number[]): boolean {
  const data = words.slice(0, DATA_WORDS);
  const typed = typedChecksum(words);
  const { s1, s2 } = wordSums(data);
  return s1 === typed.s1 && s2 === typed.s2 && hashBits(data) === typed.h;
}

export function shareToWords(share: Share): string[] {
  const data = bytesToDataWords(encodeShareBytes(share));
  return [...data, ...checksumWords(data)].map((i) => wordlist[i] as string);
}

export function shareToQrText(share: Share): string {
  const bytes = encodeShareBytes(share);
  const check = sha256(bytes).subarray(0, QR_CHECK_LENGTH);
  const all = new Uint8Array(bytes.length + QR_CHECK_LENGTH);
  all.set(bytes);
  all.set(check, bytes.length);
  return QR_PREFIX + base32nopad.encode(all);
}

/** Looks a typed word up: the exact word, or its unique first four letters. */
export function lookupWord(typed: string): number | undefined {
  const word = typed.toLowerCase();
  return WORD_INDEX.get(word) ?? (word.length >= 4 ? PREFIX_INDEX.get(word.slice(0, 4)) : undefined);
}

/** Words of the list close to a mistyped one (same first letters, or one edit away), for messages. */
export function suggestWords(typed: string, limit = 3): string[] {
  const word = typed.toLowerCase();
  const distance = (a: string, b: string): number => {
    const row = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
      let previous = row[0] as number;
      row[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const current = row[j] as number;
        row[j] = Math.min(current + 1, (row[j - 1] as number) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
        previous = current;
      }
    }
    return row[b.length] as number;
  };
  return wordlist
    .map((candidate) => ({ candidate, d: distance(word, candidate.slice(0, Math.max(word.length, 4))) }))
    .filter(({ d }) => d <= 2)
    .sort((a, b) => a.d - b.d || (a.candidate < b.candidate ? -1 : 1))
    .slice(0, limit)
    .map(({ candidate }) => candidate);
}

/** Where a single substituted word or an adjacent swap would make the checksum fit. */
export function locateTypo(words: readonly number[]): { position: number; typed: number; likely: number } | { swap: number } | undefined {
  const candidates: { position: number; typed: number; likely: number }[] = [];
  const data = words.slice(0, DATA_WORDS);
  const typed = typedChecksum(words);
  const { s1, s2 } = wordSums(data);
  for (let position = 0; position < DATA_WORDS; position++) {
    const was = data[position] as number;
    for (let likely = 0; likely < wordlist.length; likely++) {
      if (likely === was) continue;
      // The sums move by (likely − was) and (j · (likely − was)): test them before hashing.
      const delta = likely - was;
      if ((((s1 + delta) % CHECKSUM_PRIME) + CHECKSUM_PRIME) % CHECKSUM_PRIME !== typed.s1) continue;
      if ((((s2 + (position + 1) * delta) % CHECKSUM_PRIME) + CHECKSUM_PRIME) % CHECKSUM_PRIME !== typed.s2) continue;
      const trial = [...words];
      trial[position] = likely;
      if (checksumFits(trial) && dataWordsToBytes(trial.slice(0, DATA_WORDS))) candidates.push({ position, typed: was, likely });
    }
  }
  const expected = checksumWords(data);
  for (let i = 0; i < CHECKSUM_WORDS; i++) {
    const trial = [...words];
    trial[DATA_WORDS + i] = expected[i] as number;
    if (words[DATA_WORDS + i] !== expected[i] && checksumFits(trial)) {
      candidates.push({ position: DATA_WORDS + i, typed: words[DATA_WORDS + i] as number, likely: expected[i] as number });
    }
  }
  if (candidates.length === 1) return candidates[0];
  for (let i = 0; i + 1 < words.length; i++) {
    if (words[i] === words[i + 1]) continue;
    const trial = [...words];
    [trial[i], trial[i + 1]] = [trial[i + 1] as number, trial[i] as number];
    if (checksumFits(trial) && dataWordsToBytes(trial.slice(0, DATA_WORDS))) return { swap: i };
  }
  return undefined;
}

/**
 * The words of a share typed as words, as parseShareText reads them: lower case, split at spaces, commas
 * and semicolons, the sheet's numbering ("12." or "12.word") dropped. Word N of a share error is item N-1.
 */
export function shareTextWords(text: string): string[] {
  if (typeof text !== 'string') throw new TypeError('share text must be a string');
  return text
    .trim()
    .toLowerCase()
    .split(/[\s,;]+/)
    .filter((t) => t !== '' && !/^\d+[.):]?$/.test(t))
    .map((t) => t.replace(/^\d+[.):]/, ''));
}

/** Parses a share typed as 54 words (spaces, commas, numbering and line breaks allowed) or as its QR text. */
export function parseShareText(text: string, label = 'share'): Share {
  if (typeof text !== 'string') throw new TypeError('share text must be a string');
  const trimmed = text.trim();
  if (trimmed.toUpperCase().startsWith(QR_PREFIX)) return parseQrText(trimmed, label);
  const tokens = shareTextWords(trimmed);
  if (tokens.length !== SHARE_WORDS) {
    throw shareError(
      'SHARE_CHECKSUM',
      `a share has ${SHARE_WORDS} words; ${tokens.length} were given. Check for a missing or repeated line on the sheet.`,
      label,
      { kind: 'word-count', given: tokens.length, expected: SHARE_WORDS },
    );
  }
  const words: number[] = [];
  tokens.forEach((token, i) => {
    const index = lookupWord(token);
    if (index === undefined) {
      const suggestions = suggestWords(token);
      throw shareError(
        'SHARE_CHECKSUM',
        `word ${i + 1} "${token}" is not in the BIP-39 word list` +
          (suggestions.length > 0 ? ` — did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?` : '.'),
        label,
        { kind: 'unknown-word', word: i + 1, typed: token, suggestions },
      );
    }
    words.push(index);
  });
  const bytes = checksumFits(words) ? dataWordsToBytes(words.slice(0, DATA_WORDS)) : undefined;
  if (!bytes) {
    const typo = locateTypo(words);
    const [hint, detail]: [string, ShareProblem] =
      typo === undefined
        ? ['Re-read every word from the sheet.', { kind: 'checksum' }]
        : 'swap' in typo
          ? [
              `Words ${typo.swap + 1} and ${typo.swap + 2} look swapped ("${tokens[typo.swap]}", "${tokens[typo.swap + 1]}").`,
              { kind: 'swapped', words: [typo.swap + 1, typo.swap + 2] },
            ]
          : [
              `Word ${typo.position + 1} looks wrong: you typed "${wordlist[typo.typed]}", the checksum fits "${wordlist[typo.likely]}".`,
              { kind: 'word', word: typo.position + 1, typed: wordlist[typo.typed] as string, expected: wordlist[typo.likely] as string },
            ];
    throw shareError('SHARE_CHECKSUM', `the checksum does not match, so a word is wrong. ${hint}`, label, detail);
  }
  try {
    return decodeShareBytes(bytes, label);
  } finally {
    // The share's fields are copies: the decoded bytes and the word numbers are wiped here.
    wipe(bytes);
    words.fill(0);
  }
}

function parseQrText(text: string, label: string): Share {
  let all: Uint8Array;
  try {
    all = base32nopad.decode(text.slice(QR_PREFIX.length).toUpperCase());
  } catch {
    throw shareError('SHARE_CHECKSUM', 'the QR text is not valid base32: scan or type it again.', label, { kind: 'qr-text' });
  }
  const bytes = all.subarray(0, all.length - QR_CHECK_LENGTH);
  const check = sha256(bytes).subarray(0, QR_CHECK_LENGTH);
  if (all.length !== SHARE_BYTES_LENGTH + QR_CHECK_LENGTH || !check.every((b, i) => b === all[bytes.length + i])) {
    throw shareError('SHARE_CHECKSUM', 'the QR text does not match its checksum: scan or type it again.', label, { kind: 'qr-text' });
  }
  try {
    return decodeShareBytes(bytes, label);
  } finally {
    wipe(all);
  }
}

/** "share 2 of 3 (2 needed) of the password vault, share set 3f2a…" */
export function describeShare(share: Share): string {
  return (
    `share ${share.index} of ${share.count} (${share.threshold} needed) of the ${storeKindLabel(share.kind)}, ` +
    `share set ${bytesToHex(share.shareSetId).slice(0, 8)}`
  );
}
