import { describe, expect, it } from 'vitest';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import {
  CHECKSUM_PRIME,
  decodeShareBytes,
  encodeShareBytes,
  lookupWord,
  parseShareText,
  SHARE_WORDS,
  shareToQrText,
  shareToWords,
  suggestWords,
  wordsAreConsistent,
  type Share,
} from '../../../src/custody/share-codec.js';
import { BreakglassError } from '../../../src/errors.js';
import { seededRng } from '../../support/ports.js';

const rng = seededRng('share codec');

function sampleShare(overrides: Partial<Share> = {}): Share {
  const value = rng.bytes(33);
  value[32] = (value[32]! % 255) + 1;
  return { version: 1, kind: 'password-vault', setId: rng.bytes(16), shareSetId: rng.bytes(16), threshold: 3, index: 2, count: 5, value, ...overrides };
}

/** The structured detail a share error carries across IPC (the UI reads it, never the message). */
function detailOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    if (error instanceof BreakglassError) return error.detail;
    throw error;
  }
  throw new Error('expected a BreakglassError');
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
    return 'ok';
  } catch (error) {
    if (error instanceof BreakglassError) return error.code;
    throw error;
  }
}

describe('share-codec', () => {
  it('renders a share as 54 BIP-39 words that parse back to the same bytes', () => {
    for (let i = 0; i < 50; i++) {
      const share = sampleShare({ index: 1 + (i % 5), kind: i % 2 ? 'mfa-seeds' : 'password-vault' });
      const words = shareToWords(share);
      expect(words).toHaveLength(SHARE_WORDS);
      expect(words.every((w) => wordlist.includes(w))).toBe(true);
      expect(encodeShareBytes(parseShareText(words.join(' ')))).toEqual(encodeShareBytes(share));
    }
  });

  it('accepts unique four-letter prefixes, any case, numbering and line breaks as typed from paper', () => {
    const share = sampleShare();
    const words = shareToWords(share);
    const typed = words.map((w, i) => `${i + 1}. ${w.slice(0, 4).toUpperCase()}`).join('\n');
    expect(encodeShareBytes(parseShareText(typed))).toEqual(encodeShareBytes(share));
    expect(lookupWord('abandon')).toBe(0);
    expect(lookupWord('aban')).toBe(0);
    expect(lookupWord('zoo')).toBe(2047);
    expect(lookupWord('aba')).toBeUndefined();
  });

  it('round-trips the QR text and refuses a QR text with a changed character', () => {
    const share = sampleShare();
    const qr = shareToQrText(share);
    expect(qr).toMatch(/^BGS1:[A-Z2-7]+$/);
    expect(encodeShareBytes(parseShareText(qr))).toEqual(encodeShareBytes(share));
    const changed = qr.slice(0, 20) + (qr[20] === 'A' ? 'B' : 'A') + qr.slice(21);
    expect(codeOf(() => parseShareText(changed))).toBe('SHARE_CHECKSUM');
    expect(detailOf(() => parseShareText(changed))).toEqual({ kind: 'qr-text' });
    expect(detailOf(() => parseShareText('BGS1:not base32!'))).toEqual({ kind: 'qr-text' });
  });

  it('catches every single-word change and names the word and its likely correction', () => {
    for (let s = 0; s < 3; s++) {
      const indexes = shareToWords(sampleShare()).map((w) => wordlist.indexOf(w));
      expect(wordsAreConsistent(indexes)).toBe(true);
      let undetected = 0;
      for (let position = 0; position < SHARE_WORDS; position++) {
        const typed = [...indexes];
        for (let k = 0; k < 2048; k++) {
          if (k === indexes[position]) continue;
          typed[position] = k;
          if (wordsAreConsistent(typed)) undetected++;
        }
      }
      expect(undetected).toBe(0);
    }
    const share = sampleShare();
    const words = shareToWords(share);
    for (const position of [0, 25, 50, 51, 53]) {
      const typed = [...words];
      typed[position] = words[position] === 'zoo' ? 'zone' : 'zoo';
      expect(codeOf(() => parseShareText(typed.join(' '))), `word ${position + 1}`).toBe('SHARE_CHECKSUM');
    }
    const typo = [...words];
    typo[16] = words[16] === 'apple' ? 'maple' : 'apple';
    expect(() => parseShareText(typo.join(' '), 'share 2')).toThrow(
      new RegExp(`share 2: .*Word 17 looks wrong: you typed "${typo[16]}", the checksum fits "${words[16]}"`),
    );
    expect(detailOf(() => parseShareText(typo.join(' '), 'share 2'))).toEqual({ kind: 'word', word: 17, typed: typo[16], expected: words[16] });
  }, 120_000);

  it('catches every swap of two adjacent words and says which two look swapped', () => {
    for (let s = 0; s < 5; s++) {
      const words = shareToWords(sampleShare());
      for (let i = 0; i + 1 < SHARE_WORDS; i++) {
        if (words[i] === words[i + 1]) continue;
        const typed = [...words];
        [typed[i], typed[i + 1]] = [typed[i + 1]!, typed[i]!];
        expect(codeOf(() => parseShareText(typed.join(' '))), `swap ${i + 1}/${i + 2}`).toBe('SHARE_CHECKSUM');
      }
    }
    const words = shareToWords(sampleShare());
    const i = words.findIndex((w, j) => j > 5 && j < 40 && w !== words[j + 1]);
    const typed = [...words];
    [typed[i], typed[i + 1]] = [typed[i + 1]!, typed[i]!];
    expect(() => parseShareText(typed.join(' '))).toThrow(new RegExp(`Words ${i + 1} and ${i + 2} look swapped`));
    expect(detailOf(() => parseShareText(typed.join(' ')))).toEqual({ kind: 'swapped', words: [i + 1, i + 2] });
  });

  it('says only that the checksum does not fit when no single word or swap explains it', () => {
    const words = shareToWords(sampleShare());
    const typed = [...words];
    typed[2] = words[2] === 'zoo' ? 'zone' : 'zoo';
    typed[30] = words[30] === 'abandon' ? 'ability' : 'abandon';
    expect(() => parseShareText(typed.join(' '))).toThrow(/the checksum does not match, so a word is wrong\. Re-read every word from the sheet/);
    expect(detailOf(() => parseShareText(typed.join(' ')))).toEqual({ kind: 'checksum' });
  });

  it('uses a prime above 2047 so no single word change can cancel out', () => {
    expect(CHECKSUM_PRIME).toBeGreaterThan(2047);
    for (let d = 2; d * d <= CHECKSUM_PRIME; d++) expect(CHECKSUM_PRIME % d).not.toBe(0);
  });

  it('names a word that is not in the list and suggests close ones', () => {
    const words = shareToWords(sampleShare());
    words[6] = 'abnadon';
    expect(() => parseShareText(words.join(' '))).toThrow(/word 7 "abnadon" is not in the BIP-39 word list — did you mean "abandon"/);
    expect(detailOf(() => parseShareText(words.join(' ')))).toEqual({ kind: 'unknown-word', word: 7, typed: 'abnadon', suggestions: expect.arrayContaining(['abandon']) });
    expect(suggestWords('zoon')).toContain('zoo');
  });

  it('refuses the wrong number of words, naming the count', () => {
    const words = shareToWords(sampleShare());
    expect(() => parseShareText(words.slice(1).join(' '))).toThrow(/54 words; 53 were given/);
    expect(detailOf(() => parseShareText(words.slice(1).join(' ')))).toEqual({ kind: 'word-count', given: 53, expected: 54 });
  });

  it('rejects impossible fields and unknown versions in the bytes', () => {
    const bytes = encodeShareBytes(sampleShare());
    const patch = (offset: number, value: number) => {
      const copy = bytes.slice();
      copy[offset] = value;
      return copy;
    };
    expect(codeOf(() => decodeShareBytes(patch(0, 2)))).toBe('UNSUPPORTED_VERSION');
    expect(codeOf(() => decodeShareBytes(patch(1, 9)))).toBe('FORMAT');
    expect(codeOf(() => decodeShareBytes(patch(34, 1)))).toBe('FORMAT');
    expect(codeOf(() => decodeShareBytes(patch(35, 6)))).toBe('FORMAT');
    expect(codeOf(() => decodeShareBytes(patch(69, 0)))).toBe('FORMAT');
    expect(codeOf(() => decodeShareBytes(bytes.slice(1)))).toBe('FORMAT');
    expect(() => encodeShareBytes(sampleShare({ index: 6 }))).toThrow(RangeError);
  });
});
