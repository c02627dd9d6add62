// The shares just issued (store, index, custodian), without their words: share words never reach this
// window. The custodians print their sheets on the Print screen, where the host renders the PDF.
// docs/FORMAT.md §13.3 (share sheets), DESIGN §3.4.

import type { IssuedShare } from '../../../src/app/api.js';
import { useAppState } from '../state.js';
import { StoreBadge } from './StoreBadge.js';
import { formatTimestamp } from './format.js';

type ShareRow = Omit<IssuedShare, 'words' | 'qrText'> & Partial<Pick<IssuedShare, 'words' | 'qrText'>>;

export function IssuedShares({ shares, testId, printTestId }: { readonly shares: readonly ShareRow[]; readonly testId: string; readonly printTestId: string }) {
  const { go } = useAppState();
  if (shares.length === 0) return null;
  return (
    <div className="issued-shares">
      <div className="table-wrap">
      <table className="data-table" data-testid={testId}>
        <caption>Shares issued — print one sheet per custodian now</caption>
        <thead>
          <tr>
            <th scope="col">Store</th>
            <th scope="col">Share</th>
            <th scope="col">Custodian</th>
            <th scope="col">Role</th>
            <th scope="col">Issued</th>
          </tr>
        </thead>
        <tbody>
          {shares.map((share) => (
            <tr key={`${share.store}-${share.index}`} data-testid={`issued-share-${share.store}-${share.index}`}>
              <td>
                <StoreBadge store={share.store} withLabel />
              </td>
              <td>
                {share.index} of {share.count} <span className="muted">(any {share.threshold} open it)</span>
              </td>
              <td>{share.custodian}</td>
              <td>{share.role || <span className="muted">—</span>}</td>
              <td className="nowrap">{formatTimestamp(share.issuedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
      <p className="note note-warning">
        The share words are not shown on screen. Print the share sheets now: each custodian seals their own sheet in a
        tamper-evident envelope. Until then the shares exist only in this session.
      </p>
      <button type="button" className="button-primary" data-testid={printTestId} onClick={() => go('print', { document: 'shares' })}>
        Print share sheets
      </button>
    </div>
  );
}
