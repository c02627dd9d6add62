// The application API: the one typed facade every front end (CLI, Electron IPC, Chromium host, renderer
// client) calls. Inputs and outputs are plain data so they cross IPC unchanged. DESIGN §2 and §4.

import type { KdfProfileName } from '../crypto/kdf.js';
import type { StoreKind } from '../crypto/store-kind.js';
import type { AccountClass } from '../stores/account-fields.js';
import type { MfaDeviceType, TotpAlgorithm } from '../stores/seeds.js';

export type { StoreKind } from '../crypto/store-kind.js';
export type { KdfProfileName } from '../crypto/kdf.js';
export type { CustodianInput } from '../custody/custodians.js';
export type { IssuedShare, StoreCustodyInput } from '../custody/custody-setup.js';
import type { IssuedShare, StoreCustodyInput } from '../custody/custody-setup.js';

/** What opens a store: its passphrase, or k custodians' shares (54 words or the BGS1: QR text each). */
export type UnlockSecret = { readonly passphrase: string } | { readonly shares: readonly string[] };



/** Allows one person in both custodian groups; recorded in both stores and the audit log. */
export interface SegregationOverrideInput {
  readonly reason: string;
}

export interface CreateVaultSetInput {
  readonly dir: string;
  readonly kdfProfile: KdfProfileName;
  readonly password: StoreCustodyInput;
  readonly mfa: StoreCustodyInput;
  readonly segregationOverride?: SegregationOverrideInput;
  /** Names of the custodians present, for the audit log. */
  readonly actors?: readonly string[];
}


export interface CustodianInfo {
  readonly name: string;
  readonly role: string;
  readonly contact: string;
  readonly shareIndex: number | null;
  readonly issuedAt: string;
}

export interface CustodyReport {
  readonly store: StoreKind;
  readonly file: string;
  readonly setId: string;
  readonly generation: number;
  readonly passphrase: boolean;
  readonly shares?: { readonly shareSetId: string; readonly threshold: number; readonly count: number };
  readonly revokedShareSets: readonly string[];
  readonly custodians: readonly CustodianInfo[];
  readonly overrides: readonly { readonly at: string; readonly reason: string; readonly custodians: readonly string[] }[];
}

export interface SegregationReport {
  /** People listed in both registers (only with a recorded override). */
  readonly sharedCustodians: readonly string[];
  readonly smallestCoalition: { readonly size: number; readonly explanation: string };
  readonly stores: { readonly 'password-vault': CustodyReport; readonly 'mfa-seeds': CustodyReport };
}

export interface ShareVerification {
  readonly valid: true;
  readonly store: StoreKind;
  readonly label: string;
  readonly setId: string;
  readonly shareSetId: string;
  readonly index: number;
  readonly count: number;
  readonly threshold: number;
  readonly generation: number;
  readonly custodian?: string;
  readonly issuedAt?: string;
}

export interface RotateCustodyInput {
  readonly store: StoreKind;
  /** The new custody; a passphrase here becomes the new passphrase slot (repeat the old one to keep it). */
  readonly custody: StoreCustodyInput;
  readonly segregationOverride?: SegregationOverrideInput;
  readonly actors?: readonly string[];
}

export interface RotationResult {
  readonly store: StoreKind;
  readonly generation: number;
  readonly revokedShareSet?: string;
  readonly issuedShares: readonly IssuedShare[];
}

export type KeySlotInfo =
  | {
      readonly type: 'passphrase';
      readonly kdf: { readonly memoryKiB: number; readonly iterations: number; readonly parallelism: number; readonly label: string };
      readonly saltLength: number;
    }
  | {
      readonly type: 'shares';
      readonly shareSetId: string;
      readonly threshold: number;
      readonly shares: number;
    };

/** Everything the header of a store file tells without a key. */
export interface StoreInspection {
  readonly file: string;
  readonly kind: StoreKind;
  readonly label: string;
  readonly formatVersion: number;
  readonly setId: string;
  readonly generation: number;
  readonly sealedAt: string;
  readonly fileSize: number;
  /** SHA-256 of the whole file, hex. */
  readonly fingerprint: string;
  readonly slots: readonly KeySlotInfo[];
  readonly revokedShareSets: readonly string[];
  /** MFA seed store only: counts from the public metadata. */
  readonly mfa?: { readonly accounts: number; readonly devices: number; readonly virtualDevices: number };
}

