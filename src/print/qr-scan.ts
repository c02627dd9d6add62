// Reads every QR code on a scanned page (PNG or JPEG) with the pure-JS jsQR decoder: finds code-shaped ink
// regions, decodes each alone, then sweeps the rest of the page. Spec: docs/FORMAT.md §13.5.

import jsQRModule from 'jsqr';
import jpeg from 'jpeg-js';
import pngjs from 'pngjs';
import { BreakglassError } from '../errors.js';

type JsQr = (data: Uint8ClampedArray, width: number, height: number, options?: { inversionAttempts?: 'dontInvert' | 'attemptBoth' }) => {
  data: string;
  location: Record<'topLeftCorner' | 'topRightCorner' | 'bottomLeftCorner' | 'bottomRightCorner', { x: number; y: number }>;
} | null;
const jsQR: JsQr = ((jsQRModule as unknown as { default?: JsQr }).default ?? jsQRModule) as unknown as JsQr;

/** A grey-scale image: one byte of luminance per pixel, rows top to bottom. */
export interface GrayImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

export type ImageKind = 'png' | 'jpeg' | 'pdf';

/** Recognises PNG, JPEG and PDF by their first bytes. */
export function sniffImageKind(bytes: Uint8Array): ImageKind | undefined {
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 5 && String.fromCharCode(...bytes.subarray(0, 5)) === '%PDF-') return 'pdf';
  return undefined;
}

/** The largest scan read, in pixels (FORMAT.md §13.5): a page at 600 dpi is about 35 million, A3 about 70. */
export const MAX_IMAGE_PIXELS = 100_000_000;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function undecodable(label: string, kind: 'PNG' | 'JPEG', reason: string, cause?: unknown): BreakglassError {
  return new BreakglassError('FORMAT', `${label} cannot be decoded as ${kind}: ${reason}. Scan the page again.`, cause === undefined ? {} : { cause });
}

/** Width and height from a PNG's IHDR chunk, which must come first (PNG §5.6). */
function pngDimensions(bytes: Uint8Array, label: string): { width: number; height: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ihdr = bytes.length >= 24 && PNG_SIGNATURE.every((b, i) => bytes[i] === b) && String.fromCharCode(...bytes.subarray(12, 16)) === 'IHDR';
  if (!ihdr) throw undecodable(label, 'PNG', 'it does not start with a PNG signature and header (IHDR)');
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** Width and height from a JPEG's frame header (SOF0–SOF15), walking the segments before it (T.81 §B.2). */
function jpegDimensions(bytes: Uint8Array, label: string): { width: number; height: number } {
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) break;
    const marker = bytes[at + 1] as number;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2; // no length
      continue;
    }
    if (marker === 0xda || marker === 0xd9) break; // scan data or end before any frame header
    const length = ((bytes[at + 2] as number) << 8) | (bytes[at + 3] as number);
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame && length >= 8 && at + 9 <= bytes.length) {
      return { height: ((bytes[at + 5] as number) << 8) | (bytes[at + 6] as number), width: ((bytes[at + 7] as number) << 8) | (bytes[at + 8] as number) };
    }
    if (length < 2) break;
    at += 2 + length;
  }
  throw undecodable(label, 'JPEG', 'no frame header (SOF) with its size was found before the image data');
}

/**
 * Refuses an image larger than MAX_IMAGE_PIXELS [TOO_LARGE] from its size alone — read from the file's
 * header before any decoder runs, so a small file declaring a huge image costs nothing. `subject` begins
 * the message ("scan.png is", "Page 2 of scan.pdf at 600 dpi would be").
 */
export function checkImageSize(width: number, height: number, subject: string): void {
  if (width * height <= MAX_IMAGE_PIXELS) return;
  throw new BreakglassError(
    'TOO_LARGE',
    `${subject} ${width} × ${height} pixels (${Math.round((width * height) / 1e6)} megapixels); Breakglass reads scans of at most ` +
      `${MAX_IMAGE_PIXELS / 1e6} megapixels (a page at 600 dpi is about 35): scan at 150–600 dpi. Nothing was decoded.`,
  );
}

