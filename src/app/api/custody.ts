// The API of custody: checking one share, reading a scanned share sheet, the custodian registers, the
// segregation report and rotation. Plain data that crosses IPC unchanged. FORMAT.md §12.4 and §12.5.

import type { StoreKind } from '../../shared/store-kind.js';
import type { Custodian, SegregationOverride } from '../../custody/custodians.js';
import type { IssuedShare, StoreCustodyInput } from '../../custody/custody-setup.js';

export type { CustodianInput } from '../../custody/custodians.js';
export type { IssuedShare, StoreCustodyInput } from '../../custody/custody-setup.js';

/** Allows one person in both custodian groups; recorded in both stores and the audit log. */
export interface SegregationOverrideInput {
  readonly reason: string;
}

/** One person of a store's custodian register. */
export type CustodianInfo = Custodian;

export interface CustodyReport {
  readonly store: StoreKind;
  readonly file: string;
  readonly setId: string;
  readonly generation: number;
  readonly passphrase: boolean;
  readonly shares?: { readonly shareSetId: string; readonly threshold: number; readonly count: number };
  readonly revokedShareSets: readonly string[];
  readonly custodians: readonly CustodianInfo[];
  readonly overrides: readonly SegregationOverride[];
  /** Said before a passphrase is derived: the header's KDF costs far more than the vault set's usual. */
  readonly kdfWarning?: string;
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
  /**
   * Rotate although the other store's file (and so its custodian register) is missing, with a reason that
   * goes to the audit log: without it such a rotation is refused, since segregation cannot be checked.
   */
  readonly uncheckedSegregation?: SegregationOverrideInput;
  readonly actors?: readonly string[];
}

export interface RotationResult {
  readonly store: StoreKind;
  readonly generation: number;
  readonly revokedShareSet?: string;
  readonly issuedShares: readonly IssuedShare[];
}

export interface ScanShareSheetInput {
  /** A scanned share sheet (PNG or JPEG), or a page of the printed share-sheet PDF. */
  readonly image: string;
  /** The store the share must open (else the store the share names, in the open vault set). */
  readonly store?: StoreKind;
  /** Check against this store file instead of the open vault set's (as verifyShare's `file`). */
  readonly file?: string;
  /** The people present for the check (else the share's recorded holder): the entry's actors. */
  readonly actors?: readonly string[];
}

export interface ScannedShare {
  /** The share's QR text ("BGS1:…", FORMAT.md §12.3), to enter like typed words. */
  readonly share: string;
  readonly verification: ShareVerification;
}

export interface CustodyApi {
  /** Checks one share alone against a store file (or the open set's store): no key, nothing opened. */
  verifyShare(input: { readonly share: string; readonly file?: string; readonly store?: StoreKind; readonly actors?: readonly string[] }): Promise<ShareVerification>;
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
}
