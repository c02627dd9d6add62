// The API of the vault set and its unlock: creating, opening, inspecting, unlocking and locking stores.
// Plain data that crosses IPC unchanged. FORMAT.md §2.4 and §4; DESIGN §4.

import type { KdfProfileName } from '../../crypto/kdf.js';
import type { StoreKind } from '../../shared/store-kind.js';
import type { IssuedShare, StoreCustodyInput } from '../../custody/custody-setup.js';
import type { SegregationOverrideInput } from './custody.js';

/** What opens a store: its passphrase, or k custodians' shares (54 words or the BGS1: QR text each). */
export type UnlockSecret = { readonly passphrase: string } | { readonly shares: readonly string[] };

export interface CreateVaultSetInput {
  readonly dir: string;
  readonly kdfProfile: KdfProfileName;
  readonly password: StoreCustodyInput;
  readonly mfa: StoreCustodyInput;
  readonly segregationOverride?: SegregationOverrideInput;
  /** Names of the custodians present, for the audit log. */
  readonly actors?: readonly string[];
  /** Every reveal and login session needs an open break-glass run (front ends default to true); omitted: asked once later. */
  readonly requireRun?: boolean;
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
  /** Set by an unlock that found its generation on disk without the audit entry of its save, and recorded it (FORMAT.md §10.9). */
  readonly unaudited?: { readonly generation: number; readonly message: string };
}

export interface VaultSetStatus {
  readonly dir: string;
  readonly setId?: string;
  readonly stores: { readonly 'password-vault': StoreStatus; readonly 'mfa-seeds': StoreStatus };
}

export interface SavedGeneration {
  readonly kind: StoreKind;
  readonly generation: number;
}

export interface UnlockStoreInput {
  readonly store: StoreKind;
  readonly secret: UnlockSecret;
  /** Names of the custodians present, for the audit log (with shares, their holders are added). */
  readonly actors?: readonly string[];
}

export interface VaultSetApi {
  /** Creates both stores of a new vault set in `dir` (created with mode 0700 if missing). */
  createVaultSet(input: CreateVaultSetInput): Promise<VaultSetStatus & { readonly issuedShares: readonly IssuedShare[] }>;
  /** Makes `dir` the current vault set; reads both headers, no key. */
  openVaultSet(input: { readonly dir: string }): Promise<VaultSetStatus>;
  /** The current vault set, re-read from disk. */
  getStatus(): Promise<VaultSetStatus>;
  /** Reads any store file's header (no key). */
  inspectStore(input: { readonly file: string }): Promise<StoreInspection>;
  unlockStore(input: UnlockStoreInput): Promise<StoreStatus>;
  lockStore(input: { readonly store: StoreKind }): Promise<void>;
  lockAll(): Promise<void>;
}
