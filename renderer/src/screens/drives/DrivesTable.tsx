// The mounted drives, one row each: where and what it is, what the drive register knows, what it holds,
// the stores it may never receive (in red, in the row), and its actions. docs/FORMAT.md §14.3–14.4.

import { Fragment } from 'react';
import type { DriveView, StoreKind } from '../../../../src/app/api.js';
import { formatBytes } from '../../components/format.js';
import { StoreBadge } from '../../components/StoreBadge.js';
import { STORE_IN_SENTENCE, STORE_KINDS, STORE_SHORT } from '../../components/stores.js';
import { visibleText } from '../../components/visible-text.js';

/** Why this drive may never receive this store, when it may not. */
function refusalOf(drive: DriveView, store: StoreKind): string | undefined {
  return drive.refused.find((r) => r.store === store)?.reason;
}

export function DrivesTable({
  drives,
  busy,
  onExport,
  onVerify,
  onRestore,
}: {
  readonly drives: readonly DriveView[];
  readonly busy: boolean;
  readonly onExport: (index: number, store: StoreKind) => void;
  readonly onVerify: (index: number) => void;
  readonly onRestore: (index: number) => void;
}) {
  return (
    <div className="table-wrap">
      <table className="data-table" data-testid="drives-table">
        <thead>
          <tr>
            <th scope="col">Drive</th>
            <th scope="col">Register name</th>
            <th scope="col">Serial / UUID</th>
            <th scope="col">Size / free</th>
            <th scope="col">Holds</th>
          </tr>
        </thead>
        <tbody>
          {drives.map((drive, i) => (
            <Fragment key={drive.mountPoint}>
            <tr data-testid={`drive-row-${i}`} className="drive-facts-row">
              <td>
                <div className="mono">{drive.mountPoint}</div>
                <div className="muted">
                  {drive.label ? `“${visibleText(drive.label)}” · ` : ''}
                  {drive.device}
                  {drive.transport ? ` · ${drive.transport}` : ''}
                </div>
                {drive.removable ? (
                  <span className="drive-tag">removable</span>
                ) : (
                  <span className="drive-tag drive-tag-warn" title="Exports to a fixed disk need an explicit confirmation">
                    fixed disk
                  </span>
                )}
              </td>
              <td>
                {drive.registered ? (
                  <>
                    <div>{visibleText(drive.registered.name)}</div>
                    <div className="muted">{drive.registered.location}</div>
                    {drive.registered.damaged ? (
                      <div className="text-bad small" data-testid={`drive-damaged-${i}`} title={drive.registered.damaged.reason}>
                        <span aria-hidden="true">✖</span> damaged copy: failed verification <span className="nowrap">{drive.registered.damaged.at.slice(0, 10)}</span>
                      </div>
                    ) : (
                      drive.registered.lastVerifiedAt && (
                        <div className="muted small" data-testid={`drive-verified-${i}`}>
                          verified <span className="nowrap">{drive.registered.lastVerifiedAt.slice(0, 10)}</span>
                        </div>
                      )
                    )}
                  </>
                ) : (
                  <span className="muted">not registered yet</span>
                )}
              </td>
              <td className="mono small">
                <div>{drive.serial ?? '—'}</div>
                <div>{drive.uuid ?? '—'}</div>
              </td>
              <td className="nowrap">
                {formatBytes(drive.sizeBytes)}
                <div className="muted">{formatBytes(drive.freeBytes)} free</div>
              </td>
              <td data-testid={`drive-holds-${i}`}>
                {drive.registered?.holds ? (
                  <>
                    <StoreBadge store={drive.registered.holds.storeKind} /> gen {drive.registered.holds.generation}
                    {drive.registered.damaged && (
                      <div className="refused-line" data-testid={`drive-holds-damaged-${i}`} title={drive.registered.damaged.reason}>
                        <span aria-hidden="true">✖</span> this copy is damaged: export to this drive again
                      </div>
                    )}
                  </>
                ) : (
                  <span className="muted">nothing</span>
                )}
                {drive.refused.map((r) => (
                  <div key={r.store} className="refused-line" data-testid={`drive-refused-${r.store}-${i}`}>
                    <span aria-hidden="true">✖</span> never <StoreBadge store={r.store} />: {r.reason}
                  </div>
                ))}
              </td>
            </tr>
            {/* The actions on a row of their own under the drive's facts: never clipped in a narrow window. */}
            <tr className="drive-actions-row" data-testid={`drive-actions-${i}`}>
              <td colSpan={5}>
                <div className="row-actions">
                  {STORE_KINDS.map((store) => {
                    const refused = refusalOf(drive, store);
                    return (
                      <button
                        key={store}
                        type="button"
                        className={`button-secondary button-small button-${STORE_SHORT[store].toLowerCase()}`}
                        disabled={refused !== undefined || busy}
                        title={refused ? `Refused: ${refused}` : `Export the ${STORE_IN_SENTENCE[store]} to this drive`}
                        onClick={() => onExport(i, store)}
                        data-testid={`drive-export-${store}-${i}`}
                      >
                        {refused ? 'Refused: ' : 'Export '}
                        {store === 'password-vault' ? 'password vault' : 'MFA seeds'}
                      </button>
                    );
                  })}
                  <button type="button" className="button-secondary button-small" disabled={busy} onClick={() => onVerify(i)} data-testid={`drive-verify-${i}`}>
                    Verify
                  </button>
                  <button type="button" className="button-secondary button-small" disabled={busy} onClick={() => onRestore(i)} data-testid={`drive-restore-${i}`}>
                    Restore…
                  </button>
                </div>
              </td>
            </tr>
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}
