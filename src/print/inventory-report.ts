// The compliance report for auditors: one line per account (id, name, class, in vault, MFA devices), then
// each account's findings (control, severity, message) with the dates of their evidence. FORMAT.md §17.

import { custodyClassLabel, needsAction, type AccountReport, type Finding } from '../inventory/findings.js';
import type { InventoryReport } from '../inventory/rules.js';
import { FONT } from './fonts.js';
import { addPage, closeDocument, openDocument } from './page-frame.js';
import type { PrintOptions } from './print-text.js';
import { Flow, wrapText, type TextStyle } from './text-layout.js';

const STYLE = {
  title: { font: FONT.sansBold, size: 15 },
  summary: { font: FONT.sans, size: 9 },
  heading: { font: FONT.sansBold, size: 10.5 },
  account: { font: FONT.sansBold, size: 9 },
  table: { font: FONT.sans, size: 7.6, leading: 1.22 },
  tableHead: { font: FONT.sansBold, size: 7.6, leading: 1.22 },
  mono: { font: FONT.mono, size: 7, leading: 1.22 },
  hash: { font: FONT.mono, size: 6.5, leading: 1.22 },
} as const satisfies Record<string, TextStyle>;

export interface InventoryReportPdfInput {
  readonly report: InventoryReport;
  /** SHA-256 of the stored inventory (the one its inventory.import audit entry recorded): the fingerprint. */
  readonly inventorySha256: string;
}

function mfaText(account: AccountReport): string {
  if (account.mfaDevices.length === 0) return 'none';
  return account.mfaDevices.map((d) => `${d.name} (${d.type === 'virtual' ? 'virtual' : d.type === 'hardware-totp' ? 'hardware TOTP' : 'security key'})`).join(', ');
}

function evidenceText(finding: Finding): string {
  if (finding.evidence.length === 0) return 'none';
  return finding.evidence.map((e) => `${e.file}, ${e.date}${e.olderThan90Days ? ' (older than 90 days)' : ''}`).join('; ');
}

/** The report's lines as plain text, in print order (what the fingerprint band's readers can compare). */
export function inventoryReportLines(report: InventoryReport): string[] {
  const s = report.summary;
  const lines = [
    `Organization ${s.organizationId ?? 'unknown'}, management account ${s.managementAccountId ?? 'unknown'}.`,
    `Inventory imported ${s.importedAt}; report generated ${s.generatedAt}.`,
    `${s.accounts} accounts, ${s.needsAction} need action. Findings: ${s.findings.high} high, ${s.findings.medium} medium, ${s.findings.low} low, ${s.findings.pass} passed; ${s.evidenceOlderThan90Days} based on evidence older than 90 days.`,
  ];
  return lines;
}

export async function renderInventoryReport(input: InventoryReportPdfInput, options: PrintOptions): Promise<Uint8Array> {
  const { report, inventorySha256 } = input;
  if (!/^[0-9a-f]{64}$/.test(inventorySha256)) throw new RangeError('inventorySha256 must be 64 lowercase hex digits');
  const s = report.summary;
  const { doc, page } = openDocument(options, {
    title: `Root credential compliance report — organization ${s.organizationId ?? 'unknown'}`,
    subject: 'Breakglass Vault account inventory: custody, coverage, drift and root controls (no secret on it)',
    keywords: 'Breakglass Vault, inventory, CIS AWS Foundations, Security Hub, root credentials',
  });
  addPage(doc, page);
  const flow = new Flow(doc, page, () => addPage(doc, page));
  flow.lines(wrapText(doc, 'Root credential compliance report', flow.width, STYLE.title), STYLE.title);
  flow.gap(3);
  for (const line of inventoryReportLines(report)) flow.paragraph(line, STYLE.summary, 0, 2);
  flow.gap(2);
  flow.paragraph(
    'Controls: CIS AWS Foundations v5.0 1.3 (no root access keys; Security Hub IAM.4), 1.4 (MFA on root; IAM.9), 1.5 (hardware MFA on root; IAM.6), 1.6 (no recent root use), CIS v7.0 2.1.1 (centralized root access); COVERAGE (the root is in custody with a password and MFA) and DRIFT (the vault and the organization disagree). Severity high or medium: the account needs action.',
    STYLE.summary,
    0,
    4,
  );

  flow.heading('Accounts', STYLE.heading, 40, 6, 3);
  flow.table(
    [
      { header: 'Account', weight: 1.25, style: STYLE.mono },
      { header: 'Name', weight: 1.6 },
      { header: 'Class', weight: 1.3 },
      { header: 'In vault', weight: 0.7 },
      { header: 'MFA devices', weight: 2.2 },
      { header: 'Status', weight: 1.1 },
    ],
    report.accounts.map((a) => {
      const open = a.findings.filter((f) => f.severity === 'high' || f.severity === 'medium').length;
      return [a.id, a.name, custodyClassLabel(a.custodyClass), a.inVault ? 'yes' : 'no', mfaText(a), needsAction(a) ? `needs action (${open})` : 'ok'];
    }),
    STYLE.table,
    STYLE.tableHead,
  );

  flow.heading('Findings', STYLE.heading, 60, 8, 3);
  for (const account of report.accounts) {
    flow.heading(`${account.id}  ${account.name} — ${custodyClassLabel(account.custodyClass)}${needsAction(account) ? ', needs action' : ''}`, STYLE.account, 40, 5, 2);
    if (account.findings.length === 0) {
      flow.paragraph('No findings.', STYLE.table, 0, 3);
      continue;
    }
    flow.table(
      [
        { header: 'Control', weight: 1.1 },
        { header: 'Severity', weight: 0.75 },
        { header: 'Message', weight: 4.2 },
        { header: 'Evidence (file, date)', weight: 2.2 },
      ],
      account.findings.map((f) => [f.control, f.severity, f.message, evidenceText(f)]),
      STYLE.table,
      STYLE.tableHead,
    );
  }

  flow.heading('Evidence files', STYLE.heading, 40, 8, 3);
  flow.table(
    [
      { header: 'File', weight: 1.6 },
      { header: 'Kind', weight: 1.8 },
      { header: 'Dated', weight: 0.9 },
      { header: 'SHA-256', weight: 4.9, style: STYLE.hash },
    ],
    s.files.map((f) => [f.name, f.kind, f.date, f.sha256]),
    STYLE.table,
    STYLE.tableHead,
  );

  return closeDocument(doc, page, options.printedAt, {
    documentType: 'Compliance report',
    store: 'both',
    generation: `inventory of ${s.importedAt.slice(0, 10)}`,
    fingerprintLabel: 'SHA-256 of the imported inventory',
    fingerprintHex: inventorySha256,
    bandNote: 'no secret on this page',
  });
}
