// The inventory report as CSV for spreadsheets and auditors: one row per finding (an account without
// findings gets one row), RFC 4180 quoting. FORMAT.md §17.3.

import { custodyClassLabel } from './findings.js';
import type { InventoryReport } from './rules.js';

export const REPORT_CSV_HEADER = ['account_id', 'name', 'email', 'custody_class', 'in_vault', 'mfa_devices', 'control', 'severity', 'message', 'evidence'] as const;

function cell(value: string): string {
  // A leading =, +, - or @ would run as a formula in a spreadsheet: prefix it with a quote.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function inventoryReportCsv(report: InventoryReport): string {
  const rows: string[][] = [[...REPORT_CSV_HEADER]];
  for (const a of report.accounts) {
    const base = [a.id, a.name, a.email, custodyClassLabel(a.custodyClass), a.inVault ? 'yes' : 'no', String(a.mfaDevices.length)];
    if (a.findings.length === 0) rows.push([...base, '', '', '', '']);
    for (const f of a.findings) {
      const evidence = f.evidence.map((e) => `${e.file} (${e.date}${e.olderThan90Days ? ', older than 90 days' : ''})`).join('; ');
      rows.push([...base, f.control, f.severity, f.message, evidence]);
    }
  }
  // Rows end in LF, not RFC 4180's CRLF: the CLI escapes a raw CR on the terminal (display spoofing), and
  // every CSV reader (csv-parse, spreadsheets) accepts LF.
  return rows.map((r) => r.map(cell).join(',')).join('\n') + '\n';
}
