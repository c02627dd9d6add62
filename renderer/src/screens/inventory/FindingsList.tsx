// One account's findings: severity, control, message, and each piece of evidence with its date, flagged
// when it is older than 90 days. FORMAT.md §17.3 (findings name their evidence and its age).

import type { Finding } from '../../../../src/app/api.js';

const SEVERITY_WORDS: Readonly<Record<Finding['severity'], string>> = { high: 'high', medium: 'medium', low: 'advice', pass: 'passed' };

export function FindingsList({ findings, accountId }: { readonly findings: readonly Finding[]; readonly accountId: string }) {
  if (findings.length === 0) return <p className="muted small">No findings for this account.</p>;
  return (
    <ul className="inventory-findings" data-testid={`inventory-findings-${accountId}`}>
      {findings.map((f, i) => (
        <li key={`${f.control}-${i}`} className={`inventory-finding inventory-finding-${f.severity}`} data-testid="inventory-finding" data-control={f.control} data-severity={f.severity}>
          <span className={`inventory-severity inventory-severity-${f.severity}`}>{SEVERITY_WORDS[f.severity]}</span> <strong className="mono">{f.control}</strong>{' '}
          <span className="inventory-message">{f.message}</span>
          <div className="inventory-evidence small">
            Evidence:{' '}
            {f.evidence.length === 0 ? (
              <span className="muted">none imported</span>
            ) : (
              f.evidence.map((e, j) => (
                <span key={`${e.file}-${j}`} className="inventory-evidence-item" data-testid="inventory-evidence">
                  {j > 0 ? '; ' : ''}
                  <span className="mono break">{e.file}</span>, dated {e.date}
                  {e.olderThan90Days ? (
                    <>
                      {' '}
                      <span className="flag flag-warning" data-testid="inventory-stale">
                        older than 90 days
                      </span>
                    </>
                  ) : null}
                </span>
              ))
            )}
          </div>
        </li>
      ))}
    </ul>
  );
}
