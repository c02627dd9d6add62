// The printed runbook: one page per account in the common frame, commands in mono, no secret anywhere; the
// fingerprint is the SHA-256 of the runbook's text. FORMAT.md §15.6.

import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { FONT } from '../print/fonts.js';
import { addPage, closeDocument, openDocument } from '../print/page-frame.js';
import type { PrintOptions } from '../print/print-text.js';
import { Flow, wrapText, type TextStyle } from '../print/text-layout.js';
import { runbookText, type RunbookPage } from './runbook.js';

const STYLE = {
  title: { font: FONT.sansBold, size: 15 },
  summary: { font: FONT.sans, size: 9.5 },
  heading: { font: FONT.sansBold, size: 10.5 },
  body: { font: FONT.sans, size: 8.8 },
  code: { font: FONT.mono, size: 7.4, leading: 1.25 },
} as const satisfies Record<string, TextStyle>;

export async function renderRunbook(pages: readonly RunbookPage[], options: PrintOptions & { readonly runLabel?: string }): Promise<Uint8Array> {
  const text = pages.map(runbookText).join('\n');
  const fingerprint = bytesToHex(sha256(new TextEncoder().encode(text)));
  const { doc, page } = openDocument(options, {
    title: `Break-glass runbook — ${pages.map((p) => p.accountId).join(', ')}`,
    subject: 'Breakglass Vault runbook (no secret on it)',
    keywords: 'Breakglass Vault, runbook, AssumeRoot',
  });
  for (const runbook of pages) {
    addPage(doc, page);
    const flow = new Flow(doc, page, () => addPage(doc, page));
    flow.lines(wrapText(doc, runbook.title, flow.width, STYLE.title), STYLE.title);
    flow.gap(2);
    flow.paragraph(runbook.summary, STYLE.summary, 0, 6);
    for (const section of runbook.sections) {
      flow.heading(section.heading, STYLE.heading, 30, 5, 2);
      section.steps.forEach((step, i) => {
        if (section.numbered === false) flow.paragraph(step, STYLE.body, 0, 2);
        else flow.item(`${i + 1}.`, step, STYLE.body, 14, 2);
      });
      for (const command of section.commands ?? []) {
        const lines = wrapText(doc, command, flow.width - 16, STYLE.code).map((part, n) => (n === 0 ? `$ ${part}` : `    ${part}`));
        flow.lines(lines, STYLE.code, 8);
        flow.gap(2);
      }
    }
  }
  return closeDocument(doc, page, options.printedAt, {
    documentType: 'Break-glass runbook',
    store: 'both',
    generation: options.runLabel ?? 'no run',
    fingerprintLabel: 'SHA-256 of the runbook text',
    fingerprintHex: fingerprint,
    bandNote: 'no secret on this page',
  });
}
