// BIP-39 helpers for typing custodian shares: the English list, unique four-letter prefixes expanded,
// and splitting pasted text into words the way the share codec does. docs/FORMAT.md §12.3.

import { wordlist } from '@scure/bip39/wordlists/english.js';

/** Words in a share: 51 data words and 3 checksum words. */
export const SHARE_WORD_COUNT = 54;
export const QR_PREFIX = 'BGS1:';

export const WORDS: readonly string[] = wordlist;
const EXACT = new Set(wordlist);
const BY_PREFIX = new Map(wordlist.map((word) => [word.slice(0, 4), word]));

/**
 * The list word a typed word stands for: the word itself, or the word its first four letters start
 * (letters after the fourth are not checked, as in the codec); undefined when nothing fits.
 */
export function expandWord(typed: string): string | undefined {
  const word = typed.trim().toLowerCase();
  if (word.length === 0) return undefined;
  if (EXACT.has(word)) return word;
  if (word.length >= 4) return BY_PREFIX.get(word.slice(0, 4));
  return undefined;
}

export type WordState = 'empty' | 'partial' | 'known' | 'unknown';

/**
 * How a typed word looks while the custodian types: a known word, the start of one or more list words
 * (still typing), or something that starts no list word (shown at once as wrong).
 */
export function wordState(typed: string): WordState {
  const word = typed.trim().toLowerCase();
  if (word.length === 0) return 'empty';
  if (expandWord(word) !== undefined) return 'known';
  if (word.length < 4 && wordlist.some((w) => w.startsWith(word))) return 'partial';
  return 'unknown';
}

/** Up to `limit` list words that start with what was typed (for a short suggestion list). */
export function completions(typed: string, limit = 6): string[] {
  const word = typed.trim().toLowerCase();
  if (word.length === 0) return [];
  const out: string[] = [];
  for (const candidate of wordlist) {
    if (candidate.startsWith(word)) {
      out.push(candidate);
      if (out.length >= limit) break;
    }
  }
  return out;
}

/** True for the QR text form of a share ("BGS1:…", any case). */
export function isQrText(text: string): boolean {
  return text.trim().toUpperCase().startsWith(QR_PREFIX);
}

/**
 * Splits pasted share text into words: white space, commas, semicolons and line breaks separate words,
 * and word numbering ("17." or "17)") is dropped.
 */
export function splitShareWords(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0 && !/^\d+[.):]?$/.test(part))
    .map((part) => part.replace(/^\d+[.):]/, ''))
    .filter((part) => part.length > 0);
}

/** The share text sent to verifyShare: the 54 expanded words separated by spaces. */
export function shareTextFromWords(words: readonly string[]): string {
  return words.map((w) => expandWord(w) ?? w.trim().toLowerCase()).join(' ');
}
