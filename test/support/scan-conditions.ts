// Real-world scan conditions made from a paper backup's PDF: pdftoppm renders each page, ImageMagick's
// convert rotates, compresses, blurs, adds noise or bends it like a phone photo. Shared by test and bench.

import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface ScanCondition {
  readonly name: string;
  readonly dpi: number;
  /** Output file extension: png, or jpg for lossy conditions. */
  readonly ext: 'png' | 'jpg';
  /** convert arguments between the input and output file, for a page of width × height pixels. */
  convertArgs(width: number, height: number): string[];
}

const perspective = (w: number, h: number): string =>
  [
    [0, 0, 0.04 * w, 0.03 * h],
    [w, 0, 0.95 * w, 0.01 * h],
    [w, h, 0.98 * w, 0.97 * h],
    [0, h, 0.01 * w, 0.99 * h],
  ]
    .map((c) => c.map((v) => v.toFixed(1)).join(','))
    .join(' ');

export const SCAN_CONDITIONS: readonly ScanCondition[] = [
  { name: 'flat, 150 dpi', dpi: 150, ext: 'png', convertArgs: () => [] },
  { name: 'flat, 200 dpi', dpi: 200, ext: 'png', convertArgs: () => [] },
  { name: 'rotated 5°, 150 dpi', dpi: 150, ext: 'png', convertArgs: () => ['-background', 'white', '-rotate', '5'] },
  { name: 'rotated −3°, 200 dpi', dpi: 200, ext: 'png', convertArgs: () => ['-background', 'white', '-rotate', '-3'] },
  { name: 'JPEG quality 60, 150 dpi', dpi: 150, ext: 'jpg', convertArgs: () => ['-quality', '60'] },
  { name: 'mild blur and noise, 200 dpi', dpi: 200, ext: 'png', convertArgs: () => ['-blur', '0x0.7', '-attenuate', '0.4', '+noise', 'Gaussian'] },
  {
    name: 'phone-photo perspective, rotated 2°, JPEG 80, 200 dpi',
    dpi: 200,
    ext: 'jpg',
    convertArgs: (w, h) => ['-virtual-pixel', 'white', '-distort', 'Perspective', perspective(w, h), '-background', 'white', '-rotate', '2', '-blur', '0x0.5', '-quality', '80'],
  },
];

function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** The pages of `pdf` under `condition`, as files in a new folder under `parent`, in page order. */
export async function scanUnder(condition: ScanCondition, pdf: Uint8Array, parent: string): Promise<{ name: string; bytes: Uint8Array }[]> {
  const dir = await mkdtemp(join(parent, 'scan-'));
  const raster = spawnSync('pdftoppm', ['-r', String(condition.dpi), '-gray', '-png', '-', join(dir, 'page')], { input: pdf });
  if (raster.status !== 0) throw new Error(`pdftoppm failed: ${raster.stderr.toString()}`);
  const pages = (await readdir(dir)).filter((f) => f.endsWith('.png')).sort();
  const out: { name: string; bytes: Uint8Array }[] = [];
  for (const page of pages) {
    const input = join(dir, page);
    const bytes = new Uint8Array(await readFile(input));
    const { width, height } = pngSize(bytes);
    const output = join(dir, page.replace(/\.png$/, `-scan.${condition.ext}`));
    const convert = spawnSync('convert', [input, ...condition.convertArgs(width, height), output]);
    if (convert.status !== 0) throw new Error(`convert failed (${condition.name}): ${convert.stderr.toString()}`);
    out.push({ name: output.split('/').at(-1) as string, bytes: new Uint8Array(await readFile(output)) });
  }
  return out;
}