/** Decodes a PNG or JPEG into grey levels (transparent pixels count as white paper), after checking its size. */
export function decodeImage(bytes: Uint8Array, label = 'image'): GrayImage {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('bytes must be a Uint8Array');
  const kind = sniffImageKind(bytes);
  if (kind !== 'png' && kind !== 'jpeg') {
    throw new BreakglassError('FORMAT', `${label} is not a PNG or JPEG image${kind === 'pdf' ? ' (it is a PDF: read it with decodeQrCodesFromPdf)' : ''}.`);
  }
  const declared = kind === 'png' ? pngDimensions(bytes, label) : jpegDimensions(bytes, label);
  if (declared.width === 0 || declared.height === 0) throw undecodable(label, kind === 'png' ? 'PNG' : 'JPEG', 'its header declares no pixels');
  checkImageSize(declared.width, declared.height, `${label} is`);
  let rgba: { width: number; height: number; data: Uint8Array };
  try {
    if (kind === 'png') {
      const png = pngjs.PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      rgba = { width: png.width, height: png.height, data: png.data };
    } else {
      rgba = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_IMAGE_PIXELS / 1e6, maxMemoryUsageInMB: 1024 });
    }
  } catch (cause) {
    throw undecodable(label, kind === 'png' ? 'PNG' : 'JPEG', (cause as Error).message, cause);
  }
  const { width, height, data } = rgba;
  if (width !== declared.width || height !== declared.height) {
    throw undecodable(label, kind === 'png' ? 'PNG' : 'JPEG', `it decodes to ${width} × ${height} pixels, not the ${declared.width} × ${declared.height} its header declares`);
  }
  const gray = new Uint8Array(width * height);
  for (let i = 0, p = 0; i < gray.length; i++, p += 4) {
    const a = (data[p + 3] as number) / 255;
    const y = 0.299 * (data[p] as number) + 0.587 * (data[p + 1] as number) + 0.114 * (data[p + 2] as number);
    gray[i] = Math.round(y * a + 255 * (1 - a));
  }
  return { width, height, data: gray };
}

/** Shrinks by an integer factor, averaging boxes of factor×factor pixels. */
export function downscale(image: GrayImage, factor: number): GrayImage {
  if (factor <= 1) return image;
  const width = Math.floor(image.width / factor);
  const height = Math.floor(image.height / factor);
  const data = new Uint8Array(width * height);
  const area = factor * factor;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let dy = 0; dy < factor; dy++) {
        const row = (y * factor + dy) * image.width + x * factor;
        for (let dx = 0; dx < factor; dx++) sum += image.data[row + dx] as number;
      }
      data[y * width + x] = Math.round(sum / area);
    }
  }
  return { width, height, data };
}

/** Otsu's threshold of the grey levels: the level that best splits ink from paper. */
function otsuThreshold(image: GrayImage): number {
  const histogram = new Float64Array(256);
  for (const v of image.data) histogram[v] = (histogram[v] as number) + 1;
  const total = image.data.length;
  let sumAll = 0;
  for (let i = 0; i < 256; i++) sumAll += i * (histogram[i] as number);
  let sumBelow = 0;
  let countBelow = 0;
  let best = 128;
  let bestVariance = -1;
  for (let t = 0; t < 256; t++) {
    countBelow += histogram[t] as number;
    if (countBelow === 0) continue;
    const countAbove = total - countBelow;
    if (countAbove === 0) break;
    sumBelow += t * (histogram[t] as number);
    const meanBelow = sumBelow / countBelow;
    const meanAbove = (sumAll - sumBelow) / countAbove;
    const variance = countBelow * countAbove * (meanBelow - meanAbove) ** 2;
    if (variance > bestVariance) {
      bestVariance = variance;
      best = t;
    }
  }
  return best;
}

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * Regions that may be QR codes: connected areas of ink (in blocks of `block` pixels) at least 21 blocks…
 * roughly square, neither solid nor sparse. Returned in reading order.
 */
