// Poppler as the referee for printed PDFs: the text of every page (pdftotext, fed on stdin) and the box of
// every word (pdftotext -bbox), so tests can check what a page says and that nothing runs off it. FORMAT.md §13.1.

import { spawnSync } from 'node:child_process';
import { findTool } from './tools.js';

export const PDFTOTEXT = findTool('pdftotext', ['-v'], 'poppler-utils');

function pdftotext(pdf: Uint8Array, args: readonly string[]): string {
  const result = spawnSync('pdftotext', [...args, '-', '-'], { input: pdf, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`pdftotext ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

/** The text of each page, in layout order (pages are split at form feeds). */
export function pageTexts(pdf: Uint8Array): string[] {
  const pages = pdftotext(pdf, ['-layout', '-enc', 'UTF-8']).split('\f');
  if (pages.at(-1)?.trim() === '') pages.pop();
  return pages;
}

/** The text of each page, one word per space, for matching phrases that wrap or sit in columns. */
export function pageWords(pdf: Uint8Array): string[] {
  return pdftotext(pdf, ['-raw', '-enc', 'UTF-8'])
    .split('\f')
    .filter((page, i, all) => i < all.length - 1 || page.trim() !== '')
    .map((page) => page.replace(/\s+/g, ' ').trim());
}

export interface WordBox {
  readonly page: number;
  readonly pageWidth: number;
  readonly pageHeight: number;
  readonly xMin: number;
  readonly yMin: number;
  readonly xMax: number;
  readonly yMax: number;
  readonly word: string;
}

export function wordBoxes(pdf: Uint8Array): WordBox[] {
  const html = pdftotext(pdf, ['-bbox', '-enc', 'UTF-8']);
  const boxes: WordBox[] = [];
  let page = 0;
  let pageWidth = 0;
  let pageHeight = 0;
  for (const line of html.split('\n')) {
    const p = /<page width="([\d.]+)" height="([\d.]+)"/.exec(line);
    if (p) {
      page++;
      pageWidth = Number(p[1]);
      pageHeight = Number(p[2]);
      continue;
    }
    const w = /<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">(.*)<\/word>/.exec(line);
    if (w) boxes.push({ page, pageWidth, pageHeight, xMin: Number(w[1]), yMin: Number(w[2]), xMax: Number(w[3]), yMax: Number(w[4]), word: w[5] as string });
  }
  return boxes;
}

/** Words that stick out of the printable area: `margin` points inside every edge of the page. */
export function wordsOffPage(pdf: Uint8Array, margin = 12): string[] {
  return wordBoxes(pdf)
    .filter((b) => b.xMin < margin || b.yMin < margin || b.xMax > b.pageWidth - margin || b.yMax > b.pageHeight - margin)
    .map((b) => `page ${b.page}: "${b.word}" at x ${b.xMin.toFixed(0)}–${b.xMax.toFixed(0)}, y ${b.yMin.toFixed(0)}–${b.yMax.toFixed(0)} (page ${b.pageWidth.toFixed(0)}×${b.pageHeight.toFixed(0)})`);
}

/** Words that overlap each other on the same page (text drawn over text). */
export function overlappingWords(pdf: Uint8Array): string[] {
  const boxes = wordBoxes(pdf);
  const out: string[] = [];
  for (let i = 0; i < boxes.length; i++) {
    const a = boxes[i] as WordBox;
    for (let j = i + 1; j < boxes.length; j++) {
      const b = boxes[j] as WordBox;
      if (b.page !== a.page) break;
      const dx = Math.min(a.xMax, b.xMax) - Math.max(a.xMin, b.xMin);
      const dy = Math.min(a.yMax, b.yMax) - Math.max(a.yMin, b.yMin);
      if (dx > 1 && dy > 2) out.push(`page ${a.page}: "${a.word}" overlaps "${b.word}"`);
    }
  }
  return out;
}

/** The page count PDFKit wrote. */
export function pageCount(pdf: Uint8Array): number {
  return (new TextDecoder('latin1').decode(pdf).match(/\/Type \/Page[^s]/g) ?? []).length;
}