export interface StoreStatus {
  readonly kind: StoreKind;
  readonly file: string;
  readonly present: boolean;
  readonly inspection?: StoreInspection;
  /** ISO time at which it was unlocked, when it is unlocked in this session. */
  readonly unlockedAt?: string;
  /** A readable reason when the file exists but cannot be read. */
  readonly problem?: { readonly code: string; readonly message: string };
}

export interface VaultSetStatus {
  readonly dir: string;
  readonly setId?: string;
  readonly stores: { readonly 'password-vault': StoreStatus; readonly 'mfa-seeds': StoreStatus };
}

export interface AccountSummary {
  readonly accountId: string;
  readonly name: string;
  readonly accountClass: AccountClass;
  readonly email: string;
  readonly notes: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Devices the MFA seed store lists for this account (metadata, no key needed). */
  readonly mfaDevices: readonly string[];
}

export interface NewAccountInput {
  readonly accountId: string;
  readonly name: string;
  readonly accountClass: string;
  readonly email: string;
  readonly notes?: string;
  /** The root password; omit with `generatePasswordLength` to have one generated. */
  readonly password?: string;
  readonly generatePasswordLength?: number;
}

export interface AccountUpdateInput {
  readonly accountId: string;
  readonly name?: string;
  readonly accountClass?: string;
  readonly email?: string;
  readonly notes?: string;
  readonly password?: string;
  readonly generatePasswordLength?: number;
}

export interface MfaDeviceSummary {
  readonly accountId: string;
  readonly id: string;
  readonly type: MfaDeviceType;
  readonly name: string;
  readonly serialArn?: string;
  readonly algorithm?: TotpAlgorithm;
  readonly digits?: number;
  readonly period?: number;
  readonly serial?: string;
  readonly location?: string;
  readonly enabledAt: string;
  readonly createdAt: string;
}

export type NewMfaDeviceInput =
  | {
      readonly type: 'virtual';
      readonly accountId: string;
      readonly name: string;
      /** Base32 as AWS shows it; spaces, case and padding are normalised. */
      readonly seed: string;
      readonly algorithm?: string;
      readonly digits?: number;
      readonly period?: number;
      readonly enabledAt?: string;
    }
  | {
      readonly type: 'hardware-totp' | 'security-key';
      readonly accountId: string;
      readonly name: string;
      readonly serial: string;
      readonly location: string;
      readonly enabledAt?: string;
    };

export interface SavedGeneration {
  readonly kind: StoreKind;
  readonly generation: number;
}

export interface AuditEntryView {
  readonly seq: number;
  readonly at: string;
  readonly event: string;
  readonly actor: readonly string[];
  readonly store: StoreKind | null;
  readonly generation: number | null;
  readonly setId: string | null;
  readonly details: Readonly<Record<string, string | number | boolean | null>>;
  /** One line for people. */
  readonly text: string;
}

export interface AuditVerification {
  readonly ok: boolean;
  readonly file: string;
  readonly entries: number;
  readonly head?: { readonly seq: number; readonly hash: string };
  /** The first broken link: 1-based line number and what is wrong there. */
  readonly brokenAt?: { readonly line: number; readonly seq?: number; readonly reason: string };
  /**
   * The drives' audit-log copies the log was checked against (FORMAT.md §10.6): each must still be the
   * beginning of the log, unchanged. Set by verifyAuditLog (empty: no copy was available); listAuditLog
   * checks the chain only and leaves it out. `ok` is false when any anchor disagrees.
   */
  readonly anchors?: readonly AuditAnchorView[];
}

/** One drive's copy of the audit log, as an anchor for the workstation's log. */
export interface AuditAnchorView {
  readonly mountPoint: string;
  readonly driveName?: string;
  /** When the copy was written (from the drive's manifest). */
  readonly exportedAt?: string;
  /** Entries in the drive's copy (0 when it could not be read). */
  readonly entries: number;
  /** The workstation's log still begins with this copy, unchanged. */
  readonly ok: boolean;
  readonly message: string;
}

