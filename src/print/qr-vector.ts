// QR codes for print: an alphanumeric-mode symbol from the `qrcode` package, drawn as one vector path of
// module runs so it stays crisp at any printer resolution. Spec: docs/FORMAT.md §13.2.

import QRCode from 'qrcode';

export type QrErrorCorrection = 'M' | 'Q' | 'H';

/** The characters of QR alphanumeric mode (ISO/IEC 18004 §7.4.4). */
export const QR_ALPHANUMERIC = /^[0-9A-Z $%*+\-./:]*$/;

export interface QrSymbol {
  readonly version: number;
  /** Modules per side, without the quiet zone. */
  readonly size: number;
  readonly errorCorrection: QrErrorCorrection;
  isDark(row: number, column: number): boolean;
}

/** Encodes text that uses only the alphanumeric characters, in alphanumeric mode, at the given level. */
export function makeQrSymbol(text: string, errorCorrection: QrErrorCorrection, version?: number): QrSymbol {
  if (typeof text !== 'string' || text.length === 0) throw new TypeError('text must be a non-empty string');
  if (!QR_ALPHANUMERIC.test(text)) throw new RangeError('text must use only QR alphanumeric characters (0-9 A-Z space $%*+-./:)');
  const code = QRCode.create([{ data: text, mode: 'alphanumeric' }], {
    errorCorrectionLevel: errorCorrection,
    ...(version === undefined ? {} : { version }),
  });
  const { size } = code.modules;
  return {
    version: code.version,
    size,
    errorCorrection,
    isDark: (row, column) => Boolean(code.modules.get(row, column)),
  };
}

/** What drawing needs of a PDFKit document. */
export interface VectorCanvas {
  rect(x: number, y: number, w: number, h: number): unknown;
  fill(color?: string): unknown;
  save(): unknown;
  restore(): unknown;
}

/**
 * Draws the symbol's dark modules with its top-left module at (x, y), `moduleSize` points each, as one
 * filled path (horizontal runs, so neighbouring modules leave no hairline seams). The caller keeps the
 * four-module quiet zone around it white.
 */
export function drawQrSymbol(doc: VectorCanvas, symbol: QrSymbol, x: number, y: number, moduleSize: number): void {
  if (!(moduleSize > 0)) throw new RangeError('moduleSize must be positive');
  doc.save();
  for (let row = 0; row < symbol.size; row++) {
    let column = 0;
    while (column < symbol.size) {
      if (!symbol.isDark(row, column)) {
        column++;
        continue;
      }
      const start = column;
      while (column < symbol.size && symbol.isDark(row, column)) column++;
      doc.rect(x + start * moduleSize, y + row * moduleSize, (column - start) * moduleSize, moduleSize);
    }
  }
  doc.fill('#000000');
  doc.restore();
}
