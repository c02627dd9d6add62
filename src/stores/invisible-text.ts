// Characters that change how text looks without being seen — bidi controls and default-ignorable code
// points: refused in names on input, shown as ⟨U+XXXX⟩ when existing text is displayed. FORMAT.md §2.3.

import { BreakglassError } from '../errors.js';

/**
 * Bidi_Control (U+061C, U+200E/F, U+202A–202E, U+2066–2069) and Default_Ignorable_Code_Point (zero-width
 * characters, U+2060 word joiner, U+00AD soft hyphen, variation selectors, tag characters, Hangul fillers…).
 */
const INVISIBLE = /[\p{Bidi_Control}\p{Default_Ignorable_Code_Point}]/u;
const INVISIBLE_ALL = new RegExp(INVISIBLE.source, 'gu');
/** What displaySafe escapes: the above and control characters other than line feed and tab. */
// eslint-disable-next-line no-control-regex
const UNSAFE_ALL = /[\p{Bidi_Control}\p{Default_Ignorable_Code_Point}\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/gu;

const NAMES: Readonly<Record<number, string>> = {
  0x00ad: 'soft hyphen',
  0x034f: 'combining grapheme joiner',
  0x061c: 'Arabic letter mark',
  0x115f: 'Hangul choseong filler',
  0x1160: 'Hangul jungseong filler',
  0x180e: 'Mongolian vowel separator',
  0x200b: 'zero width space',
  0x200c: 'zero width non-joiner',
  0x200d: 'zero width joiner',
  0x200e: 'left-to-right mark',
  0x200f: 'right-to-left mark',
  0x202a: 'left-to-right embedding',
  0x202b: 'right-to-left embedding',
  0x202c: 'pop directional formatting',
  0x202d: 'left-to-right override',
  0x202e: 'right-to-left override',
  0x2060: 'word joiner',
  0x2066: 'left-to-right isolate',
  0x2067: 'right-to-left isolate',
  0x2068: 'first strong isolate',
  0x2069: 'pop directional isolate',
  0x3164: 'Hangul filler',
  0xfeff: 'zero width no-break space',
  0xffa0: 'halfwidth Hangul filler',
};

/** "U+202E" for one character (code point). */
export function codePointLabel(character: string): string {
  return `U+${(character.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** "U+202E (right-to-left override)", "U+E0041 (tag character)", "U+FE0F (variation selector)". */
export function describeCodePoint(character: string): string {
  const code = character.codePointAt(0) as number;
  const name =
    NAMES[code] ??
    (code >= 0xe0000 && code <= 0xe007f ? 'tag character' : (code >= 0xfe00 && code <= 0xfe0f) || (code >= 0xe0100 && code <= 0xe01ef) ? 'variation selector' : undefined);
  return name ? `${codePointLabel(character)} (${name})` : codePointLabel(character);
}

/** The first bidi control or invisible (default-ignorable) character in `text`, or undefined. */
export function findInvisibleCharacter(text: string): string | undefined {
  return INVISIBLE.exec(text)?.[0];
}

/** Default-ignorable characters that fonts draw as an empty space rather than as nothing. */
const BLANK_FILLERS = new Set(['\u115f', '\u1160', '\u180e', '\u3164', '\uffa0']);

/**
 * `text` without its bidi controls and invisible characters — the fillers drawn as a blank become a space
 * — for comparing names, never for storing.
 */
export function withoutInvisibleCharacters(text: string): string {
  return text.replace(INVISIBLE_ALL, (c) => (BLANK_FILLERS.has(c) ? ' ' : ''));
}

/**
 * Throws VALIDATION when `value` holds a bidi control or an invisible character: such a character makes a
 * name look like another one, or print reordered. Names the character and says what to do.
 */
export function refuseInvisibleCharacters(value: string, label: string, field: string): void {
  const found = findInvisibleCharacter(value);
  if (found === undefined) return;
  const kind = /\p{Bidi_Control}/u.test(found) ? 'a text-direction control' : 'an invisible character';
  throw new BreakglassError(
    'VALIDATION',
    `The ${label} ${JSON.stringify(withoutInvisibleCharacters(value))} contains ${describeCodePoint(found)}, ${kind}: it would make the ` +
      `text look like something else, or print in another order. Type the ${label} again by hand (do not paste it), without that character.`,
    { field },
  );
}

/**
 * Text as it may be shown or printed: every bidi control, invisible character and control character
 * (line feed and tab excepted) becomes a visible ⟨U+XXXX⟩. For text that was stored before such
 * characters were refused, and for anything read from a file.
 */
export function displaySafe(text: string): string {
  return text.replace(UNSAFE_ALL, (c) => `⟨${codePointLabel(c)}⟩`);
}

/**
 * JSON text with every character displaySafe would escape written as \uXXXX escapes (UTF-16 units): the
 * same JSON value, but nothing in it hides or reorders text on a terminal.
 */
export function jsonDisplaySafe(json: string): string {
  return json.replace(UNSAFE_ALL, (c) => Array.from({ length: c.length }, (_, i) => `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`).join(''));
}
