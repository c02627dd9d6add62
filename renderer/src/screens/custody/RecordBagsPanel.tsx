// Custodians & shares: record the tamper-evident bag each share sheet is sealed in, for sheets whose bag
// numbers were not given when they were printed (or that were sealed into new bags). FORMAT.md §16.6.

import { useState, type FormEvent } from 'react';
import type { StoreKind } from '../../../../src/app/api.js';
import { call } from '../../api.js';
import { Busy } from '../../components/Busy.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { actorsInput } from '../../components/names.js';
import { PresentField } from '../../components/PresentField.js';
import { Section } from '../../components/Section.js';
import { StoreSelect } from '../../components/StoreSelect.js';
import { useAction } from '../../components/useAction.js';
import { actorsFor, useAppState } from '../../state.js';
import { bagsInput, ShareBagsPanel, type ShareBags } from '../../components/ShareBagsPanel.js';

export function RecordBagsPanel() {
  const { actors, present } = useAppState();
  const [store, setStore] = useState<StoreKind>('password-vault');
  const [bags, setBags] = useState<ShareBags>({});
  const [recorded, setRecorded] = useState<string | null>(null);
  const action = useAction();
  const given = bagsInput(bags).bags ?? [];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setRecorded(null);
    const done = await action.run('Recording the bag numbers…', () => call('recordBags', { store, bags: given, ...actorsInput(actorsFor({ actors, present }, store)) }));
    if (done) setRecorded(given.map((b) => `share ${b.index} in ${b.bag.toUpperCase()}`).join(', '));
  };

  return (
    <Section title="Envelope bag numbers" testId="custody-bags">
      <form onSubmit={(e) => void submit(e)}>
        <div className="form-grid">
          <div className="field">
            <label htmlFor="custody-bags-store">Store</label>
            <StoreSelect
              id="custody-bags-store"
              value={store}
              onChange={(next) => {
                setStore(next);
                setBags({});
                setRecorded(null);
              }}
            />
          </div>
        </div>
        <ShareBagsPanel
          store={store}
          bags={bags}
          onBags={setBags}
          legend="Bag number of each share"
          hint="For sheets printed without their bag numbers (the Print screen records them when given there): type the number on each sealed bag, so the drill can check it. A share left empty keeps the number recorded before."
          testId="custody-bags-table"
          inputTestId="custody-bag"
        />
        <PresentField store={store} />
        <div className="button-row">
          <button type="submit" className="button-primary" disabled={action.busy !== null || given.length === 0} data-testid="custody-bags-record">
            Record bag numbers
          </button>
        </div>
        {action.busy && <Busy label={action.busy} />}
        <ErrorNote error={action.error} testId="custody-bags-error" />
        {recorded && (
          <p className="note note-ok" role="status" data-testid="custody-bags-recorded">
            Recorded for the drill: {recorded}.
          </p>
        )}
      </form>
    </Section>
  );
}
