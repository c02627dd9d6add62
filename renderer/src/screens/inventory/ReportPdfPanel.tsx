// The compliance report for the auditors, saved as a PDF in a new file (one line per account, the findings,
// the evidence dates); the app never writes over an existing file. FORMAT.md §17.3.

import { useState, type FormEvent } from 'react';
import type { PrintInventoryReportResult } from '../../../../src/app/api.js';
import { call } from '../../api.js';
import { Busy } from '../../components/Busy.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { Field } from '../../components/Field.js';
import { useAction } from '../../components/useAction.js';
import { useAppState } from '../../state.js';
import { ChooseButton, PathRow, PDF_EXTENSIONS } from '../../components/ChooseButton.js';

export function ReportPdfPanel() {
  const { actors } = useAppState();
  const [outFile, setOutFile] = useState('');
  const [paper, setPaper] = useState<'A4' | 'Letter'>('A4');
  const [saved, setSaved] = useState<PrintInventoryReportResult | null>(null);
  const action = useAction();

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    const result = await action.run('Writing the compliance report…', async () => {
      const file = outFile.trim();
      if (file === '') throw new Error('Type the full path of a new PDF file (for example /media/usb/inventory-report.pdf), or press Choose… to pick its folder and name.');
      return call('printInventoryReport', { outFile: file, paper, actors });
    });
    if (result) setSaved(result);
  };

  return (
    <form onSubmit={(e) => void save(e)} className="inventory-pdf-form">
      <div className="form-grid">
        <Field label="Save as (full path of a new PDF file)" htmlFor="inventory-pdf-file">
          <PathRow>
            <input id="inventory-pdf-file" className="mono" spellCheck={false} value={outFile} onChange={(e) => setOutFile(e.target.value)} data-testid="inventory-pdf-file" />
            <ChooseButton testId="inventory-pdf-file-choose" title="Save the root-control report as" mode="new-file" extensions={PDF_EXTENSIONS} start="/media" defaultName="root-control-report.pdf" value={outFile} onChange={setOutFile} />
          </PathRow>
        </Field>
        <Field label="Paper" htmlFor="inventory-pdf-paper">
          <select id="inventory-pdf-paper" value={paper} onChange={(e) => setPaper(e.target.value === 'Letter' ? 'Letter' : 'A4')} data-testid="inventory-pdf-paper">
            <option value="A4">A4</option>
            <option value="Letter">Letter</option>
          </select>
        </Field>
      </div>
      <div className="button-row">
        <button type="submit" className="button-primary" disabled={action.busy !== null} data-testid="inventory-pdf-save">
          Save PDF
        </button>
      </div>
      {action.busy ? <Busy label={action.busy} /> : null}
      <ErrorNote error={action.error} testId="inventory-pdf-error" />
      {saved ? (
        <p className="note note-ok" role="status" data-testid="inventory-pdf-saved">
          Saved the compliance report ({saved.accounts} accounts, {saved.needsAction} need action) to <span className="mono break">{saved.file}</span>. The print is recorded in the audit log.
        </p>
      ) : null}
    </form>
  );
}
