// Drives: the mounted drives with what the register knows, segregated export of each store (the other
// store's drives visibly refused), key-less verify, and restore to the workstation. Drives issue.

import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import type { DriveVerificationView, DrivesReport, DriveView, ExportSummary, RestoreSummary, StoreKind } from '../../../src/app/api.js';
import { call } from '../api.js';
import { Busy, ErrorNote, Section, useAction } from '../components.js';
import { useAppState } from '../state.js';
import { actorsInput, formatBytes, formatUtc, STORE_KINDS_B, StoreBadge, StoreLabel, storeNoun } from './b-common.js';
import './screens-b.css';
import { StoreSelect } from '../components/StoreSelect.js';

type Panel =
  | { readonly kind: 'export'; readonly index: number; readonly store: StoreKind }
  | { readonly kind: 'restore'; readonly index: number }
  | { readonly kind: 'verify'; readonly index: number; readonly result: DriveVerificationView }
  | null;

function refusal(drive: DriveView, store: StoreKind): string | undefined {
  return drive.refused.find((r) => r.store === store)?.reason;
}

export function DrivesScreen() {
  const { status, actors, refresh } = useAppState();
  const [report, setReport] = useState<DrivesReport | null>(null);
  const [panel, setPanel] = useState<Panel>(null);
  const [exported, setExported] = useState<ExportSummary | null>(null);
  const [restored, setRestored] = useState<RestoreSummary | null>(null);
  const scan = useAction();
  const action = useAction();

  const rescan = useCallback(async () => {
    const next = await scan.run('Looking for drives…', () => call('listDrives'));
    if (next) setReport(next);
  }, [scan.run]);

  useEffect(() => {
    void rescan();
    const onChange = () => void rescan();
    window.addEventListener('breakglass:drives-changed', onChange);
    return () => window.removeEventListener('breakglass:drives-changed', onChange);
  }, [rescan]);

  const drives = report?.drives ?? [];

  const doExport = async (index: number, store: StoreKind, extra: { driveName?: string; location?: string; allowFixed?: boolean }) => {
    const drive = drives[index];
    if (!drive) return;
    setExported(null);
    setRestored(null);
    const result = await action.run(`Exporting the ${storeNoun(store)} to ${drive.mountPoint} and reading it back…`, () =>
      call('exportStore', { store, mountPoint: drive.mountPoint, ...extra, ...actorsInput(actors) }),
    );
    if (result) {
      setExported(result);
      setPanel(null);
      void rescan();
      void refresh().catch(() => undefined);
    }
  };

  const startExport = (index: number, store: StoreKind) => {
    const drive = drives[index];
    if (!drive) return;
    action.setError(null);
    setExported(null);
    setRestored(null);
    // A drive the register knows, and that is removable, needs no questions.
    if (drive.registered && drive.removable) void doExport(index, store, {});
    else setPanel({ kind: 'export', index, store });
  };

  const verify = async (index: number) => {
    const drive = drives[index];
    if (!drive) return;
    const result = await action.run(`Verifying ${drive.mountPoint}…`, () => call('verifyDrive', { mountPoint: drive.mountPoint }));
    if (result) {
      setExported(null);
      setRestored(null);
      setPanel({ kind: 'verify', index, result });
    }
  };

  const restore = async (index: number, store: StoreKind, allowOlder: boolean) => {
    const drive = drives[index];
    if (!drive) return;
    if (!status?.dir) {
      action.setError(new Error('Open or create a vault set first: the restore goes into its folder.'));
      return;
    }
    setExported(null);
    const dir = status.dir;
    const result = await action.run(`Restoring the ${storeNoun(store)} from ${drive.mountPoint}…`, () =>
      call('restoreStore', { dir, store, mountPoint: drive.mountPoint, ...(allowOlder ? { allowOlder: true } : {}), ...actorsInput(actors) }),
    );
    if (result) {
      setRestored(result);
      setPanel(null);
      void rescan();
      void refresh().catch(() => undefined);
    }
  };

  const panelDrive = panel ? drives[panel.index] : undefined;

  return (
    <div className="screen b-screen" data-testid="drives-screen">
      <h1>Drives</h1>
      <Section title="Mounted drives" testId="drives-card">
        <div className="b-toolbar">
          <button type="button" className="button-secondary" onClick={() => void rescan()} disabled={scan.busy !== null} data-testid="drives-rescan">
            Rescan
          </button>
          {report && (
            <span className={report.hotplug.active ? 'muted' : 'b-warn-text'} data-testid="drives-hotplug">
              {report.hotplug.active ? 'Plugging a USB drive in or out rescans by itself.' : `No automatic rescan${report.hotplug.reason ? ` (${report.hotplug.reason})` : ''}: press Rescan after plugging a drive in.`}
            </span>
          )}
        </div>
        {scan.busy && <Busy label={scan.busy} />}
        <ErrorNote error={scan.error} testId="drives-scan-error" />
        {report && drives.length === 0 && (
          <p className="note" data-testid="drives-empty">
            No drive is mounted. Plug in a USB drive and mount it, then press Rescan.
          </p>
        )}
        {drives.length > 0 && (
          <div className="table-wrap">
            <table className="data-table b-table" data-testid="drives-table">
              <thead>
                <tr>
                  <th scope="col">Drive</th>
                  <th scope="col">Register name</th>
                  <th scope="col">Serial / UUID</th>
                  <th scope="col">Size / free</th>
                  <th scope="col">Holds</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {drives.map((drive, i) => (
                  <tr key={drive.mountPoint} data-testid={`drive-row-${i}`}>
                    <td>
                      <div className="mono">{drive.mountPoint}</div>
                      <div className="muted">
                        {drive.label ? `“${drive.label}” · ` : ''}
                        {drive.device}
                        {drive.transport ? ` · ${drive.transport}` : ''}
                      </div>
                      {drive.removable ? (
                        <span className="b-tag">removable</span>
                      ) : (
                        <span className="b-tag b-tag-warn" title="Exports to a fixed disk need an explicit confirmation">
                          fixed disk
                        </span>
                      )}
                    </td>
                    <td>
                      {drive.registered ? (
                        <>
                          <div>{drive.registered.name}</div>
                          <div className="muted">{drive.registered.location}</div>
                          {drive.registered.lastVerifiedAt && <div className="muted small">verified {drive.registered.lastVerifiedAt.slice(0, 10)}</div>}
                        </>
                      ) : (
                        <span className="muted">not registered yet</span>
                      )}
                    </td>
                    <td className="mono small">
                      <div>{drive.serial ?? '—'}</div>
                      <div>{drive.uuid ?? '—'}</div>
                    </td>
                    <td className="b-nowrap">
                      {formatBytes(drive.sizeBytes)}
                      <div className="muted">{formatBytes(drive.freeBytes)} free</div>
                    </td>
                    <td data-testid={`drive-holds-${i}`}>
                      {drive.registered?.holds ? (
                        <>
                          <StoreBadge store={drive.registered.holds.storeKind} /> gen {drive.registered.holds.generation}
                        </>
                      ) : (
                        <span className="muted">nothing</span>
                      )}
                      {drive.refused.map((r) => (
                        <div key={r.store} className="b-refused" data-testid={`drive-refused-${r.store}-${i}`}>
                          <span aria-hidden="true">✖</span> never <StoreBadge store={r.store} />: {r.reason}
                        </div>
                      ))}
                    </td>
                    <td>
                      <div className="b-row-actions">
                        {STORE_KINDS_B.map((store) => {
                          const refused = refusal(drive, store);
                          return (
                            <button
                              key={store}
                              type="button"
                              className={`button-secondary button-small b-btn-${store === 'password-vault' ? 'pw' : 'mfa'}`}
                              disabled={refused !== undefined || action.busy !== null}
                              title={refused ? `Refused: ${refused}` : `Export the ${storeNoun(store)} to this drive`}
                              onClick={() => startExport(i, store)}
                              data-testid={`drive-export-${store}-${i}`}
                            >
                              {refused ? 'Refused: ' : 'Export '}
                              {store === 'password-vault' ? 'password vault' : 'MFA seeds'}
                            </button>
                          );
                        })}
                        <button type="button" className="button-secondary button-small" disabled={action.busy !== null} onClick={() => void verify(i)} data-testid={`drive-verify-${i}`}>
                          Verify
                        </button>
                        <button
                          type="button"
                          className="button-secondary button-small"
                          disabled={action.busy !== null}
                          onClick={() => {
                            action.setError(null);
                            setExported(null);
                            setRestored(null);
                            setPanel({ kind: 'restore', index: i });
                          }}
                          data-testid={`drive-restore-${i}`}
                        >
                          Restore…
                        </button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {action.busy && <Busy label={action.busy} />}
        <ErrorNote error={action.error} testId="drive-error" />
        {exported && (
          <div className="note note-ok" role="status" data-testid="drive-export-result">
            <StoreBadge store={exported.store} /> Generation {exported.generation} of the {storeNoun(exported.store)} is on <strong>{exported.driveName}</strong> (
            {exported.folder}), {formatBytes(exported.bytesWritten)} written and read back. Fingerprint <span className="mono break">{exported.fingerprint}</span>
            {exported.allowFixed ? ' — written to a fixed disk by explicit choice.' : ''}
          </div>
        )}
        {restored && (
          <div className="note note-ok" role="status" data-testid="drive-restore-result">
            <StoreBadge store={restored.store} /> Restored generation {restored.generation} to {restored.file}
            {restored.replacedGeneration !== null ? ` (replaced generation ${restored.replacedGeneration}, kept as ${restored.backup})` : ''}. Fingerprint{' '}
            <span className="mono break">{restored.fingerprint}</span>
            <p data-testid="drive-restore-audit" data-outcome={restored.auditLog.outcome}>
              {restored.auditLog.message}
            </p>
          </div>
        )}
      </Section>

      {panel?.kind === 'export' && panelDrive && (
        <ExportPanel key={`${panel.index}-${panel.store}`} drive={panelDrive} store={panel.store} busy={action.busy !== null} onCancel={() => setPanel(null)} onExport={(extra) => void doExport(panel.index, panel.store, extra)} />
      )}
      {panel?.kind === 'restore' && panelDrive && (
        <RestorePanel key={panel.index} drive={panelDrive} busy={action.busy !== null} onCancel={() => setPanel(null)} onRestore={(store, older) => void restore(panel.index, store, older)} />
      )}
      {panel?.kind === 'verify' && panelDrive && <VerifyPanel drive={panelDrive} result={panel.result} onClose={() => setPanel(null)} />}

      {report && report.freshness.length > 0 && (
        <Section title="Is every copy current?" testId="drives-freshness">
          <ul className="b-list">
            {report.freshness.map((f) => (
              <li key={`${f.name}-${f.storeKind}`} className={f.generationsBehind > 0 ? 'b-warn-text' : undefined}>
                <StoreBadge store={f.storeKind} /> {f.text}
              </li>
            ))}
          </ul>
        </Section>
      )}
    </div>
  );
}

function ExportPanel({
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
  readonly onExport: (extra: { driveName?: string; location?: string; allowFixed?: boolean }) => void;
}) {
  const firstTime = !drive.registered;
  const [name, setName] = useState(drive.registered?.name ?? '');
  const [location, setLocation] = useState(drive.registered?.location ?? '');
  const [allowFixed, setAllowFixed] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (firstTime && name.trim().length === 0) {
      setProblem(`Give this drive a name for the register, e.g. "${store === 'password-vault' ? 'PW' : 'MFA'}-A onsite".`);
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
        <StoreLabel store={store} /> → <span className="mono">{drive.mountPoint}</span>
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
                placeholder={store === 'password-vault' ? 'PW-A onsite' : 'MFA-A onsite'}
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
          <label className="b-check b-warn-text">
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

function RestorePanel({
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
        <label className="b-check">
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

function VerifyPanel({ drive, result, onClose }: { readonly drive: DriveView; readonly result: DriveVerificationView; readonly onClose: () => void }) {
  const summary = useRef<HTMLParagraphElement>(null);
  useEffect(() => summary.current?.focus(), [result]);
  return (
    <Section title={`Verification of ${drive.mountPoint}`} testId="drive-verify-result">
      <p ref={summary} tabIndex={-1} className={result.ok ? 'b-ok-text' : 'b-bad-text'} data-testid="drive-verify-summary" data-ok={result.ok}>
        {result.ok ? '✔ The drive’s copy is intact.' : '✖ The drive’s copy has problems: see below.'}
        {result.driveName ? ` Drive “${result.driveName}”.` : ''}
        {result.store && (
          <>
            {' '}
            <StoreBadge store={result.store.kind} /> generation {result.store.generation}
          </>
        )}
        {result.exportedAt ? `, exported ${formatUtc(result.exportedAt)}` : ''}
      </p>
      {result.store && (
        <p className="small">
          Fingerprint <span className="mono break">{result.store.fingerprint}</span>
        </p>
      )}
      <ul className="b-findings" data-testid="drive-verify-findings">
        {result.findings.map((f, i) => (
          <li key={i} className={`b-finding b-finding-${f.level}`}>
            <span className="b-finding-level">{f.level === 'ok' ? '✔' : f.level === 'warning' ? '⚠' : '✖'}</span> {f.message}
          </li>
        ))}
      </ul>
      <button type="button" className="button-secondary" onClick={onClose} data-testid="drive-verify-close">
        Close
      </button>
    </Section>
  );
}
