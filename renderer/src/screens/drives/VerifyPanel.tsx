// A drive's verification without any key: the verdict first (focused, so it is read), the store and
// generation, the fingerprint, and every finding. docs/FORMAT.md §14.2 (manifest and marker).

import { useEffect, useRef } from 'react';
import type { DriveVerificationView, DriveView } from '../../../../src/app/api.js';
import { formatTimestamp } from '../../components/format.js';
import { Section } from '../../components/Section.js';
import { StoreBadge } from '../../components/StoreBadge.js';

export function VerifyPanel({ drive, result, onClose }: { readonly drive: DriveView; readonly result: DriveVerificationView; readonly onClose: () => void }) {
  const summary = useRef<HTMLParagraphElement>(null);
  useEffect(() => summary.current?.focus(), [result]);
  return (
    <Section title={`Verification of ${drive.mountPoint}`} testId="drive-verify-result">
      <p ref={summary} tabIndex={-1} className={result.ok ? 'text-ok' : 'text-bad'} data-testid="drive-verify-summary" data-ok={result.ok}>
        {result.ok ? '✔ The drive’s copy is intact.' : '✖ The drive’s copy failed verification: it counts as damaged until you export to this drive again (what was found is below).'}
      </p>
      {(result.driveName || result.store || result.exportedAt) && (
        // One fact a part, joined by " · ": never a stray full stop before a comma.
        <p className="small" data-testid="drive-verify-facts">
          {[
            result.driveName ? <span key="name">Drive “{result.driveName}”</span> : null,
            result.store ? (
              <span key="store">
                <StoreBadge store={result.store.kind} /> generation {result.store.generation}
              </span>
            ) : null,
            result.exportedAt ? <span key="at">exported {formatTimestamp(result.exportedAt, 'seconds')}</span> : null,
          ]
            .filter((part) => part !== null)
            .flatMap((part, i) => (i === 0 ? [part] : [' · ', part]))}
        </p>
      )}
      {result.store && (
        <p className="small">
          Fingerprint <span className="mono break">{result.store.fingerprint}</span>
        </p>
      )}
      <ul className="findings" data-testid="drive-verify-findings">
        {result.findings.map((f, i) => (
          <li key={i} className={`finding finding-${f.level}`}>
            <span className="finding-level">{f.level === 'ok' ? '✔' : f.level === 'warning' ? '⚠' : '✖'}</span> {f.message}
          </li>
        ))}
      </ul>
      <button type="button" className="button-secondary" onClick={onClose} data-testid="drive-verify-close">
        Close
      </button>
    </Section>
  );
}