/** A mounted drive as discovery sees it, with what the local register knows about it. */
export interface DriveView {
  readonly mountPoint: string;
  readonly device: string;
  readonly label: string | null;
  readonly uuid: string | null;
  readonly serial: string | null;
  readonly transport: string | null;
  readonly removable: boolean;
  readonly sizeBytes: number | null;
  readonly freeBytes: number | null;
  /** The register's record of this drive, when it has one. */
  readonly registered?: {
    readonly name: string;
    readonly location: string;
    readonly holds: { readonly storeKind: StoreKind; readonly generation: number } | null;
    readonly everHeld: readonly StoreKind[];
    readonly lastVerifiedAt: string | null;
  };
  /** Stores of the open vault set that may never go to this drive, with the reason. */
  readonly refused: readonly { readonly store: StoreKind; readonly reason: string }[];
}

export interface DrivesReport {
  readonly drives: readonly DriveView[];
  /** Whether USB hot-plug events trigger a re-scan; otherwise the custodian uses Rescan. */
  readonly hotplug: { readonly active: boolean; readonly reason?: string };
  /** "PW-B offsite is two generations old", for every registered drive of the open vault set. */
  readonly freshness: readonly { readonly name: string; readonly location: string; readonly storeKind: StoreKind; readonly generation: number; readonly generationsBehind: number; readonly text: string }[];
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
}

