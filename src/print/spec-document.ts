// The recovery specification: FORMAT.md printed (headings, paragraphs, lists, tables, code in mono) so that
// the safe alone is enough to rebuild a decoder. Spec: docs/FORMAT.md §13.6.

import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { FONT } from './fonts.js';
import { addPage, closeDocument, openDocument } from './page-frame.js';
import { formatMinute, groupHex, type PrintOptions } from './print-text.js';
import { Flow, wrapText, type TextStyle } from './text-layout.js';

const STYLE = {
  title: { font: FONT.sansBold, size: 19 },
  h1: { font: FONT.sansBold, size: 14 },
  h2: { font: FONT.sansBold, size: 12 },
  h3: { font: FONT.sansBold, size: 10.5 },
  body: { font: FONT.sans, size: 9 },
  code: { font: FONT.mono, size: 7.8, leading: 1.22 },
  table: { font: FONT.sans, size: 7.8, leading: 1.22 },
  tableHead: { font: FONT.sansBold, size: 7.8, leading: 1.22 },
} as const satisfies Record<string, TextStyle>;

/** Markdown inline syntax removed for print: `code` marks, **strong**, [text](link) → text (link). */
export function plainInline(text: string): string {
  return text
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 ($2)')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\\\|/g, '|');
}

function splitRow(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let code = false;
  const body = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] as string;
    if (ch === '\\' && body[i + 1] === '|') {
      cell += '|';
      i++;
    } else if (ch === '`') {
      code = !code;
      cell += ch;
    } else if (ch === '|' && !code) {
      cells.push(cell.trim());
      cell = '';
    } else cell += ch;
  }
  cells.push(cell.trim());
  return cells.map(plainInline);
}

type Block =
  | { type: 'heading'; level: number; text: string }
  | { type: 'paragraph'; text: string }
  | { type: 'item'; label: string; text: string; indent: number }
  | { type: 'code'; lines: string[] }
  | { type: 'table'; header: string[]; rows: string[][] };

