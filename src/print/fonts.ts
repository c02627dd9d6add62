// The TrueType fonts embedded in every printed document (DejaVu Sans, Sans Bold, Sans Mono, Mono Bold:
// Latin, Greek and Cyrillic), read once from the dejavu-fonts-ttf package. Spec: docs/FORMAT.md §13.1.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { BreakglassError } from '../errors.js';

/** The four faces the documents use, by role. */
export type FontRole = 'sans' | 'sansBold' | 'mono' | 'monoBold';

export const FONT_FILES: Readonly<Record<FontRole, string>> = {
  sans: 'DejaVuSans.ttf',
  sansBold: 'DejaVuSans-Bold.ttf',
  mono: 'DejaVuSansMono.ttf',
  monoBold: 'DejaVuSansMono-Bold.ttf',
};

/** The names documents select faces with (`doc.font(FONT.sansBold)`), registered by registerFonts. */
export const FONT: Readonly<Record<FontRole, string>> = {
  sans: 'BG-Sans',
  sansBold: 'BG-SansBold',
  mono: 'BG-Mono',
  monoBold: 'BG-MonoBold',
};

let cached: Readonly<Record<FontRole, Buffer>> | undefined;

/** The directory holding the package's .ttf files. */
export function fontDirectory(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
}

/** The TTF bytes of the four faces, read from the package on first use and cached for the process. */
export function loadFonts(): Readonly<Record<FontRole, Buffer>> {
  if (cached) return cached;
  let dir: string;
  try {
    dir = fontDirectory();
  } catch (cause) {
    throw new BreakglassError('IO', 'The DejaVu fonts for printing are missing (npm package dejavu-fonts-ttf): reinstall Breakglass.', { cause });
  }
  const read = (file: string): Buffer => {
    try {
      return readFileSync(join(dir, file));
    } catch (cause) {
      throw new BreakglassError('IO', `The font file ${file} for printing cannot be read from ${dir}: reinstall Breakglass.`, { cause });
    }
  };
  cached = Object.freeze({
    sans: read(FONT_FILES.sans),
    sansBold: read(FONT_FILES.sansBold),
    mono: read(FONT_FILES.mono),
    monoBold: read(FONT_FILES.monoBold),
  });
  return cached;
}

/** The subset of PDFKit's document interface font registration needs. */
export interface FontRegistry {
  registerFont(name: string, src: Buffer): unknown;
}

/** Registers the four faces on a PDFKit document under the names of FONT. */
export function registerFonts(doc: FontRegistry): void {
  const fonts = loadFonts();
  for (const role of Object.keys(FONT) as FontRole[]) doc.registerFont(FONT[role], fonts[role]);
}
