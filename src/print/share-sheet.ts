// Custodian share sheets: one page per share with the store marking, ids, custodian, the 54 numbered words,
// the BGS1 QR code, envelope and signature fields and short instructions. Spec: docs/FORMAT.md §13.3.

import { bytesToHex } from '@noble/hashes/utils.js';
import { storeKindLabel } from '../shared/store-kind.js';
import type { IssuedShare } from '../custody/custody-setup.js';
import { parseShareText, shareToWords, SHARE_WORDS } from '../custody/share-codec.js';
import { displaySafe } from '../stores/invisible-text.js';
import { isTimestamp } from '../shared/timestamps.js';
import { FONT } from './fonts.js';
import { addPage, closeDocument, openDocument, type PageGeometry, type PdfDoc } from './page-frame.js';
import { checkHex, formatDay, formatMinute, groupHex, type PrintOptions } from './print-text.js';
import { drawQrSymbol, makeQrSymbol } from './qr-vector.js';
import { storeMarkTitle } from './store-marking.js';
import { lineHeight, wrapText, type TextStyle } from './text-layout.js';

/** One share to print: the share as issued (IssuedShare), plus the store generation and fingerprint. */
export interface ShareSheetInput extends Omit<IssuedShare, 'role'> {
  /** The custodian's role and contact, printed when known. */
  readonly role?: string;
  readonly contact?: string;
  /** The store generation current when the sheet is printed, and its fingerprint (SHA-256 of the file, hex). */
  readonly generation: number;
  readonly fingerprint: string;
  /** The number of the tamper-evident envelope or bag, when known before printing (else a blank field). */
  readonly envelopeNumber?: string;
}

/** The QR level of share codes: H, so a stained or creased sheet still scans. */
export const SHARE_QR_ERROR_CORRECTION = 'H';
const QR_MODULE = 2.6;

/** Checks a sheet's fields and that its words and QR text are the same share, of the store and set given. */
export function checkShareSheetInput(input: ShareSheetInput, label = 'share sheet'): ShareSheetInput {
  if (typeof input !== 'object' || input === null) throw new TypeError(`${label} must be an object`);
  if (input.store !== 'password-vault' && input.store !== 'mfa-seeds') throw new RangeError(`${label}: store must be 'password-vault' or 'mfa-seeds'`);
  const setId = checkHex(input.setId, 32, `${label}: setId`);
  const shareSetId = checkHex(input.shareSetId, 32, `${label}: shareSetId`);
  checkHex(input.fingerprint, 64, `${label}: fingerprint`);
  if (typeof input.custodian !== 'string' || input.custodian.trim() === '') throw new TypeError(`${label}: custodian must be a name`);
  if (!isTimestamp(input.issuedAt)) throw new RangeError(`${label}: issuedAt must be a timestamp YYYY-MM-DDTHH:MM:SSZ`);
  if (!Number.isInteger(input.generation) || input.generation < 1 || input.generation > 0xffffffff) throw new RangeError(`${label}: generation must be 1 … 2^32−1`);
  if (!Array.isArray(input.words) || input.words.length !== SHARE_WORDS) throw new RangeError(`${label}: words must hold ${SHARE_WORDS} words`);
  if (typeof input.qrText !== 'string' || !input.qrText.startsWith('BGS1:')) throw new TypeError(`${label}: qrText must be the BGS1: text of the share`);
  const share = parseShareText(input.qrText, label);
  if (
    share.kind !== input.store ||
    bytesToHex(share.setId) !== setId ||
    bytesToHex(share.shareSetId) !== shareSetId ||
    share.index !== input.index ||
    share.count !== input.count ||
    share.threshold !== input.threshold
  ) {
    throw new RangeError(`${label}: the QR text is not share ${input.index} of ${input.count} (threshold ${input.threshold}) of this ${storeKindLabel(input.store)} and share set`);
  }
  if (shareToWords(share).join(' ') !== input.words.join(' ')) throw new RangeError(`${label}: the words and the QR text are not the same share`);
  return input;
}

const STYLE = {
  title: { font: FONT.sansBold, size: 21 },
  lead: { font: FONT.sans, size: 11 },
  label: { font: FONT.sans, size: 8, color: '#333333' },
  name: { font: FONT.sansBold, size: 17 },
  body: { font: FONT.sans, size: 9.5 },
  small: { font: FONT.sans, size: 8.5 },
  mono: { font: FONT.mono, size: 9.5 },
  heading: { font: FONT.sansBold, size: 11 },
} as const satisfies Record<string, TextStyle>;

function text(doc: PdfDoc, value: string, style: TextStyle, x: number, y: number): void {
  doc.font(style.font).fontSize(style.size).fillColor(style.color ?? '#000000').text(displaySafe(value), x, y, { lineBreak: false });
  doc.fillColor('#000000');
}

