// Reading QR codes from a PDF: an injected rasterizer turns pages into PNGs in memory — by default poppler's
// pdftocairo, fed on stdin and read from stdout, so no file is written. Spec: docs/FORMAT.md §13.5.

import { spawn } from 'node:child_process';
import { BreakglassError } from '../errors.js';
import { checkImageSize, decodeQrCodesFromGray, decodeQrCodesFromImage, type GrayImage } from './qr-scan.js';
import { readQrCodesWithZxing } from './zxing-reader.js';

/** A rendered page in grey: its pixels, and the same page as binary PGM bytes (for ZXing). */
export interface GrayPage {
  readonly image: GrayImage;
  readonly pgm: Uint8Array;
}

/** Turns every page of a PDF into a PNG image, first page first. */
export interface PdfRasterizer {
  rasterize(pdf: Uint8Array, dpi: number): Promise<Uint8Array[]>;
  /**
   * Optional faster path: renders the pages in grey and calls `visit` for each, in page order, so only a
   * few pages are held at once. Resolves to the page count.
   */
  rasterizeGray?(pdf: Uint8Array, dpi: number, visit: (page: GrayPage, index: number) => Promise<void>): Promise<number>;
}

/** Splits pdftoppm's stdout (binary PGM images, one after another) into pages. */
export function splitPgmStream(bytes: Uint8Array): GrayPage[] {
  const pages: GrayPage[] = [];
  let at = 0;
  const token = (): string => {
    while (at < bytes.length && /\s/.test(String.fromCharCode(bytes[at] as number))) at++;
    const start = at;
    while (at < bytes.length && !/\s/.test(String.fromCharCode(bytes[at] as number))) at++;
    return String.fromCharCode(...bytes.subarray(start, at));
  };
  while (at < bytes.length) {
    const start = at;
    const magic = token();
    const width = Number(token());
    const height = Number(token());
    const max = Number(token());
    at++; // the single whitespace byte before the pixels
    if (magic !== 'P5' || !Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || max !== 255 || at + width * height > bytes.length) {
      throw new BreakglassError('FORMAT', `The PDF renderer's output cannot be read (page ${pages.length + 1}): scan the printed pages instead.`);
    }
    checkImageSize(width, height, `Page ${pages.length + 1} of the PDF is`);
    const data = bytes.subarray(at, at + width * height);
    at += width * height;
    pages.push({ image: { width, height, data }, pgm: bytes.subarray(start, at) });
  }
  return pages;
}

export interface ProcessResult {
  readonly status: number | null;
  readonly stdout: Uint8Array;
  readonly stderr: string;
}

/** Runs a program with bytes on stdin and collects stdout in memory; `error` is set when it cannot start. */
export type ProcessRunner = (command: string, args: readonly string[], stdin: Uint8Array) => Promise<ProcessResult & { readonly error?: NodeJS.ErrnoException }>;

export const spawnProcess: ProcessRunner = (command, args, stdin) =>
  new Promise((resolve) => {
    const child = spawn(command, [...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    let failed: NodeJS.ErrnoException | undefined;
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      if (err.length < 4000) err += chunk.toString('utf8');
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      failed = error;
    });
    child.stdin.on('error', () => undefined);
    child.on('close', (status) => {
      const all = Buffer.concat(out);
      resolve({ status, stdout: new Uint8Array(all.buffer, all.byteOffset, all.byteLength), stderr: err, ...(failed ? { error: failed } : {}) });
    });
    child.stdin.end(Buffer.from(stdin.buffer, stdin.byteOffset, stdin.byteLength));
  });

function missingTool(tool: string, cause?: unknown): BreakglassError {
  return new BreakglassError(
    'IO',
    `${tool} is not installed, so a PDF cannot be read: install the Debian package poppler-utils (apt-get install poppler-utils), or give the scanned pages as PNG or JPEG images.`,
    { cause },
  );
}

/** The most pages read from one PDF (FORMAT.md §13.5): a paper backup of a store of about 7 MB. */
export const MAX_PDF_PAGES = 1000;
/** The longest page side rendered, in inches (1 440 pt): A3 and US tabloid fit. */
export const MAX_PDF_PAGE_INCHES = 20;
const POINTS_PER_INCH = 72;

