// Custodians and shares: both stores' custody and registers, the segregation report, checking one share
// alone (nothing is opened), recording the envelope bag numbers, and rotating a store's custody. docs/FORMAT.md §12.4–12.5.

import { useCallback, useEffect, useState } from 'react';
import type { CustodyReport, SegregationReport, StoreKind } from '../../../../src/app/api.js';
import { call } from '../../api.js';
import { Busy } from '../../components/Busy.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { Section } from '../../components/Section.js';
import { STORE_KINDS } from '../../components/stores.js';
import { useAction } from '../../components/useAction.js';
import { CheckSharePanel } from './CheckSharePanel.js';
import { CustodyCard } from './CustodyCard.js';
import { RecordBagsPanel } from './RecordBagsPanel.js';
import { RotatePanel } from './RotatePanel.js';

export function CustodyScreen() {
  const [reports, setReports] = useState<Partial<Record<StoreKind, CustodyReport>>>({});
  const [segregation, setSegregation] = useState<SegregationReport | null>(null);
  const load = useAction();

  const reload = useCallback(async () => {
    const next: Partial<Record<StoreKind, CustodyReport>> = {};
    for (const kind of STORE_KINDS) next[kind] = await call('listCustodians', { store: kind });
    setReports(next);
    setSegregation(await call('getSegregationReport'));
    return next;
  }, []);

  useEffect(() => {
    void load.run('Reading the custodian registers', reload);
  }, [load.run, reload]);

  return (
    <div className="screen" data-testid="screen-custody">
      <h1>Custodians &amp; shares</h1>
      {load.busy ? <Busy label={load.busy} /> : null}
      <ErrorNote error={load.error} testId="custody-error" />

      <Section title="Who opens each store" testId="custody-registers">
        <div className="two-columns">
          {STORE_KINDS.map((kind) => {
            const report = reports[kind];
            return report ? <CustodyCard key={kind} report={report} /> : null;
          })}
        </div>
      </Section>

      {segregation ? (
        <Section title="Segregation" testId="custody-segregation">
          {segregation.sharedCustodians.length === 0 ? (
            <p className="note note-ok" data-testid="custody-segregation-state" data-state="separate">
              ✓ No one is a custodian of both stores.
            </p>
          ) : (
            <p className="note note-warning" data-testid="custody-segregation-state" data-state="shared">
              In both groups (with a recorded exception): <strong>{segregation.sharedCustodians.join(', ')}</strong>.
            </p>
          )}
          <p className="coalition" data-testid="custody-coalition">
            Smallest coalition that opens both stores: <strong>{segregation.smallestCoalition.size} people</strong> — {segregation.smallestCoalition.explanation}.
          </p>
        </Section>
      ) : null}

      <CheckSharePanel />

      <RecordBagsPanel />

      <RotatePanel reports={reports} loadError={load.error} onRotated={reload} />
    </div>
  );
}