/** Writes wrapped text in a box; returns the y below it. */
function block(doc: PdfDoc, value: string, style: TextStyle, x: number, y: number, width: number): number {
  const lines = wrapText(doc, value, width, style);
  lines.forEach((line, i) => text(doc, line, style, x, y + i * lineHeight(style)));
  return y + lines.length * lineHeight(style);
}

/** Draws one sheet; returns the y below its last line. */
function drawSheet(doc: PdfDoc, page: PageGeometry, share: ShareSheetInput, options: PrintOptions): number {
  const store = storeKindLabel(share.store);
  const width = page.right - page.left;
  const symbol = makeQrSymbol(share.qrText, SHARE_QR_ERROR_CORRECTION);
  const qrBox = (symbol.size + 8) * QR_MODULE;
  const qrLeft = page.right - qrBox;
  const top = page.top;
  const leftWidth = qrLeft - page.left - 12;

  // Who and what: left column; the QR code on the right.
  let y = top;
  text(doc, `Custodian share ${share.index} of ${share.count}`, STYLE.title, page.left, y);
  y += 27;
  y = block(doc, `Any ${share.threshold} of these ${share.count} shares together open the ${store}. This one alone opens nothing.`, STYLE.lead, page.left, y, leftWidth);
  y += 8;
  text(doc, 'CUSTODIAN', STYLE.label, page.left, y);
  y += 11;
  y = block(doc, share.custodian, STYLE.name, page.left, y, leftWidth);
  const roleLine = [share.role, share.contact].filter((v): v is string => typeof v === 'string' && v.trim() !== '').join(' · ');
  if (roleLine !== '') y = block(doc, roleLine, STYLE.body, page.left, y + 1, leftWidth);
  y += 8;
  const facts: [string, string, TextStyle][] = [
    ['Store', `${storeMarkTitle(share.store)} (this share opens nothing else)`, STYLE.body],
    ['Vault set', groupHex(share.setId), STYLE.mono],
    ['Share set', groupHex(share.shareSetId), STYLE.mono],
    ['Share', `${share.index} of ${share.count} · threshold ${share.threshold}`, STYLE.body],
    ['Issued', formatDay(share.issuedAt), STYLE.body],
    ['Printed', `${formatMinute(options.printedAt)} · store generation ${share.generation}`, STYLE.body],
  ];
  for (const [key, value, style] of facts) {
    text(doc, key, STYLE.small, page.left, y + 1);
    y = block(doc, value, style, page.left + 62, y, leftWidth - 62) + 2;
  }

  const qrTop = top;
  doc.save().lineWidth(0.8).rect(qrLeft, qrTop, qrBox, qrBox).stroke('#000000').restore();
  drawQrSymbol(doc, symbol, qrLeft + 4 * QR_MODULE, qrTop + 4 * QR_MODULE, QR_MODULE);
  let qy = qrTop + qrBox + 4;
  for (const line of wrapText(doc, `The same share as a QR code (BGS1 text, level ${symbol.errorCorrection}): scan it instead of typing the words.`, qrBox, STYLE.small)) {
    text(doc, line, STYLE.small, qrLeft, qy);
    qy += lineHeight(STYLE.small);
  }

  // The 54 words, 6 columns × 9 rows, read across.
  y = Math.max(y, qy) + 10;
  y = block(doc, `The ${SHARE_WORDS} words of share ${share.index} — type them in this order`, STYLE.heading, page.left, y, width) + 3;
  const columns = 6;
  const rows = SHARE_WORDS / columns;
  const cellWidth = width / columns;
  const cellHeight = 21;
  const numberWidth = 19;
  let wordSize = 14;
  doc.font(FONT.sansBold);
  const longest = Math.max(...share.words.map((w) => doc.fontSize(14).widthOfString(w)));
  if (longest > cellWidth - numberWidth - 6) wordSize = (14 * (cellWidth - numberWidth - 6)) / longest;
  doc.save().lineWidth(1.2).rect(page.left, y, width, rows * cellHeight).stroke('#000000').restore();
  for (let r = 0; r < rows; r++) {
    const rowTop = y + r * cellHeight;
    if (r % 2 === 1) doc.rect(page.left + 0.6, rowTop, width - 1.2, cellHeight).fill('#e6e6e6');
    for (let c = 0; c < columns; c++) {
      const i = r * columns + c;
      const x = page.left + c * cellWidth;
      if (c > 0) doc.save().lineWidth(0.5).moveTo(x, rowTop).lineTo(x, rowTop + cellHeight).stroke('#000000').restore();
      const number = `${i + 1}`;
      doc.font(FONT.sans).fontSize(9);
      text(doc, number, { font: FONT.sans, size: 9 }, x + numberWidth - 3 - doc.widthOfString(number), rowTop + 7);
      text(doc, share.words[i] as string, { font: FONT.sansBold, size: wordSize }, x + numberWidth, rowTop + (cellHeight - wordSize * 1.15) / 2);
    }
  }
  y += rows * cellHeight + 14;

  // Envelope, signatures.
  const half = (width - 16) / 2;
  text(doc, 'Tamper-evident envelope / bag number', STYLE.small, page.left, y);
  doc.save().lineWidth(1.2).rect(page.left, y + 11, half, 26).stroke('#000000').restore();
  if (share.envelopeNumber) {
    // Up to 64 characters (FORMAT.md §16.6): a long number is set smaller so that it stays inside its box.
    const room = half - 12;
    const natural = doc.font(FONT.monoBold).fontSize(14).widthOfString(displaySafe(share.envelopeNumber));
    const size = natural > room ? Math.max(5, (14 * room) / natural) : 14;
    text(doc, share.envelopeNumber, { font: FONT.monoBold, size }, page.left + 6, y + 11 + (26 - size * 1.15) / 2);
  }
  text(doc, 'Sealed on (date) and by (name)', STYLE.small, page.left + half + 16, y);
  doc.save().lineWidth(1.2).rect(page.left + half + 16, y + 11, half, 26).stroke('#000000').restore();
  y += 46;
  const line = (x: number, label: string, w: number): void => {
    doc.save().lineWidth(0.8).moveTo(x, y + 18).lineTo(x + w, y + 18).stroke('#000000').restore();
    text(doc, label, STYLE.label, x, y + 21);
  };
  line(page.left, `Signature of ${share.custodian}`.slice(0, 60), half * 0.68);
  line(page.left + half * 0.74, 'Date', half * 0.26);
  line(page.left + half + 16, 'Witness: name and signature', half * 0.68);
  line(page.left + half + 16 + half * 0.74, 'Date', half * 0.26);
  y += 36;

  // Instructions.
  text(doc, 'What to do with this sheet', STYLE.heading, page.left, y);
  y += 16;
  const steps = [
    `Keep it sealed in its numbered tamper-evident envelope in the safe. Do not copy, photograph or scan it anywhere but on the offline Breakglass workstation.`,
    `Break-glass or drill: bring the sealed envelope. On the offline workstation, when Breakglass asks for the ${store}'s shares, type the ${SHARE_WORDS} words in order (the first four letters of each are enough), or scan the QR code. ` +
      `${share.threshold} different custodians' shares are needed. A mistyped word is detected and named.`,
    `Before use, check that the envelope number and seal match the register. If the envelope is open, damaged or lost, tell the other custodians: the ${store}'s shares must be rotated.`,
  ];
  steps.forEach((step, i) => {
    text(doc, `${i + 1}.`, STYLE.body, page.left, y);
    y = block(doc, step, STYLE.body, page.left + 14, y, width - 14) + 3;
  });
  return y;
}

