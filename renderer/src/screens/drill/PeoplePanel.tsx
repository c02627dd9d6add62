// Step 1 of the drill: who leads it, who witnesses it, which custodians are present, and why it is run
// (quarterly, or ad hoc with a note). FORMAT.md §16.

import type { Dispatch, SetStateAction } from 'react';
import { Field } from '../../components/Field.js';
import type { DrillDraft } from './drill-draft.js';

export function peopleProblem(draft: DrillDraft): string | null {
  if (draft.lead.trim() === '') return 'Name the drill lead.';
  if (draft.witness.trim() === '') return 'Name the witness.';
  if (draft.witness.trim() === draft.lead.trim()) return 'The witness must be someone other than the drill lead.';
  if (draft.reason === 'ad-hoc' && draft.note.trim() === '') return 'Say why this ad-hoc drill is run.';
  return null;
}

export function PeoplePanel({ draft, onDraft }: { readonly draft: DrillDraft; readonly onDraft: Dispatch<SetStateAction<DrillDraft>> }) {
  const set = (patch: Partial<DrillDraft>) => onDraft((d) => ({ ...d, ...patch }));
  return (
    <div data-testid="drill-people">
      <div className="form-grid">
        <Field label="Drill lead" htmlFor="drill-lead">
          <input id="drill-lead" data-testid="drill-lead" value={draft.lead} onChange={(e) => set({ lead: e.target.value })} autoComplete="off" />
        </Field>
        <Field label="Witness" htmlFor="drill-witness" hint="Someone other than the lead, who watches every step.">
          <input id="drill-witness" data-testid="drill-witness" value={draft.witness} onChange={(e) => set({ witness: e.target.value })} autoComplete="off" />
        </Field>
      </div>
      <Field label="Custodians present" htmlFor="drill-custodians" hint="Names separated by commas. A custodian who is not here is listed as an exception, never a failure of the others.">
        <input id="drill-custodians" data-testid="drill-custodians" value={draft.custodians} onChange={(e) => set({ custodians: e.target.value })} autoComplete="off" />
      </Field>
      <fieldset className="plain-fieldset">
        <legend>Why this drill</legend>
        <div className="radio-row">
          <label className="radio">
            <input type="radio" name="drill-reason" data-testid="drill-reason-quarterly" checked={draft.reason === 'quarterly'} onChange={() => set({ reason: 'quarterly' })} />
            The quarterly drill
          </label>
          <label className="radio">
            <input type="radio" name="drill-reason" data-testid="drill-reason-adhoc" checked={draft.reason === 'ad-hoc'} onChange={() => set({ reason: 'ad-hoc' })} />
            An ad-hoc drill
          </label>
        </div>
      </fieldset>
      {draft.reason === 'ad-hoc' ? (
        <Field label="Why it is run" htmlFor="drill-note" hint="For example: a custodian changed, or a drive was found damaged.">
          <input id="drill-note" data-testid="drill-note" value={draft.note} onChange={(e) => set({ note: e.target.value })} autoComplete="off" />
        </Field>
      ) : null}
    </div>
  );
}
