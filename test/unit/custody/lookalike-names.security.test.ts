// People are compared as people: custodian names with invisible or bidi characters are refused, and
// look-alike spellings (NFKC, TR39 confusable skeletons) are one person for segregation. FORMAT.md §12.4.

import { describe, expect, it } from 'vitest';
import { assignCustodians, checkCustodianInput, parseCustodiansFile, personKey, type Custodian } from '../../../src/custody/custodians.js';
import { checkSegregation, sharedCustodians, smallestCoalition } from '../../../src/custody/segregation.js';

const at = '2026-11-22T10:00:00Z';
const group = (...names: string[]) => assignCustodians(names.map((name) => ({ name })), names.length, at);
/** A register as an older release may have written it (no input checks): share holders 1…n in order. */
const register = (...names: string[]): Custodian[] => names.map((name, i) => ({ name, role: '', contact: '', shareIndex: i + 1, issuedAt: at }));

/** The 18 look-alike spellings of "Ana Lima" the red team tried. */
/** `refused` names the code point refused on input; a register written before that check still counts the
 * name as "Ana Lima" — except a right-to-left override, which stores the letters reversed ("amiL"): that one
 * shows as ⟨U+202E⟩ wherever it is displayed. */
const LOOKALIKES: readonly { readonly name: string; readonly what: string; readonly refused?: string; readonly reordered?: true }[] = [
  { name: 'Ana Li\u200bma', what: 'a zero-width space', refused: 'U+200B' },
  { name: 'Ana Li\u200cma', what: 'a zero-width non-joiner', refused: 'U+200C' },
  { name: 'Ana\u200d Lima', what: 'a zero-width joiner', refused: 'U+200D' },
  { name: 'Ana Lim\u2060a', what: 'a word joiner', refused: 'U+2060' },
  { name: 'Ana Li\u00adma', what: 'a soft hyphen', refused: 'U+00AD' },
  { name: '\u200eAna Lima', what: 'a left-to-right mark', refused: 'U+200E' },
  { name: 'Ana \u202eamiL', what: 'a right-to-left override (shows as "Ana Lima")', refused: 'U+202E', reordered: true },
  { name: 'Ana\ufe0f Lima', what: 'a variation selector', refused: 'U+FE0F' },
  { name: 'Ana Lima\u{e0041}\u{e004c}', what: 'tag characters', refused: 'U+E0041' },
  { name: 'Ana\u3164Lima', what: 'a Hangul filler', refused: 'U+3164' },
  { name: 'Ana\u115fLima', what: 'a Hangul choseong filler', refused: 'U+115F' },
  { name: 'Ana Li\u034fma', what: 'a combining grapheme joiner', refused: 'U+034F' },
  { name: '\u0410na Lima', what: 'a Cyrillic capital A' },
  { name: 'An\u0430 L\u0456ma', what: 'Cyrillic a and Ukrainian i' },
  { name: '\u0391na Lima', what: 'a Greek capital alpha' },
  { name: '\uff21\uff4e\uff41 \uff2c\uff49\uff4d\uff41', what: 'fullwidth letters' },
  { name: '\u{1d5a0}\u{1d5c7}\u{1d5ba} \u{1d5ab}\u{1d5c2}\u{1d5c6}\u{1d5ba}', what: 'mathematical sans-serif letters' },
  { name: 'Ana\u00a0Lima', what: 'a no-break space' },
];

describe('look-alike custodian names (security)', () => {
  it('holds the 18 spellings of the red-team pass', () => {
    expect(LOOKALIKES).toHaveLength(18);
    expect(new Set(LOOKALIKES.map((l) => l.name)).size).toBe(18);
  });

  for (const { name, what, refused, reordered } of LOOKALIKES) {
    it(`${refused ? 'refuses' : 'recognises as the same person'} "Ana Lima" spelled with ${what}`, () => {
      if (refused) {
        expect(() => checkCustodianInput({ name })).toThrow(
          expect.objectContaining({
            code: 'VALIDATION',
            field: 'custodian',
            message: expect.stringMatching(new RegExp(`${refused.replace('+', '\\+')} .*(invisible|direction).*Type the custodian name again by hand`)),
          }),
        );
        // The same refusal through the custodians file, naming the line.
        expect(() => parseCustodiansFile(`[mfa]\n${name}, Ops\n`)).toThrow(new RegExp(`line 2: .*${refused.replace('+', '\\+')}`));
        // A register written before this check (read, not typed) still counts the name as the same person.
        if (!reordered) {
          expect(personKey(name)).toBe(personKey('Ana Lima'));
          expect(sharedCustodians(register('Ana Lima', 'Ben Okafor'), register(name, 'Dana Kim'))).toEqual(['Ana Lima']);
        }
      } else {
        expect(personKey(name)).toBe(personKey('Ana Lima'));
        expect(() => checkSegregation(group('Ana Lima', 'Ben Okafor'), group(name, 'Dana Kim'))).toThrow(
          expect.objectContaining({ code: 'SEGREGATION', message: expect.stringMatching(/^Ana Lima would be a custodian of both/) }),
        );
        expect(() => group('Ana Lima', name)).toThrow(/listed twice|looks the same/);
      }
    });
  }

  it('treats a combining sequence and the precomposed letter as the same person', () => {
    expect(personKey('A\u0301na Lima')).toBe(personKey('\u00c1na Lima'));
    expect(() => checkSegregation(group('\u00c1na Lima'), group('A\u0301na Lima'))).toThrow(expect.objectContaining({ code: 'SEGREGATION' }));
    // …but an accent is not noise: José and Jose may be two people.
    expect(personKey('José Lima')).not.toBe(personKey('Jose Lima'));
  });

  it('refuses bidi controls and invisible characters in a role or contact too, naming the character', () => {
    expect(() => checkCustodianInput({ name: 'Ana Lima', role: 'Security\u202e lead' })).toThrow(/U\+202E \(right-to-left override\)/);
    expect(() => checkCustodianInput({ name: 'Ana Lima', contact: 'ana\u200b@example.com' })).toThrow(expect.objectContaining({ code: 'VALIDATION', field: 'contact' }));
  });

  it('counts people, not spellings, in the overlap and in the smallest coalition', () => {
    // Registers an older release accepted: one person under two spellings in the password group.
    const password = register('Ana Lima', '\u0410na Lima', 'Ben Okafor');
    const mfa = register('Dana Kim', 'Eli Cohen', 'Fatma Yilmaz');
    expect(sharedCustodians(password, register('Ana Lima', 'Dana Kim'))).toEqual(['Ana Lima']);
    const coalition = smallestCoalition({ threshold: 2, hasPassphrase: false, custodians: password }, { threshold: 2, hasPassphrase: false, custodians: mfa });
    expect(coalition.size).toBe(3);
    expect(coalition.explanation).toMatch(/look alike count as one person/);
    const both = smallestCoalition(
      { threshold: 2, hasPassphrase: false, custodians: register('Ana Lima', 'Ben Okafor', 'Chen Wei') },
      { threshold: 2, hasPassphrase: false, custodians: register('\u0410na Lima', 'Ana Li\u200bma', 'Dana Kim') },
    );
    // Ana (one password share, two MFA shares) and Ben open both.
    expect(both.size).toBe(2);
  });
});
