// What a print or save did: the document, generation, pages and size; the file or the one file per share;
// the printer job; and for a preview, the page images shown on screen. docs/FORMAT.md §13.

import { useState } from 'react';
import type { PrintResult } from '../../../../src/app/api.js';
import { formatBytes } from '../../components/format.js';
import { StoreBadge } from '../../components/StoreBadge.js';
import { DOCUMENTS } from './documents.js';

export function PrintResultNote({ result, printer }: { readonly result: PrintResult; readonly printer: string }) {
  // The preview page shown large (read at full size before printing), or none.
  const [enlarged, setEnlarged] = useState<number | null>(null);
  return (
    <>
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
            <ul className="compact-list" data-testid="print-result-files">
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
        {result.bagsRecorded && result.bagsRecorded.length > 0 && (
          <span data-testid="print-result-bags">
            {' '}
            Bag numbers printed on the sheets and recorded for the drill: {result.bagsRecorded.map((b) => `share ${b.index} in ${b.bag}`).join(', ')}. Seal each sheet
            in the bag printed on it.
          </span>
        )}
        {result.previewPdfBase64 && (
          <span data-testid="print-preview-note">
            {' '}
            This is a preview only: nothing was printed or saved. Choose a printer or a file above and press {printer ? 'Print' : 'Save PDF'} to keep it.
            {result.previewProblem ? ` The pages cannot be shown here: ${result.previewProblem}` : ''}
          </span>
        )}
      </div>
      {result.previewPages && result.previewPages.length > 0 && (
        <div className="print-preview-pages" data-testid="print-preview-pages">
          <p className="muted">Press a page to enlarge it (again to make it small).</p>
          {result.previewPages.map((src, i) => (
            <button
              key={i}
              type="button"
              className={`print-preview-page${enlarged === i ? ' print-preview-page-large' : ''}`}
              aria-pressed={enlarged === i}
              aria-label={`${enlarged === i ? 'Make small' : 'Enlarge'} page ${i + 1} of ${result.pages}`}
              onClick={() => setEnlarged(enlarged === i ? null : i)}
              data-testid={`print-preview-toggle-${i}`}
            >
              <img src={src} alt={`Page ${i + 1} of ${result.pages}`} data-testid={`print-preview-page-${i}`} />
            </button>
          ))}
          {result.pages > result.previewPages.length && <p className="muted">The first {result.previewPages.length} of {result.pages} pages are shown.</p>}
        </div>
      )}
    </>
  );
}
