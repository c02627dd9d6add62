// Validation of the fields that describe an AWS account and its root user: account id, name, class,
// root email and notes. Every failure names the field and says what a valid value looks like.

import { BreakglassError } from '../errors.js';
import { refuseInvisibleCharacters } from './invisible-text.js';

export type AccountClass = 'management' | 'excluded';
export const ACCOUNT_CLASSES: readonly AccountClass[] = ['management', 'excluded'];

export const MAX_ACCOUNT_NAME_LENGTH = 128;
export const MAX_NOTES_LENGTH = 10_000;
export const MAX_EMAIL_LENGTH = 254;

function invalid(field: string, message: string): BreakglassError {
  return new BreakglassError('VALIDATION', message, { field });
}

/** AWS account ids are exactly 12 decimal digits (leading zeros are significant). */
export function checkAccountId(value: unknown): string {
  const text = typeof value === 'string' ? value.trim() : value;
  if (typeof text !== 'string' || !/^\d{12}$/.test(text)) {
    throw invalid(
      'accountId',
      `Invalid AWS account id ${JSON.stringify(value)}: it must be exactly 12 digits, e.g. 123456789012 (keep leading zeros).`,
    );
  }
  return text;
}

export function hasControlCharacters(text: string, allowNewlines: boolean): boolean {
  // By UTF-16 code unit: every character tested is in the BMP, and surrogates are never among them.
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (allowNewlines && (code === 0x0a || code === 0x09)) continue;
    if (code < 0x20 || (code >= 0x7f && code < 0xa0) || code === 0x2028 || code === 0x2029) return true;
  }
  return false;
}

/** More than `max` code points; counts them only when the UTF-16 length could exceed `max`. */
function longerThan(text: string, max: number): boolean {
  return text.length > max && [...text].length > max;
}

/**
 * A new account name: 1–128 printable characters, no bidi control or invisible character (they would let
 * a name show as another). With `stored`, a name read from a vault written before that rule: such
 * characters are kept (and shown escaped, stores/invisible-text.ts displaySafe).
 */
export function checkAccountName(value: unknown, options: { readonly stored?: boolean } = {}): string {
  if (typeof value === 'string' && !options.stored) refuseInvisibleCharacters(value, 'account name', 'name');
  const text = typeof value === 'string' ? value.trim() : '';
  if (text.length === 0 || longerThan(text, MAX_ACCOUNT_NAME_LENGTH) || hasControlCharacters(text, false) || !text.isWellFormed()) {
    throw invalid(
      'name',
      `Invalid account name ${JSON.stringify(value)}: give 1–${MAX_ACCOUNT_NAME_LENGTH} printable characters, e.g. "Organization management".`,
    );
  }
  return text.normalize('NFC');
}

export function checkAccountClass(value: unknown): AccountClass {
  if (value !== 'management' && value !== 'excluded') {
    throw invalid(
      'accountClass',
      `Invalid account class ${JSON.stringify(value)}: use "management" (the organization's management account) or "excluded" (a member account excluded from root-credential deletion).`,
    );
  }
  return value;
}

/** The characters of a dot-atom's atoms (RFC 5322 atext): letters, digits and !#$%&'*+/=?^_`{|}~- */
const ATEXT = (() => {
  const table = new Uint8Array(128);
  for (const ch of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+/=?^_`{|}~-") table[ch.charCodeAt(0)] = 1;
  return table;
})();

const isLetter = (code: number): boolean => (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
const isLetterOrDigit = (code: number): boolean => isLetter(code) || (code >= 0x30 && code <= 0x39);

/** text[start, end) is 1–64 atoms of atext joined by single dots. */
function isDotAtom(text: string, start: number, end: number): boolean {
  if (end - start < 1 || end - start > 64) return false;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x2e) {
      if (i === start || i === end - 1 || text.charCodeAt(i - 1) === 0x2e) return false;
    } else if (code >= 128 || ATEXT[code] === 0) {
      return false;
    }
  }
  return true;
}

/** text[start, end) is two or more dot-separated labels of 1–63 letters, digits and inner hyphens, the last 2–63 letters. */
function isDomain(text: string, start: number, end: number): boolean {
  let labels = 0;
  let labelStart = start;
  for (let i = start; i <= end; i++) {
    if (i < end && text.charCodeAt(i) !== 0x2e) {
      const code = text.charCodeAt(i);
      if (!isLetterOrDigit(code) && code !== 0x2d) return false;
      continue;
    }
    const length = i - labelStart;
    if (length < 1 || length > 63 || text.charCodeAt(labelStart) === 0x2d || text.charCodeAt(i - 1) === 0x2d) return false;
    labels++;
    if (i === end) {
      if (labels < 2 || length < 2) return false;
      for (let j = labelStart; j < end; j++) if (!isLetter(text.charCodeAt(j))) return false;
    }
    labelStart = i + 1;
  }
  return true;
}

/** The root user's email: a plain addr-spec (local@domain.tld), as AWS accepts it. */
export function checkRootEmail(value: unknown): string {
  const text = typeof value === 'string' ? value.trim() : '';
  const at = text.lastIndexOf('@');
  const ok = at > 0 && text.length <= MAX_EMAIL_LENGTH && isDotAtom(text, 0, at) && isDomain(text, at + 1, text.length);
  if (!ok) {
    throw invalid(
      'email',
      `Invalid root email ${JSON.stringify(value)}: give the root user's sign-in address, e.g. aws-root+prod@example.com.`,
    );
  }
  return text;
}

export function checkNotes(value: unknown): string {
  const text = value === undefined ? '' : value;
  if (typeof text !== 'string' || longerThan(text, MAX_NOTES_LENGTH) || hasControlCharacters(text, true) || !text.isWellFormed()) {
    throw invalid('notes', `Invalid notes: up to ${MAX_NOTES_LENGTH} characters of text (line breaks allowed).`);
  }
  return text.normalize('NFC');
}
