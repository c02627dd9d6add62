// Reading QR codes from a PDF: an injected rasterizer turns pages into PNGs in memory — by default poppler's
// pdftocairo, fed on stdin and read from stdout, so no file is written. Spec: docs/FORMAT.md §13.5.

import { spawn } from 'node:child_process';
import { BreakglassError } from '../errors.js';
import { decodeQrCodesFromImage } from './qr-scan.js';

/** Turns every page of a PDF into a PNG image, first page first. */
export interface PdfRasterizer {
  rasterize(pdf: Uint8Array, dpi: number): Promise<Uint8Array[]>;
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

/**
 * Poppler's tools as the rasterizer: `pdfinfo -` counts the pages, then `pdftocairo -png -r DPI -f N -l N
 * -singlefile - -` renders each page from stdin to stdout. (pdftoppm 22 cannot write PNG to stdout.)
 */
export function popplerRasterizer(options: { readonly pdftocairo?: string; readonly pdfinfo?: string; readonly run?: ProcessRunner } = {}): PdfRasterizer {
  const pdftocairo = options.pdftocairo ?? 'pdftocairo';
  const pdfinfo = options.pdfinfo ?? 'pdfinfo';
  const run = options.run ?? spawnProcess;
  return {
    async rasterize(pdf, dpi) {
      if (!Number.isInteger(dpi) || dpi < 72 || dpi > 600) throw new RangeError('dpi must be an integer from 72 to 600');
      const info = await run(pdfinfo, ['-'], pdf);
      if (info.error) throw missingTool(pdfinfo, info.error);
      const pages = /^Pages:\s+(\d+)$/m.exec(new TextDecoder().decode(info.stdout));
      if (info.status !== 0 || !pages) throw new BreakglassError('FORMAT', `The PDF cannot be read (${info.stderr.trim().split('\n')[0] ?? 'pdfinfo failed'}): scan the printed pages instead.`);
      const count = Number(pages[1]);
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
  };
}

/** The QR codes on every page of a PDF (one array per page), read like scanned images. */
export async function decodeQrCodesFromPdf(
  pdf: Uint8Array,
  options: { readonly rasterizer?: PdfRasterizer | undefined; readonly dpi?: number | undefined; readonly label?: string } = {},
): Promise<string[][]> {
  if (!(pdf instanceof Uint8Array)) throw new TypeError('pdf must be a Uint8Array');
  if (!options.rasterizer) throw new TypeError('options.rasterizer is needed to read a PDF (popplerRasterizer() uses poppler-utils)');
  const label = options.label ?? 'PDF';
  const pages = await options.rasterizer.rasterize(pdf, options.dpi ?? 150);
  return pages.map((png, i) => decodeQrCodesFromImage(png, `page ${i + 1} of ${label}`));
}
