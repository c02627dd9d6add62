// The paper backup: the encrypted store file itself as numbered QR codes, nine a page, each labelled with
// its chunk number, with the fingerprint and how to restore on every page. Spec: docs/FORMAT.md §13.4.

import { storeKindLabel } from '../shared/store-kind.js';
import { FONT } from './fonts.js';
import { addPage, closeDocument, fittingSize, openDocument } from './page-frame.js';
import { encodeBackupChunks, type PaperBackupMeta, checkPaperBackupMeta } from './paper-chunks.js';
import { CHUNKS_PER_PAGE, codeSlots, PAPER_QR_ERROR_CORRECTION, PAPER_QR_MODULE, PAPER_QR_VERSION } from './paper-layout.js';
import { formatBytes, groupHex, type PrintOptions } from './print-text.js';
import { drawQrSymbol, makeQrSymbol } from './qr-vector.js';
import { wrapText } from './text-layout.js';

export interface PaperBackupResult {
  readonly pdf: Uint8Array;
  /** Number of QR codes (chunks). */
  readonly chunks: number;
  readonly pages: number;
  readonly meta: PaperBackupMeta;
}

/** File name a restored store gets by default. */
export function storeFileName(meta: PaperBackupMeta): string {
  return meta.kind === 'password-vault' ? 'password-vault.bgv' : 'mfa-seeds.bgv';
}

/**
 * Renders the paper backup of a store file. `meta`, when given, must describe the file (it is read from
 * the file's header and SHA-256 anyway); a damaged or incomplete store is refused before anything is drawn.
 */
export async function renderPaperBackup(file: Uint8Array, meta: PaperBackupMeta | undefined, options: PrintOptions): Promise<PaperBackupResult> {
  const checked = checkPaperBackupMeta(file, meta);
  const texts = encodeBackupChunks(file, checked);
  const store = storeKindLabel(checked.kind);
  const pages = Math.ceil(texts.length / CHUNKS_PER_PAGE);
  const { doc, page } = openDocument(options, {
    title: `Paper backup — ${store}, generation ${checked.generation}`,
    subject: `Breakglass Vault ${store}, vault set ${checked.setIdHex}, SHA-256 ${checked.fingerprintHex}`,
    keywords: 'Breakglass Vault, paper backup',
  });
  const slots = codeSlots(page.width);
  const width = page.right - page.left;
  for (let p = 0; p < pages; p++) {
    addPage(doc, page);
    const first = p * CHUNKS_PER_PAGE + 1;
    const last = Math.min(texts.length, first + CHUNKS_PER_PAGE - 1);
    const title = `Chunks ${first}–${last} of ${texts.length} · the ${store} file, generation ${checked.generation}, ${formatBytes(file.length)}`;
    doc.font(FONT.sansBold).fontSize(fittingSize(doc, FONT.sansBold, 10.5, title, width));
    doc.text(title, page.left, page.top - 2, { lineBreak: false });
    const help =
      `Encrypted: useless without the store's custodians. Restore: scan every page (150 dpi or more), then run ` +
      `"breakglass paper restore --out ${storeFileName(checked)} SCANS…"; it checks the SHA-256 below. ` +
      `By hand, without the app: FORMAT.md §13.4.`;
    // Two lines fit above the codes: the text shrinks rather than spill into them.
    let size = 8;
    let lines = wrapText(doc, help, width, { font: FONT.sans, size });
    while (lines.length > 2 && size > 6) {
      size -= 0.25;
      lines = wrapText(doc, help, width, { font: FONT.sans, size });
    }
    if (lines.length > 2) throw new Error('paper backup: the restore instructions do not fit two lines');
    doc.font(FONT.sans).fontSize(size);
    lines.forEach((line, i) => doc.text(line, page.left, page.top + 12 + i * 10, { lineBreak: false }));
    for (let i = 0; i < CHUNKS_PER_PAGE; i++) {
      const seq = first + i;
      if (seq > last) break;
      const slot = slots[i] as (typeof slots)[number];
      const symbol = makeQrSymbol(texts[seq - 1] as string, PAPER_QR_ERROR_CORRECTION);
      // The last chunk is shorter and its code smaller: centre it in its slot, on the module grid.
      const inset = Math.floor((slot.side / PAPER_QR_MODULE - symbol.size) / 2) * PAPER_QR_MODULE;
      drawQrSymbol(doc, symbol, slot.x + inset, slot.y + inset, PAPER_QR_MODULE);
      const label = `chunk ${seq} of ${texts.length}`;
      doc.font(FONT.sansBold).fontSize(9);
      const labelWidth = doc.widthOfString(label);
      doc.text(label, slot.x + (slot.side - labelWidth) / 2, slot.labelY, { lineBreak: false });
    }
  }
  const pdf = await closeDocument(doc, page, options.printedAt, {
    documentType: 'Paper backup',
    store: checked.kind,
    generation: `generation ${checked.generation}`,
    fingerprintLabel: 'Store fingerprint (SHA-256 of the file)',
    fingerprintHex: checked.fingerprintHex,
    bandNote: `vault set ${groupHex(checked.setIdHex).slice(0, 19)} …`,
  });
  return { pdf, chunks: texts.length, pages, meta: checked };
}

/** The QR version every full chunk uses (for documentation and tests). */
export const PAPER_BACKUP_QR = { version: PAPER_QR_VERSION, errorCorrection: PAPER_QR_ERROR_CORRECTION, modulePoints: PAPER_QR_MODULE } as const;
