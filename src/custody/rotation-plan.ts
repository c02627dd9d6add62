// What a custody rotation decides before any key is made: the new register and overrides, which share set
// is revoked, and segregation against the other store's custodians. Pure: data in, data out. FORMAT.md §12.5.

import { bytesToHex } from '@noble/hashes/utils.js';
import { findSlot, type ContainerHeader } from '../crypto/container.js';
import { BreakglassError } from '../errors.js';
import type { StoreKind } from '../shared/store-kind.js';
import type { Custodian, CustodyRecord, SegregationOverride } from './custodians.js';
import type { StoreCustodyInput } from './custody-setup.js';
import { checkSegregation, recordOverride } from './segregation.js';

/** Revoked share-set ids a header can list (one byte counts them, FORMAT.md §5). */
export const MAX_REVOKED_SHARE_SETS = 255;

export interface RotationPlanInput {
  readonly kind: StoreKind;
  /** The store's current header: its shares slot is revoked, its revocations are kept. */
  readonly header: ContainerHeader;
  /** The store's current custody record: its overrides are kept. */
  readonly current: CustodyRecord;
  /** The register the new custody describes (share holders first, then passphrase holders). */
  readonly planned: readonly Custodian[];
  /** The other store's custodians (none when it is absent). */
  readonly otherCustodians: readonly Custodian[];
  readonly custody: StoreCustodyInput;
  readonly overrideReason: string | undefined;
  /** When the new custody is issued (the override's time). */
  readonly issuedAt: string;
}

export interface RotationPlan {
  /** The new custody record: the planned register and the overrides, with one more when people are shared. */
  readonly custody: CustodyRecord;
  /** People in both stores' registers (recorded with the override reason); empty when none. */
  readonly sharedCustodians: readonly string[];
  /** The override this rotation records, when people are shared. */
  readonly override: SegregationOverride | undefined;
  /** The share set this rotation revokes (hex), or null when the store had no shares slot. */
  readonly revokedShareSet: string | null;
  /** The new generation's revocation list: the old ones, then the revoked share set. */
  readonly revokedShareSets: Uint8Array[];
  /** "3-of-5 shares + passphrase", for the audit log. */
  readonly description: string;
}

/**
 * Decides a rotation. Throws SEGREGATION when the new register shares a person with the other store and
 * no override reason is given, CONFLICT when the store has no room left for another revoked share set.
 */
export function planRotation(input: RotationPlanInput): RotationPlan {
  const { kind, planned, otherCustodians } = input;
  const shared = checkSegregation(
    kind === 'password-vault' ? planned : otherCustodians,
    kind === 'password-vault' ? otherCustodians : planned,
    input.overrideReason,
  );
  const oldShares = findSlot(input.header, 'shares');
  const revokedShareSets = oldShares ? [...input.header.revokedShareSets, oldShares.shareSetId] : [...input.header.revokedShareSets];
  if (revokedShareSets.length > MAX_REVOKED_SHARE_SETS) {
    throw new BreakglassError('CONFLICT', 'This store has been rotated 255 times: create a new vault set and move the accounts.');
  }
  const overrides = recordOverride(input.current.overrides, shared, input.overrideReason, input.issuedAt);
  const { shares, passphrase } = input.custody;
  return {
    custody: { custodians: [...planned], overrides },
    sharedCustodians: shared,
    override: shared.length > 0 ? overrides.at(-1) : undefined,
    revokedShareSet: oldShares ? bytesToHex(oldShares.shareSetId) : null,
    revokedShareSets,
    description: [...(shares ? [`${shares.threshold}-of-${shares.custodians.length} shares`] : []), ...(passphrase !== undefined ? ['passphrase'] : [])].join(' + '),
  };
}
