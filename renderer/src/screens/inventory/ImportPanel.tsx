// Import: the custodian names the AWS output files, sees what would be recorded (each file's kind, or why it
// is refused), then records exactly those files. Nothing is stored before "Record". FORMAT.md §17.1, §17.2.

import { useState, type FormEvent } from 'react';
import type { InventoryImportPreview, InventoryImportResult } from '../../../../src/app/api.js';
import { call } from '../../api.js';
import { Busy } from '../../components/Busy.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { Field } from '../../components/Field.js';
import { useAction } from '../../components/useAction.js';
import { useAppState } from '../../state.js';
import { KIND_LABELS } from './inventory-view.js';
import { ChooseButton, PathRow } from '../../components/ChooseButton.js';

/** Paths from the text box: one a line, blank lines and surrounding spaces dropped. */
export function pathsOf(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

function summaryOf(r: InventoryImportResult): string {
  return (
    `Organization ${r.organizationId ?? 'unknown'} (management account ${r.managementAccountId ?? 'unknown'}): ${r.accounts} account${r.accounts === 1 ? '' : 's'}, ` +
    `${r.credentialReports} credential report${r.credentialReports === 1 ? '' : 's'}, ${r.accountSummaries} account summar${r.accountSummaries === 1 ? 'y' : 'ies'}, ` +
    `${r.deletions} deletion result${r.deletions === 1 ? '' : 's'}, ${r.excludedAccounts === null ? 'no exclusion list' : `${r.excludedAccounts} excluded account${r.excludedAccounts === 1 ? '' : 's'}`}.`
  );
}

export function ImportPanel({ onRecorded }: { readonly onRecorded: () => void }) {
  const { actors } = useAppState();
  const [text, setText] = useState('');
  const [preview, setPreview] = useState<InventoryImportPreview | null>(null);
  const [recorded, setRecorded] = useState<InventoryImportResult | null>(null);
  const action = useAction();
  const refused = preview?.files.filter((f) => f.refused !== null) ?? [];

  const runPreview = async (event: FormEvent) => {
    event.preventDefault();
    setRecorded(null);
    setPreview(null);
    const result = await action.run('Reading the files…', () => call('previewInventoryImport', { files: pathsOf(text) }));
    if (result) setPreview(result);
  };

  const record = async () => {
    if (!preview?.result) return;
    const files = preview.files.map((f) => ({ path: f.path, sha256: f.sha256 ?? '' }));
    const result = await action.run('Recording the inventory…', () => call('recordInventoryImport', { files, actors }));
    if (!result) return; // the preview stays on screen with the refusal under it
    setRecorded(result);
    setPreview(null);
    onRecorded();
  };

  return (
    <>
      <form onSubmit={(e) => void runPreview(e)} className="inventory-import-form">
        <Field
          label="AWS output files (full paths, one a line)"
          htmlFor="inventory-files"
          hint="The files from the admin workstation: list-accounts pages, describe-organization, list-organizations-features, credential reports, account summaries, root_user_deletion.csv, the EXCLUDED_ACCOUNTS list. They are recognised by their content."
        >
          <PathRow>
            <textarea id="inventory-files" className="mono" rows={4} spellCheck={false} value={text} onChange={(e) => setText(e.target.value)} data-testid="inventory-files" />
            <ChooseButton testId="inventory-files-choose" title="Choose the AWS output files" mode="files" start="/media" value={text} onChange={setText} />
          </PathRow>
        </Field>
        <div className="button-row">
          <button type="submit" className="button-primary" disabled={action.busy !== null} data-testid="inventory-preview">
            {preview ? 'Preview again' : 'Preview'}
          </button>
        </div>
      </form>
      {action.busy ? <Busy label={action.busy} /> : null}
      <ErrorNote error={action.error} testId="inventory-import-error" />
      {recorded ? (
        <p className="note note-ok" role="status" data-testid="inventory-recorded">
          Recorded the inventory from {recorded.files.length} file{recorded.files.length === 1 ? '' : 's'} (SHA-256 <span className="mono break">{recorded.sha256}</span>, in the audit log). {summaryOf(recorded)}
        </p>
      ) : null}
      {preview ? (
        <div className="inventory-preview" data-testid="inventory-preview-card">
          <h3>Preview — nothing is recorded until you press Record</h3>
          <div className="table-wrap">
            <table className="data-table inventory-files-table" data-testid="inventory-preview-files">
              <thead>
                <tr>
                  <th scope="col">File</th>
                  <th scope="col">Recognised as</th>
                  <th scope="col">Dated</th>
                </tr>
              </thead>
              <tbody>
                {preview.files.map((f) => (
                  <tr key={f.path} data-testid="inventory-preview-file" data-refused={f.refused !== null}>
                    <td className="inventory-path">
                      <span className="mono">{f.name}</span>
                      {f.name !== f.path ? <span className="small muted mono inventory-full-path">{f.path}</span> : null}
                    </td>
                    {f.refused ? (
                      <td colSpan={2}>
                        <span className="inventory-refused" data-testid="inventory-refused">
                          Refused: {f.refused.message}
                        </span>
                      </td>
                    ) : (
                      <>
                        <td>{f.kind ? KIND_LABELS[f.kind] : ''}</td>
                        <td>{f.date}</td>
                      </>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {refused.length > 0 ? (
            <p className="note note-error" role="alert" data-testid="inventory-preview-refused">
              {refused.length} of {preview.files.length} file{preview.files.length === 1 ? ' is' : 's are'} refused, so nothing can be recorded: correct or remove {refused.length === 1 ? 'it' : 'them'} from the list and press
              Preview again.
            </p>
          ) : null}
          {preview.problem ? (
            <p className="note note-error" role="alert" data-testid="inventory-preview-problem" data-code={preview.problem.code}>
              {preview.problem.message}
            </p>
          ) : null}
          {preview.warnings.map((w) => (
            <p key={w} className="note note-warning" data-testid="inventory-preview-warning">
              {w}
            </p>
          ))}
          {preview.result ? (
            <>
              <p data-testid="inventory-preview-summary">Will record: {summaryOf(preview.result)} This replaces the inventory recorded before.</p>
              <div className="button-row">
                <button type="button" className="button-primary" disabled={action.busy !== null} onClick={() => void record()} data-testid="inventory-record">
                  Record
                </button>
              </div>
            </>
          ) : null}
        </div>
      ) : null}
    </>
  );
}
