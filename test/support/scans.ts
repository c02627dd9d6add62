// A custodian's scanner and a reference QR reader for the printed-artifact tests: pdftoppm renders a PDF's
// pages at 150 dpi as PNG files, and zbarimg reads the QR codes on them (Debian poppler-utils, zbar-tools).

import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** pdftoppm -r 150 -png into a new folder `<name>-…` under `parent`; the PNG files in page order. */
export async function rasterize(pdf: Uint8Array, parent: string, name: string): Promise<string[]> {
  const dir = await mkdtemp(join(parent, `${name}-`));
  const result = spawnSync('pdftoppm', ['-r', '150', '-png', '-', join(dir, 'page')], { input: pdf });
  if (result.status !== 0) throw new Error(`pdftoppm failed: ${result.stderr.toString()}`);
  return (await readdir(dir)).filter((f) => f.endsWith('.png')).sort().map((f) => join(dir, f));
}

/** The QR texts zbarimg reads from these images, one per code (exit 4, "no code found", is not an error). */
export function zbarRead(files: readonly string[]): string[] {
  const result = spawnSync('zbarimg', ['--raw', '-q', '-Sdisable', '-Sqrcode.enable', ...files], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0 && result.status !== 4) throw new Error(`zbarimg exited ${result.status}: ${result.stderr}`);
  return result.stdout.split('\n').filter((line) => line.trim() !== '');
}
