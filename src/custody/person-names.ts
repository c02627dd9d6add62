// When two custodian names are the same person: compatibility forms, invisible characters, case, spacing
// and look-alike letters (Unicode TR39 confusable skeletons) do not make two people. FORMAT.md §12.4.

import unhomoglyph from 'unhomoglyph';
import { registerNameKey } from '../stores/custody-record.js';
import { withoutInvisibleCharacters } from '../stores/invisible-text.js';

/**
 * UTS #39 §4 skeleton: NFD, each character replaced by its prototype from the Unicode confusables data
 * (confusables.txt, as the `unhomoglyph` package ships it), NFD again. Not for display: "m" becomes "rn".
 */
export function confusableSkeleton(text: string): string {
  return unhomoglyph(text.normalize('NFD')).normalize('NFD');
}

/**
 * The form in which two names are the same person: NFKC, bidi controls and default-ignorable characters
 * removed, trimmed, single spaces, lower case, then the confusable skeleton (lower-cased again, since a
 * prototype may be a capital). "Аna Lima" (Cyrillic А), "Ana\u200bLima" and "ＡＮＡ ＬＩＭＡ" are "Ana Lima".
 */
export function personKey(name: string): string {
  return confusableSkeleton(registerNameKey(withoutInvisibleCharacters(name.normalize('NFKC')))).toLocaleLowerCase('en-US');
}
