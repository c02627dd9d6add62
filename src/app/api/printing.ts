// The API of printing and paper: documents to PDF (a file, a printer or a preview), the shares issued in
// this session, and a store rebuilt from paper-backup scans. FORMAT.md §13.

import type { StoreKind } from '../../shared/store-kind.js';
import type { PaperScanReport } from '../../print/paper-restore.js';

export type PrintDocumentKind = 'shares' | 'emergency' | 'paper-backup' | 'spec';

export interface PrintInput {
  readonly document: PrintDocumentKind;
  readonly store: StoreKind;
  readonly paper?: 'A4' | 'Letter';
  /** Share sheets only: the shares to print (54 words or BGS1: text), each verified; default: those issued in this session. */
  readonly shares?: readonly string[];
  /**
   * Share sheets only: the tamper-evident bag each share's sheet goes into, printed in the sheet's envelope
   * box and, once the sheets are saved or printed, recorded in the envelope record (FORMAT.md §16.6). Each
   * index must be a sheet of this print and no bag number may be given twice; a refusal prints nothing.
   */
  readonly bags?: readonly { readonly index: number; readonly bag: string }[];
  /** Emergency sheet only: further physical and network locations, as the custodians write them. */
  readonly locations?: string;
  readonly paperBackupLocation?: string;
  /**
   * Where the PDF goes: a new file (an absolute path, written with mode 0600) and/or a printer queue
   * ("default" for the default queue). The file must not exist, its folder must, and it may not be inside
   * the vault set or be named *.bgv / *.bgv.prev. Share sheets are written one file per share next to it:
   * /x/pw-shares.pdf gives /x/pw-shares-1-of-3.pdf, /x/pw-shares-2-of-3.pdf, … (all checked before any is written).
   */
  readonly outFile?: string;
  readonly printer?: string;
  readonly actors?: readonly string[];
}

export interface PrintResult {
  readonly document: PrintDocumentKind;
  readonly store: StoreKind;
  readonly generation: number;
  readonly pages: number;
  /** The size of the PDF; for share sheets saved to files, of all the files together. */
  readonly bytes: number;
  /** The file written, for every document but share sheets. */
  readonly file?: string;
  /** Share sheets saved to files: one file per share (one custodian's sheet each), in share order. */
  readonly files?: readonly string[];
  readonly printer?: string;
  readonly job?: string;
  /** Share sheets printed with bag numbers: the bags recorded in the envelope record (upper case, in share order). */
  readonly bagsRecorded?: readonly { readonly index: number; readonly bag: string }[];
  /** A preview of the PDF (base64) when it went nowhere else — never for share sheets. */
  readonly previewPdfBase64?: string;
  /** With the preview: its first pages (up to 8) as PNG data: URLs at 72 dpi, for the screen. */
  readonly previewPages?: readonly string[];
  /** Why no page images could be made (e.g. poppler-utils missing). */
  readonly previewProblem?: string;
}

export interface PaperRestoreInput {
  /** Scanned pages (PNG or JPEG) or the backup PDF itself. */
  readonly images: readonly string[];
  readonly outFile: string;
  /** The store the scans must be (refused as WRONG_STORE otherwise); with a vault set open, also its set. */
  readonly store?: StoreKind;
  readonly actors?: readonly string[];
}

export interface PaperRestoreSummary {
  readonly file: string;
  readonly kind: StoreKind;
  readonly generation: number;
  readonly fingerprint: string;
  readonly chunks: number;
  readonly duplicates: readonly number[];
  readonly scans: readonly PaperScanReport[];
}

export interface PrintingApi {
  /** Renders a document to PDF and sends it where the custodian chose; every print is an audit entry. */
  printDocument(input: PrintInput): Promise<PrintResult>;
  /** Forgets the shares issued in this session (after their sheets were printed). */
  discardIssuedShares(): Promise<void>;
  /** Rebuilds a store file from scanned paper-backup pages; writes it only when its SHA-256 matches. */
  restorePaperBackup(input: PaperRestoreInput): Promise<PaperRestoreSummary>;
}
