// The API of the account inventory: import AWS exports into the vault set (dry run first), and the report
// of custody classes, coverage, drift and root controls. FORMAT.md §17.

import type { ErrorCode } from '../../errors.js';
import type { InputKind } from '../../inventory/inputs.js';
import type { InventoryReport } from '../../inventory/rules.js';

export type { AccountReport, CustodyClass, Finding, EvidenceRef, Severity, Control, MfaDeviceRef } from '../../inventory/findings.js';
export type { InventoryReport } from '../../inventory/rules.js';

export interface InventoryImportInput {
  /** The exports, by path: recognised by their content. */
  readonly files: readonly string[];
  /** false (default): a dry run that records nothing; true: store the inventory and its audit entry. */
  readonly record?: boolean;
  readonly actors?: readonly string[];
}

export interface InventoryImportResult {
  readonly recorded: boolean;
  /** DIR/inventory.json (written only when recorded). */
  readonly file: string;
  /** SHA-256 of the inventory.json bytes (that would be) written. */
  readonly sha256: string;
  readonly files: readonly { readonly name: string; readonly kind: InputKind; readonly date: string; readonly sha256: string }[];
  readonly organizationId: string | null;
  readonly managementAccountId: string | null;
  readonly accounts: number;
  readonly credentialReports: number;
  readonly accountSummaries: number;
  readonly deletions: number;
  readonly excludedAccounts: number | null;
}

export interface InventoryReportInput {
  /** CIS 1.6: flag root use within this many days (1–3650, default 90). */
  readonly recentUseDays?: number;
}

export interface PrintInventoryReportInput extends InventoryReportInput {
  /** A full path; the file must not exist yet (the report never overwrites). */
  readonly outFile: string;
  readonly paper?: 'A4' | 'Letter';
  readonly actors?: readonly string[];
}

export interface PrintInventoryReportResult {
  readonly file: string;
  readonly accounts: number;
  readonly needsAction: number;
}

/** One file of a preview: its kind, date and SHA-256 when it was recognised, or why it was refused. */
export interface InventoryPreviewFile {
  /** The path as given. */
  readonly path: string;
  /** The name the inventory records it under (its base name, or the path when two share a base name). */
  readonly name: string;
  readonly kind: InputKind | null;
  readonly date: string | null;
  readonly sha256: string | null;
  readonly refused: { readonly code: ErrorCode; readonly message: string } | null;
}

/** A preview: nothing is recorded; `result` is what recording these exact files would store. */
export interface InventoryImportPreview {
  readonly files: readonly InventoryPreviewFile[];
  /** Set when every file was recognised and they join into one inventory. */
  readonly result: InventoryImportResult | null;
  /** Why the recognised files do not join (two files disagree, a page is missing), when they do not. */
  readonly problem: { readonly code: ErrorCode; readonly message: string; readonly field?: string } | null;
  /** What the inventory will lack (e.g. no account listing), said before it is recorded. */
  readonly warnings: readonly string[];
}

export interface InventoryPreviewInput {
  readonly files: readonly string[];
}

export interface RecordInventoryImportInput {
  /** The previewed files with the SHA-256 the preview saw: a file changed since then refuses the import. */
  readonly files: readonly { readonly path: string; readonly sha256: string }[];
  readonly actors?: readonly string[];
}

export interface InventoryApi {
  /** Reads and checks the exports all-or-nothing; with `record`, stores them (inventory.import audit entry). */
  importInventory(input: InventoryImportInput): Promise<InventoryImportResult>;
  /** The report over the stored inventory, the unlocked password vault and the MFA store's device metadata. */
  getInventoryReport(input?: InventoryReportInput): Promise<InventoryReport>;
  /** The compliance report for auditors as a PDF in a new file (one line per account, findings, evidence dates). */
  printInventoryReport(input: PrintInventoryReportInput): Promise<PrintInventoryReportResult>;
  /** Reads each file on its own (a refused file does not hide the others) and says what recording them would store. */
  previewInventoryImport(input: InventoryPreviewInput): Promise<InventoryImportPreview>;
  /** Records exactly the previewed files: refused when one is missing or its SHA-256 differs from the preview's. */
  recordInventoryImport(input: RecordInventoryImportInput): Promise<InventoryImportResult>;
}
