// Exporting a store to a drive the register does not know yet (give it a name and a place) or to a fixed
// disk (an explicit, recorded choice); the export itself is written and read back. docs/FORMAT.md §14.

import { useState, type FormEvent } from 'react';
import type { DriveView, StoreKind } from '../../../../src/app/api.js';
import { Section } from '../../components/Section.js';
import { StoreBadge } from '../../components/StoreBadge.js';
import { STORE_SHORT } from '../../components/stores.js';

/** What the export asks for beyond the store and the drive. */
export interface ExportExtra {
  readonly driveName?: string;
  readonly location?: string;
  readonly allowFixed?: boolean;
}

export function ExportPanel({
  drive,
  store,
  busy,
  onCancel,
  onExport,
}: {
  readonly drive: DriveView;
  readonly store: StoreKind;
  readonly busy: boolean;
  readonly onCancel: () => void;
  readonly onExport: (extra: ExportExtra) => void;
}) {
  const firstTime = !drive.registered;
  const [name, setName] = useState(drive.registered?.name ?? '');
  const [location, setLocation] = useState(drive.registered?.location ?? '');
  const [allowFixed, setAllowFixed] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (firstTime && name.trim().length === 0) {
      setProblem(`Give this drive a name for the register, e.g. "${STORE_SHORT[store]}-A onsite".`);
      return;
    }
    if (!drive.removable && !allowFixed) {
      setProblem('This is a fixed disk, not a removable drive. Tick the box to export to it anyway (it is recorded).');
      return;
    }
    setProblem(null);
    onExport({
      ...(firstTime ? { driveName: name.trim(), location: location.trim() } : {}),
      ...(drive.removable ? {} : { allowFixed: true }),
    });
  };
  return (
    <Section title={`Export to ${drive.mountPoint}`} testId="drive-export-panel">
      <p>
        <StoreBadge store={store} withLabel /> → <span className="mono">{drive.mountPoint}</span>
      </p>
      <form onSubmit={submit}>
        {firstTime && (
          <div className="form-grid">
            <div className="field">
              <label htmlFor="drive-name">Name of this drive (written on its label)</label>
              <input
                id="drive-name"
                value={name}
                autoFocus
                placeholder={`${STORE_SHORT[store]}-A onsite`}
                onChange={(e) => setName(e.target.value)}
                data-testid="drive-name"
              />
            </div>
            <div className="field">
              <label htmlFor="drive-location">Where it will be kept</label>
              <input id="drive-location" value={location} placeholder="e.g. safe, room 4.12" onChange={(e) => setLocation(e.target.value)} data-testid="drive-location" />
            </div>
          </div>
        )}
        {!drive.removable && (
          <label className="check-label text-warn">
            <input type="checkbox" autoFocus={!firstTime} checked={allowFixed} onChange={(e) => setAllowFixed(e.target.checked)} data-testid="drive-allow-fixed" /> This is a fixed disk, not a
            removable drive: export to it anyway (recorded in the audit log)
          </label>
        )}
        {problem && (
          <div className="note note-error" role="alert" data-testid="drive-export-problem">
            {problem}
          </div>
        )}
        <div className="button-row">
          <button type="submit" className="button-primary" disabled={busy} data-testid="drive-export-confirm">
            Export and read back
          </button>
          <button type="button" className="button-secondary" onClick={onCancel} data-testid="drive-export-cancel">
            Cancel
          </button>
        </div>
      </form>
    </Section>
  );
}
