// Where a paper backup's QR codes sit: version-25 codes at level M, 1.44 pt modules (3 pixels at 150 dpi),
// three by three on A4 and US Letter alike, on a 1.44 pt grid. Spec: docs/FORMAT.md §13.4.

export const PAPER_QR_VERSION = 25;
export const PAPER_QR_ERROR_CORRECTION = 'M';
/** Module size in points: exactly 3 pixels at 150 dpi, 6 at 300, 12 at 600. */
export const PAPER_QR_MODULE = 1.44;
export const PAPER_QR_MODULES = 4 * PAPER_QR_VERSION + 17;
export const CODE_COLUMNS = 3;
export const CODE_ROWS = 3;
export const CHUNKS_PER_PAGE = CODE_COLUMNS * CODE_ROWS;

const M = PAPER_QR_MODULE;
/** The side of a code without its quiet zone. */
export const CODE_SIDE = PAPER_QR_MODULES * M;
/** Space between codes side by side: three quiet zones (with two, zbar sometimes misses a code at 150 dpi). */
const COLUMN_GAP = 12 * M;
/** From one row's top to the next: the code, its quiet zone, the label line, two quiet zones. */
const ROW_PITCH = (PAPER_QR_MODULES + 19) * M;

export interface CodeSlot {
  /** Top-left corner of the first module. */
  readonly x: number;
  readonly y: number;
  readonly side: number;
  /** Where the chunk's label goes (below the quiet zone). */
  readonly labelY: number;
}

/** Top of the first row of codes (below two lines of explanation), on the module grid. */
export const CODES_TOP = 84 * M;

/** The nine slots of a page, in reading order. */
export function codeSlots(pageWidth: number): CodeSlot[] {
  const rowWidth = CODE_COLUMNS * CODE_SIDE + (CODE_COLUMNS - 1) * COLUMN_GAP;
  // Centred, snapped to the module grid (so at 150 dpi every module is exactly 3×3 pixels), never closer
  // than 24 modules to the left edge, where the store's edge strip is.
  const left = Math.max(24 * M, Math.round((pageWidth - rowWidth) / 2 / M) * M);
  const slots: CodeSlot[] = [];
  for (let row = 0; row < CODE_ROWS; row++) {
    for (let column = 0; column < CODE_COLUMNS; column++) {
      const x = left + column * (CODE_SIDE + COLUMN_GAP);
      const y = CODES_TOP + row * ROW_PITCH;
      slots.push({ x, y, side: CODE_SIDE, labelY: y + CODE_SIDE + 4 * M + 1 });
    }
  }
  return slots;
}
