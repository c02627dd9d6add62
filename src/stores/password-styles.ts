// Root-password styles a custodian can choose per account: the symbol-rich default, a longer password from
// an alphabet without look-alike characters, or capitalised words joined by digits. FORMAT.md §3.2.

import { wordlist } from '@scure/bip39/wordlists/english.js';
import { BreakglassError } from '../errors.js';
import type { Rng } from '../shared/determinism.js';
import { checkRootPassword, DEFAULT_GENERATED_LENGTH, generateRootPassword, MAX_PASSWORD_LENGTH, type PasswordContext } from './password-policy.js';

export const PASSWORD_STYLES = ['symbols', 'unambiguous', 'words'] as const;
export type PasswordStyle = (typeof PASSWORD_STYLES)[number];
/** The style of an account that records none (stores written before the field existed). */
export const DEFAULT_PASSWORD_STYLE: PasswordStyle = 'symbols';

/** Letters and digits that cannot be mistaken for one another: no I l 1 | O o 0 (and no symbols). */
const UNAMBIGUOUS_CLASSES = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnpqrstuvwxyz', '23456789'] as const;
/** The shortest unambiguous password at least as strong as the 32-character default. */
export const MIN_UNAMBIGUOUS_LENGTH = 36;
/** Words in a "words" password: 15 BIP-39 words and 14 digits are at least as strong as the default. */
export const PASSWORD_WORD_COUNT = 15;

const SYMBOLS_CLASSES = ['ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz', '0123456789', '!@#$%^&*()<>[]{}|_+-='] as const;

export function checkPasswordStyle(value: unknown): PasswordStyle {
  if (typeof value !== 'string' || !(PASSWORD_STYLES as readonly string[]).includes(value)) {
    throw new BreakglassError('VALIDATION', `The password style must be one of ${PASSWORD_STYLES.join(', ')}.`, { field: 'passwordStyle' });
  }
  return value as PasswordStyle;
}

/** A uniformly random index below `bound` (≤ 65 536), by rejection sampling over two bytes. */
function randomIndex(rng: Rng, bound: number): number {
  const limit = 65_536 - (65_536 % bound);
  for (;;) {
    const [high, low] = rng.bytes(2) as unknown as [number, number];
    const value = high * 256 + low;
    if (value < limit) return value % bound;
  }
}

function log2(value: bigint): number {
  const bits = value.toString(2).length;
  const shift = Math.max(0, bits - 53);
  return Math.log2(Number(value >> BigInt(shift))) + shift;
}

/** log2 of how many strings of `length` over the classes contain every class (inclusion–exclusion). */
function classEntropy(classes: readonly string[], length: number): number {
  let total = 0n;
  const n = classes.length;
  for (let mask = 0; mask < 1 << n; mask++) {
    let size = 0;
    let missing = 0;
    for (let i = 0; i < n; i++) {
      if (mask & (1 << i)) missing += 1;
      else size += (classes[i] as string).length;
    }
    const term = BigInt(size) ** BigInt(length);
    total += missing % 2 === 0 ? term : -term;
  }
  return log2(total);
}

/** log2 of how many word sequences fit the 128-character limit with their digits (counted exactly). */
function wordsEntropy(): number {
  const letterBudget = MAX_PASSWORD_LENGTH - (PASSWORD_WORD_COUNT - 1);
  const byLength = new Map<number, bigint>();
  for (const word of wordlist) byLength.set(word.length, (byLength.get(word.length) ?? 0n) + 1n);
  let ways = new Map<number, bigint>([[0, 1n]]);
  for (let i = 0; i < PASSWORD_WORD_COUNT; i++) {
    const next = new Map<number, bigint>();
    for (const [sum, count] of ways) {
      for (const [length, words] of byLength) {
        if (sum + length <= letterBudget) next.set(sum + length, (next.get(sum + length) ?? 0n) + count * words);
      }
    }
    ways = next;
  }
  const sequences = [...ways.values()].reduce((a, b) => a + b, 0n);
  return log2(sequences * 10n ** BigInt(PASSWORD_WORD_COUNT - 1));
}

/** The entropy in bits of a password generated in `style` (default size, or `length` characters). */
export function passwordStyleEntropy(style: PasswordStyle, length?: number): number {
  switch (style) {
    case 'symbols':
      return classEntropy(SYMBOLS_CLASSES, length ?? DEFAULT_GENERATED_LENGTH);
    case 'unambiguous':
      return classEntropy(UNAMBIGUOUS_CLASSES, length ?? MIN_UNAMBIGUOUS_LENGTH);
    case 'words':
      return wordsEntropy();
  }
}

