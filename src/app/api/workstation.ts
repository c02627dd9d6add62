// The API of the workstation's status: air gap, host, open vault set, unlocked stores, login session,
// printers, KDF profiles and lock triggers — what the status bar and Settings show — and the folder listing
// the path chooser browses. DESIGN §3.7.

import type { KdfProfileName } from '../../crypto/kdf.js';
import type { StoreKind } from '../../shared/store-kind.js';

/** Something the host locks every store on besides the window's idle lock, and whether it works here. */
export interface LockTrigger {
  readonly trigger: string;
  readonly active: boolean;
  /** Why it is off (no D-Bus, no dbus-monitor, …). */
  readonly reason?: string;
}

/** What the status bar shows. */
export interface WorkstationStatus {
  /** Non-loopback interfaces that are up with an address: any one means the air gap is broken. */
  readonly network: { readonly airGapped: boolean; readonly interfaces: readonly { readonly name: string; readonly addresses: readonly string[] }[] };
  readonly host: string;
  readonly dir: string | null;
  readonly unlocked: readonly { readonly store: StoreKind; readonly since: string; readonly seconds: number }[];
  readonly totpSession: { readonly accountId: string; readonly device: string; readonly expiresInSeconds: number } | null;
  /** Stores whose shares issued in this session are not yet saved to files or printed (the status bar's reminder). */
  readonly issuedSharesPending: readonly StoreKind[];
  /** Stores whose shares issued in this session the app still holds, printed or not, until they are forgotten. */
  readonly issuedSharesHeld: readonly StoreKind[];
  readonly printers: readonly string[];
  /** The key-derivation profiles a new vault set may use here ("test" only where tests run the UI). */
  readonly kdfProfiles: readonly KdfProfileName[];
  /** What the host locks on (suspend, screen lock, system idle) and whether each works on this machine. */
  readonly lockTriggers: readonly LockTrigger[];
  /** Whether the host can copy a root password to the clipboard, and why not (shown before Copy is pressed). */
  readonly clipboard: { readonly available: boolean; readonly reason?: string };
}

/** One entry of a listed folder: never its contents. */
export interface DirectoryEntry {
  readonly name: string;
  /** What it is, or what a symbolic link points to. */
  readonly kind: 'directory' | 'file';
  /** Bytes, for files. */
  readonly size?: number;
}

/** One folder of the workstation as the path chooser shows it. */
export interface DirectoryListing {
  /** The folder, as a full path. */
  readonly path: string;
  /** The folder above it, or null at /. */
  readonly parent: string | null;
  /** Folders first, then files, by name; hidden (dot) entries and broken links left out. */
  readonly entries: readonly DirectoryEntry[];
  /** Whether `entries` stops short of `total` (at most 2,000 are listed). */
  readonly truncated: boolean;
  readonly total: number;
}

export interface WorkstationApi {
  getWorkstationStatus(): Promise<WorkstationStatus>;
  /**
   * Lists a folder for the path chooser: `path` ("~" is the home folder), or when it is empty `start` (if
   * that folder exists, e.g. /media for drives), else the home folder. Reads names and sizes, never contents.
   */
  listDirectory(input: { readonly path?: string; readonly start?: string }): Promise<DirectoryListing>;
}
