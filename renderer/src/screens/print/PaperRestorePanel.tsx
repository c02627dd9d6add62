// Rebuilding a store from its scanned paper-backup pages (or the backup PDF), in any order, into a new
// file; duplicates ignored, every page's codes counted. docs/FORMAT.md §13.5.

import { useState, type FormEvent } from 'react';
import type { PaperRestoreSummary, StoreKind } from '../../../../src/app/api.js';
import { call } from '../../api.js';
import { Busy } from '../../components/Busy.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { actorsInput } from '../../components/names.js';
import { Section } from '../../components/Section.js';
import { StoreBadge } from '../../components/StoreBadge.js';
import { STORE_IN_SENTENCE } from '../../components/stores.js';
import { StoreSelect } from '../../components/StoreSelect.js';
import { useAction } from '../../components/useAction.js';
import { useAppState } from '../../state.js';
import { ChooseButton, PathRow, SCAN_EXTENSIONS, STORE_EXTENSIONS } from '../../components/ChooseButton.js';

export function PaperRestorePanel() {
  const { actors } = useAppState();
  const [images, setImages] = useState('');
  const [outFile, setOutFile] = useState('');
  const [expected, setExpected] = useState<StoreKind | ''>('');
  const [result, setResult] = useState<PaperRestoreSummary | null>(null);
  const action = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setResult(null);
    const list = images
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.length > 0);
    if (list.length === 0 || !outFile.trim()) {
      action.setError(new Error('List the scanned pages (PNG, JPEG or the backup PDF), one path a line, and the file to write the store to.'));
      return;
    }
    const done = await action.run('Reading the QR codes…', () => call('restorePaperBackup', { images: list, outFile: outFile.trim(), ...(expected ? { store: expected } : {}), ...actorsInput(actors) }));
    if (done) setResult(done);
  };
  return (
    <Section title="Restore a store from its paper backup" testId="paper-card">
      <form onSubmit={(e) => void submit(e)}>
        <div className="field">
          <label htmlFor="paper-images">Scanned pages or the backup PDF (one path a line, any order)</label>
          <PathRow>
            <textarea id="paper-images" rows={4} spellCheck={false} value={images} onChange={(e) => setImages(e.target.value)} data-testid="paper-images" />
            <ChooseButton testId="paper-images-choose" title="Choose the scanned pages" mode="files" extensions={SCAN_EXTENSIONS} value={images} onChange={setImages} />
          </PathRow>
        </div>
        <div className="field">
          <label htmlFor="paper-store">The backup must be of</label>
          <StoreSelect<true> id="paper-store" value={expected} onChange={(next) => { setExpected(next); }} anyLabel="either store (as its pages say)" />
        </div>
        <div className="field">
          <label htmlFor="paper-out-file">Write the store to (full path)</label>
          <PathRow>
            <input id="paper-out-file" value={outFile} spellCheck={false} onChange={(e) => setOutFile(e.target.value)} data-testid="paper-out-file" />
            <ChooseButton
              testId="paper-out-file-choose"
              title="Write the rebuilt store to"
              mode="new-file"
              extensions={STORE_EXTENSIONS}
              defaultName={expected ? `${expected}.bgv` : 'restored-store.bgv'}
              value={outFile}
              onChange={setOutFile}
            />
          </PathRow>
        </div>
        <div className="button-row">
          <button type="submit" className="button-secondary" disabled={action.busy !== null} data-testid="paper-restore">
            Rebuild the store
          </button>
        </div>
        {action.busy && <Busy label={action.busy} />}
        <ErrorNote error={action.error} testId="paper-error" />
      </form>
      {result && (
        <div className="note note-ok" role="status" data-testid="paper-result">
          <StoreBadge store={result.kind} /> Rebuilt generation {result.generation} of the {STORE_IN_SENTENCE[result.kind]} from {result.chunks} QR chunks into{' '}
          <span className="mono">{result.file}</span>. Fingerprint <span className="mono break">{result.fingerprint}</span>.
          {result.duplicates.length > 0 && ` Duplicate chunks (ignored): ${result.duplicates.join(', ')}.`}
          <ul className="compact-list">
            {result.scans.map((s) => (
              <li key={s.name}>
                <span className="mono">{s.name}</span>: {s.pages} page{s.pages === 1 ? '' : 's'}, {s.codes} codes
              </li>
            ))}
          </ul>
        </div>
      )}
    </Section>
  );
}