function generateUnambiguous(rng: Rng, length: number): string {
  const alphabet = UNAMBIGUOUS_CLASSES.join('');
  for (;;) {
    let password = '';
    for (let i = 0; i < length; i++) password += alphabet[randomIndex(rng, alphabet.length)];
    if (UNAMBIGUOUS_CLASSES.every((chars) => [...password].some((ch) => chars.includes(ch)))) return password;
  }
}

function generateWords(rng: Rng): string {
  for (;;) {
    let password = '';
    for (let i = 0; i < PASSWORD_WORD_COUNT; i++) {
      const word = wordlist[randomIndex(rng, wordlist.length)] as string;
      if (i > 0) password += String(randomIndex(rng, 10));
      password += word[0]!.toUpperCase() + word.slice(1);
    }
    if (password.length <= MAX_PASSWORD_LENGTH) return password;
  }
}

/**
 * Generates a root password in `style` that meets the AWS root policy (and, with `context`, is not the
 * account name or email). `length` is for the character styles: symbols 12–128 (default 32), unambiguous
 * 36–128 (default 36); the words style has a fixed size and takes none.
 */
export function generatePasswordInStyle(rng: Rng, style: PasswordStyle, length?: number, context: PasswordContext = {}): string {
  if (style === 'words' && length !== undefined) {
    throw new BreakglassError('VALIDATION', `A words password is always ${PASSWORD_WORD_COUNT} words; it takes no length.`, { field: 'length' });
  }
  if (style === 'unambiguous' && length !== undefined && (!Number.isInteger(length) || length < MIN_UNAMBIGUOUS_LENGTH || length > MAX_PASSWORD_LENGTH)) {
    throw new BreakglassError(
      'VALIDATION',
      `An unambiguous password must be ${MIN_UNAMBIGUOUS_LENGTH}–${MAX_PASSWORD_LENGTH} characters long (fewer would be weaker than the default), not ${length}.`,
      { field: 'length' },
    );
  }
  for (;;) {
    const password =
      style === 'symbols' ? generateRootPassword(rng, length ?? DEFAULT_GENERATED_LENGTH) : style === 'unambiguous' ? generateUnambiguous(rng, length ?? MIN_UNAMBIGUOUS_LENGTH) : generateWords(rng);
    try {
      checkRootPassword(password, context);
      return password;
    } catch (error) {
      if (!(error instanceof BreakglassError)) throw error;
    }
  }
}

/**
 * The password cut into the pieces a custodian reads aloud or types: each word with the digit after it
 * for the words style, groups of four characters otherwise.
 */
export function groupPassword(password: string, style: PasswordStyle = DEFAULT_PASSWORD_STYLE): string[] {
  if (style === 'words') {
    const words = password.match(/[A-Za-z]+[0-9]?/g);
    if (words && words.join('') === password) return words;
  }
  const chars = [...password];
  const groups: string[] = [];
  for (let i = 0; i < chars.length; i += 4) groups.push(chars.slice(i, i + 4).join(''));
  return groups;
}

/** Characters that look alike in many fonts, with the words that tell them apart. */
const LOOKALIKES: Readonly<Record<string, string>> = {
  O: 'capital O (letter)',
  o: 'small o (letter)',
  '0': 'zero (digit)',
  I: 'capital I (letter, as in India)',
  l: 'small L (letter, as in lima)',
  '1': 'one (digit)',
  '|': 'vertical bar (symbol)',
  S: 'capital S (letter)',
  '5': 'five (digit)',
  Z: 'capital Z (letter)',
  '2': 'two (digit)',
  B: 'capital B (letter)',
  '8': 'eight (digit)',
  G: 'capital G (letter)',
  '6': 'six (digit)',
  '(': 'left parenthesis',
  '{': 'left brace',
  '[': 'left bracket',
  ')': 'right parenthesis',
  '}': 'right brace',
  ']': 'right bracket',
  _: 'underscore',
  '-': 'hyphen (minus)',
};

/** The look-alike characters `password` contains, each once, in order of first appearance, with their names. */
export function passwordLegend(password: string): { readonly char: string; readonly name: string }[] {
  const seen = new Set<string>();
  const legend: { char: string; name: string }[] = [];
  for (const ch of password) {
    const name = LOOKALIKES[ch];
    if (name !== undefined && !seen.has(ch)) {
      seen.add(ch);
      legend.push({ char: ch, name });
    }
  }
  return legend;
}