/** Page sizes in points from `pdfinfo -box` output: the larger of the page size and its MediaBox. */
function pageSizes(text: string, count: number): { width: number; height: number }[] {
  const sizes = new Map<number, { width: number; height: number }>();
  const grow = (page: number, width: number, height: number): void => {
    const known = sizes.get(page) ?? { width: 0, height: 0 };
    sizes.set(page, { width: Math.max(known.width, width), height: Math.max(known.height, height) });
  };
  for (const m of text.matchAll(/^Page\s+(\d+)\s+size:\s+([\d.]+) x ([\d.]+) pts/gm)) grow(Number(m[1]), Number(m[2]), Number(m[3]));
  for (const m of text.matchAll(/^Page\s+(\d+)\s+MediaBox:\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)/gm)) {
    grow(Number(m[1]), Math.abs(Number(m[4]) - Number(m[2])), Math.abs(Number(m[5]) - Number(m[3])));
  }
  return Array.from({ length: count }, (_, i) => {
    const size = sizes.get(i + 1);
    if (!size || !Number.isFinite(size.width) || !Number.isFinite(size.height)) {
      throw new BreakglassError('FORMAT', `The size of page ${i + 1} of the PDF cannot be read: scan the printed pages instead.`);
    }
    return size;
  });
}

/**
 * Refuses a PDF that would be too much work to render [TOO_LARGE], from pdfinfo's page count and page
 * sizes alone: more than MAX_PDF_PAGES pages, a page side over MAX_PDF_PAGE_INCHES, or a page that at
 * `dpi` would be more than MAX_IMAGE_PIXELS.
 */
function checkPdfBounds(text: string, count: number, dpi: number): void {
  if (count > MAX_PDF_PAGES) {
    throw new BreakglassError(
      'TOO_LARGE',
      `The PDF has ${count} pages; Breakglass reads PDFs of at most ${MAX_PDF_PAGES} pages: give the scanned pages as several PDFs or as images. Nothing was rendered.`,
    );
  }
  pageSizes(text, count).forEach(({ width, height }, i) => {
    const inches = (points: number): number => Math.round((points / POINTS_PER_INCH) * 10) / 10;
    if (width > MAX_PDF_PAGE_INCHES * POINTS_PER_INCH || height > MAX_PDF_PAGE_INCHES * POINTS_PER_INCH) {
      throw new BreakglassError(
        'TOO_LARGE',
        `Page ${i + 1} of the PDF is ${inches(width)} × ${inches(height)} inches; Breakglass renders pages of at most ` +
          `${MAX_PDF_PAGE_INCHES} × ${MAX_PDF_PAGE_INCHES} inches: scan the printed pages instead. Nothing was rendered.`,
      );
    }
    const pixels = (points: number): number => Math.ceil((points * dpi) / POINTS_PER_INCH);
    checkImageSize(pixels(width), pixels(height), `Page ${i + 1} of the PDF at ${dpi} dpi would be`);
  });
}

/**
 * Poppler's tools as the rasterizer: `pdfinfo -box -` gives the page count and every page's size, which
 * must be inside the bounds of FORMAT.md §13.5; then `pdftocairo -png -r DPI -f N -l N -singlefile - -`
 * renders each page from stdin to stdout. (pdftoppm 22 cannot write PNG to stdout.)
 */