export interface DriveVerificationView {
  readonly mountPoint: string;
  readonly ok: boolean;
  readonly driveName?: string;
  readonly store?: { readonly kind: StoreKind; readonly setId: string; readonly generation: number; readonly fingerprint: string };
  readonly exportedAt?: string;
  readonly findings: readonly { readonly level: 'ok' | 'warning' | 'error'; readonly kind: string; readonly message: string }[];
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

/** A running TOTP login session as the custodian sees it: codes only, never the seed. */
export interface TotpSessionView {
  readonly accountId: string;
  readonly device: string;
  readonly previous: string;
  readonly current: string;
  readonly next: string;
  /** Seconds left in the current window. */
  readonly secondsLeft: number;
  readonly period: number;
  readonly digits: number;
  /** Seconds until the session ends by itself and the seed is wiped. */
  readonly expiresInSeconds: number;
  readonly offsetSeconds: number;
  /** "+2" (minutes) or "-90s". */
  readonly offset: string;
  /** The workstation's own UTC time, and the time codes are computed for (with the offset). */
  readonly workstationUtc: string;
  readonly codesUtc: string;
  readonly startedAt: string;
}

export interface TotpSessionEnd {
  readonly accountId: string;
  readonly device: string;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly reason: 'ended' | 'expired' | 'locked' | 'replaced';
  readonly offsetSeconds: number;
}

export interface StartTotpInput {
  readonly accountId: string;
  /** The device name; optional when the account has one virtual device. */
  readonly device?: string;
  /** Opens the MFA seed store for this one login; omit when the store is already unlocked. */
  readonly secret?: UnlockSecret;
  /** 30–900 seconds (default 300). */
  readonly durationSeconds?: number;
  /** A session-only clock offset set from a trusted clock: "+2" minutes, "-90s" seconds. */
  readonly offset?: string;
  readonly actors?: readonly string[];
}

/** The AWS "Assign MFA device" flow: the codes to type, before the seed is sealed. */
export interface EnrollmentView {
  readonly accountId: string;
  readonly device: string;
  readonly serialArn: string;
  readonly algorithm: string;
  readonly digits: number;
  readonly period: number;
  readonly mfaCode1: string;
  readonly mfaCode2: string;
  readonly secondsLeft: number;
  readonly waitForFreshWindow: boolean;
  readonly advice?: string;
  /** Only for a seed generated here: its base32 text and otpauth:// URI, shown during enrollment only. */
  readonly generated?: { readonly base32: string; readonly otpauthUri: string };
}

export interface PrepareEnrollmentInput {
  readonly accountId: string;
  readonly device: string;
  /** The secret AWS shows under "Show secret key", or an otpauth:// URI. */
  readonly secret?: string;
  /** Create a fresh random seed here instead (for an authenticator configured from our side). */
  readonly generate?: boolean;
  readonly offset?: string;
}

export type PrintDocumentKind = 'shares' | 'emergency' | 'paper-backup' | 'spec';

export interface PrintInput {
  readonly document: PrintDocumentKind;
  readonly store: StoreKind;
  readonly paper?: 'A4' | 'Letter';
  /** Share sheets only: the shares to print (54 words or BGS1: text), each verified; default: those issued in this session. */
  readonly shares?: readonly string[];
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
  readonly scans: readonly { readonly name: string; readonly pages: number; readonly codes: number }[];
}

export interface ScanShareSheetInput {
  /** A scanned share sheet (PNG or JPEG), or a page of the printed share-sheet PDF. */
  readonly image: string;
  /** The store the share must open (else the store the share names, in the open vault set). */
  readonly store?: StoreKind;
  /** Check against this store file instead of the open vault set's (as verifyShare's `file`). */
  readonly file?: string;
}

export interface ScannedShare {
  /** The share's QR text ("BGS1:…", FORMAT.md §12.3), to enter like typed words. */
  readonly share: string;
  readonly verification: ShareVerification;
}

export interface CopyPasswordInput {
  readonly accountId: string;
  /** Seconds until the clipboard is emptied: 5–120, default 30. */
  readonly clearAfterSeconds?: number;
  readonly actors?: readonly string[];
}

/** What the status bar shows. */
/** Something the host locks every store on besides the window's idle lock, and whether it works here. */
export interface LockTrigger {
  readonly trigger: string;
  readonly active: boolean;
  /** Why it is off (no D-Bus, no dbus-monitor, …). */
  readonly reason?: string;
}

export interface WorkstationStatus {
  /** Non-loopback interfaces that are up with an address: any one means the air gap is broken. */
  readonly network: { readonly airGapped: boolean; readonly interfaces: readonly { readonly name: string; readonly addresses: readonly string[] }[] };
  readonly host: string;
  readonly dir: string | null;
  readonly unlocked: readonly { readonly store: StoreKind; readonly since: string; readonly seconds: number }[];
  readonly totpSession: { readonly accountId: string; readonly device: string; readonly expiresInSeconds: number } | null;
  readonly issuedSharesPending: readonly StoreKind[];
  readonly printers: readonly string[];
  /** The key-derivation profiles a new vault set may use here ("test" only where tests run the UI). */
  readonly kdfProfiles: readonly KdfProfileName[];
  /** What the host locks on (suspend, screen lock, system idle) and whether each works on this machine. */
  readonly lockTriggers: readonly LockTrigger[];
}

export interface BreakglassApi {
  /** Creates both stores of a new vault set in `dir` (created with mode 0700 if missing). */
  createVaultSet(input: CreateVaultSetInput): Promise<VaultSetStatus & { readonly issuedShares: readonly IssuedShare[] }>;
  /** Makes `dir` the current vault set; reads both headers, no key. */
  openVaultSet(input: { readonly dir: string }): Promise<VaultSetStatus>;
  /** The current vault set, re-read from disk. */
  getStatus(): Promise<VaultSetStatus>;
  /** Reads any store file's header (no key). */
  inspectStore(input: { readonly file: string }): Promise<StoreInspection>;
  unlockStore(input: { readonly store: StoreKind; readonly secret: UnlockSecret; readonly actors?: readonly string[] }): Promise<StoreStatus>;
  lockStore(input: { readonly store: StoreKind }): Promise<void>;
  lockAll(): Promise<void>;

  listAccounts(): Promise<readonly AccountSummary[]>;
  getAccount(input: { readonly accountId: string }): Promise<AccountSummary>;
  addAccount(input: NewAccountInput): Promise<AccountSummary & { readonly generatedPassword?: string }>;
  updateAccount(input: AccountUpdateInput): Promise<AccountSummary & { readonly generatedPassword?: string }>;
  removeAccount(input: { readonly accountId: string }): Promise<SavedGeneration>;
  /** The root password of one account, for a timed reveal; never logged. */
  revealPassword(input: { readonly accountId: string }): Promise<{ readonly accountId: string; readonly password: string }>;
  /**
   * Puts one account's root password on the workstation's clipboard from the host process (the password
   * never reaches the renderer) and empties it after `clearAfterSeconds` (5–120, default 30) unless the
   * custodian copied something else meanwhile; locking the password vault empties it at once.
   */
  copyPassword(input: CopyPasswordInput): Promise<{ readonly accountId: string; readonly clearsAt: string }>;
  generatePassword(input: { readonly length?: number }): Promise<{ readonly password: string }>;

