// Print: share sheets, emergency sheets, the paper backup and the printed spec, to a printer queue and/or
// a file; and restoring a store from scanned paper-backup pages. Print issue; desktop issue "Screens".

import { useState, type FormEvent } from 'react';
import type { PaperRestoreSummary, PrintDocumentKind, PrintResult, StoreKind } from '../../../src/app/api.js';
import { call } from '../api.js';
import { Busy, ErrorNote, Section, useAction } from '../components.js';
import { useAppState } from '../state.js';
import { actorsInput, formatBytes, StoreBadge, StoreLabel, storeNoun } from './b-common.js';
import './screens-b.css';
import { StoreSelect } from '../components/StoreSelect.js';

const DOCUMENTS: readonly { readonly kind: PrintDocumentKind; readonly title: string; readonly about: string }[] = [
  { kind: 'shares', title: 'Custodian share sheets', about: 'One sheet per share issued in this session, for its custodian’s envelope. Never previewed on screen.' },
  { kind: 'emergency', title: 'Emergency sheet', about: 'What the store is, where every copy is, who the custodians are, and the break-glass procedure.' },
  { kind: 'paper-backup', title: 'Paper backup', about: 'The encrypted store itself as numbered QR codes, for when every USB copy failed.' },
  { kind: 'spec', title: 'Recovery specification', about: 'FORMAT.md printed, so the safe alone is enough to rebuild a decoder.' },
];

