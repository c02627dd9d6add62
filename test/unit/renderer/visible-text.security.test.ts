// The page escapes stored text exactly as the CLI and printed pages do: visibleText (renderer) and
// displaySafe (src/stores) agree on every code point, so no front end shows a character another hides.

import { describe, expect, it } from 'vitest';
import { visibleText } from '../../../renderer/src/components/visible-text.js';
import { displaySafe } from '../../../src/stores/invisible-text.js';

describe('visibleText (security)', () => {
  it('escapes exactly what displaySafe escapes, on every code point', () => {
    const differ: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const c = String.fromCodePoint(cp);
      if (visibleText(c) !== displaySafe(c).replace(/⟨(U\+[0-9A-F]+)[^⟩]*⟩/, '⟨$1⟩')) differ.push(cp.toString(16));
    }
    expect(differ).toEqual([]);
  });

  it('shows a right-to-left override in a name as ⟨U+202E⟩ and keeps line feeds in notes', () => {
    expect(visibleText('Prod \u202eTSET')).toBe('Prod ⟨U+202E⟩TSET');
    expect(visibleText('line one\nline\ttwo')).toBe('line one\nline\ttwo');
  });
});