  /** Device metadata from the MFA seed store's public document: no key needed. */
  listMfaDevices(input?: { readonly accountId?: string }): Promise<readonly MfaDeviceSummary[]>;
  addMfaDevice(input: NewMfaDeviceInput): Promise<MfaDeviceSummary>;
  removeMfaDevice(input: { readonly accountId: string; readonly name: string }): Promise<SavedGeneration>;

  /** Checks one share alone against a store file (or the open set's store): no key, nothing opened. */
  verifyShare(input: { readonly share: string; readonly file?: string; readonly store?: StoreKind }): Promise<ShareVerification>;
  /**
   * Reads the share QR code of a scanned share sheet (PNG, JPEG, or a page of the printed PDF) and checks
   * it alone against the open vault set's store (or `file`), as verifyShare does: no key, nothing opened.
   */
  scanShareSheet(input: ScanShareSheetInput): Promise<ScannedShare>;
  /** A store's custody and custodian register, from its public document (no key). */
  listCustodians(input: { readonly file?: string; readonly store?: StoreKind }): Promise<CustodyReport>;
  /** Both registers of the open vault set and the smallest coalition that can open both stores. */
  getSegregationReport(): Promise<SegregationReport>;
  /** New data key, new key-encryption key, new share set; the old share set is revoked. Store must be unlocked. */
  rotateCustody(input: RotateCustodyInput): Promise<RotationResult>;

  /** The open vault set's audit log, every entry (entries before the first broken link if it is broken). */
  listAuditLog(): Promise<{ readonly entries: readonly AuditEntryView[]; readonly verification: AuditVerification }>;
  /**
   * Checks the hash chain of the open vault set's audit log and reports the first broken link, then
   * checks it against the audit-log copies on drives: those at `againstDrives` (mount points), or when
   * omitted every mounted drive holding an export of this vault set. A changed or removed last line, or
   * a log cut short, disagrees with any copy exported after it.
   */
  verifyAuditLog(input?: { readonly expectedHead?: string; readonly againstDrives?: readonly string[] }): Promise<AuditVerification>;

  /** Mounted drives, with the register's knowledge and which store each may never receive. */
  listDrives(): Promise<DrivesReport>;
  /** Exports one store (with its manifest, audit copy and recovery kit) to a drive, read back before done. */
  exportStore(input: ExportInput): Promise<ExportSummary>;
  /** Checks a drive's BREAKGLASS folder without any key. */
  verifyDrive(input: { readonly mountPoint: string }): Promise<DriveVerificationView>;
  /** Copies a verified store from a drive to the workstation, keeping the current file as .prev. */
  restoreStore(input: RestoreInput): Promise<RestoreSummary>;

  /** Decrypts exactly one seed for one login (ending any other session); the store's key is wiped at once. */
  startTotpSession(input: StartTotpInput): Promise<TotpSessionView>;
  /** The running session's previous/current/next codes, recomputed now. */
  getTotpCodes(): Promise<TotpSessionView>;
  setTotpOffset(input: { readonly offset: string }): Promise<TotpSessionView>;
  /** Ends the session and wipes the seed; null when none was running. */
  endTotpSession(): Promise<TotpSessionEnd | null>;

  /** Starts enrolling a virtual MFA device: parses the secret and returns "MFA code 1" and "MFA code 2". */
  prepareEnrollment(input: PrepareEnrollmentInput): Promise<EnrollmentView>;
  getEnrollmentCodes(): Promise<EnrollmentView>;
  /** Seals the enrolled seed into the MFA seed store (a new generation); the store must be unlocked. */
  confirmEnrollment(input?: { readonly enabledAt?: string; readonly actors?: readonly string[] }): Promise<MfaDeviceSummary>;
  cancelEnrollment(): Promise<void>;

  /** Renders a document to PDF and sends it where the custodian chose; every print is an audit entry. */
  printDocument(input: PrintInput): Promise<PrintResult>;
  /** Forgets the shares issued in this session (after their sheets were printed). */
  discardIssuedShares(): Promise<void>;
  /** Rebuilds a store file from scanned paper-backup pages; writes it only when its SHA-256 matches. */
  restorePaperBackup(input: PaperRestoreInput): Promise<PaperRestoreSummary>;

  getWorkstationStatus(): Promise<WorkstationStatus>;
}
