// A QR code as an SVG data: URL (the CSP allows img-src data:, never inline markup or canvas tricks),
// for the otpauth:// URI of a seed generated during enrollment, shown only while enrolling. docs/FORMAT.md §11.2.

import { create } from 'qrcode';

/** Renders `text` as a QR code (error correction M) into an `image/svg+xml` data URL. */
export function qrSvgDataUrl(text: string): string {
  const { modules } = create(text, { errorCorrectionLevel: 'M' });
  const size = modules.size;
  const quiet = 4;
  const total = size + quiet * 2;
  let path = '';
  for (let row = 0; row < size; row += 1) {
    for (let col = 0; col < size; col += 1) {
      if (modules.get(row, col)) path += `M${col + quiet} ${row + quiet}h1v1h-1z`;
    }
  }
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${total} ${total}" shape-rendering="crispEdges">` +
    `<rect width="${total}" height="${total}" fill="#fff"/><path d="${path}" fill="#000"/></svg>`;
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
