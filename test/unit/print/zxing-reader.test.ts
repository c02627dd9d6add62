// ZXing-C++ is loaded from the installed wasm file and reads codes with no network at all; pdftoppm's PGM
// stream is split into pages, and a damaged stream is refused with FORMAT. FORMAT.md §13.5.

import { describe, expect, it, vi } from 'vitest';
import QRCode from 'qrcode';
import { splitPgmStream } from '../../../src/print/pdf-raster.js';
import { readQrCodesWithZxing, zxingReaderWasm } from '../../../src/print/zxing-reader.js';

/** A QR code of `text` as a binary PGM, 4 pixels a module with a white quiet zone. */
async function qrPgm(text: string): Promise<Uint8Array> {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const modules = qr.modules.size;
  const scale = 4;
  const side = (modules + 8) * scale;
  const pixels = new Uint8Array(side * side).fill(255);
  for (let y = 0; y < modules; y++) {
    for (let x = 0; x < modules; x++) {
      if (!qr.modules.get(y, x)) continue;
      for (let dy = 0; dy < scale; dy++) pixels.fill(0, ((y + 4) * scale + dy) * side + (x + 4) * scale, ((y + 4) * scale + dy) * side + (x + 5) * scale);
    }
  }
  const header = new TextEncoder().encode(`P5\n${side} ${side}\n255\n`);
  return Uint8Array.from([...header, ...pixels]);
}

describe('zxing-reader', () => {
  it('loads the wasm installed with zxing-wasm and reads a code without any network access', async () => {
    expect(new Uint8Array(await zxingReaderWasm()).subarray(0, 4)).toEqual(Uint8Array.from([0x00, 0x61, 0x73, 0x6d]));
    const fetchSpy = vi.spyOn(globalThis, 'fetch').mockImplementation(() => {
      throw new Error('no network in a paper restore');
    });
    try {
      expect(await readQrCodesWithZxing(await qrPgm('BGP1:test code'))).toEqual(['BGP1:test code']);
      expect(fetchSpy).not.toHaveBeenCalled();
    } finally {
      fetchSpy.mockRestore();
    }
  });

  it('splits a stream of PGM pages and refuses a truncated one', async () => {
    const a = await qrPgm('one');
    const b = await qrPgm('two');
    const pages = splitPgmStream(Uint8Array.from([...a, ...b]));
    expect(pages).toHaveLength(2);
    expect(pages[1]?.pgm).toEqual(b);
    expect(await readQrCodesWithZxing(pages[1]?.pgm as Uint8Array)).toEqual(['two']);
    expect(() => splitPgmStream(a.subarray(0, a.length - 10))).toThrow(expect.objectContaining({ code: 'FORMAT' }));
  });
});
