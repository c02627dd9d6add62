// The organization's accounts from the report: filters (needs action, class, failing control), a text
// search, sorting by column, each account's findings, and "Add to vault" for a missing custody root.

import { Fragment, useMemo, useState } from 'react';
import type { AccountReport, Control, CustodyClass } from '../../../../src/app/api.js';
import { visibleText } from '../../components/visible-text.js';
import { useAppState } from '../../state.js';
import { FindingsList } from './FindingsList.js';
import {
  canAddToVault,
  CLASS_LABELS,
  CLASS_ORDER,
  CONTROL_CHOICES,
  CONTROL_LABELS,
  coverageText,
  needsAction,
  NO_FILTERS,
  statusText,
  viewAccounts,
  type Filters,
  type Sort,
  type SortKey,
} from './inventory-view.js';

/** Rows drawn at once; the filters and the search narrow a larger organization. */
const MAX_ROWS = 200;

/** The columns, each with the sort keys its heading offers (name and root email share one column). */
const COLUMNS: readonly { readonly id: string; readonly sorts: readonly { readonly key: SortKey; readonly label: string }[] }[] = [
  { id: 'id', sorts: [{ key: 'id', label: 'Account id' }] },
  { id: 'name', sorts: [{ key: 'name', label: 'Name' }, { key: 'email', label: 'root email' }] },
  { id: 'class', sorts: [{ key: 'class', label: 'Class' }] },
  { id: 'status', sorts: [{ key: 'status', label: 'Status' }] },
];

export function AccountsTable({ accounts }: { readonly accounts: readonly AccountReport[] }) {
  const { go } = useAppState();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [sort, setSort] = useState<Sort>({ key: 'status', descending: false });
  // Findings shown per account: those needing action start open, the others closed.
  const [toggled, setToggled] = useState<ReadonlySet<string>>(new Set());
  const rows = useMemo(() => viewAccounts(accounts, filters, sort), [accounts, filters, sort]);
  const waiting = accounts.filter(needsAction).length;

  const sortBy = (key: SortKey) => setSort((s) => ({ key, descending: s.key === key ? !s.descending : false }));
  const toggle = (id: string) =>
    setToggled((t) => {
      const next = new Set(t);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const addToVault = (a: AccountReport) => {
    if (!canAddToVault(a)) return;
    go('accounts', { prefillAccountId: a.id, prefillName: a.name, prefillEmail: a.email, prefillClass: a.custodyClass });
  };

  return (
    <>
      <div className="inventory-filters" data-testid="inventory-filters">
        <label className="check-label">
          <input type="checkbox" checked={filters.needsAction} onChange={(e) => setFilters({ ...filters, needsAction: e.target.checked })} data-testid="inventory-filter-action" /> Only accounts that need
          action ({waiting})
        </label>
        <div className="field">
          <label htmlFor="inventory-filter-class">Class</label>
          <select id="inventory-filter-class" value={filters.custodyClass} onChange={(e) => setFilters({ ...filters, custodyClass: e.target.value as CustodyClass | '' })} data-testid="inventory-filter-class">
            <option value="">every class</option>
            {CLASS_ORDER.map((c) => (
              <option key={c} value={c}>
                {CLASS_LABELS[c]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="inventory-filter-control">Control not passed</label>
          <select id="inventory-filter-control" value={filters.control} onChange={(e) => setFilters({ ...filters, control: e.target.value as Control | '' })} data-testid="inventory-filter-control">
            <option value="">any control</option>
            {CONTROL_CHOICES.map((c) => (
              <option key={c} value={c}>
                {CONTROL_LABELS[c]}
              </option>
            ))}
          </select>
        </div>
        <div className="field inventory-search">
          <label htmlFor="inventory-search">Search (id, name, email, class)</label>
          <input id="inventory-search" type="search" spellCheck={false} value={filters.search} onChange={(e) => setFilters({ ...filters, search: e.target.value })} data-testid="inventory-search" />
        </div>
      </div>
      <p className="small muted" role="status" data-testid="inventory-count">
        {rows.length === accounts.length ? `${accounts.length} accounts` : `${rows.length} of ${accounts.length} accounts match`}
        {rows.length > MAX_ROWS ? `; the first ${MAX_ROWS} are shown: narrow them with the filters or the search.` : '.'}
      </p>
      {rows.length === 0 ? (
        <p className="muted" data-testid="inventory-no-match">
          No account matches these filters.{' '}
          <button type="button" className="link-button" onClick={() => setFilters(NO_FILTERS)} data-testid="inventory-clear-filters">
            Clear the filters
          </button>
        </p>
      ) : (
        <div className="table-wrap">
          <table className="data-table inventory-table" data-testid="inventory-table">
            <caption className="sr-only">Organization accounts; press a column heading to sort</caption>
            <thead>
              <tr>
                {COLUMNS.map((c) => {
                  const active = c.sorts.find((x) => x.key === sort.key);
                  return (
                    <th key={c.id} scope="col" className={`inventory-col-${c.id}`} aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
                      {c.sorts.map((x, i) => (
                        <Fragment key={x.key}>
                          {i > 0 ? ' · ' : ''}
                          <button type="button" className="inventory-sort" onClick={() => sortBy(x.key)} data-testid={`inventory-sort-${x.key}`}>
                            {x.label}
                            <span aria-hidden="true">{sort.key === x.key ? (sort.descending ? ' ▼' : ' ▲') : ''}</span>
                          </button>
                        </Fragment>
                      ))}
                    </th>
                  );
                })}
                <th scope="col" className="inventory-col-vault">
                  Vault
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.slice(0, MAX_ROWS).map((a) => {
                const shown = needsAction(a) !== toggled.has(a.id);
                return (
                  <Fragment key={a.id}>
                    <tr data-testid={`inventory-row-${a.id}`} data-needs-action={needsAction(a)} className={needsAction(a) ? 'inventory-row-action' : undefined}>
                      <td className="mono">{a.id}</td>
                      <td className="inventory-name">
                        {visibleText(a.name)}
                        <br />
                        <span className="small muted inventory-email">{a.email}</span>
                      </td>
                      <td>{CLASS_LABELS[a.custodyClass]}</td>
                      <td>
                        <span className={needsAction(a) ? 'inventory-status-action' : 'inventory-status-ok'} data-testid={`inventory-status-${a.id}`}>
                          {statusText(a)}
                        </span>
                        <br />
                        <button type="button" className="link-button small" aria-expanded={shown} onClick={() => toggle(a.id)} data-testid={`inventory-toggle-${a.id}`}>
                          {shown ? 'Hide findings' : `Findings (${a.findings.length})`}
                        </button>
                      </td>
                      <td>
                        <span className="small">{coverageText(a)}</span>
                        {canAddToVault(a) ? (
                          <>
                            <br />
                            <button type="button" className="button-secondary inventory-add" onClick={() => addToVault(a)} data-testid={`inventory-add-${a.id}`}>
                              Add to vault
                            </button>
                          </>
                        ) : null}
                      </td>
                    </tr>
                    {shown ? (
                      <tr className="inventory-findings-row">
                        <td colSpan={5}>
                          <FindingsList findings={needsAction(a) ? a.findings.filter((f) => f.severity !== 'pass') : a.findings} accountId={a.id} />
                        </td>
                      </tr>
                    ) : null}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
