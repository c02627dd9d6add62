import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Buffer } from 'node:buffer';
import { beforeAll, describe, expect } from 'vitest';
import type { PrintDocumentKind } from '../../../src/app/index.js';
import type { StoreKind } from '../../../src/shared/store-kind.js';
import { decodeImage, groupHex, popplerRasterizer } from '../../../src/print/index.js';
import { findTool, itWithTools } from '../../support/tools.js';
import { pageTexts, PDFTOTEXT, wordsOffPage } from '../../support/pdf-text.js';
import { makeVaultSet, type PrintFixture } from '../../support/print-fixture.js';

const PDFTOCAIRO = findTool('pdftocairo', ['-v'], 'poppler-utils');
const withPoppler = itWithTools([PDFTOTEXT, PDFTOCAIRO]);
const TYPES: Record<PrintDocumentKind, string> = {
  shares: 'Custodian share sheet',
  emergency: 'Emergency sheet',
  'paper-backup': 'Paper backup',
  spec: 'Recovery specification',
};
let fixture: PrintFixture;

beforeAll(async () => {
  fixture = await makeVaultSet({ label: 'page-frame', extraAccounts: 40 });
});

async function render(document: PrintDocumentKind, store: StoreKind, paper: 'A4' | 'Letter'): Promise<Uint8Array> {
  if (document === 'shares') {
    const { renderShareSheets } = await import('../../../src/print/index.js');
    return renderShareSheets(await fixture.sheets(store), { paper, printedAt: '2026-11-22T08:00:00Z' });
  }
  const result = await fixture.app.printDocument({ document, store, paper });
  return new Uint8Array(Buffer.from(result.previewPdfBase64!, 'base64'));
}

describe('page-frame', () => {
  // One test per document, store and paper: each renders and reads one PDF (the spec is long), so no test
  // holds sixteen renders inside one timeout on a loaded machine.
  for (const store of ['password-vault', 'mfa-seeds'] as const) {
    for (const document of ['shares', 'emergency', 'paper-backup', 'spec'] as const) {
      // The spec covers both stores and is the same document whichever store asks: rendered once per paper.
      if (document === 'spec' && store === 'mfa-seeds') continue;
      for (const paper of ['A4', 'Letter'] as const) {
        const label = `${document} ${store} ${paper}`;
        withPoppler(`puts the document type, store, generation, "page N of M" and a fingerprint on every page, inside the paper: ${label}`, async () => {
          const specFingerprint = createHash('sha256').update(await readFile(new URL('../../../docs/FORMAT.md', import.meta.url))).digest('hex');
          const inspection = await fixture.app.inspectStore({ file: `${fixture.dir}/${store}.bgv` });
          const pdf = await render(document, store, paper);
          const pages = pageTexts(pdf);
          expect(pages.length, label).toBeGreaterThan(0);
          const storeTitle = document === 'spec' ? 'BOTH STORES' : store === 'password-vault' ? 'PASSWORD VAULT' : 'MFA SEED STORE';
          const fingerprint = document === 'spec' ? specFingerprint : inspection.fingerprint;
          pages.forEach((page, i) => {
            expect(page, `${label} page ${i + 1}`).toContain(`page ${i + 1} of ${pages.length}`);
            expect(page, `${label} page ${i + 1}`).toContain(groupHex(fingerprint));
            expect(page, `${label} page ${i + 1}`).toContain(storeTitle);
            expect(page, `${label} page ${i + 1}`).toContain(TYPES[document]);
            expect(page, `${label} page ${i + 1}`).toContain(document === 'spec' ? 'format version 1' : `generation ${inspection.generation}`);
          });
          expect(wordsOffPage(pdf), label).toEqual([]);
        });
      }
    }
  }

  withPoppler('marks the two stores differently at the left edge of every page: solid for the vault, hatched for the MFA seeds', async () => {
    const darkShare = async (store: StoreKind): Promise<number[]> => {
      const pdf = await render('emergency', store, 'A4');
      const images = await popplerRasterizer().rasterize(pdf, 72);
      return images.map((png) => {
        const image = decodeImage(png);
        // The edge strip runs from x 14 to 28 pt; sample its middle column below the band.
        let dark = 0;
        let total = 0;
        for (let y = 100; y < image.height - 40; y++) {
          total++;
          if ((image.data[y * image.width + 21] as number) < 96) dark++;
        }
        return dark / total;
      });
    };
    for (const share of await darkShare('password-vault')) expect(share).toBeGreaterThan(0.98);
    for (const share of await darkShare('mfa-seeds')) {
      expect(share).toBeGreaterThan(0.25);
      expect(share).toBeLessThan(0.75);
    }
  });
});
