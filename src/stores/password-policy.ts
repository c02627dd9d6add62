// The AWS root-user password policy (8–128 characters, at least three of four character classes, not
// the account name or email) and a generator that always satisfies it, drawing from an injected CSPRNG.

import { BreakglassError, type ErrorAction } from '../errors.js';
import type { Rng } from '../shared/determinism.js';

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 128;
export const DEFAULT_GENERATED_LENGTH = 32;

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
/** The symbols AWS lists for root passwords. */
const SYMBOLS = '!@#$%^&*()<>[]{}|_+-=';
const ALPHABET = UPPER + LOWER + DIGITS + SYMBOLS;

export interface PasswordContext {
  readonly accountName?: string;
  readonly email?: string;
}

function characterClasses(password: string): number {
  let upper = 0;
  let lower = 0;
  let digit = 0;
  let symbol = 0;
  for (const ch of password) {
    if (ch >= 'A' && ch <= 'Z') upper = 1;
    else if (ch >= 'a' && ch <= 'z') lower = 1;
    else if (ch >= '0' && ch <= '9') digit = 1;
    else symbol = 1;
  }
  return upper + lower + digit + symbol;
}

function reject(message: string, action?: ErrorAction): BreakglassError {
  return new BreakglassError('VALIDATION', message, { field: 'password', ...(action ? { action } : {}) });
}

/** Throws VALIDATION (field "password") naming the first rule the password breaks. */
export function checkRootPassword(password: string, context: PasswordContext = {}): void {
  if (typeof password !== 'string') throw new TypeError('password must be a string');
  if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
    throw reject(
      `The root password has ${password.length} characters; AWS requires ${MIN_PASSWORD_LENGTH}–${MAX_PASSWORD_LENGTH}.`,
      { kind: 'generate-password' },
    );
  }
  if (!/^[\x21-\x7e]+$/.test(password)) {
    throw reject('The root password may only use printable ASCII characters without spaces (letters, digits, symbols).');
  }
  if (characterClasses(password) < 3) {
    throw reject(
      'The root password must mix at least three of: uppercase letters, lowercase letters, digits, symbols ' +
        `(${SYMBOLS}).`,
    );
  }
  const lowered = password.toLowerCase();
  if (context.accountName !== undefined && lowered === context.accountName.toLowerCase()) {
    throw reject('The root password must not be the account name.');
  }
  if (context.email !== undefined && lowered === context.email.toLowerCase()) {
    throw reject("The root password must not be the root user's email address.");
  }
}

/** A uniformly random index below `bound` (≤ 256), by rejection sampling so no character is favoured. */
function randomIndex(rng: Rng, bound: number): number {
  const limit = 256 - (256 % bound);
  for (;;) {
    const byte = rng.bytes(1)[0] as number;
    if (byte < limit) return byte % bound;
  }
}

/** Generates a password that meets the AWS root policy and contains all four character classes. */
export function generateRootPassword(rng: Rng, length: number = DEFAULT_GENERATED_LENGTH): string {
  if (!Number.isInteger(length) || length < 12 || length > MAX_PASSWORD_LENGTH) {
    throw new RangeError(`length must be an integer from 12 to ${MAX_PASSWORD_LENGTH}, got ${length}`);
  }
  for (;;) {
    let password = '';
    for (let i = 0; i < length; i++) password += ALPHABET[randomIndex(rng, ALPHABET.length)];
    if (characterClasses(password) === 4) return password;
  }
}
