// Flowing text for multi-page documents: word wrapping measured with the embedded fonts, paragraphs,
// headings kept with what follows, and tables whose header repeats on every page. FORMAT.md §13.1.

import { displaySafe } from '../stores/invisible-text.js';
import type { PageGeometry, PdfDoc } from './page-frame.js';

export interface TextStyle {
  readonly font: string;
  readonly size: number;
  readonly color?: string;
  /** Line pitch as a multiple of the size (default 1.3). */
  readonly leading?: number;
}

export function lineHeight(style: TextStyle): number {
  return style.size * (style.leading ?? 1.3);
}

function measure(doc: PdfDoc, style: TextStyle): (text: string) => number {
  doc.font(style.font).fontSize(style.size);
  return (text) => doc.widthOfString(text);
}

/**
 * Breaks text into lines no wider than `width`: at spaces, keeping line feeds, and inside a word only when
 * the word alone is wider than the line (hex, base32; a path after a slash where it can). Tabs count as four spaces; bidi controls and
 * invisible characters become a visible ⟨U+XXXX⟩ (displaySafe) before anything is measured.
 */
export function wrapText(doc: PdfDoc, text: string, width: number, style: TextStyle): string[] {
  const widthOf = measure(doc, style);
  const out: string[] = [];
  for (const paragraph of displaySafe(text).replace(/\t/g, '    ').split('\n')) {
    const words = paragraph.split(' ');
    let line = '';
    for (const word of words) {
      const candidate = line === '' ? word : `${line} ${word}`;
      if (widthOf(candidate) <= width) {
        line = candidate;
        continue;
      }
      if (line !== '') out.push(line);
      let rest = word;
      while (widthOf(rest) > width && rest.length > 1) {
        let cut = rest.length - 1;
        while (cut > 1 && widthOf(rest.slice(0, cut)) > width) cut--;
        // A path breaks after one of its slashes where it can, never inside a folder's name.
        const slash = rest.lastIndexOf('/', cut - 1) + 1;
        if (slash > 1 && slash < cut) cut = slash;
        out.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      line = rest;
    }
    out.push(line);
  }
  return out;
}

export interface TableColumn {
  readonly header: string;
  /** Share of the table width (the shares are normalised). */
  readonly weight: number;
  readonly style?: TextStyle;
}

/** A cursor that writes downwards and starts a new page when the content box is full. */
export class Flow {
  y: number;

  constructor(
    readonly doc: PdfDoc,
    readonly page: PageGeometry,
    private readonly startPage: () => void,
  ) {
    this.y = page.top;
  }

  get width(): number {
    return this.page.right - this.page.left;
  }

  get remaining(): number {
    return this.page.bottom - this.y;
  }

  newPage(): void {
    this.startPage();
    this.y = this.page.top;
  }

  /** Starts a new page unless `height` points still fit; true when a page was started. */
  ensure(height: number): boolean {
    if (this.y + height <= this.page.bottom || this.y === this.page.top) return false;
    this.newPage();
    return true;
  }

  gap(points: number): void {
    this.y = Math.min(this.y + points, this.page.bottom);
  }

  /** Lines of text, each on its own line, breaking pages between lines. */
  lines(lines: readonly string[], style: TextStyle, indent = 0): void {
    const pitch = lineHeight(style);
    for (const line of lines) {
      this.ensure(pitch);
      this.doc.font(style.font).fontSize(style.size).fillColor(style.color ?? '#000000');
      this.doc.text(displaySafe(line), this.page.left + indent, this.y, { lineBreak: false });
      this.y += pitch;
    }
    this.doc.fillColor('#000000');
  }

  paragraph(text: string, style: TextStyle, indent = 0, after = 4): void {
    const lines = wrapText(this.doc, text, this.width - indent, style);
    if (lines.length <= 4) this.ensure(lines.length * lineHeight(style));
    else this.ensure(2 * lineHeight(style));
    this.lines(lines, style, indent);
    this.gap(after);
  }

  /** A paragraph with a hanging label ("1." or "•") in front of it. */
  item(label: string, text: string, style: TextStyle, indent = 18, after = 3): void {
    const lines = wrapText(this.doc, text, this.width - indent, style);
    this.ensure(Math.min(lines.length, 3) * lineHeight(style));
    this.doc.font(style.font).fontSize(style.size).fillColor(style.color ?? '#000000');
    this.doc.text(label, this.page.left, this.y, { lineBreak: false });
    this.lines(lines, style, indent);
    this.gap(after);
  }

  /** A heading, kept on the same page as at least `keep` points of what follows. */
  heading(text: string, style: TextStyle, keep = 60, before = 8, after = 4): void {
    const lines = wrapText(this.doc, text, this.width, style);
    if (this.y !== this.page.top) this.gap(before);
    this.ensure(lines.length * lineHeight(style) + keep);
    this.lines(lines, style);
    this.gap(after);
  }

  /**
   * A table: a bold header row (repeated on every page the table spans), then rows whose cells wrap, with
   * every other row shaded. `header: false` prints no header row; `'continued'` continues a table the page
   * already headed (after a paragraph between its rows): no header here, but again on each new page.
   */
  table(columns: readonly TableColumn[], rows: readonly (readonly string[])[], style: TextStyle, headerStyle: TextStyle, header: boolean | 'continued' = true): void {
    const total = columns.reduce((sum, c) => sum + c.weight, 0);
    const widths = columns.map((c) => (c.weight / total) * this.width);
    const pad = 3;
    const drawRow = (cells: readonly string[], styles: readonly TextStyle[], shade: string | null, rule: boolean): void => {
      const wrapped = cells.map((cell, i) => wrapText(this.doc, cell, (widths[i] as number) - 2 * pad, styles[i] as TextStyle));
      const height = Math.max(...wrapped.map((lines, i) => lines.length * lineHeight(styles[i] as TextStyle))) + 2 * pad;
      if (this.ensure(height) && header !== false && !rule) drawHeader();
      if (shade) this.doc.rect(this.page.left, this.y, this.width, height).fill(shade);
      let x = this.page.left;
      wrapped.forEach((lines, i) => {
        const cellStyle = styles[i] as TextStyle;
        this.doc.font(cellStyle.font).fontSize(cellStyle.size).fillColor(cellStyle.color ?? '#000000');
        lines.forEach((line, n) => this.doc.text(line, x + pad, this.y + pad + n * lineHeight(cellStyle), { lineBreak: false }));
        x += widths[i] as number;
      });
      this.y += height;
      if (rule) this.doc.save().lineWidth(0.8).moveTo(this.page.left, this.y).lineTo(this.page.right, this.y).stroke('#000000').restore();
    };
    const drawHeader = (): void =>
      drawRow(
        columns.map((c) => c.header),
        columns.map(() => headerStyle),
        null,
        true,
      );
    if (header === true) {
      this.ensure(lineHeight(headerStyle) + 3 * lineHeight(style) + 4 * pad);
      drawHeader();
    }
    rows.forEach((row, i) =>
      drawRow(
        row,
        columns.map((c) => c.style ?? style),
        i % 2 === 1 ? '#e8e8e8' : null,
        false,
      ),
    );
    this.doc.fillColor('#000000');
    this.gap(6);
  }
}