export function popplerRasterizer(
  options: { readonly pdftocairo?: string; readonly pdftoppm?: string; readonly pdfinfo?: string; readonly run?: ProcessRunner } = {},
): PdfRasterizer & Required<Pick<PdfRasterizer, 'rasterizeGray'>> {
  const pdftocairo = options.pdftocairo ?? 'pdftocairo';
  const pdftoppm = options.pdftoppm ?? 'pdftoppm';
  const pdfinfo = options.pdfinfo ?? 'pdfinfo';
  const run = options.run ?? spawnProcess;
  return {
    async rasterize(pdf, dpi) {
      if (!Number.isInteger(dpi) || dpi < 72 || dpi > 600) throw new RangeError('dpi must be an integer from 72 to 600');
      const info = await run(pdfinfo, ['-box', '-f', '1', '-l', String(MAX_PDF_PAGES), '-'], pdf);
      if (info.error) throw missingTool(pdfinfo, info.error);
      const text = new TextDecoder().decode(info.stdout);
      const pages = /^Pages:\s+(\d+)$/m.exec(text);
      if (info.status !== 0 || !pages) throw new BreakglassError('FORMAT', `The PDF cannot be read (${info.stderr.trim().split('\n')[0] ?? 'pdfinfo failed'}): scan the printed pages instead.`);
      const count = Number(pages[1]);
      checkPdfBounds(text, count, dpi);
      const images: Uint8Array[] = [];
      for (let page = 1; page <= count; page++) {
        const result = await run(pdftocairo, ['-png', '-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile', '-', '-'], pdf);
        if (result.error) throw missingTool(pdftocairo, result.error);
        if (result.status !== 0 || result.stdout.length === 0) {
          throw new BreakglassError('FORMAT', `Page ${page} of the PDF cannot be rendered (${result.stderr.trim().split('\n')[0] ?? 'pdftocairo failed'}).`);
        }
        images.push(result.stdout);
      }
      return images;
    },
    async rasterizeGray(pdf, dpi, visit) {
      if (!Number.isInteger(dpi) || dpi < 72 || dpi > 600) throw new RangeError('dpi must be an integer from 72 to 600');
      const info = await run(pdfinfo, ['-box', '-f', '1', '-l', String(MAX_PDF_PAGES), '-'], pdf);
      if (info.error) throw missingTool(pdfinfo, info.error);
      const text = new TextDecoder().decode(info.stdout);
      const pages = /^Pages:\s+(\d+)$/m.exec(text);
      if (info.status !== 0 || !pages) throw new BreakglassError('FORMAT', `The PDF cannot be read (${info.stderr.trim().split('\n')[0] ?? 'pdfinfo failed'}): scan the printed pages instead.`);
      const count = Number(pages[1]);
      checkPdfBounds(text, count, dpi);
      // Batches of pages rendered by two pdftoppm processes at once (both cores), in grey (a third of the
      // bytes of RGB), as PGM on stdout: no file written, nothing to inflate. Decoding overlaps rendering.
      const render = async (first: number, last: number): Promise<GrayPage[]> => {
        const args = ['-gray', '-r', String(dpi), '-f', String(first), '-l', String(last), '-'];
        const result = await run(pdftoppm, args, pdf);
        if (result.error) throw missingTool(pdftoppm, result.error);
        if (result.status !== 0 || result.stdout.length === 0) {
          throw new BreakglassError('FORMAT', `Pages ${first}–${last} of the PDF cannot be rendered (${result.stderr.trim().split('\n')[0] ?? 'pdftoppm failed'}).`);
        }
        const rendered = splitPgmStream(result.stdout);
        if (rendered.length !== last - first + 1) throw new BreakglassError('FORMAT', `The PDF renderer gave ${rendered.length} pages for pages ${first}–${last}: scan the printed pages instead.`);
        return rendered;
      };
      const batches: [number, number][] = [];
      for (let first = 1; first <= count; first += GRAY_BATCH_PAGES) batches.push([first, Math.min(count, first + GRAY_BATCH_PAGES - 1)]);
      const pending = batches.map(() => undefined as Promise<GrayPage[]> | undefined);
      const start = (i: number): void => {
        const batch = batches[i];
        if (batch && !pending[i]) {
          const promise = render(batch[0], batch[1]);
          promise.catch(() => undefined); // awaited below, in order
          pending[i] = promise;
        }
      };
      start(0);
      start(1);
      for (let i = 0; i < batches.length; i++) {
        const rendered = await (pending[i] as Promise<GrayPage[]>);
        pending[i] = undefined;
        start(i + 2);
        for (const [j, page] of rendered.entries()) await visit(page, (batches[i] as [number, number])[0] - 1 + j);
      }
      return count;
    },
  };
}

/** Pages per pdftoppm run on the grey path: enough to amortise parsing the PDF, few enough to hold. */
const GRAY_BATCH_PAGES = 4;

/** The QR codes on every page of a PDF (one array per page), read like scanned images. */
export async function decodeQrCodesFromPdf(
  pdf: Uint8Array,
  options: { readonly rasterizer?: PdfRasterizer | undefined; readonly dpi?: number | undefined; readonly label?: string } = {},
): Promise<string[][]> {
  if (!(pdf instanceof Uint8Array)) throw new TypeError('pdf must be a Uint8Array');
  if (!options.rasterizer) throw new TypeError('options.rasterizer is needed to read a PDF (popplerRasterizer() uses poppler-utils)');
  const label = options.label ?? 'PDF';
  const dpi = options.dpi ?? 150;
  if (options.rasterizer.rasterizeGray) {
    const found: string[][] = [];
    await options.rasterizer.rasterizeGray(pdf, dpi, async (page, index) => {
      found[index] = await decodeGrayPage(page);
    });
    return found;
  }
  const pages = await options.rasterizer.rasterize(pdf, dpi);
  return pages.map((png, i) => decodeQrCodesFromImage(png, `page ${i + 1} of ${label}`));
}

/** ZXing reads the whole page in one pass; jsQR's region search is the fallback when it finds nothing. */
async function decodeGrayPage(page: GrayPage): Promise<string[]> {
  const texts = await readQrCodesWithZxing(page.pgm);
  return texts.length > 0 ? texts : decodeQrCodesFromGray(page.image);
}
