// A store's state in one line: badge, locked/unlocked (and since when), generation and how it opens.
// docs/FORMAT.md §2.2 (key slots), §6 (generations).

import type { StoreStatus } from '../../../src/app/api.js';
import { formatTimestamp } from './format.js';
import { StoreBadge } from './StoreBadge.js';

export function opensWith(status: StoreStatus): string {
  const slots = status.inspection?.slots ?? [];
  const parts = slots.map((slot) => (slot.type === 'shares' ? `${slot.threshold} of ${slot.shares} custodian shares` : 'a passphrase'));
  return parts.length > 0 ? parts.join(' or ') : '—';
}

export function StoreSummary({ status, testId }: { readonly status: StoreStatus; readonly testId?: string }) {
  return (
    <div className={`store-summary store-summary-${status.kind}`} data-testid={testId ?? `store-summary-${status.kind}`}>
      <StoreBadge store={status.kind} withLabel />
      {status.problem ? (
        <span className="state state-bad">{status.problem.message}</span>
      ) : !status.present ? (
        <span className="state state-bad">missing: {status.file}</span>
      ) : status.unlockedAt ? (
        <span className="state state-open" data-state="unlocked">
          Unlocked since {formatTimestamp(status.unlockedAt)}
        </span>
      ) : (
        <span className="state state-locked" data-state="locked">
          Locked
        </span>
      )}
      {status.inspection ? (
        <span className="muted">
          generation {status.inspection.generation} · opens with {opensWith(status)}
        </span>
      ) : null}
    </div>
  );
}
