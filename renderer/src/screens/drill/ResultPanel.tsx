// Step 6 of the drill, after the run: every check with passed or its exceptions, the exceptions list in
// the report's words, and where the signed drill report (PDF) was saved with its SHA-256. FORMAT.md §16.

import type { DrillRunResult } from '../../../../src/app/api.js';
import { formatTimestamp } from '../../components/format.js';
import { Section } from '../../components/Section.js';
import { StoreBadge } from '../../components/StoreBadge.js';

const RESULT_WORD = { passed: 'passed', exceptions: 'exceptions', manual: 'manual check' } as const;

export function ResultPanel({ result, onAgain }: { readonly result: DrillRunResult; onAgain(): void }) {
  const { report } = result;
  return (
    <Section title="Drill results" testId="drill-result">
      <p className={`note ${report.result === 'passed' ? 'note-ok' : 'note-warning'}`} role="status" data-testid="drill-outcome" data-result={report.result}>
        {report.result === 'passed'
          ? 'The drill passed: every share, every copy and every path was checked.'
          : `The drill ran with ${report.exceptions.length} exception${report.exceptions.length === 1 ? '' : 's'}: each is listed below and in the report.`}
      </p>
      <table className="data-table drill-steps" data-testid="drill-steps">
        <thead>
          <tr>
            <th scope="col">Step</th>
            <th scope="col">Check</th>
            <th scope="col">Result</th>
            <th scope="col">By</th>
            <th scope="col">Time</th>
          </tr>
        </thead>
        <tbody>
          {report.steps.map((step) => (
            <tr key={step.number} data-testid={`drill-step-${step.number}`} data-result={step.result}>
              <td>{step.number}</td>
              <td>
                {step.store ? <StoreBadge store={step.store} /> : null} {step.title}
              </td>
              <td className={`drill-result-${step.result}`}>{RESULT_WORD[step.result]}</td>
              <td>{step.by.join(', ') || '—'}</td>
              <td>{formatTimestamp(step.at, 'seconds')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Exceptions</h3>
      {report.exceptions.length === 0 ? (
        <p className="muted" data-testid="drill-exceptions-none">
          None.
        </p>
      ) : (
        <ol className="drill-exceptions" data-testid="drill-exceptions">
          {report.exceptions.map((e, i) => (
            <li key={i} data-testid={`drill-exception-${i}`} data-kind={e.kind}>
              {e.store ? <StoreBadge store={e.store} /> : null} {e.message}
            </li>
          ))}
        </ol>
      )}
      {report.reminders.length > 0 ? (
        <>
          <h3>Break-glass reminders (not drill exceptions)</h3>
          <ul data-testid="drill-reminders">
            {report.reminders.map((r) => (
              <li key={r.text} className={r.due ? 'text-warn' : undefined} data-due={r.due}>
                {r.due ? 'Due: ' : ''}
                {r.text}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {report.manualChecks.length > 0 ? (
        <>
          <h3>To see in the safe (marked on the printed report)</h3>
          <ul data-testid="drill-manual">
            {report.manualChecks.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </>
      ) : null}
      {result.reportFile ? (
        <p className="note note-ok" data-testid="drill-report-saved">
          Drill report saved to <code className="path">{result.reportFile}</code> (SHA-256 <code className="mono">{result.pdfSha256}</code>). Print it for the
          signatures of the lead, the witness and each custodian present.
        </p>
      ) : (
        <p className="muted" data-testid="drill-report-not-saved">
          No report file was chosen; the drill and its report’s SHA-256 are in the audit log (entry {result.auditSeq}).
        </p>
      )}
      <button type="button" className="button-secondary" data-testid="drill-again" onClick={onAgain}>
        Start another drill
      </button>
    </Section>
  );
}
