// A store file of the open vault set that cannot be read (damaged, cut short, foreign, missing) is shown
// on every screen, at the top, with the way out: restore it from a drive or from paper. docs/FORMAT.md §2.4.

import type { StoreKind } from '../../../src/app/api.js';
import { useAppState } from '../state.js';
import { StoreBadge } from './StoreBadge.js';
import { STORE_IN_SENTENCE, STORE_KINDS } from './stores.js';

export function StoreProblems() {
  const { status, go, screen } = useAppState();
  if (!status) return null;
  const problems = STORE_KINDS.flatMap((kind): { kind: StoreKind; text: string }[] => {
    const store = status.stores[kind];
    if (store.problem) return [{ kind, text: store.problem.message }];
    if (!store.present) return [{ kind, text: `There is no ${STORE_IN_SENTENCE[kind]} file in this vault set (${store.file}).` }];
    return [];
  });
  if (problems.length === 0) return null;
  return (
    <div className="note note-error store-problems" role="alert" data-testid="store-problems">
      {problems.map((p) => (
        <p key={p.kind} data-testid={`store-problem-${p.kind}`}>
          <StoreBadge store={p.kind} /> <strong>The {STORE_IN_SENTENCE[p.kind]} cannot be used:</strong> {p.text}
        </p>
      ))}
      <p>Nothing was changed. Restore a good copy from one of its drives, or rebuild it from its paper backup.</p>
      <div className="button-row">
        {screen !== 'drives' && (
          <button type="button" className="button-secondary" data-testid="store-problems-drives" onClick={() => go('drives')}>
            Restore from a drive
          </button>
        )}
        {screen !== 'print' && (
          <button type="button" className="button-secondary" data-testid="store-problems-paper" onClick={() => go('print')}>
            Restore from paper
          </button>
        )}
      </div>
    </div>
  );
}
