// Steps 4 and 5 of the drill: the tamper-evident bag of each share entered (seen on the envelope, and
// the new bag it went into), then the copies: the drives presented, paper-backup scans and the readings
// of each emergency sheet. All optional; what is not given is named as an exception. FORMAT.md §16.

import { useEffect, useState, type Dispatch, type SetStateAction } from 'react';
import type { DriveView, StoreKind } from '../../../../src/app/api.js';
import { call } from '../../api.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { Field } from '../../components/Field.js';
import { StoreBadge } from '../../components/StoreBadge.js';
import { STORE_KINDS, STORE_SHORT } from '../../components/stores.js';
import { sheetProblem, type DrillDraft } from './drill-draft.js';
import { ChooseButton, PathRow, SCAN_EXTENSIONS } from '../../components/ChooseButton.js';

type Props = { readonly draft: DrillDraft; readonly onDraft: Dispatch<SetStateAction<DrillDraft>> };

export function BagsPanel({ draft, onDraft }: Props) {
  const rows = STORE_KINDS.flatMap((store) => draft.stores[store].shares.map((s) => ({ store, index: s.verification.index, holder: s.verification.custodian ?? '' })));
  const setBag = (key: string, patch: Partial<{ seen: string; sealedInto: string }>) =>
    onDraft((d) => ({ ...d, bags: { ...d.bags, [key]: { seen: '', sealedInto: '', ...d.bags[key], ...patch } } }));
  if (rows.length === 0) return <p className="muted" data-testid="drill-bags-none">No share was entered, so there is no envelope to check.</p>;
  return (
    <div data-testid="drill-bags">
      <p className="field-hint">
        Before opening, each custodian reads the number on their tamper-evident bag; after the check the share goes into a new bag. A number that does not match the
        one recorded is reported as possible tampering.
      </p>
      <table className="data-table drill-bags">
        <thead>
          <tr>
            <th scope="col">Share</th>
            <th scope="col">Holder</th>
            <th scope="col">Bag number seen</th>
            <th scope="col">New bag number</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ store, index, holder }) => {
            const key = `${store}:${index}`;
            const id = `drill-bag-${STORE_SHORT[store].toLowerCase()}-${index}`;
            return (
              <tr key={key}>
                <td>
                  <StoreBadge store={store} /> share {index}
                </td>
                <td>{holder || '—'}</td>
                <td>
                  <input aria-label={`Bag seen, ${STORE_SHORT[store]} share ${index}`} data-testid={`${id}-seen`} value={draft.bags[key]?.seen ?? ''} onChange={(e) => setBag(key, { seen: e.target.value })} />
                </td>
                <td>
                  <input
                    aria-label={`New bag, ${STORE_SHORT[store]} share ${index}`}
                    data-testid={`${id}-new`}
                    value={draft.bags[key]?.sealedInto ?? ''}
                    onChange={(e) => setBag(key, { sealedInto: e.target.value })}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function storeOfDrive(drive: DriveView): StoreKind | null {
  return drive.registered?.holds?.storeKind ?? null;
}

export function CopiesPanel({ draft, onDraft }: Props) {
  const [drives, setDrives] = useState<readonly DriveView[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    call('listDrives')
      .then((report) => setDrives(report.drives))
      .catch(setError);
  }, []);
  const set = (patch: Partial<DrillDraft>) => onDraft((d) => ({ ...d, ...patch }));
  const ours = (drives ?? []).filter((d) => d.registered !== undefined);
  const toggle = (mount: string, on: boolean) => onDraft((d) => ({ ...d, drives: on ? [...d.drives, mount] : d.drives.filter((m) => m !== mount) }));

  return (
    <div data-testid="drill-copies">
      <h3>Drives</h3>
      <ErrorNote error={error} />
      {drives === null && error === null ? <p className="muted">Looking for mounted drives…</p> : null}
      {drives !== null && ours.length === 0 ? (
        <p className="muted" data-testid="drill-drives-none">
          No drive of this vault set is mounted. Every drive the register knows that is not presented is listed as an exception with where it should be.
        </p>
      ) : null}
      {ours.length > 0 ? (
        <fieldset className="plain-fieldset">
          <legend>Drives presented (none ticked: every mounted drive of this vault set)</legend>
          {ours.map((drive) => {
            const store = storeOfDrive(drive);
            return (
              <label key={drive.mountPoint} className="check-row">
                <input type="checkbox" data-testid={`drill-drive-${drive.mountPoint}`} checked={draft.drives.includes(drive.mountPoint)} onChange={(e) => toggle(drive.mountPoint, e.target.checked)} />
                {store ? <StoreBadge store={store} /> : null} {drive.registered?.name ?? drive.label} <code className="path">{drive.mountPoint}</code>
              </label>
            );
          })}
        </fieldset>
      ) : null}
      <Field label="Other drive folders (optional)" htmlFor="drill-extra-drives" hint="One mount point per line, for a drive the list above does not show.">
        <PathRow>
          <textarea id="drill-extra-drives" data-testid="drill-extra-drives" rows={2} value={draft.extraDrives} onChange={(e) => set({ extraDrives: e.target.value })} />
          <ChooseButton testId="drill-extra-drives-choose" title="Choose a drive's folder" mode="directory" lines start="/media" value={draft.extraDrives} onChange={(extraDrives) => set({ extraDrives })} />
        </PathRow>
      </Field>
      <h3>Paper backups and emergency sheets</h3>
      <div className="drill-store-columns">
        {STORE_KINDS.map((store) => {
          const short = STORE_SHORT[store].toLowerCase();
          const problem = sheetProblem(draft, store);
          return (
            <fieldset key={store} className="plain-fieldset">
              <legend>
                <StoreBadge store={store} withLabel />
              </legend>
              <Field label="Paper backup scans (optional)" htmlFor={`drill-paper-${short}`} hint="The path of each scanned page (PNG, JPEG or the PDF), one per line, any order.">
                <PathRow>
                  <textarea
                    id={`drill-paper-${short}`}
                    data-testid={`drill-paper-${short}`}
                    rows={2}
                    value={draft.paper[store]}
                    onChange={(e) => set({ paper: { ...draft.paper, [store]: e.target.value } })}
                  />
                  <ChooseButton
                    testId={`drill-paper-${short}-choose`}
                    title={`Choose the scanned pages of the ${short.toUpperCase()} paper backup`}
                    mode="files"
                    extensions={SCAN_EXTENSIONS}
                    value={draft.paper[store]}
                    onChange={(paper) => set({ paper: { ...draft.paper, [store]: paper } })}
                  />
                </PathRow>
              </Field>
              <div className="form-grid">
                <Field label="Emergency sheet: generation" htmlFor={`drill-sheet-gen-${short}`} problem={problem}>
                  <input
                    id={`drill-sheet-gen-${short}`}
                    data-testid={`drill-sheet-gen-${short}`}
                    inputMode="numeric"
                    value={draft.sheets[store].generation}
                    onChange={(e) => set({ sheets: { ...draft.sheets, [store]: { ...draft.sheets[store], generation: e.target.value } } })}
                  />
                </Field>
                <Field label="Emergency sheet: fingerprint" htmlFor={`drill-sheet-fp-${short}`}>
                  <input
                    id={`drill-sheet-fp-${short}`}
                    data-testid={`drill-sheet-fp-${short}`}
                    className="mono-input"
                    value={draft.sheets[store].fingerprint}
                    onChange={(e) => set({ sheets: { ...draft.sheets, [store]: { ...draft.sheets[store], fingerprint: e.target.value } } })}
                  />
                </Field>
              </div>
            </fieldset>
          );
        })}
      </div>
    </div>
  );
}
