// Restoring a store from a drive to the workstation: which store, and whether an older copy may replace
// a newer one. The drive's copy is verified first; the current file is kept as .prev. docs/FORMAT.md §14.4.

import { useState } from 'react';
import type { DriveView, StoreKind } from '../../../../src/app/api.js';
import { Section } from '../../components/Section.js';
import { StoreSelect } from '../../components/StoreSelect.js';

export function RestorePanel({
  drive,
  busy,
  onCancel,
  onRestore,
}: {
  readonly drive: DriveView;
  readonly busy: boolean;
  readonly onCancel: () => void;
  readonly onRestore: (store: StoreKind, allowOlder: boolean) => void;
}) {
  const [store, setStore] = useState<StoreKind>(drive.registered?.holds?.storeKind ?? 'password-vault');
  const [allowOlder, setAllowOlder] = useState(false);
  return (
    <Section title={`Restore from ${drive.mountPoint}`} testId="drive-restore-panel">
      <p className="muted">The drive's copy is verified first; the workstation's current file is kept beside it as .prev.</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onRestore(store, allowOlder);
        }}
      >
        <div className="field">
          <label htmlFor="drive-restore-store">Store to restore</label>
          <StoreSelect id="drive-restore-store" autoFocus value={store} onChange={setStore} />
        </div>
        <label className="check-label">
          <input type="checkbox" checked={allowOlder} onChange={(e) => setAllowOlder(e.target.checked)} data-testid="drive-restore-allow-older" /> Allow replacing a newer
          workstation copy with this older one
        </label>
        <div className="button-row">
          <button type="submit" className="button-primary" disabled={busy} data-testid="drive-restore-confirm">
            Restore to the workstation
          </button>
          <button type="button" className="button-secondary" onClick={onCancel} data-testid="drive-restore-cancel">
            Cancel
          </button>
        </div>
      </form>
    </Section>
  );
}
