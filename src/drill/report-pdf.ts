// The drill report as a PDF: the report's fixed text (report.ts) in the common page frame, then signature
// lines for the lead, the witness and each custodian present. FORMAT.md §16.4.

import { FONT } from '../print/fonts.js';
import { addPage, closeDocument, openDocument } from '../print/page-frame.js';
import type { PaperSize } from '../print/print-text.js';
import { Flow, type TextStyle } from '../print/text-layout.js';
import type { DrillReport } from './drill-result.js';
import { REPORT_TITLE, reportSections, resultLine, signatories } from './report.js';

const STYLE = {
  title: { font: FONT.sansBold, size: 18 },
  h1: { font: FONT.sansBold, size: 12.5 },
  body: { font: FONT.sans, size: 9 },
  result: { font: FONT.sansBold, size: 11 },
  small: { font: FONT.sans, size: 8 },
  mono: { font: FONT.mono, size: 8 },
} as const satisfies Record<string, TextStyle>;

export async function renderDrillReport(report: DrillReport, digest: string, options: { readonly paper: PaperSize }): Promise<Uint8Array> {
  const printedAt = report.endedAt;
  const { doc, page } = openDocument(
    { paper: options.paper, printedAt },
    { title: `${REPORT_TITLE} — ${report.endedAt.slice(0, 10)}`, subject: `Breakglass Vault drill, vault set ${report.setId}, report data SHA-256 ${digest}`, keywords: 'Breakglass Vault, drill report' },
  );
  addPage(doc, page);
  const flow = new Flow(doc, page, () => addPage(doc, page));
  flow.lines([REPORT_TITLE], STYLE.title);
  flow.gap(4);
  flow.paragraph(
    'A drill reads, verifies and opens in memory; it shows no secret and changes no store, drive or paper backup. ' +
      'Every step below carries its time and who did it; every exception has its own line and what to do.',
    STYLE.body,
  );
  flow.paragraph(`Result: ${resultLine(report)}`, STYLE.result);
  for (const section of reportSections(report)) {
    flow.heading(section.heading, STYLE.h1);
    for (const line of section.lines) {
      const indented = line.startsWith('    ');
      flow.paragraph(line.trimStart(), section.heading === 'Artifacts checked' || section.heading === 'Audit log' ? STYLE.mono : indented ? STYLE.small : STYLE.body, indented ? 16 : 0, 2);
    }
  }
  flow.heading('Report data SHA-256', STYLE.h1);
  flow.paragraph(digest, STYLE.mono);
  flow.heading('Signatures', STYLE.h1, 120);
  for (const person of signatories(report)) {
    flow.ensure(40);
    flow.gap(22);
    doc.save().lineWidth(0.6).moveTo(page.left, flow.y).lineTo(page.left + 260, flow.y).stroke('#000000').restore();
    doc.save().lineWidth(0.6).moveTo(page.left + 300, flow.y).lineTo(page.right, flow.y).stroke('#000000').restore();
    flow.gap(3);
    flow.lines([`${person.role}: ${person.name || '(not named)'}${' '.repeat(8)}signature / date`], STYLE.small);
  }
  return closeDocument(doc, page, printedAt, {
    documentType: 'Drill report',
    store: 'both',
    generation: `drill ${report.endedAt.slice(0, 10)}`,
    fingerprintLabel: 'Report data (SHA-256)',
    fingerprintHex: digest,
    bandNote: report.result === 'passed' ? 'passed' : `${report.exceptions.length} exception${report.exceptions.length === 1 ? '' : 's'}`,
  });
}
