// Reading a share back from its printed sheet (FORMAT.md §13.3, §12.3): the share sheet PDF rendered at
// 150 dpi with pdftoppm, its QR code read by scanShareSheet and checked alone — the scanned share then
// unlocks the store with another custodian's; each saved PDF holds one custodian's share — and clear
// refusals for a page without a share, another store's share, several sheets at once (a printer job), and a
// file that is not a scan; also `shares verify --image`.

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pngjs from 'pngjs';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { createBreakglassApp, type BreakglassApp, type IssuedShare } from '../../src/app/index.js';
import { EXIT_FAILED, EXIT_OK } from '../../src/cli/run.js';
import { runCliInProcess } from '../support/cli.js';
import { rasterize } from '../support/scans.js';
import { testPorts } from '../support/ports.js';
import { findTool, itWithTools } from '../support/tools.js';
import { errorOf } from '../support/errors.js';

const withTools = itWithTools([findTool('pdftoppm', ['-v'], 'poppler-utils'), findTool('pdftocairo', ['-v'], 'poppler-utils')]);
let root: string;
let dir: string;
let app: BreakglassApp;
let issued: IssuedShare[];
const pngs: string[] = [];
let sheetFiles: readonly string[] = [];
let printedJob: Uint8Array | undefined;

const cli = (argv: string[]) => runCliInProcess(argv, { ports: testPorts('share-scan cli') });

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bg-share-scan-'));
  dir = join(root, 'set');
  // The printer queue keeps the PDF it is sent: one job holds every sheet (the files hold one each).
  app = createBreakglassApp({ ...testPorts('share-scan'), printer: { list: async () => ['paper'], print: async (pdf, queue) => ((printedJob = pdf), { job: 'job-1', queue }) } });
  const created = await app.createVaultSet({
    dir,
    kdfProfile: 'test',
    password: { shares: { threshold: 2, custodians: [{ name: 'Alice Andersson' }, { name: 'Борис Петров' }, { name: 'Γιώργος Παπαδόπουλος' }] } },
    mfa: { shares: { threshold: 2, custodians: [{ name: 'Dana Devlin' }, { name: 'Erik Eriksen' }] } },
  });
  issued = created.issuedShares.filter((s) => s.store === 'password-vault');
  const printed = await app.printDocument({ document: 'shares', store: 'password-vault', outFile: join(root, 'sheets.pdf'), printer: 'paper' });
  expect(printed.pages).toBe(3);
  sheetFiles = printed.files ?? [];
  expect(sheetFiles).toEqual([1, 2, 3].map((i) => join(root, `sheets-${i}-of-3.pdf`)));
  if (findTool('pdftoppm', ['-v'], 'poppler-utils').available) {
    for (const [i, file] of sheetFiles.entries()) pngs.push(...(await rasterize(new Uint8Array(await readFile(file)), root, `sheet-${i + 1}`)));
  }
}, 60_000);
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('scanShareSheet', () => {
  withTools('reads the share from a 150 dpi scan, checks it alone, and it unlocks the store with another share', async () => {
    expect(pngs).toHaveLength(3);
    const scanned = await app.scanShareSheet({ image: pngs[2]!, store: 'password-vault' });
    expect(scanned.share).toBe(issued[2]!.qrText);
    expect(scanned.verification).toMatchObject({ valid: true, store: 'password-vault', index: 3, count: 3, threshold: 2, custodian: 'Γιώργος Παπαδόπουλος' });
    // Without a store, the store the share names is used.
    expect((await app.scanShareSheet({ image: pngs[0]! })).verification).toMatchObject({ index: 1, custodian: 'Alice Andersson' });

    const fresh = createBreakglassApp(testPorts('share-scan unlock'));
    await fresh.openVaultSet({ dir });
    const status = await fresh.unlockStore({ store: 'password-vault', secret: { shares: [scanned.share, issued[0]!.words.join(' ')] } });
    expect(status).toMatchObject({ kind: 'password-vault' });
    await fresh.lockAll();
  }, 60_000);

  withTools('reads each saved PDF as the share of its own custodian, one share a file', async () => {
    expect(sheetFiles).toHaveLength(3);
    expect(pngs).toHaveLength(3);
    for (const [i, file] of sheetFiles.entries()) {
      const scanned = await app.scanShareSheet({ image: file, store: 'password-vault' });
      expect(scanned.share, file).toBe(issued[i]!.qrText);
      expect(scanned.verification, file).toMatchObject({ valid: true, index: i + 1, count: 3, custodian: issued[i]!.custodian });
    }
  }, 60_000);

  withTools('reads a one-sheet PDF as printed, and refuses a PDF of several sheets', async () => {
    const one = join(root, 'one-sheet.pdf');
    const printed = await app.printDocument({ document: 'shares', store: 'password-vault', shares: [issued[1]!.words.join(' ')], outFile: one });
    expect(printed.files).toEqual([join(root, 'one-sheet-2-of-3.pdf')]);
    const scanned = await app.scanShareSheet({ image: printed.files![0]!, store: 'password-vault' });
    expect(scanned.share).toBe(issued[1]!.qrText);
    // Only a printer job holds several sheets; a PDF of it, scanned, is refused.
    const jobPdf = join(root, 'printer-job.pdf');
    await writeFile(jobPdf, printedJob!);
    const several = await errorOf(app.scanShareSheet({ image: jobPdf }));
    expect(several.code).toBe('VALIDATION');
    expect(several.message).toMatch(/holds 3 different shares: scan one custodian's sheet/);
  }, 60_000);

  withTools('refuses the share of another store as FOREIGN_SHARE', async () => {
    const foreign = await errorOf(app.scanShareSheet({ image: pngs[0]!, store: 'mfa-seeds' }));
    expect(foreign.code).toBe('FOREIGN_SHARE');
    expect(foreign.message).toMatch(/belongs to the password vault, not the MFA seed store/);
  });

  withTools('says no QR code was found in a PNG without one, and that a paper-backup page holds no share', async () => {
    const blank = new pngjs.PNG({ width: 600, height: 800 });
    blank.data.fill(255);
    const blankPath = join(root, 'blank.png');
    await writeFile(blankPath, pngjs.PNG.sync.write(blank));
    const none = await errorOf(app.scanShareSheet({ image: blankPath, store: 'password-vault' }));
    expect(none.code).toBe('NOT_FOUND');
    expect(none.message).toMatch(/^No QR code was found in .*blank\.png: scan the whole share sheet flat, at 150 dpi or more/);

    const backup = await app.printDocument({ document: 'paper-backup', store: 'password-vault', outFile: join(root, 'backup.pdf') });
    expect(backup.pages).toBeGreaterThanOrEqual(1);
    const [page] = await rasterize(new Uint8Array(await readFile(join(root, 'backup.pdf'))), root, 'backup');
    const notShare = await errorOf(app.scanShareSheet({ image: page!, store: 'password-vault' }));
    expect(notShare.code).toBe('FORMAT');
    expect(notShare.message).toMatch(/but no custodian share \(BGS1\): it is a page of a paper backup/);
  }, 60_000);

  withTools('refuses a file that is not a scan, and one that does not exist', async () => {
    const text = join(root, 'notes.txt');
    await writeFile(text, 'share: ask Alice\n');
    expect(await errorOf(app.scanShareSheet({ image: text }))).toMatchObject({ code: 'FORMAT', message: expect.stringMatching(/is not a PNG, JPEG or PDF file/) });
    expect(await errorOf(app.scanShareSheet({ image: join(root, 'nope.png') }))).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('breakglass shares verify --image', () => {
  withTools('verifies the share read from a scanned sheet against a store file', async () => {
    const ok = await cli(['shares', 'verify', join(dir, 'password-vault.bgv'), '--image', pngs[1]!]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(EXIT_OK);
    expect(ok.stdout).toMatch(/^Valid: share 2 of 3 .*issued to Борис Петров/);
    const foreign = await cli(['shares', 'verify', join(dir, 'mfa-seeds.bgv'), '--image', pngs[1]!]);
    expect(foreign.code).toBe(EXIT_FAILED);
    expect(foreign.stderr).toMatch(/^breakglass: .*belongs to the password vault, not the MFA seed store.*\[FOREIGN_SHARE\]\n$/);
    const blank = await cli(['shares', 'verify', join(dir, 'password-vault.bgv'), '--image', join(root, 'blank.png')]);
    expect(blank.code).toBe(EXIT_FAILED);
    expect(blank.stderr).toMatch(/^breakglass: No QR code was found in .*\[NOT_FOUND\]\n$/);
  });
});
