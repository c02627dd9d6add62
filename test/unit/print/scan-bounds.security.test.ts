// Decompression bombs among scans: image dimensions are read from the PNG/JPEG header and PDF page count and
// sizes from pdfinfo, and refused [TOO_LARGE] before any decoder or renderer runs. FORMAT.md §13.5.

import { Buffer } from 'node:buffer';
import { crc32, deflateSync } from 'node:zlib';
import jpeg from 'jpeg-js';
import PDFDocument from 'pdfkit';
import pngjs from 'pngjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_PDF_PAGE_INCHES, MAX_PDF_PAGES, popplerRasterizer, spawnProcess, type ProcessRunner } from '../../../src/print/pdf-raster.js';
import { restorePaperBackup } from '../../../src/print/paper-restore.js';
import { decodeImage, MAX_IMAGE_PIXELS } from '../../../src/print/qr-scan.js';
import { findTool, itWithTools } from '../../support/tools.js';

const withPoppler = itWithTools([findTool('pdfinfo', ['-v'], 'poppler-utils'), findTool('pdftocairo', ['-v'], 'poppler-utils')]);

function pngChunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(8 + data.length + 4);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), 8 + data.length);
  return out;
}

/** A small, well-formed PNG header declaring width × height grey pixels (with a few rows of zeros). */
function pngDeclaring(width: number, height: number): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // grey
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const idat = deflateSync(Buffer.alloc(4 * (width + 1)));
  return new Uint8Array(Buffer.concat([signature, pngChunk('IHDR', ihdr), pngChunk('IDAT', idat), pngChunk('IEND', new Uint8Array())]));
}

/** SOI, a JFIF APP0 and a baseline SOF0 declaring width × height, three components; then EOI. */
function jpegDeclaring(width: number, height: number): Uint8Array {
  const app0 = [0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00];
  const sof0 = [0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03, 0x01, 0x11, 0x00, 0x02, 0x11, 0x00, 0x03, 0x11, 0x00];
  return Uint8Array.from([0xff, 0xd8, ...app0, ...sof0, 0xff, 0xd9]);
}

function pdfOf(pages: number, size: [number, number] | 'A4'): Promise<Uint8Array> {
  const doc = new PDFDocument({ autoFirstPage: false, compress: true });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Uint8Array>((resolve) => doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks)))));
  for (let i = 0; i < pages; i++) doc.addPage({ size, margin: 0 });
  doc.end();
  return done;
}

/** Runs poppler for real, except pdftocairo, which is only recorded: a bomb must never reach it. */
function recordingRunner(): { run: ProcessRunner; commands: string[] } {
  const commands: string[] = [];
  const run: ProcessRunner = async (command, args, stdin) => {
    commands.push(command);
    if (command === 'pdftocairo') return { status: 1, stdout: new Uint8Array(), stderr: 'not run by this test' };
    return spawnProcess(command, args, stdin);
  };
  return { run, commands };
}

/** A TOO_LARGE refusal whose message matches. */
const tooLarge = (message: RegExp) => expect.objectContaining({ code: 'TOO_LARGE', message: expect.stringMatching(message) });

afterEach(() => {
  vi.restoreAllMocks();
});

describe('scan bounds (security)', () => {
  it('refuses a small PNG declaring 30,000 × 30,000 pixels from its header, without calling the decoder', () => {
    const read = vi.spyOn(pngjs.PNG.sync, 'read').mockImplementation(() => {
      throw new Error('the PNG decoder was called');
    });
    const bomb = pngDeclaring(30_000, 30_000);
    expect(bomb.length).toBeLessThan(200_000);
    expect(() => decodeImage(bomb, 'bomb.png')).toThrow(tooLarge(/bomb\.png is 30000 × 30000 pixels \(900 megapixels\).*at most 100 megapixels/));
    expect(read).not.toHaveBeenCalled();
  });

  it('refuses a JPEG whose frame header declares 30,000 × 30,000 pixels, without calling the decoder', () => {
    const decode = vi.spyOn(jpeg, 'decode').mockImplementation(() => {
      throw new Error('the JPEG decoder was called');
    });
    expect(() => decodeImage(jpegDeclaring(30_000, 30_000), 'bomb.jpg')).toThrow(tooLarge(/bomb\.jpg is 30000 × 30000 pixels/));
    expect(decode).not.toHaveBeenCalled();
  });

  it('still decodes an image at the limit’s scale, and refuses a header it cannot read as FORMAT', () => {
    expect(MAX_IMAGE_PIXELS).toBe(100_000_000);
    const small = pngjs.PNG.sync.write(Object.assign(new pngjs.PNG({ width: 40, height: 30 }), { data: Buffer.alloc(40 * 30 * 4, 255) }));
    expect(decodeImage(new Uint8Array(small))).toMatchObject({ width: 40, height: 30 });
    const photo = jpeg.encode({ width: 40, height: 30, data: Buffer.alloc(40 * 30 * 4, 200) }, 90).data;
    expect(decodeImage(new Uint8Array(photo))).toMatchObject({ width: 40, height: 30 });
    const truncated = pngDeclaring(10, 10).subarray(0, 20);
    expect(() => decodeImage(truncated, 'cut.png')).toThrow(expect.objectContaining({ code: 'FORMAT' }));
  });

  withPoppler('refuses a PDF with one 200-inch page before rendering it', async () => {
    const { run, commands } = recordingRunner();
    const pdf = await pdfOf(1, [200 * 72, 200 * 72]);
    expect(pdf.length).toBeLessThan(4000);
    await expect(popplerRasterizer({ run }).rasterize(pdf, 150)).rejects.toThrow(
      tooLarge(new RegExp(`page 1 .*200 × 200 inches.*at most ${MAX_PDF_PAGE_INCHES} × ${MAX_PDF_PAGE_INCHES} inches`, 'i')),
    );
    expect(commands).not.toContain('pdftocairo');
  });

  withPoppler('refuses a PDF of 2,000 blank pages before rendering any', async () => {
    const { run, commands } = recordingRunner();
    const pdf = await pdfOf(2000, 'A4');
    await expect(restorePaperBackup([{ name: 'blank.pdf', bytes: pdf }], { rasterizer: popplerRasterizer({ run }) })).rejects.toThrow(
      tooLarge(new RegExp(`2000 pages.*at most ${MAX_PDF_PAGES}`)),
    );
    expect(commands).not.toContain('pdftocairo');
  });

  withPoppler('refuses a page that would exceed the pixel limit at the chosen resolution', async () => {
    const { run, commands } = recordingRunner();
    const pdf = await pdfOf(1, [MAX_PDF_PAGE_INCHES * 72, MAX_PDF_PAGE_INCHES * 72]);
    await expect(popplerRasterizer({ run }).rasterize(pdf, 600)).rejects.toThrow(tooLarge(/at 600 dpi.*144 megapixels.*at most 100 megapixels/));
    expect(commands).not.toContain('pdftocairo');
  });

  withPoppler('renders an ordinary A4 page', async () => {
    const pages = await popplerRasterizer().rasterize(await pdfOf(2, 'A4'), 72);
    expect(pages).toHaveLength(2);
    const page = decodeImage(pages[0] as Uint8Array);
    expect(Math.abs(page.width - 595)).toBeLessThanOrEqual(1);
    expect(page.height).toBe(842);
  });
});
