// Drives: the mounted drives with what the register knows, segregated export of each store (the other
// store's drives visibly refused), key-less verify, and restore to the workstation. docs/FORMAT.md §14.

import { useCallback, useEffect, useState } from 'react';
import type { DriveVerificationView, DriveView, DrivesReport, ExportSummary, RestoreSummary, StoreKind } from '../../../../src/app/api.js';
import { call } from '../../api.js';
import { Busy } from '../../components/Busy.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { formatBytes } from '../../components/format.js';
import { actorsInput } from '../../components/names.js';
import { Section } from '../../components/Section.js';
import { StoreBadge } from '../../components/StoreBadge.js';
import { STORE_IN_SENTENCE } from '../../components/stores.js';
import { useAction } from '../../components/useAction.js';
import { actorsFor, useAppState } from '../../state.js';
import { DrivesTable } from './DrivesTable.js';
import { ExportPanel, type ExportExtra } from './ExportPanel.js';
import { RestorePanel } from './RestorePanel.js';
import { VerifyPanel } from './VerifyPanel.js';
import { visibleText } from '../../components/visible-text.js';

type Panel =
  | { readonly kind: 'export'; readonly index: number; readonly store: StoreKind }
  | { readonly kind: 'restore'; readonly index: number }
  | { readonly kind: 'verify'; readonly index: number; readonly result: DriveVerificationView }
  | null;

/** The workstation's own root filesystem: the disk the system runs from. */
function isSystemDisk(drive: DriveView): boolean {
  return drive.mountPoint === '/';
}

export function DrivesScreen() {
  const { status, actors, present, refresh } = useAppState();
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

  // The system disk ("/") is never a place for an export: it is listed only when the custodian asks for it.
  const [showSystem, setShowSystem] = useState(false);
  const allDrives = report?.drives ?? [];
  const systemDisks = allDrives.filter(isSystemDisk);
  const drives = showSystem ? allDrives : allDrives.filter((d) => !isSystemDisk(d));

  const doExport = async (index: number, store: StoreKind, extra: ExportExtra) => {
    const drive = drives[index];
    if (!drive) return;
    setExported(null);
    setRestored(null);
    const result = await action.run(`Exporting the ${STORE_IN_SENTENCE[store]} to ${drive.mountPoint} and reading it back…`, () =>
      call('exportStore', { store, mountPoint: drive.mountPoint, ...extra, ...actorsInput(actorsFor({ actors, present }, store)) }),
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
      // The register now records the verdict (a damaged copy shows as damaged in the table and below).
      void rescan();
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
    const result = await action.run(`Restoring the ${STORE_IN_SENTENCE[store]} from ${drive.mountPoint}…`, () =>
      call('restoreStore', { dir, store, mountPoint: drive.mountPoint, ...(allowOlder ? { allowOlder: true } : {}), ...actorsInput(actorsFor({ actors, present }, store)) }),
    );
    if (result) {
      setRestored(result);
      setPanel(null);
      void rescan();
      void refresh().catch(() => undefined);
    }
  };

  const startRestore = (index: number) => {
    action.setError(null);
    setExported(null);
    setRestored(null);
    setPanel({ kind: 'restore', index });
  };

  const panelDrive = panel ? drives[panel.index] : undefined;

  return (
    <div className="screen" data-testid="drives-screen">
      <h1>Drives</h1>
      <Section title="Mounted drives" testId="drives-card">
        <div className="toolbar">
          <button type="button" className="button-secondary" onClick={() => void rescan()} disabled={scan.busy !== null} data-testid="drives-rescan">
            Rescan
          </button>
          {report && (
            <span className={report.hotplug.active ? 'muted' : 'text-warn'} data-testid="drives-hotplug">
              {report.hotplug.active ? 'Plugging a USB drive in or out rescans by itself.' : `No automatic rescan${report.hotplug.reason ? ` (${report.hotplug.reason})` : ''}: press Rescan after plugging a drive in.`}
            </span>
          )}
        </div>
        {scan.busy && <Busy label={scan.busy} />}
        <ErrorNote error={scan.error} testId="drives-scan-error" />
        {systemDisks.length > 0 && (
          <label className="check-label muted" data-testid="drives-show-system">
            <input type="checkbox" checked={showSystem} onChange={(e) => setShowSystem(e.target.checked)} data-testid="drives-show-system-toggle" />{' '}
            {showSystem ? 'Listing the system disk (/): an export there needs an explicit confirmation.' : 'The system disk (/) is not listed. Show it as well.'}
          </label>
        )}
        {report && drives.length === 0 && (
          <p className="note" data-testid="drives-empty">
            No drive is mounted. Plug in a USB drive and mount it, then press Rescan.
          </p>
        )}
        {drives.length > 0 && <DrivesTable drives={drives} busy={action.busy !== null} onExport={startExport} onVerify={(i) => void verify(i)} onRestore={startRestore} />}
        {action.busy && <Busy label={action.busy} />}
        <ErrorNote error={action.error} testId="drive-error" />
        {exported && (
          <div className="note note-ok" role="status" data-testid="drive-export-result">
            <StoreBadge store={exported.store} /> Generation {exported.generation} of the {STORE_IN_SENTENCE[exported.store]} is on <strong>{visibleText(exported.driveName)}</strong> (
            {exported.folder}), {formatBytes(exported.bytesWritten)} written and read back. Fingerprint <span className="mono break">{exported.fingerprint}</span>
            {exported.allowFixed ? ' — written to a fixed disk by explicit choice.' : ''}
          </div>
        )}
        {exported?.notices.map((notice) => (
          <div key={notice} className="note note-warning" role="status" data-testid="drive-export-notice">
            {notice}
          </div>
        ))}
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
          <ul className="compact-list">
            {report.freshness.map((f) => (
              <li
                key={`${f.name}-${f.storeKind}`}
                className={f.damaged ? 'text-bad' : f.generationsBehind > 0 ? 'text-warn' : undefined}
                data-testid="drives-freshness-item"
                data-damaged={f.damaged ? 'yes' : 'no'}
              >
                <StoreBadge store={f.storeKind} /> {f.damaged && <span aria-hidden="true">✖ </span>}
                {f.text}
              </li>
            ))}
          </ul>
        </Section>
      )}
    </div>
  );
}
