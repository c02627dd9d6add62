// What opens a store, read from its header alone (no key): the shares threshold and count, whether a
// passphrase slot exists, and whether the store is unlocked now. docs/FORMAT.md §2.2 (key slots).

import type { StoreStatus } from '../../../src/app/api.js';

export interface StoreOpeners {
  /** k of a shares slot, or null when the store has none. */
  readonly threshold: number | null;
  /** n of a shares slot (0 without one). */
  readonly count: number;
  readonly passphrase: boolean;
  readonly unlocked: boolean;
}

export function storeOpeners(status: StoreStatus | undefined): StoreOpeners {
  const slots = status?.inspection?.slots ?? [];
  const shares = slots.find((s) => s.type === 'shares');
  return {
    threshold: shares?.type === 'shares' ? shares.threshold : null,
    count: shares?.type === 'shares' ? shares.shares : 0,
    passphrase: slots.some((s) => s.type === 'passphrase'),
    unlocked: status?.unlockedAt !== undefined,
  };
}
