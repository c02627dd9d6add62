// The words of one share as they are typed, pasted or scanned: 54 cells with unique four-letter prefixes
// expanded, pasted text spread over the cells, and the QR text form kept whole. docs/FORMAT.md §12.3.

import { useMemo, useState } from 'react';
import { expandWord, isQrText, SHARE_WORD_COUNT, shareTextFromWords, splitShareWords, wordState, type WordState } from '../words.js';

/** The length of a complete BGS1: text: prefix + base32 of 70 + 4 bytes. */
export const QR_TEXT_LENGTH = 5 + Math.ceil(((70 + 4) * 8) / 5);

function blankWords(): string[] {
  return Array.from({ length: SHARE_WORD_COUNT }, () => '');
}

export interface ShareWords {
  readonly words: readonly string[];
  readonly states: readonly WordState[];
  /** The pasted text (kept whole when it is a BGS1: text; otherwise spread over the cells). */
  readonly paste: string;
  /** Words pasted beyond the 54th. */
  readonly extra: number;
  readonly qrMode: boolean;
  readonly known: number;
  /** Positions (0-based) of words that are in no list word's way. */
  readonly unknown: readonly number[];
  /** What is sent to verifyShare: the 54 expanded words, or the BGS1: text. */
  readonly text: string;
  /** Complete enough to be checked. */
  readonly ready: boolean;
  /** Puts typed or pasted words into the cells from `start`, expanding prefixes of all but (unless asked) the last. */
  place(start: number, parts: readonly string[], expandLast: boolean): void;
  /** Text for the whole share: a BGS1: text, or words spread from the first cell. */
  pasteAll(text: string): void;
  clear(): void;
}

export function useShareWords(): ShareWords {
  const [words, setWords] = useState<string[]>(blankWords);
  const [paste, setPaste] = useState('');
  const [extra, setExtra] = useState(0);

  const qrMode = isQrText(paste);
  const states = useMemo(() => words.map(wordState), [words]);
  const unknown = states.flatMap((s, i) => (s === 'unknown' ? [i] : []));
  const known = states.filter((s) => s === 'known').length;
  const text = qrMode ? paste.trim() : shareTextFromWords(words);
  const ready = qrMode ? paste.trim().length >= QR_TEXT_LENGTH : known === SHARE_WORD_COUNT;

  const place = (start: number, parts: readonly string[], expandLast: boolean) => {
    setPaste('');
    setExtra(0);
    setWords((current) => {
      const next = [...current];
      parts.forEach((part, k) => {
        const position = start + k;
        if (position >= SHARE_WORD_COUNT) return;
        const isLast = k === parts.length - 1;
        next[position] = !isLast || expandLast ? (expandWord(part) ?? part.toLowerCase()) : part;
      });
      return next;
    });
  };

  const pasteAll = (value: string) => {
    setPaste(value);
    if (isQrText(value)) {
      setWords(blankWords());
      setExtra(0);
      return;
    }
    const parts = splitShareWords(value);
    const next = blankWords();
    parts.slice(0, SHARE_WORD_COUNT).forEach((part, i) => {
      next[i] = expandWord(part) ?? part.toLowerCase();
    });
    setWords(next);
    setExtra(Math.max(0, parts.length - SHARE_WORD_COUNT));
  };

  const clear = () => {
    setWords(blankWords());
    setPaste('');
    setExtra(0);
  };

  return { words, states, paste, extra, qrMode, known, unknown, text, ready, place, pasteAll, clear };
}
