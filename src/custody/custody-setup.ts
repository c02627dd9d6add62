// Turns a custody choice (passphrase, k-of-n shares, or both) into key slots, a custodian register and
// the shares to hand out; shared by vault-set creation and rotation. FORMAT.md §4 and §12.

import { bytesToHex } from '@noble/hashes/utils.js';
import type { KeySlot } from '../crypto/container.js';
import type { KdfParams } from '../crypto/kdf.js';
import { createPassphraseSlot } from '../crypto/passphrase-slot.js';
import { storeKindLabel, type StoreKind } from '../shared/store-kind.js';
import type { Rng } from '../shared/determinism.js';
import { BreakglassError } from '../errors.js';
import { assignCustodians, type Custodian, type CustodianInput } from './custodians.js';
import { DEFAULT_MAX_SHARE_COUNT, MAX_SHARE_COUNT } from './shamir.js';
import { shareToQrText, shareToWords } from './share-codec.js';
import { createSharesSlot } from './shares-slot.js';

/** How a store is opened: a passphrase slot, a k-of-n shares slot, or both (at least one). */
export interface StoreCustodyInput {
  readonly passphrase?: string;
  readonly shares?: {
    readonly threshold: number;
    readonly custodians: readonly CustodianInput[];
    /** Opt-in for more than 16 shares (up to 255): every share is one more sheet to keep track of. */
    readonly allowLargeSet?: boolean;
  };
  /** People who know the passphrase, for the register (optional). */
  readonly passphraseHolders?: readonly CustodianInput[];
}

/** A share handed out to one custodian: to be printed, then every other copy destroyed. */
export interface IssuedShare {
  readonly store: StoreKind;
  /** Vault-set id, 32 hex digits. */
  readonly setId: string;
  /** Share-set id, 32 hex digits. */
  readonly shareSetId: string;
  /** 1 … count: the custodian's number. */
  readonly index: number;
  readonly count: number;
  readonly threshold: number;
  readonly custodian: string;
  readonly role: string;
  /** When the share was issued (timestamp). */
  readonly issuedAt: string;
  /** The 54 words of FORMAT.md §12.3. */
  readonly words: readonly string[];
  /** "BGS1:…" (FORMAT.md §12.3). */
  readonly qrText: string;
}

export interface CustodySetup {
  readonly slots: KeySlot[];
  readonly custodians: Custodian[];
  readonly issuedShares: IssuedShare[];
}

/** Validates the custody input of one store without deriving anything (fast, before any KDF). */
export function checkCustodyInput(kind: StoreKind, custody: StoreCustodyInput | undefined): void {
  const label = storeKindLabel(kind);
  if (!custody || (custody.passphrase === undefined && custody.shares === undefined)) {
    throw new BreakglassError('VALIDATION', `Choose how the ${label} is opened: a passphrase, k-of-n custodian shares, or both.`, {
      field: 'custody',
    });
  }
  if (custody.shares) {
    const { threshold, custodians } = custody.shares;
    const count = custodians?.length ?? 0;
    if (!Number.isInteger(threshold) || threshold < 2 || threshold > count || count > MAX_SHARE_COUNT) {
      throw new BreakglassError(
        'VALIDATION',
        `Shares of the ${label} must be k-of-n with 2 ≤ k ≤ n ≤ ${DEFAULT_MAX_SHARE_COUNT} (up to ${MAX_SHARE_COUNT} allowed); ` +
          `got ${threshold}-of-${count}. Name one custodian per share.`,
        { field: 'shares' },
      );
    }
    if (count > DEFAULT_MAX_SHARE_COUNT && custody.shares.allowLargeSet !== true) {
      throw new BreakglassError(
        'VALIDATION',
        `${threshold}-of-${count} shares of the ${label}: more than ${DEFAULT_MAX_SHARE_COUNT} shares need an explicit opt-in, ` +
          'because every share is one more sheet in a safe that someone must keep track of. Nothing was changed.',
        { field: 'shares', action: { kind: 'allow-large-share-set', max: DEFAULT_MAX_SHARE_COUNT } },
      );
    }
  }
}

/** The register the custody input describes (share holders first, then named passphrase holders). */
export function plannedCustodians(custody: StoreCustodyInput, issuedAt: string): Custodian[] {
  const holders = custody.shares ? assignCustodians(custody.shares.custodians, custody.shares.custodians.length, issuedAt) : [];
  const passphraseHolders = custody.passphraseHolders ? assignCustodians(custody.passphraseHolders, 0, issuedAt) : [];
  return [...holders, ...passphraseHolders];
}

export async function setUpCustody(
  kind: StoreKind,
  setId: Uint8Array,
  dataKey: Uint8Array,
  custody: StoreCustodyInput,
  kdf: KdfParams,
  rng: Rng,
  issuedAt: string,
): Promise<CustodySetup> {
  checkCustodyInput(kind, custody);
  const custodians = plannedCustodians(custody, issuedAt);
  const slots: KeySlot[] = [];
  const issuedShares: IssuedShare[] = [];
  if (custody.passphrase !== undefined) slots.push(await createPassphraseSlot(custody.passphrase, dataKey, kind, setId, kdf, rng));
  if (custody.shares) {
    const { threshold, custodians: holders } = custody.shares;
    const { slot, shares } = await createSharesSlot(dataKey, kind, setId, threshold, holders.length, rng);
    slots.push(slot);
    for (const share of shares) {
      const holder = custodians[share.index - 1] as Custodian;
      issuedShares.push({
        store: kind,
        setId: bytesToHex(setId),
        shareSetId: bytesToHex(share.shareSetId),
        index: share.index,
        count: share.count,
        threshold: share.threshold,
        custodian: holder.name,
        role: holder.role,
        issuedAt,
        words: shareToWords(share),
        qrText: shareToQrText(share),
      });
      share.value.fill(0);
    }
  }
  return { slots, custodians, issuedShares };
}