function candidateRegions(image: GrayImage, threshold: number, block: number): Box[] {
  const bw = Math.ceil(image.width / block);
  const bh = Math.ceil(image.height / block);
  const inked = new Uint8Array(bw * bh);
  const darkCount = new Uint32Array(bw * bh);
  for (let y = 0; y < image.height; y++) {
    const by = Math.floor(y / block) * bw;
    for (let x = 0; x < image.width; x++) {
      if ((image.data[y * image.width + x] as number) < threshold) {
        const b = by + Math.floor(x / block);
        inked[b] = 1;
        darkCount[b] = (darkCount[b] as number) + 1;
      }
    }
  }
  const label = new Int32Array(bw * bh).fill(-1);
  const boxes: (Box & { dark: number })[] = [];
  const stack: number[] = [];
  for (let start = 0; start < inked.length; start++) {
    if (!inked[start] || (label[start] as number) >= 0) continue;
    const id = boxes.length;
    const box = { x0: bw, y0: bh, x1: -1, y1: -1, dark: 0 };
    label[start] = id;
    stack.push(start);
    while (stack.length > 0) {
      const b = stack.pop() as number;
      const bx = b % bw;
      const by = (b - bx) / bw;
      box.x0 = Math.min(box.x0, bx);
      box.x1 = Math.max(box.x1, bx);
      box.y0 = Math.min(box.y0, by);
      box.y1 = Math.max(box.y1, by);
      box.dark += darkCount[b] as number;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = bx + dx;
          const ny = by + dy;
          if (nx < 0 || ny < 0 || nx >= bw || ny >= bh) continue;
          const n = ny * bw + nx;
          if (inked[n] && (label[n] as number) < 0) {
            label[n] = id;
            stack.push(n);
          }
        }
      }
    }
    boxes.push(box);
  }
  const minSide = 21 * 1.5;
  return boxes
    .map((b) => ({
      x0: b.x0 * block,
      y0: b.y0 * block,
      x1: Math.min(image.width, (b.x1 + 1) * block),
      y1: Math.min(image.height, (b.y1 + 1) * block),
      dark: b.dark,
    }))
    .filter((b) => {
      const w = b.x1 - b.x0;
      const h = b.y1 - b.y0;
      const density = b.dark / (w * h);
      return w >= minSide && h >= minSide && w / h < 1.7 && h / w < 1.7 && density > 0.2 && density < 0.8;
    })
    .sort((a, b) => a.y0 - b.y0 || a.x0 - b.x0)
    .map(({ x0, y0, x1, y1 }) => ({ x0, y0, x1, y1 }));
}

/** Copies a box (plus `margin`) onto white paper with `pad` pixels of white around it, as RGBA for jsQR. */
function cropToRgba(image: GrayImage, box: Box, margin: number, pad: number): { data: Uint8ClampedArray; width: number; height: number; x: number; y: number } {
  const x0 = Math.max(0, box.x0 - margin);
  const y0 = Math.max(0, box.y0 - margin);
  const x1 = Math.min(image.width, box.x1 + margin);
  const y1 = Math.min(image.height, box.y1 + margin);
  const width = x1 - x0 + 2 * pad;
  const height = y1 - y0 + 2 * pad;
  const data = new Uint8ClampedArray(width * height * 4).fill(255);
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const v = image.data[y * image.width + x] as number;
      const p = ((y - y0 + pad) * width + (x - x0 + pad)) * 4;
      data[p] = v;
      data[p + 1] = v;
      data[p + 2] = v;
    }
  }
  return { data, width, height, x: x0 - pad, y: y0 - pad };
}

/** Paints a decoded code's area white so the next pass cannot find it again. */
function paintOut(image: GrayImage, corners: readonly { x: number; y: number }[], grow: number): void {
  const xs = corners.map((c) => c.x);
  const ys = corners.map((c) => c.y);
  const size = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys));
  const margin = Math.max(grow, Math.ceil(size * 0.06));
  const x0 = Math.max(0, Math.floor(Math.min(...xs)) - margin);
  const y0 = Math.max(0, Math.floor(Math.min(...ys)) - margin);
  const x1 = Math.min(image.width, Math.ceil(Math.max(...xs)) + margin);
  const y1 = Math.min(image.height, Math.ceil(Math.max(...ys)) + margin);
  for (let y = y0; y < y1; y++) image.data.fill(255, y * image.width + x0, y * image.width + x1);
}

