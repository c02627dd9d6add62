// The visual marking that tells the two stores apart on paper without colour: the password vault's solid
// black band with a key, the MFA seed store's diagonal hatching with a clock. Spec: docs/FORMAT.md §13.1.

import type { StoreKind } from '../shared/store-kind.js';

/** What a printed page belongs to: one store, or both (the recovery specification). */
export type StoreMark = StoreKind | 'both';

/** The words printed in the band, in capitals. */
export function storeMarkTitle(mark: StoreMark): string {
  if (mark === 'password-vault') return 'PASSWORD VAULT';
  if (mark === 'mfa-seeds') return 'MFA SEED STORE';
  return 'BOTH STORES';
}

/** The short description printed in running text: "password vault", "MFA seed store". */
export function storeMarkLabel(mark: StoreMark): string {
  if (mark === 'password-vault') return 'password vault';
  if (mark === 'mfa-seeds') return 'MFA seed store';
  return 'both stores';
}

/** The slice of PDFKit's drawing API the marking uses. */
export interface MarkingCanvas {
  save(): this;
  restore(): this;
  rect(x: number, y: number, w: number, h: number): this;
  roundedRect(x: number, y: number, w: number, h: number, r?: number): this;
  circle(x: number, y: number, r: number): this;
  moveTo(x: number, y: number): this;
  lineTo(x: number, y: number): this;
  polygon(...points: [number, number][]): this;
  clip(): this;
  fill(color?: string): this;
  stroke(color?: string): this;
  fillAndStroke(fill?: string, stroke?: string): this;
  lineWidth(w: number): this;
  lineCap(c: 'butt' | 'round' | 'square'): this;
}

const BLACK = '#000000';
const WHITE = '#ffffff';

/** Fills a rectangle with thick 45° black stripes (the MFA seed store's pattern). */
export function drawHatching(doc: MarkingCanvas, x: number, y: number, width: number, height: number, stripe = 5, gap = 5): void {
  doc.save();
  doc.rect(x, y, width, height).clip();
  doc.rect(x, y, width, height).fill(WHITE);
  doc.lineWidth(stripe).lineCap('butt');
  const step = stripe + gap;
  for (let offset = -height; offset < width + height; offset += step * Math.SQRT2) {
    doc.moveTo(x + offset, y + height + 2).lineTo(x + offset + height + 4, y - 2);
  }
  doc.stroke(BLACK);
  doc.restore();
}

/** A key: ring bow, shaft and two bits, in `color`, fitting a `size`×`size` box whose top-left is (x, y). */
export function drawKeyGlyph(doc: MarkingCanvas, x: number, y: number, size: number, color: string): void {
  const s = size / 32;
  doc.save();
  doc.lineWidth(3.2 * s).lineCap('butt');
  doc.circle(x + 9 * s, y + 16 * s, 6.5 * s).stroke(color);
  doc.rect(x + 15 * s, y + 14.2 * s, 16 * s, 3.6 * s).fill(color);
  doc.rect(x + 24 * s, y + 17 * s, 3 * s, 7 * s).fill(color);
  doc.rect(x + 28.5 * s, y + 17 * s, 2.5 * s, 5 * s).fill(color);
  doc.restore();
}

/** A clock with a button: the sign of time-based one-time codes. */
export function drawClockGlyph(doc: MarkingCanvas, x: number, y: number, size: number, color: string): void {
  const s = size / 32;
  doc.save();
  doc.lineWidth(3 * s).lineCap('round');
  doc.circle(x + 16 * s, y + 18 * s, 11.5 * s).stroke(color);
  doc.rect(x + 13 * s, y + 1.5 * s, 6 * s, 3.5 * s).fill(color);
  doc.moveTo(x + 16 * s, y + 18 * s).lineTo(x + 16 * s, y + 10.5 * s).stroke(color);
  doc.moveTo(x + 16 * s, y + 18 * s).lineTo(x + 21.5 * s, y + 21 * s).stroke(color);
  doc.restore();
}

/** Two nested squares: the specification's sign (it belongs to both stores). */
export function drawBookGlyph(doc: MarkingCanvas, x: number, y: number, size: number, color: string): void {
  const s = size / 32;
  doc.save();
  doc.lineWidth(2.6 * s);
  doc.rect(x + 6 * s, y + 3 * s, 20 * s, 26 * s).stroke(color);
  for (const line of [10, 15, 20]) doc.moveTo(x + 10 * s, y + line * s).lineTo(x + 22 * s, y + line * s).stroke(color);
  doc.restore();
}

/** The glyph of a store, in `color`. */
export function drawStoreGlyph(doc: MarkingCanvas, mark: StoreMark, x: number, y: number, size: number, color: string): void {
  if (mark === 'password-vault') drawKeyGlyph(doc, x, y, size, color);
  else if (mark === 'mfa-seeds') drawClockGlyph(doc, x, y, size, color);
  else drawBookGlyph(doc, x, y, size, color);
}

/**
 * The band's background: solid black (password vault), hatched (MFA seed store) or a double rule
 * (both). Returns the colour text on it must use, and whether text needs a white box behind it.
 */
export function drawMarkBackground(
  doc: MarkingCanvas,
  mark: StoreMark,
  x: number,
  y: number,
  width: number,
  height: number,
): { readonly ink: string; readonly boxed: boolean } {
  if (mark === 'password-vault') {
    doc.rect(x, y, width, height).fill(BLACK);
    return { ink: WHITE, boxed: false };
  }
  if (mark === 'mfa-seeds') {
    drawHatching(doc, x, y, width, height);
    doc.save().lineWidth(1.5).rect(x, y, width, height).stroke(BLACK).restore();
    return { ink: BLACK, boxed: true };
  }
  doc.save().lineWidth(2).rect(x, y, width, height).stroke(BLACK);
  doc.lineWidth(0.8).rect(x + 3, y + 3, width - 6, height - 6).stroke(BLACK).restore();
  return { ink: BLACK, boxed: false };
}
