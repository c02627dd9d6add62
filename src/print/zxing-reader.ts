// Reads QR codes with ZXing-C++ (zxing-wasm), loaded from the wasm file installed beside the package —
// never fetched from a network. Used for whole pages, where it reads every code in one pass. FORMAT.md §13.5.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { prepareZXingModule, readBarcodes, type ReaderOptions } from 'zxing-wasm/reader';

const READER_OPTIONS: ReaderOptions = { formats: ['QRCode'], maxNumberOfSymbols: 255, tryHarder: true };

let ready: Promise<unknown> | undefined;

/** The installed reader wasm, as bytes (resolved through the package's exports, so no CDN default applies). */
export async function zxingReaderWasm(): Promise<ArrayBuffer> {
  const path = createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm');
  const bytes = await readFile(path);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

function prepare(): Promise<unknown> {
  ready ??= zxingReaderWasm().then((wasmBinary) => prepareZXingModule({ overrides: { wasmBinary }, fireImmediately: true }));
  return ready;
}

/**
 * Every QR code ZXing reads in an encoded image (PNG, JPEG or binary PGM bytes), each text once, in the
 * order ZXing reports them. Codes with a failed error correction are left out.
 */
export async function readQrCodesWithZxing(image: Uint8Array): Promise<string[]> {
  await prepare();
  const results = await readBarcodes(image, READER_OPTIONS);
  const texts: string[] = [];
  for (const result of results) if (result.isValid && !texts.includes(result.text)) texts.push(result.text);
  return texts;
}