/** The block structure of the Markdown subset FORMAT.md uses. */
export function parseMarkdown(markdown: string): Block[] {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] as string;
    if (line.trim() === '') {
      i++;
      continue;
    }
    const fence = /^\s*```/.exec(line);
    if (fence) {
      const code: string[] = [];
      i++;
      while (i < lines.length && !/^\s*```/.test(lines[i] as string)) code.push(lines[i++] as string);
      i++;
      blocks.push({ type: 'code', lines: code });
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      blocks.push({ type: 'heading', level: (heading[1] as string).length, text: plainInline(heading[2] as string) });
      i++;
      continue;
    }
    if (line.trimStart().startsWith('|')) {
      const rows: string[][] = [];
      while (i < lines.length && (lines[i] as string).trimStart().startsWith('|')) {
        const row = lines[i++] as string;
        if (/^\s*\|[\s|:-]+\|\s*$/.test(row)) continue;
        rows.push(splitRow(row));
      }
      blocks.push({ type: 'table', header: rows[0] ?? [], rows: rows.slice(1) });
      continue;
    }
    const item = /^(\s*)([-*]|\d+\.)\s+(.*)$/.exec(line);
    if (item) {
      let text = item[3] as string;
      i++;
      while (i < lines.length && (lines[i] as string).trim() !== '' && /^\s{2,}\S/.test(lines[i] as string) && !/^\s*([-*]|\d+\.)\s/.test(lines[i] as string)) {
        text += ` ${(lines[i++] as string).trim()}`;
      }
      const label = item[2] === '-' || item[2] === '*' ? '•' : (item[2] as string);
      blocks.push({ type: 'item', label, text: plainInline(text), indent: Math.min(2, Math.floor((item[1] as string).length / 2)) });
      continue;
    }
    let text = line.trim();
    i++;
    while (i < lines.length) {
      const next = lines[i] as string;
      if (next.trim() === '' || /^\s*```/.test(next) || /^#{1,6}\s/.test(next) || next.trimStart().startsWith('|') || /^\s*([-*]|\d+\.)\s+/.test(next)) break;
      text += ` ${next.trim()}`;
      i++;
    }
    blocks.push({ type: 'paragraph', text: plainInline(text) });
  }
  return blocks;
}

export interface SpecificationOptions extends PrintOptions {
  /** The name the text is known by (default "FORMAT.md"). */
  readonly fileName?: string;
  /** Printed in the footer (default "format version 1"). */
  readonly versionLabel?: string;
}

/** Renders the specification (Markdown) with the common frame; the fingerprint is SHA-256 of its UTF-8 bytes. */
export async function renderSpecification(markdown: string, options: SpecificationOptions): Promise<Uint8Array> {
  if (typeof markdown !== 'string' || markdown.trim() === '') throw new TypeError('markdown must be a non-empty string');
  const fileName = options.fileName ?? 'FORMAT.md';
  const fingerprint = bytesToHex(sha256(new TextEncoder().encode(markdown)));
  const { doc, page } = openDocument(options, {
    title: `Recovery specification — ${fileName}`,
    subject: `Breakglass Vault file format, SHA-256 of ${fileName} ${fingerprint}`,
    keywords: 'Breakglass Vault, recovery specification, FORMAT.md',
  });
  addPage(doc, page);
  const flow = new Flow(doc, page, () => addPage(doc, page));
  flow.lines([`Recovery specification: ${fileName}`], STYLE.title);
  flow.gap(2);
  flow.paragraph(
    `This is ${fileName}, the byte-by-byte specification of the Breakglass Vault store files, custodian shares and paper backups, printed ${formatMinute(options.printedAt)} ` +
      `so that the safe alone is enough to rebuild a decoder. The same text and recover.py, a decoder written from it, are in the recovery kit on every drive. ` +
      `SHA-256 of the text (UTF-8): ${groupHex(fingerprint)}.`,
    STYLE.body,
    0,
    10,
  );
  for (const block of parseMarkdown(markdown)) {
    switch (block.type) {
      case 'heading': {
        const style = block.level <= 1 ? STYLE.h1 : block.level === 2 ? STYLE.h1 : block.level === 3 ? STYLE.h2 : STYLE.h3;
        flow.heading(block.text, style, 50, block.level <= 2 ? 10 : 6, 3);
        break;
      }
      case 'paragraph':
        flow.paragraph(block.text, STYLE.body);
        break;
      case 'item':
        flow.item(block.label, block.text, STYLE.body, 12 + block.indent * 12);
        break;
      case 'code': {
        const width = flow.width - 12;
        const lines = block.lines.flatMap((line) => {
          const wrapped = wrapText(doc, line, width, STYLE.code);
          return wrapped.map((part, n) => (n === 0 ? part : `  ${part}`));
        });
        flow.gap(2);
        if (lines.length <= 12) flow.ensure(lines.length * STYLE.code.size * STYLE.code.leading + 6);
        const top = flow.y;
        const startPage = doc.bufferedPageRange().count;
        flow.lines(lines, STYLE.code, 6);
        if (doc.bufferedPageRange().count === startPage) {
          doc.save().lineWidth(0.6).moveTo(page.left, top - 1).lineTo(page.left, flow.y).stroke('#000000').restore();
        }
        flow.gap(5);
        break;
      }
      case 'table': {
        const columns = block.header.map((header, n) => {
          const longest = Math.max(header.length, ...block.rows.map((r) => (r[n] ?? '').length));
          return { header, weight: Math.min(Math.max(longest, 4), 60) };
        });
        flow.table(
          columns,
          block.rows.map((row) => columns.map((_, n) => row[n] ?? '')),
          STYLE.table,
          STYLE.tableHead,
        );
        break;
      }
    }
  }
  return closeDocument(doc, page, options.printedAt, {
    documentType: 'Recovery specification',
    store: 'both',
    generation: options.versionLabel ?? 'format version 1',
    fingerprintLabel: `SHA-256 of ${fileName}`,
    fingerprintHex: fingerprint,
    bandNote: fileName,
  });
}
