// The live segregation check of a custody form: who would be in both groups, and how many people
// together could open both stores. docs/FORMAT.md §12.4.

export function SegregationPreview({
  shared,
  coalition,
  testPrefix,
}: {
  readonly shared: readonly string[];
  readonly coalition: { readonly size: number; readonly explanation: string } | null;
  readonly testPrefix: string;
}) {
  return (
    <div className="segregation">
      {shared.length === 0 ? (
        <p className="note note-ok" data-testid={`${testPrefix}-segregation`} data-state="separate">
          ✓ No one is a custodian of both stores.
        </p>
      ) : (
        <p className="note note-error" data-testid={`${testPrefix}-segregation`} data-state="shared" role="alert">
          <strong>{shared.join(', ')}</strong> {shared.length === 1 ? 'is' : 'are'} named for both stores. One person must not be able to
          open both; choose different people, or record why this exception is needed.
        </p>
      )}
      <p className="coalition" data-testid={`${testPrefix}-coalition`}>
        Smallest coalition that opens both stores:{' '}
        {coalition ? (
          <>
            <strong>
              {coalition.size} {coalition.size === 1 ? 'person' : 'people'}
            </strong>{' '}
            — {coalition.explanation}.
          </>
        ) : (
          <span className="muted">choose how each store is opened.</span>
        )}
      </p>
      {coalition && coalition.size < 3 ? (
        <p className="note note-warning" data-testid={`${testPrefix}-coalition-warning`}>
          Only {coalition.size} {coalition.size === 1 ? 'person' : 'people'} could open both stores together. Consider higher thresholds.
        </p>
      ) : null}
    </div>
  );
}
