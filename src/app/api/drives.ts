// The API of drives: what is mounted, exporting a store with read-back, verifying a drive without any key,
// restoring from one. Plain data that crosses IPC unchanged. FORMAT.md §14; DESIGN §3.6.

import type { StoreKind } from '../../shared/store-kind.js';
import type { HeldStore, DriveFreshness, RegisterEntry } from '../../drives/register.js';
import type { DriveFinding, DriveVerification } from '../../drives/verify.js';
import type { DiscoveredDrive } from '../ports.js';

/** A mounted drive as discovery sees it, with what the local register knows about it. */
export interface DriveView extends DiscoveredDrive {
  /** The register's record of this drive, when it has one. */
  readonly registered?: Pick<RegisterEntry, 'name' | 'location' | 'lastVerifiedAt' | 'damaged'> & {
    readonly holds: Pick<HeldStore, 'storeKind' | 'generation'> | null;
    readonly everHeld: readonly StoreKind[];
  };
  /** Stores of the open vault set that may never go to this drive, with the reason. */
  readonly refused: readonly { readonly store: StoreKind; readonly reason: string }[];
}

export interface DrivesReport {
  readonly drives: readonly DriveView[];
  /** Whether USB hot-plug events trigger a re-scan; otherwise the custodian uses Rescan. */
  readonly hotplug: { readonly active: boolean; readonly reason?: string };
  /** "PW-B offsite is two generations old", for every registered drive of the open vault set. */
  readonly freshness: readonly Omit<DriveFreshness, 'current'>[];
}

export interface ExportInput {
  readonly store: StoreKind;
  readonly mountPoint: string;
  /** The custodian-assigned name, e.g. "PW-A onsite" (required for a drive used for the first time). */
  readonly driveName?: string;
  readonly location?: string;
  readonly allowFixed?: boolean;
  readonly actors?: readonly string[];
}

export interface ExportSummary {
  readonly store: StoreKind;
  readonly generation: number;
  readonly mountPoint: string;
  readonly folder: string;
  readonly driveName: string;
  readonly fingerprint: string;
  readonly bytesWritten: number;
  readonly files: readonly string[];
  readonly allowFixed: boolean;
  /** What the custodian must know: a drive register rebuilt from the audit log, a drive without a serial number. */
  readonly notices: readonly string[];
}

export interface DriveVerificationView {
  readonly mountPoint: string;
  readonly ok: boolean;
  readonly driveName?: string;
  readonly store?: NonNullable<DriveVerification['store']>;
  readonly exportedAt?: string;
  readonly findings: readonly DriveFinding[];
}

export interface RestoreInput {
  readonly dir: string;
  readonly store: StoreKind;
  readonly mountPoint: string;
  /** Allow replacing a newer workstation copy with an older drive copy. */
  readonly allowOlder?: boolean;
  readonly actors?: readonly string[];
}

export interface RestoreSummary {
  readonly store: StoreKind;
  readonly file: string;
  readonly generation: number;
  readonly replacedGeneration: number | null;
  readonly backup: string | null;
  readonly fingerprint: string;
  /**
   * The audit log: kept (the workstation had one), restored from the drive's copy (hash chain verified),
   * not-restored (the copy was broken or foreign: a new log starts), or absent from the drive.
   */
  readonly auditLog: { readonly outcome: 'kept' | 'restored' | 'not-restored' | 'absent'; readonly message: string };
}

export interface DrivesApi {
  /** Mounted drives, with the register's knowledge and which store each may never receive. */
  listDrives(): Promise<DrivesReport>;
  /** Exports one store (with its manifest, audit copy and recovery kit) to a drive, read back before done. */
  exportStore(input: ExportInput): Promise<ExportSummary>;
  /** Checks a drive's BREAKGLASS folder without any key. */
  verifyDrive(input: { readonly mountPoint: string }): Promise<DriveVerificationView>;
  /** Copies a verified store from a drive to the workstation, keeping the current file as .prev. */
  restoreStore(input: RestoreInput): Promise<RestoreSummary>;
}
