// Stored text as the page shows it: bidi controls, invisible and control characters (line feed and tab
// excepted) become a visible ⟨U+XXXX⟩, as the CLI and printed pages show them. FORMAT.md §2.3.

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\p{Bidi_Control}\p{Default_Ignorable_Code_Point}\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/gu;

/** `text` with every character that could hide or reorder what is shown written as ⟨U+XXXX⟩. */
export function visibleText(text: string): string {
  return text.replace(UNSAFE, (c) => `⟨U+${(c.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}⟩`);
}