function decodeRegion(image: GrayImage, box: Box, block: number): { text: string; corners: { x: number; y: number }[] } | undefined {
  const size = Math.max(box.x1 - box.x0, box.y1 - box.y0);
  const pad = Math.max(16, Math.ceil(size * 0.08));
  for (const margin of [block, 3 * block]) {
    const crop = cropToRgba(image, box, margin, pad);
    const found = jsQR(crop.data, crop.width, crop.height, { inversionAttempts: 'dontInvert' });
    if (found) {
      const { topLeftCorner, topRightCorner, bottomLeftCorner, bottomRightCorner } = found.location;
      return {
        text: found.data,
        corners: [topLeftCorner, topRightCorner, bottomLeftCorner, bottomRightCorner].map((c) => ({ x: c.x + crop.x, y: c.y + crop.y })),
      };
    }
  }
  return undefined;
}

/** Every QR code jsQR can read on a grey image, in reading order where regions are found; texts once each. */
export function decodeQrCodesFromGray(source: GrayImage): string[] {
  // Work at roughly 150–200 dpi for a page: big photos and 600 dpi scans are shrunk first.
  const longest = Math.max(source.width, source.height);
  const factor = longest > 2600 ? Math.ceil(longest / 2000) : 1;
  const image = downscale(source, factor);
  const work: GrayImage = { width: image.width, height: image.height, data: new Uint8Array(image.data) };
  const threshold = otsuThreshold(image);
  const block = Math.max(3, Math.round(Math.max(image.width, image.height) / 600));
  const texts: string[] = [];
  const add = (text: string): void => {
    if (!texts.includes(text)) texts.push(text);
  };
  let failed = 0;
  for (const box of candidateRegions(image, threshold, block)) {
    const found = decodeRegion(work, box, block);
    if (found) {
      add(found.text);
      paintOut(work, found.corners, block);
    } else failed++;
  }
  // A sweep of the whole page finds codes the regions missed (touching text, one big code, a photo).
  if (failed > 0 || texts.length === 0) {
    for (let attempt = 0; attempt < 64; attempt++) {
      const whole = cropToRgba(work, { x0: 0, y0: 0, x1: work.width, y1: work.height }, 0, 8);
      const found = jsQR(whole.data, whole.width, whole.height, { inversionAttempts: attempt === 0 && texts.length === 0 ? 'attemptBoth' : 'dontInvert' });
      if (!found) break;
      add(found.data);
      const { topLeftCorner, topRightCorner, bottomLeftCorner, bottomRightCorner } = found.location;
      paintOut(work, [topLeftCorner, topRightCorner, bottomLeftCorner, bottomRightCorner].map((c) => ({ x: c.x + whole.x, y: c.y + whole.y })), block);
    }
  }
  if (texts.length === 0 && factor === 1 && Math.max(image.width, image.height) > 800) {
    const half = downscale(image, 2);
    const whole = cropToRgba(half, { x0: 0, y0: 0, x1: half.width, y1: half.height }, 0, 8);
    const found = jsQR(whole.data, whole.width, whole.height, { inversionAttempts: 'attemptBoth' });
    if (found) add(found.data);
  }
  return texts;
}

/** Every QR code on a scanned page (PNG or JPEG), each text once. */
export function decodeQrCodesFromImage(bytes: Uint8Array, label = 'image'): string[] {
  return decodeQrCodesFromGray(decodeImage(bytes, label));
}

/**
 * The custodian share codes (BGS1: texts, FORMAT.md §12.3) on a scanned share sheet; other codes are
 * left out. The caller checks each with the share codec and wipes the texts after use.
 */
export function readShareQrFromImage(bytes: Uint8Array, label = 'image'): string[] {
  return decodeQrCodesFromImage(bytes, label).filter((text) => text.toUpperCase().startsWith('BGS1:'));
}
