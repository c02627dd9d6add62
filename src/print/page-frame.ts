// The frame every printed page shares: paper geometry, the store band and edge strip at the top and left,
// and the footer with document type, store, generation, "page N of M" and a fingerprint. FORMAT.md §13.1.

import PDFDocument from 'pdfkit';
import { displaySafe } from '../stores/invisible-text.js';
import { FONT, registerFonts } from './fonts.js';
import { checkPrintOptions, formatMinute, groupHex, type PaperSize, type PrintOptions } from './print-text.js';
import { drawMarkBackground, drawStoreGlyph, drawHatching, storeMarkTitle, type StoreMark } from './store-marking.js';

export type PdfDoc = PDFKit.PDFDocument;

/** Page sizes in PostScript points (1/72 inch). */
export const PAPER_POINTS: Readonly<Record<PaperSize, { readonly width: number; readonly height: number }>> = {
  A4: { width: 595.28, height: 841.89 },
  Letter: { width: 612, height: 792 },
};

/** Where content may go on a page; everything else belongs to the frame. */
export interface PageGeometry {
  readonly paper: PaperSize;
  readonly width: number;
  readonly height: number;
  /** Content box. */
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
  /** The edge strip (store marking on the page's left edge). */
  readonly stripLeft: number;
  readonly stripRight: number;
}

const STRIP_LEFT = 14;
const STRIP_WIDTH = 14;
const MARGIN_LEFT = 42;
const MARGIN_RIGHT = 30;
const BAND_TOP = 22;
export const BAND_HEIGHT = 50;
const FOOTER_HEIGHT = 40;

export function pageGeometry(paper: PaperSize): PageGeometry {
  const { width, height } = PAPER_POINTS[paper];
  return {
    paper,
    width,
    height,
    left: MARGIN_LEFT,
    right: width - MARGIN_RIGHT,
    top: BAND_TOP + BAND_HEIGHT + 14,
    bottom: height - BAND_TOP - FOOTER_HEIGHT,
    stripLeft: STRIP_LEFT,
    stripRight: STRIP_LEFT + STRIP_WIDTH,
  };
}

/** What the frame prints on one page. */
export interface PageFrame {
  /** "Custodian share sheet", "Emergency sheet", "Paper backup", "Recovery specification". */
  readonly documentType: string;
  readonly store: StoreMark;
  /** "generation 7" (or "format version 1" for the specification). */
  readonly generation: string;
  /** What the fingerprint is of: "store fingerprint (SHA-256 of the file)". */
  readonly fingerprintLabel: string;
  /** 64 hex digits. */
  readonly fingerprintHex: string;
  /** Optional words under the band title on the right, e.g. "share 2 of 5". */
  readonly bandNote?: string;
}

export interface DocumentMetadata {
  readonly title: string;
  readonly subject: string;
  readonly keywords?: string;
}

/** A new PDF in memory with the DejaVu faces registered; pages are buffered so the frame can number them. */
export function openDocument(options: PrintOptions, metadata: DocumentMetadata): { doc: PdfDoc; page: PageGeometry } {
  checkPrintOptions(options);
  const page = pageGeometry(options.paper);
  const created = new Date(Date.parse(options.printedAt));
  const doc = new PDFDocument({
    size: [page.width, page.height],
    margin: 0,
    autoFirstPage: false,
    bufferPages: true,
    compress: true,
    pdfVersion: '1.4',
    info: {
      Title: metadata.title,
      Subject: metadata.subject,
      Keywords: metadata.keywords ?? 'Breakglass Vault',
      Creator: 'Breakglass Vault',
      Producer: 'Breakglass Vault (PDFKit)',
      CreationDate: created,
      ModDate: created,
    },
  });
  // PDFKit's default face (Helvetica, WinAnsi only) is replaced before any text is written, so it is
  // never put in the file.
  registerFonts(doc);
  doc.font(FONT.sans);
  return { doc, page };
}

export function addPage(doc: PdfDoc, page: PageGeometry): void {
  doc.addPage({ size: [page.width, page.height], margin: 0 });
  doc.font(FONT.sans).fontSize(10).fillColor('#000000');
}