/** Renders one page per share, all of the same store, as one PDF in memory. */
export async function renderShareSheets(shares: readonly ShareSheetInput[], options: PrintOptions): Promise<Uint8Array> {
  if (!Array.isArray(shares) || shares.length === 0) throw new TypeError('shares must be a non-empty array');
  shares.forEach((share, i) => checkShareSheetInput(share, `shares[${i}]`));
  const first = shares[0] as ShareSheetInput;
  if (shares.some((s) => s.store !== first.store || s.setId.toLowerCase() !== first.setId.toLowerCase())) {
    throw new RangeError('shares must all belong to the same store and vault set (print each store on its own)');
  }
  const store = storeKindLabel(first.store);
  const { doc, page } = openDocument(options, {
    title: `Custodian share sheets — ${store}`,
    subject: `Breakglass Vault ${store}, vault set ${first.setId.toLowerCase()}`,
    keywords: 'Breakglass Vault, custodian share',
  });
  for (const share of shares) {
    addPage(doc, page);
    // A sheet is one page: rather than run into the footer, refuse (only absurdly long names or roles can).
    if (drawSheet(doc, page, share, options) > page.bottom) {
      throw new RangeError(`share ${share.index}: the custodian's name, role and contact are too long to fit the sheet on ${options.paper} paper; shorten them in the custodian register`);
    }
  }
  return closeDocument(doc, page, options.printedAt, (i) => {
    const share = shares[i] as ShareSheetInput;
    return {
      documentType: 'Custodian share sheet',
      store: share.store,
      generation: `generation ${share.generation}`,
      fingerprintLabel: `Store fingerprint at printing (SHA-256 of generation ${share.generation})`,
      fingerprintHex: share.fingerprint.toLowerCase(),
      bandNote: `share ${share.index} of ${share.count} · ${share.custodian}`.slice(0, 48),
    };
  });
}