export function PrintScreen() {
  const { params, status, workstation, actors, refresh, go } = useAppState();
  const initialDoc = DOCUMENTS.some((d) => d.kind === params.document) ? (params.document as PrintDocumentKind) : 'emergency';
  const initialStore: StoreKind = params.store === 'mfa-seeds' ? 'mfa-seeds' : 'password-vault';
  const [docKind, setDocKind] = useState<PrintDocumentKind>(initialDoc);
  const [store, setStore] = useState<StoreKind>(initialStore);
  const [paper, setPaper] = useState<'A4' | 'Letter'>('A4');
  const [locations, setLocations] = useState('');
  const [paperLocation, setPaperLocation] = useState('');
  const printers = workstation?.printers ?? [];
  const [printer, setPrinter] = useState('');
  const [outFile, setOutFile] = useState('');
  const [result, setResult] = useState<PrintResult | null>(null);
  const [sharesPrinted, setSharesPrinted] = useState(false);
  const [discarded, setDiscarded] = useState(false);
  const action = useAction();
  const pending = workstation?.issuedSharesPending ?? [];
  const about = DOCUMENTS.find((d) => d.kind === docKind);

  const submit = async (event: FormEvent, preview = false) => {
    event.preventDefault();
    setResult(null);
    setDiscarded(false);
    const file = outFile.trim();
    if (!preview && !printer && !file) {
      action.setError(new Error('Choose a printer, or a file to save the PDF to (or both).'));
      return;
    }
    if (docKind === 'shares' && preview) {
      action.setError(new Error('Share sheets are never shown on screen: send them to a printer or a file.'));
      return;
    }
    const done = await action.run(preview ? 'Rendering the PDF…' : 'Rendering and sending the PDF…', () =>
      call('printDocument', {
        document: docKind,
        store,
        paper,
        ...(docKind === 'emergency' && locations.trim() ? { locations: locations.trim() } : {}),
        ...(docKind === 'emergency' && paperLocation.trim() ? { paperBackupLocation: paperLocation.trim() } : {}),
        ...(!preview && file ? { outFile: file } : {}),
        ...(!preview && printer ? { printer } : {}),
        ...actorsInput(actors),
      }),
    );
    if (done) {
      setResult(done);
      if (docKind === 'shares') setSharesPrinted(true);
      void refresh().catch(() => undefined);
    }
  };

  const discard = async () => {
    const ok = await action.run('Forgetting the issued shares…', async () => {
      await call('discardIssuedShares');
      return true;
    });
    if (ok) {
      setDiscarded(true);
      setSharesPrinted(false);
      void refresh().catch(() => undefined);
    }
  };

  return (
    <div className="screen b-screen" data-testid="print-screen">
      <h1>Print</h1>
      <Section title="Print or save a document" testId="print-card">
        <form onSubmit={(e) => void submit(e)}>
          <div className="form-grid">
            <div className="field">
              <label htmlFor="print-document">Document</label>
              <select id="print-document" value={docKind} onChange={(e) => setDocKind(e.target.value as PrintDocumentKind)} data-testid="print-document">
                {DOCUMENTS.map((d) => (
                  <option key={d.kind} value={d.kind}>
                    {d.title}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="print-store">Store</label>
              <StoreSelect id="print-store" value={store} onChange={(next) => { setStore(next); }} />
            </div>
          </div>
          <p className="muted">
            <StoreLabel store={store} /> · {about?.about}
          </p>
          {docKind === 'shares' && !pending.includes(store) && (
            <p className="note note-error" role="alert" data-testid="print-no-shares">
              No {storeNoun(store)} shares were issued in this session, so there are no sheets to print. Shares are issued when a vault set is created or its custody
              rotated.
            </p>
          )}
          {docKind === 'emergency' && store === 'password-vault' && status && !status.stores['password-vault'].unlockedAt && (
            <div className="note note-warning" data-testid="print-needs-unlock">
              The emergency sheet of the password vault lists its accounts, so the password vault must be unlocked first.
              <div className="button-row">
                <button
                  type="button"
                  className="button-secondary"
                  onClick={() => go('unlock', { store: 'password-vault', returnTo: 'print', document: 'emergency' })}
                  data-testid="print-unlock"
                >
                  Unlock the password vault
                </button>
              </div>
            </div>
          )}
          <fieldset className="b-fieldset">
            <legend>Paper</legend>
            <div className="radio-row">
              {(['A4', 'Letter'] as const).map((size) => (
                <label key={size}>
                  <input type="radio" name="print-paper" value={size} checked={paper === size} onChange={() => setPaper(size)} data-testid={`print-paper-${size}`} /> {size === 'A4' ? 'A4' : 'US Letter'}
                </label>
              ))}
            </div>
          </fieldset>
          {docKind === 'emergency' && (
            <>
              <div className="field">
                <label htmlFor="print-locations">Other locations to list (physical and network, one per line)</label>
                <textarea id="print-locations" rows={3} value={locations} onChange={(e) => setLocations(e.target.value)} data-testid="print-locations" />
              </div>
              <div className="field">
                <label htmlFor="print-paper-backup-location">Where the paper backup is kept</label>
                <input id="print-paper-backup-location" value={paperLocation} onChange={(e) => setPaperLocation(e.target.value)} data-testid="print-paper-backup-location" />
              </div>
            </>
          )}
          <fieldset className="b-fieldset">
            <legend>Send it to</legend>
            <div className="form-grid">
              <div className="field">
                <label htmlFor="print-printer">Printer</label>
                <select id="print-printer" value={printer} onChange={(e) => setPrinter(e.target.value)} data-testid="print-printer">
                  <option value="">No printer</option>
                  {printers.map((p) => (
                    <option key={p} value={p}>
                      {p}
                    </option>
                  ))}
                </select>
                {printers.length === 0 && <span className="muted">No printer attached to this workstation was found (network printers are never offered).</span>}
                {printer && docKind === 'shares' && (
                  <span className="muted" data-testid="print-spool-hint">
                    CUPS keeps a copy of each printed job for a day unless PreserveJobFiles is set to No in /etc/cups/cupsd.conf: set it before printing share sheets.
                  </span>
                )}
              </div>
              <div className="field">
                <label htmlFor="print-out-file">Save as PDF file (full path)</label>
                <input
                  id="print-out-file"
                  value={outFile}
                  placeholder={docKind === 'shares' ? '/media/…/pw-shares.pdf' : '/media/…/emergency-pw.pdf'}
                  spellCheck={false}
                  onChange={(e) => setOutFile(e.target.value)}
                  data-testid="print-out-file"
                />
                <span className="muted" data-testid="print-out-file-hint">
                  {docKind === 'shares'
                    ? 'A new file name in an existing folder outside the vault set. Each share gets its own PDF beside it (pw-shares-1-of-3.pdf, pw-shares-2-of-3.pdf, …).'
                    : 'A new file name in an existing folder outside the vault set: nothing is overwritten.'}
                </span>
              </div>
            </div>
          </fieldset>
          <div className="button-row">
            <button type="submit" className="button-primary" disabled={action.busy !== null} data-testid="print-submit">
              {printer ? 'Print' : 'Save PDF'}
            </button>
            {docKind !== 'shares' && (
              <button type="button" className="button-secondary" disabled={action.busy !== null} onClick={(e) => void submit(e, true)} data-testid="print-preview">
                Render preview
              </button>
            )}
          </div>
          {action.busy && <Busy label={action.busy} />}
          <ErrorNote error={action.error} testId="print-error" />
        </form>
        {result && (
          <div className="note note-ok" role="status" data-testid="print-result">
            <StoreBadge store={result.store} /> {DOCUMENTS.find((d) => d.kind === result.document)?.title} of generation {result.generation}: {result.pages} page
            {result.pages === 1 ? '' : 's'}, {formatBytes(result.bytes)}.
            {result.file && (
              <>
                {' '}
                Saved to <span className="mono">{result.file}</span>.
              </>
            )}
            {result.files && result.files.length > 0 && (
              <>
                {' '}
                Saved as {result.files.length} file{result.files.length === 1 ? '' : 's'}, one per share:
                <ul className="b-list" data-testid="print-result-files">
                  {result.files.map((f) => (
                    <li key={f} className="mono">
                      {f}
                    </li>
                  ))}
                </ul>
                <span data-testid="print-result-files-hint">Each file is one custodian’s sheet and holds that share: print it, then destroy the file.</span>
              </>
            )}
            {result.printer && (
              <>
                {' '}
                Sent to printer {result.printer}
                {result.job ? ` (job ${result.job})` : ''}.
              </>
            )}
            {result.previewPdfBase64 && (
              <span data-testid="print-preview-note">
                {' '}
                This is a preview only: nothing was printed or saved. Choose a printer or a file above and press {printer ? 'Print' : 'Save PDF'} to keep it.
                {result.previewProblem ? ` The pages cannot be shown here: ${result.previewProblem}` : ''}
              </span>
            )}
          </div>
        )}
        {result?.previewPages && result.previewPages.length > 0 && (
          <div className="print-preview-pages" data-testid="print-preview-pages">
            {result.previewPages.map((src, i) => (
              <img key={i} src={src} alt={`Page ${i + 1} of ${result.pages}`} data-testid={`print-preview-page-${i}`} />
            ))}
            {result.pages > result.previewPages.length && <p className="muted">The first {result.previewPages.length} of {result.pages} pages are shown.</p>}
          </div>
        )}
        {(sharesPrinted || pending.length > 0) && !discarded && (
          <div className="note note-warning" data-testid="print-discard-card">
            {sharesPrinted ? 'Share sheets were printed. ' : ''}
            Shares issued in this session are still held by the app ({pending.map((k) => (k === 'password-vault' ? 'PW' : 'MFA')).join(', ') || 'none'}). Once every sheet is
            printed and in its envelope, forget them.
            <div className="button-row">
              <button type="button" className="button-secondary" onClick={() => void discard()} disabled={action.busy !== null} data-testid="print-discard">
                Forget issued shares
              </button>
            </div>
          </div>
        )}
        {discarded && (
          <p className="note note-ok" role="status" data-testid="print-discarded">
            The issued shares were forgotten by the app. Only the printed sheets hold them now.
          </p>
        )}
      </Section>
      <PaperRestore />
    </div>
  );
}

function PaperRestore() {
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
          <textarea id="paper-images" rows={4} spellCheck={false} value={images} onChange={(e) => setImages(e.target.value)} data-testid="paper-images" />
        </div>
        <div className="field">
          <label htmlFor="paper-store">The backup must be of</label>
          <StoreSelect<true> id="paper-store" value={expected} onChange={(next) => { setExpected(next); }} anyLabel="either store (as its pages say)" />
        </div>
        <div className="field">
          <label htmlFor="paper-out-file">Write the store to (full path)</label>
          <input id="paper-out-file" value={outFile} spellCheck={false} onChange={(e) => setOutFile(e.target.value)} data-testid="paper-out-file" />
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
          <StoreBadge store={result.kind} /> Rebuilt generation {result.generation} of the {storeNoun(result.kind)} from {result.chunks} QR chunks into{' '}
          <span className="mono">{result.file}</span>. Fingerprint <span className="mono break">{result.fingerprint}</span>.
          {result.duplicates.length > 0 && ` Duplicate chunks (ignored): ${result.duplicates.join(', ')}.`}
          <ul className="b-list">
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