function drawBand(doc: PdfDoc, page: PageGeometry, frame: PageFrame): void {
  const x = page.stripLeft;
  const width = page.right - x;
  const { ink, boxed } = drawMarkBackground(doc, frame.store, x, BAND_TOP, width, BAND_HEIGHT);
  const title = storeMarkTitle(frame.store);
  doc.font(FONT.sansBold).fontSize(24);
  const titleWidth = doc.widthOfString(title);
  const glyph = 32;
  const left = x + 12;
  const middle = BAND_TOP + BAND_HEIGHT / 2;
  if (boxed) doc.roundedRect(left - 6, BAND_TOP + 6, glyph + 12 + titleWidth + 12, BAND_HEIGHT - 12, 4).fill('#ffffff');
  drawStoreGlyph(doc, frame.store, left, middle - glyph / 2, glyph, ink);
  doc.fillColor(ink).text(title, left + glyph + 10, middle - 14, { lineBreak: false });

  const kind = frame.documentType.toUpperCase();
  doc.font(FONT.sansBold).fontSize(11);
  const kindWidth = doc.widthOfString(kind);
  const note = displaySafe(frame.bandNote ?? '');
  doc.font(FONT.sans).fontSize(9);
  const noteWidth = note === '' ? 0 : doc.widthOfString(note);
  const boxWidth = Math.max(kindWidth, noteWidth);
  const boxRight = page.right - 10;
  if (boxed) doc.roundedRect(boxRight - boxWidth - 8, BAND_TOP + 6, boxWidth + 16, BAND_HEIGHT - 12, 4).fill('#ffffff');
  const kindTop = note === '' ? middle - 7 : middle - 13;
  doc.font(FONT.sansBold).fontSize(11).fillColor(ink).text(kind, boxRight - kindWidth, kindTop, { lineBreak: false });
  if (note !== '') doc.font(FONT.sans).fontSize(9).fillColor(ink).text(note, boxRight - noteWidth, middle + 2, { lineBreak: false });
  doc.fillColor('#000000');
}

function drawStrip(doc: PdfDoc, page: PageGeometry, store: StoreMark): void {
  const top = BAND_TOP + BAND_HEIGHT;
  const height = page.height - BAND_TOP - top;
  if (store === 'password-vault') doc.rect(page.stripLeft, top, page.stripRight - page.stripLeft, height).fill('#000000');
  else if (store === 'mfa-seeds') {
    drawHatching(doc, page.stripLeft, top, page.stripRight - page.stripLeft, height, 3.5, 3.5);
    doc.save().lineWidth(1).rect(page.stripLeft, top, page.stripRight - page.stripLeft, height).stroke('#000000').restore();
  } else doc.save().lineWidth(1).rect(page.stripLeft, top, page.stripRight - page.stripLeft, height).stroke('#000000').restore();
}

/** The largest size up to `size` (and no smaller than `min`) at which `text` in `font` fits `width`. */
export function fittingSize(doc: PdfDoc, font: string, size: number, text: string, width: number, min = 5.5): number {
  const natural = doc.font(font).fontSize(size).widthOfString(text);
  return natural <= width ? size : Math.max(min, Math.floor(((size * width) / natural) * 20) / 20);
}

function drawFooter(doc: PdfDoc, page: PageGeometry, frame: PageFrame, index: number, count: number, printedAt: string): void {
  const top = page.bottom + 10;
  const width = page.right - page.left;
  doc.save().lineWidth(0.8).moveTo(page.left, top).lineTo(page.right, top).stroke('#000000').restore();
  const pageText = `page ${index + 1} of ${count}`;
  doc.font(FONT.sansBold).fontSize(11);
  const pageWidth = doc.widthOfString(pageText);
  doc.fillColor('#000000').text(pageText, page.right - pageWidth, top + 5, { lineBreak: false });
  // The first line shares its row with "page N of M"; the fingerprint line has the whole width. Both
  // shrink (never below 5.5 pt) rather than run off the page.
  const line = `${frame.documentType} · ${storeMarkTitle(frame.store).toLowerCase().replace('mfa', 'MFA')} · ${frame.generation} · printed ${formatMinute(printedAt)}`;
  doc.font(FONT.sans).fontSize(fittingSize(doc, FONT.sans, 8.5, line, width - pageWidth - 12)).text(line, page.left, top + 6, { lineBreak: false });
  const label = `${frame.fingerprintLabel}: `;
  const hex = groupHex(frame.fingerprintHex);
  const natural = doc.font(FONT.sans).fontSize(7.5).widthOfString(label) + doc.font(FONT.mono).fontSize(7.5).widthOfString(hex);
  const size = natural <= width ? 7.5 : Math.max(5.5, Math.floor(((7.5 * width) / natural) * 20) / 20);
  doc.font(FONT.sans).fontSize(size).text(label, page.left, top + 19, { lineBreak: false });
  const labelWidth = doc.widthOfString(label);
  doc.font(FONT.mono).fontSize(size).text(hex, page.left + labelWidth, top + 19, { lineBreak: false });
}

/**
 * Draws the frame on every buffered page (now that the page count is known), ends the document and
 * returns its bytes. `frame` may differ per page.
 */
export async function closeDocument(doc: PdfDoc, page: PageGeometry, printedAt: string, frame: PageFrame | ((index: number) => PageFrame)): Promise<Uint8Array> {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const current = typeof frame === 'function' ? frame(i) : frame;
    drawStrip(doc, page, current.store);
    drawBand(doc, page, current);
    drawFooter(doc, page, current, i - range.start, range.count, printedAt);
  }
  return documentBytes(doc);
}

/** Ends the document and collects the PDF in memory (no file is written). */
export function documentBytes(doc: PdfDoc): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => {
      const all = Buffer.concat(chunks);
      resolve(new Uint8Array(all.buffer, all.byteOffset, all.byteLength));
    });
    doc.on('error', reject);
    doc.end();
  });
}
