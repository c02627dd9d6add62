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

const EMAIL_LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const EMAIL_LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** The root user's email: a plain addr-spec (local@domain.tld), as AWS accepts it. */
export function checkRootEmail(value: unknown): string {
  const text = typeof value === 'string' ? value.trim() : '';
  const at = text.lastIndexOf('@');
  const local = text.slice(0, at);
  const labels = text.slice(at + 1).split('.');
  const ok =
    at > 0 &&
    text.length <= MAX_EMAIL_LENGTH &&
    local.length <= 64 &&
    EMAIL_LOCAL.test(local) &&
    labels.length >= 2 &&
    labels.every((label) => EMAIL_LABEL.test(label)) &&
    /^[A-Za-z]{2,63}$/.test(labels[labels.length - 1] as string);
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
