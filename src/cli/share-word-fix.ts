// At a terminal, a share whose checksum or word list names one bad word is mended word by word: that word
// is asked again and the share re-checked, so the other 53 words are not typed again. README "shares".

import { BreakglassError, shareTextWords, type StoreKind } from '../app/index.js';
import type { CommandContext } from './command.js';

/** How often one named word is asked again before the share is refused with its own error. */
export const MAX_WORD_ATTEMPTS = 3;

type CheckedShare = Awaited<ReturnType<CommandContext['app']['verifyShare']>>;

/** The word (from 1) a share error names as the one to retype, or undefined when it names none. */
export function namedWord(error: unknown): number | undefined {
  if (!(error instanceof BreakglassError)) return undefined;
  const detail = error.detail;
  return detail?.kind === 'unknown-word' || detail?.kind === 'word' ? detail.word : undefined;
}

/** "Word 41 of share 1 is not in the word list … Type word 41 again: " (no typed word is repeated). */
export function wordPrompt(error: BreakglassError, share: number): string {
  const detail = error.detail;
  const word = namedWord(error) as number;
  const problem =
    detail?.kind === 'unknown-word'
      ? `is not in the word list${detail.suggestions.length > 0 ? ` (close words: ${detail.suggestions.map((s) => `"${s}"`).join(', ')})` : ''}`
      : detail?.kind === 'word'
        ? `fails the checksum (the checksum fits "${detail.expected}")`
        : 'looks wrong';
  return `Word ${word} of share ${share} ${problem}. Type word ${word} again: `;
}

/** `text` with word `word` (from 1) replaced by `typed`, as space-separated words. */
export function replaceShareWord(text: string, word: number, typed: string): string {
  const words = shareTextWords(text);
  if (word < 1 || word > words.length) throw new RangeError(`word must be 1–${words.length}, got ${word}`);
  words[word - 1] = typed;
  return words.join(' ');
}

/**
 * Checks a share typed at the terminal; while its error names one word, asks for that word again (up to
 * MAX_WORD_ATTEMPTS times for each word) and checks again. Returns the share as accepted, with the fixed
 * words; throws the share's own error when it names no single word, or — still naming one, so the caller
 * knows not to ask for the whole share again — when that word's retries are used up.
 */
export async function verifyMendingWords(context: CommandContext, kind: StoreKind, share: number, text: string): Promise<{ checked: CheckedShare; text: string }> {
  let current = text;
  let word: number | undefined;
  let tries = 0;
  for (;;) {
    try {
      return { checked: await context.app.verifyShare({ store: kind, share: current }), text: current };
    } catch (error) {
      const named = namedWord(error);
      if (named === undefined) throw error;
      if (named !== word) [word, tries] = [named, 0];
      if (tries >= MAX_WORD_ATTEMPTS) throw error;
      tries += 1;
      let typed = (await context.secrets.read(wordPrompt(error as BreakglassError, share))).trim();
      while (typed === '' || /[\s,;]/.test(typed)) {
        if (tries >= MAX_WORD_ATTEMPTS) throw error;
        tries += 1;
        typed = (await context.secrets.read(`Type only word ${named} of share ${share} (one word): `)).trim();
      }
      current = replaceShareWord(current, named, typed);
    }
  }
}

