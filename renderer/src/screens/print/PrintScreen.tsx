// Print: share sheets, emergency sheets, the paper backup and the printed spec, to a printer queue and/or
// a file; and restoring a store from scanned paper-backup pages. docs/FORMAT.md §13.

import { useState, type FormEvent } from 'react';
import type { PrintDocumentKind, PrintResult, StoreKind } from '../../../../src/app/api.js';
import { call } from '../../api.js';
import { Busy } from '../../components/Busy.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { actorsInput } from '../../components/names.js';
import { PresentField } from '../../components/PresentField.js';
import { Section } from '../../components/Section.js';
import { StoreBadge } from '../../components/StoreBadge.js';
import { STORE_IN_SENTENCE, STORE_SHORT } from '../../components/stores.js';
import { StoreSelect } from '../../components/StoreSelect.js';
import { useAction } from '../../components/useAction.js';
import { actorsFor, useAppState } from '../../state.js';
import { DOCUMENTS } from './documents.js';
import { PaperRestorePanel } from './PaperRestorePanel.js';
import { PrintResultNote } from './PrintResultNote.js';
import { ChooseButton, PathRow } from '../../components/ChooseButton.js';
import { bagsInput, ShareBagsPanel, type ShareBags } from '../../components/ShareBagsPanel.js';

export function PrintScreen() {
  const { params, status, workstation, actors, present, refresh, go } = useAppState();
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
  const [bags, setBags] = useState<ShareBags>({});
  const [result, setResult] = useState<PrintResult | null>(null);
  /** What became of the share sheets last sent out here: said as it happened (printed, saved, or both). */
  const [sharesDone, setSharesDone] = useState<string | null>(null);
  const [discarded, setDiscarded] = useState(false);
  // Forgetting cannot be undone: asked once more, in place.
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const action = useAction();
  // Held: the sheets the app can still print (a reprint after a jam too), until they are forgotten.
  const pending = workstation?.issuedSharesHeld ?? [];
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
        ...(docKind === 'shares' ? bagsInput(bags) : {}),
        ...actorsInput(actorsFor({ actors, present }, store)),
      }),
    );
    if (done) {
      setResult(done);
      if (docKind === 'shares' && !preview) setSharesDone(printer && file ? 'printed and saved to a file' : printer ? 'printed' : 'saved to a file');
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
      setSharesDone(null);
      void refresh().catch(() => undefined);
    }
  };

  return (
    <div className="screen" data-testid="print-screen">
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
              <StoreSelect id="print-store" value={store} onChange={(next) => { setStore(next); setBags({}); }} />
            </div>
          </div>
          <p className="muted">
            <StoreBadge store={store} withLabel /> · {about?.about}
          </p>
          {docKind === 'shares' && !pending.includes(store) && (
            <p className="note note-error" role="alert" data-testid="print-no-shares">
              No {STORE_IN_SENTENCE[store]} shares were issued in this session, so there are no sheets to print. Shares are issued when a vault set is created or its custody
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
          <fieldset className="fieldset-compact">
            <legend>Paper</legend>
            <div className="choice-row">
              {(['A4', 'Letter'] as const).map((size) => (
                <label key={size}>
                  <input type="radio" name="print-paper" value={size} checked={paper === size} onChange={() => setPaper(size)} data-testid={`print-paper-${size}`} /> {size === 'A4' ? 'A4' : 'US Letter'}
                </label>
              ))}
            </div>
          </fieldset>
          {docKind === 'shares' && pending.includes(store) && <ShareBagsPanel store={store} bags={bags} onBags={setBags} />}
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
          <fieldset className="fieldset-compact">
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
                <PathRow>
                  <input
                    id="print-out-file"
                    value={outFile}
                    placeholder={docKind === 'shares' ? '/media/…/pw-shares.pdf' : '/media/…/emergency-pw.pdf'}
                    spellCheck={false}
                    onChange={(e) => setOutFile(e.target.value)}
                    data-testid="print-out-file"
                  />
                  <ChooseButton
                    testId="print-out-file-choose"
                    title="Save the PDF as"
                    mode="new-file"
                    extensions={['.pdf']}
                    start="/media"
                    defaultName={`${store === 'mfa-seeds' ? 'mfa' : 'pw'}-${docKind}.pdf`}
                    value={outFile}
                    onChange={setOutFile}
                  />
                </PathRow>
                <span className="muted" data-testid="print-out-file-hint">
                  {docKind === 'shares'
                    ? 'A new file name in an existing folder outside the vault set. Each share gets its own PDF beside it (pw-shares-1-of-3.pdf, pw-shares-2-of-3.pdf, …).'
                    : 'A new file name in an existing folder outside the vault set: nothing is overwritten.'}
                </span>
              </div>
            </div>
          </fieldset>
          <PresentField store={store} />
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
        {result && <PrintResultNote result={result} printer={printer} />}
        {(sharesDone !== null || pending.length > 0) && !discarded && (
          <div className="note note-warning" data-testid="print-discard-card">
            {sharesDone !== null ? `Share sheets were ${sharesDone}. ` : ''}
            Shares issued in this session are still held by the app ({pending.map((k) => STORE_SHORT[k]).join(', ') || 'none'}). Once every sheet is
            printed and in its envelope, forget them.
            <div className="button-row">
              {!confirmDiscard ? (
                <button type="button" className="button-secondary" onClick={() => setConfirmDiscard(true)} disabled={action.busy !== null} data-testid="print-discard">
                  Forget issued shares
                </button>
              ) : (
                <>
                  <span data-testid="print-discard-question">
                    Forget them now? A sheet not yet printed or saved can never be printed again: its store would need a new rotation.
                  </span>
                  <button type="button" className="button-danger" onClick={() => void discard().finally(() => setConfirmDiscard(false))} disabled={action.busy !== null} data-testid="print-discard-confirm">
                    Yes, forget the shares
                  </button>
                  <button type="button" className="button-quiet" onClick={() => setConfirmDiscard(false)} data-testid="print-discard-cancel">
                    Keep them
                  </button>
                </>
              )}
            </div>
          </div>
        )}
        {discarded && (
          <p className="note note-ok" role="status" data-testid="print-discarded">
            The issued shares were forgotten by the app. Only the printed sheets hold them now.
          </p>
        )}
      </Section>
      <PaperRestorePanel />
    </div>
  );
}
