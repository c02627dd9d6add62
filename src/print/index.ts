// The printed documents and the paper backup, as one import for the app: share sheets, emergency sheets,
// the paper backup and its restore, the recovery specification, QR reading. Spec: docs/FORMAT.md §13.

export { FONT, FONT_FILES, loadFonts } from './fonts.js';
export { PAPER_POINTS, pageGeometry, type PageFrame, type PageGeometry } from './page-frame.js';
export { checkPrintOptions, formatBytes, groupHex, PAPER_SIZES, type PaperSize, type PrintOptions } from './print-text.js';
export { storeMarkLabel, storeMarkTitle, type StoreMark } from './store-marking.js';
export { makeQrSymbol, QR_ALPHANUMERIC, type QrErrorCorrection, type QrSymbol } from './qr-vector.js';
export { checkShareSheetInput, renderShareSheets, SHARE_QR_ERROR_CORRECTION, type ShareSheetInput } from './share-sheet.js';
export {
  checkEmergencySheetInput,
  renderEmergencySheet,
  sheetProcedure,
  type EmergencyAccount,
  type EmergencyCustodian,
  type EmergencySheetInput,
  type StoreCopy,
} from './emergency-sheet.js';
export { procedurePlaceholders, shellWord, standardProcedure, type ProcedureFacts, type ProcedureStep } from './emergency-procedure.js';
export {
  checkPaperBackupMeta,
  decodeBackupChunk,
  describeBackup,
  encodeBackupChunk,
  encodeBackupChunks,
  PAPER_CHUNK_BYTES,
  PAPER_CHUNK_PREFIX,
  PAPER_MAX_CHUNKS,
  paperBackupMeta,
  type BackupChunk,
  type PaperBackupMeta,
} from './paper-chunks.js';
export { CHUNKS_PER_PAGE, PAPER_QR_ERROR_CORRECTION, PAPER_QR_MODULE, PAPER_QR_VERSION } from './paper-layout.js';
export { renderPaperBackup, storeFileName, type PaperBackupResult } from './paper-backup.js';
export {
  formatNumberList,
  restoreFromChunks,
  restorePaperBackup,
  type PaperRestoreOptions,
  type PaperRestoreResult,
  type PaperScan,
  type PaperScanReport,
  type ScannedCode,
} from './paper-restore.js';
export { decodeImage, decodeQrCodesFromGray, decodeQrCodesFromImage, readShareQrFromImage, sniffImageKind, type GrayImage, type ImageKind } from './qr-scan.js';
export { decodeQrCodesFromPdf, popplerRasterizer, spawnProcess, type PdfRasterizer, type ProcessResult, type ProcessRunner } from './pdf-raster.js';
export { parseMarkdown, renderSpecification, type SpecificationOptions } from './spec-document.js';
