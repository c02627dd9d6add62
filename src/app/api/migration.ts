// The API of migration: preview and confirm an import from a KeePass database or a seed table (each store
// in its own step), and export one store to a new KDBX file. No password or seed crosses back. FORMAT.md §18.

import type { AccountClass } from '../../stores/account-fields.js';
import type { PlanCounts, PreviewRow } from '../../migration/import-plan.js';
import type { KdfProfileName } from '../../crypto/kdf.js';
import type { StoreKind } from '../../shared/store-kind.js';

export type { PreviewRow, StoreStep, RowAction, PlanCounts } from '../../migration/import-plan.js';

export interface KeepassImportInput {
  /** The .kdbx file (a full path). */
  readonly file: string;
  /** The database's master password (may be empty with a key file). */
  readonly masterPassword: string;
  readonly keyFile?: string;
  /** The class of every new account the inventory or a per-entry choice does not name. */
  readonly defaultClass?: AccountClass;
  /** Per account id, its class. */
  readonly classes?: Readonly<Record<string, AccountClass>>;
  /** Per entry ("#3" or its exact title): an account id, or "skip". */
  readonly mapping?: Readonly<Record<string, string>>;
  /** Replace accounts and devices already in the stores. */
  readonly update?: boolean;
}

export interface SeedImportInput {
  readonly file: string;
  readonly update?: boolean;
}

/** What an import will do, before anything is written; it stays pending until confirmed or cancelled. */
export interface ImportPreview {
  readonly source: 'keepass' | 'seeds';
  readonly file: string;
  readonly sha256: string;
  /** "KDBX 4.0 (Argon2id, ChaCha20)", "pipe table", … */
  readonly format: string;
  readonly rows: readonly PreviewRow[];
  readonly recycled: number;
  /** Entries without a clear account id: listed, to map or skip. */
  readonly unmapped: number;
  /** New accounts that still need a class. */
  readonly needsClass: number;
  readonly vault: PlanCounts;
  readonly mfa: PlanCounts;
  /** Plain-words warnings (both factors kept together, …). */
  readonly warnings: readonly string[];
  /** Which stores still have a part to confirm. */
  readonly pending: { readonly passwordVault: boolean; readonly mfaSeeds: boolean };
}

export interface ConfirmImportInput {
  readonly store: StoreKind;
  readonly actors?: readonly string[];
}

export interface ImportResult {
  readonly store: StoreKind;
  /** The new generation, or null when nothing was to be written in this store. */
  readonly generation: number | null;
  readonly counts: PlanCounts;
  readonly pending: ImportPreview['pending'];
}

export interface KdbxExportInput {
  readonly store: StoreKind;
  /** A new file (a full path); never overwritten. */
  readonly outFile: string;
  /** The export's new master password, already typed twice by the front end. */
  readonly masterPassword: string;
  /** Default "strong" (the desktop hosts allow only that). */
  readonly kdfProfile?: KdfProfileName;
  readonly actors?: readonly string[];
}

export interface KdbxExportResult {
  readonly store: StoreKind;
  readonly file: string;
  readonly entries: number;
  readonly sha256: string;
  /** "Argon2id 2048 MiB × 1 pass, 4 lanes". */
  readonly kdf: string;
}

export interface MigrationApi {
  previewKeepassImport(input: KeepassImportInput): Promise<ImportPreview>;
  previewSeedImport(input: SeedImportInput): Promise<ImportPreview>;
  confirmImport(input: ConfirmImportInput): Promise<ImportResult>;
  cancelImport(): Promise<void>;
  exportKdbx(input: KdbxExportInput): Promise<KdbxExportResult>;
}
