// The API of the account inventory: import AWS exports into the vault set (dry run first), and the report
// of custody classes, coverage, drift and root controls. FORMAT.md §17.

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

export interface InventoryApi {
  /** Reads and checks the exports all-or-nothing; with `record`, stores them (inventory.import audit entry). */
  importInventory(input: InventoryImportInput): Promise<InventoryImportResult>;
  /** The report over the stored inventory, the unlocked password vault and the MFA store's device metadata. */
  getInventoryReport(input?: InventoryReportInput): Promise<InventoryReport>;
  /** The compliance report for auditors as a PDF in a new file (one line per account, findings, evidence dates). */
  printInventoryReport(input: PrintInventoryReportInput): Promise<PrintInventoryReportResult>;
}
