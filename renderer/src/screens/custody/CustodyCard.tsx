// One store's custody as the register holds it: how it opens, its generation and share set, revoked
// share sets, every custodian with their share, and recorded segregation exceptions. docs/FORMAT.md §12.4.

import type { CustodyReport } from '../../../../src/app/api.js';
import { formatTimestamp } from '../../components/format.js';
import { StoreBadge } from '../../components/StoreBadge.js';
import { STORE_IN_SENTENCE } from '../../components/stores.js';
import { visibleText } from '../../components/visible-text.js';

export function CustodyCard({ report }: { readonly report: CustodyReport }) {
  const store = report.store;
  return (
    <div className={`custody-card custody-card-${store}`} data-testid={`custody-${store}`}>
      <h3>
        <StoreBadge store={store} withLabel />
      </h3>
      <dl className="facts">
        <dt>Opens with</dt>
        <dd data-testid={`custody-${store}-opens`}>
          {[report.shares ? `${report.shares.threshold} of ${report.shares.count} custodian shares` : null, report.passphrase ? 'a passphrase' : null]
            .filter(Boolean)
            .join(' or ')}
        </dd>
        <dt>Generation</dt>
        <dd>{report.generation}</dd>
        {report.shares ? (
          <>
            <dt>Share set</dt>
            <dd className="mono small">{report.shares.shareSetId}</dd>
          </>
        ) : null}
        <dt>Revoked share sets</dt>
        <dd className="mono small">{report.revokedShareSets.length === 0 ? 'none' : report.revokedShareSets.join(', ')}</dd>
      </dl>
      <div className="table-wrap">
      <table className="data-table" data-testid={`custody-${store}-custodians`}>
        <caption className="sr-only">Custodian register of the {STORE_IN_SENTENCE[store]}</caption>
        <thead>
          <tr>
            <th scope="col">Share</th>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Contact</th>
            <th scope="col">Issued</th>
          </tr>
        </thead>
        <tbody>
          {report.custodians.map((c) => (
            <tr key={`${c.shareIndex ?? 'p'}-${c.name}`}>
              <td>{c.shareIndex === null ? 'passphrase' : `${c.shareIndex} of ${report.shares?.count ?? '?'}`}</td>
              <td>{visibleText(c.name)}</td>
              <td>{visibleText(c.role) || <span className="muted">—</span>}</td>
              <td>{visibleText(c.contact) || <span className="muted">—</span>}</td>
              <td className="nowrap">{formatTimestamp(c.issuedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
      {report.overrides.length > 0 ? (
        <div className="note note-warning" data-testid={`custody-${store}-overrides`}>
          <strong>Recorded segregation exceptions:</strong>
          <ul>
            {report.overrides.map((o) => (
              <li key={o.at}>
                {formatTimestamp(o.at)}: {o.custodians.join(', ')} — “{o.reason}”
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
