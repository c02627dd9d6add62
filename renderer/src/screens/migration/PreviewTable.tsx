// The import preview: one row per source entry and what happens to it in each store (add, update, skip and
// why; a weak password flagged "rotate"), with a class to choose and an account id to map per row. FORMAT.md §18.2.

import type { ImportPreview, PreviewRow } from '../../../../src/app/api.js';

export type RowClass = '' | 'management' | 'excluded';

export interface RowChoices {
  /** Per account id: its class ("" = the default). */
  readonly classes: Readonly<Record<string, RowClass>>;
  /** Per entry "#N": the account id typed for it, or "skip". */
  readonly mapping: Readonly<Record<string, string>>;
}

function stepLabel(step: PreviewRow['vault']): string {
  return step.action === 'none' ? '—' : step.action;
}

export function PreviewTable({
  preview,
  choices,
  onChange,
  disabled,
}: {
  readonly preview: ImportPreview;
  readonly choices: RowChoices;
  readonly onChange: (choices: RowChoices) => void;
  readonly disabled: boolean;
}) {
  const setClass = (id: string, value: RowClass) => onChange({ ...choices, classes: { ...choices.classes, [id]: value } });
  const setMapping = (index: number, value: string) => onChange({ ...choices, mapping: { ...choices.mapping, [`#${index}`]: value } });
  return (
    <div className="table-wrap">
      <table className="data-table migration-table" data-testid="migration-preview">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Entry</th>
            <th scope="col">Account id</th>
            <th scope="col">Class</th>
            <th scope="col">Password vault</th>
            <th scope="col">MFA seed store</th>
            <th scope="col">Why / flag</th>
          </tr>
        </thead>
        <tbody>
          {preview.rows.map((row) => {
            const reasons = [row.vault.reason, row.mfa.reason].filter(Boolean).join('; ');
            const mappable = row.accountId === null && preview.source === 'keepass';
            return (
              <tr key={row.index} data-testid={`migration-row-${row.index}`} data-vault={row.vault.action} data-mfa={row.mfa.action} data-rotate={row.rotate ? 'true' : 'false'}>
                <td className="numeric">{row.index}</td>
                <td>
                  {row.title || <span className="muted">(no title)</span>}
                  {row.email ? <div className="muted small">{row.email}</div> : null}
                </td>
                <td className="mono nowrap">
                  {mappable ? (
                    <input
                      className="mono migration-map"
                      aria-label={`Account id for entry ${row.index}, or "skip"`}
                      placeholder="12 digits or skip"
                      value={choices.mapping[`#${row.index}`] ?? ''}
                      disabled={disabled}
                      onChange={(e) => setMapping(row.index, e.target.value.trim())}
                      data-testid={`migration-map-${row.index}`}
                    />
                  ) : (
                    (row.accountId ?? '—')
                  )}
                </td>
                <td>
                  {row.accountId !== null && preview.source === 'keepass' && row.vault.action !== 'none' ? (
                    <select
                      aria-label={`Class of account ${row.accountId}`}
                      value={choices.classes[row.accountId] ?? ''}
                      disabled={disabled}
                      onChange={(e) => setClass(row.accountId as string, e.target.value as RowClass)}
                      data-testid={`migration-class-${row.index}`}
                    >
                      <option value="">{row.accountClass ?? 'choose…'}</option>
                      <option value="management">management</option>
                      <option value="excluded">excluded</option>
                    </select>
                  ) : (
                    (row.accountClass ?? <span className="muted">—</span>)
                  )}
                </td>
                <td className={`migration-step migration-step-${row.vault.action}`}>
                  {stepLabel(row.vault)}
                  {row.rotate ? <span className="badge badge-rotate">rotate</span> : null}
                </td>
                <td className={`migration-step migration-step-${row.mfa.action}`}>
                  {stepLabel(row.mfa)}
                  {row.device && row.mfa.action !== 'none' ? <span className="muted small"> {row.device}</span> : null}
                </td>
                <td className="small migration-reason">{reasons}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
