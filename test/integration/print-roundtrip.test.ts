// The paper in the safe, read back as a stranger would: documents rendered to PNG at 150 dpi with
// pdftoppm, QR codes decoded by zbarimg (the referee) and by our jsqr reader, and the results used —
// shares to unlock the store, a paper backup to rebuild it byte for byte — at 50 and 500 accounts.

import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { createBreakglassApp, type BreakglassApp, type IssuedShare } from '../../src/app/index.js';
import {
  popplerRasterizer,
  readShareQrFromImage,
  renderPaperBackup,
  restoreFromChunks,
  restorePaperBackup,
  type PaperScan,
} from '../../src/print/index.js';
import { seededRng, testPorts } from '../support/ports.js';
import { buildSeedStore, buildVault } from '../support/stores.js';
import { rasterize, zbarRead } from '../support/scans.js';
import { findTool, itWithTools } from '../support/tools.js';
import { errorOf } from '../support/errors.js';

const ZBARIMG = findTool('zbarimg', ['--version'], 'zbar-tools');
const PDFTOPPM = findTool('pdftoppm', ['-v'], 'poppler-utils');
const PDFTOCAIRO = findTool('pdftocairo', ['-v'], 'poppler-utils');
const withTools = itWithTools([ZBARIMG, PDFTOPPM, PDFTOCAIRO]);
const OPTIONS = { paper: 'A4', printedAt: '2026-11-22T08:00:00Z' } as const;
const PASSPHRASE = 'roundtrip test passphrase';
const SET_ID = new Uint8Array(16).fill(0x5a);
let root: string;

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * Every distinct QR code zbarimg reads in the images. zbar's QR locator occasionally misses one of nine
 * dense codes on a page in one pass and finds it in another (its result depends on the images scanned
 * before), so the referee reads the pages together and then each alone, and takes the union.
 */
function zbar(files: readonly string[]): string[] {
  const seen = new Set(zbarRead(files));
  if (files.length > 1) for (const file of files) for (const text of zbarRead([file])) seen.add(text);
  return [...seen];
}

async function scans(files: readonly string[]): Promise<PaperScan[]> {
  return Promise.all(files.map(async (file) => ({ name: file.split('/').at(-1) as string, bytes: new Uint8Array(await readFile(file)) })));
}

function shuffle<T>(items: readonly T[]): T[] {
  const rng = seededRng('shuffle');
  return items
    .map((item, i) => ({ item, key: (rng.bytes(4)[0] as number) * 1000 + i }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.item);
}

function accounts(count: number) {
  return Array.from({ length: count }, (_, i) => ({
    accountId: String(300000000000 + i),
    name: `Workload ${i} — Λογαριασμός ${i}`,
    accountClass: i === 0 ? 'management' : 'excluded',
    email: `aws-root+${i}@example.com`,
    notes: i % 10 === 0 ? 'Support plan: Business. Контакт: дежурный.' : '',
    password: `Generated-Password-${i}-aB3!xyz`,
  }));
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bg-print-roundtrip-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('share sheets on paper', () => {
  let app: BreakglassApp;
  let dir: string;
  let issued: IssuedShare[];

  beforeAll(async () => {
    dir = join(root, 'set');
    app = createBreakglassApp(testPorts('roundtrip-shares'));
    const created = await app.createVaultSet({
      dir,
      kdfProfile: 'test',
      password: { shares: { threshold: 2, custodians: [{ name: 'Alice Andersson' }, { name: 'Борис Петров' }, { name: 'Γιώργος Παπαδόπουλος' }] } },
      mfa: { shares: { threshold: 2, custodians: [{ name: 'Dana Devlin' }, { name: 'Erik Eriksen' }] } },
    });
    issued = created.issuedShares.filter((s) => s.store === 'password-vault');
    await app.unlockStore({ store: 'password-vault', secret: { shares: issued.slice(0, 2).map((s) => s.words.join(' ')) } });
    await app.addAccount(accounts(1)[0]!);
    await app.lockAll();
  });

  withTools('scan back with zbarimg and our reader, and k of them unlock the store', async () => {
    const out = join(root, 'shares.pdf');
    const printed = await app.printDocument({ document: 'shares', store: 'password-vault', outFile: out });
    expect(printed.pages).toBe(3);
    // One PDF per custodian's share, each of one page.
    expect(printed.files).toEqual([1, 2, 3].map((i) => join(root, `shares-${i}-of-3.pdf`)));
    const pngs: string[] = [];
    for (const [i, file] of printed.files!.entries()) {
      const pages = await rasterize(new Uint8Array(await readFile(file)), root, `shares-${i + 1}`);
      expect(pages, file).toHaveLength(1);
      pngs.push(...pages);
    }
    expect(pngs).toHaveLength(3);
    const fromZbar = pngs.map((png) => zbar([png]));
    const fromJsqr = await Promise.all(pngs.map(async (png) => readShareQrFromImage(new Uint8Array(await readFile(png)), png)));
    pngs.forEach((_, i) => {
      expect(fromZbar[i]).toEqual([issued[i]!.qrText]);
      expect(fromJsqr[i]).toEqual([issued[i]!.qrText]);
    });

    // A fresh session on the workstation: shares 3 and 1 as scanned, by zbarimg and by our reader.
    const fresh = createBreakglassApp(testPorts('roundtrip-unlock'));
    await fresh.openVaultSet({ dir });
    await expect(fresh.unlockStore({ store: 'password-vault', secret: { shares: [fromZbar[2]![0]!, fromJsqr[0]![0]!] } })).resolves.toMatchObject({ kind: 'password-vault', unlockedAt: expect.any(String) });
    expect((await fresh.listAccounts()).map((a) => a.accountId)).toEqual(['300000000000']);
    // One scanned share alone is not enough.
    await fresh.lockAll();
    expect((await errorOf(fresh.unlockStore({ store: 'password-vault', secret: { shares: [fromZbar[1]![0]!] } }))).code).toBe('QUORUM');
  });
});

describe.each([50, 500])('a paper backup of %i accounts', (count) => {
  let file: Uint8Array;
  let pdf: Uint8Array;
  let pngs: string[];
  let chunks: number;
  let pages: number;

  beforeAll(async () => {
    file = (await buildVault({ rng: seededRng(`roundtrip-${count}`), nowMs: Date.UTC(2026, 10, 1), passphrase: PASSPHRASE, setId: SET_ID, generation: 5 }, accounts(count))).bytes;
    ({ pdf, chunks, pages } = await renderPaperBackup(file, undefined, OPTIONS));
    expect(pages).toBe(Math.ceil(chunks / 9));
    if (PDFTOPPM.available) pngs = await rasterize(pdf, root, `backup-${count}`);
  }, 120_000);

  withTools('restores byte for byte from zbarimg codes, from the PDF, and from shuffled PNG scans', async () => {
    expect(pngs).toHaveLength(pages);
    const refereeCodes = zbar(pngs);
    expect(refereeCodes).toHaveLength(chunks);
    expect(sha256(restoreFromChunks(shuffle(refereeCodes)).file)).toBe(sha256(file));

    const fromPdf = await restorePaperBackup([{ name: 'backup.pdf', bytes: pdf }], { rasterizer: popplerRasterizer() });
    expect(sha256(fromPdf.file)).toBe(sha256(file));
    expect(fromPdf).toMatchObject({ chunks, duplicates: [], scans: [{ name: 'backup.pdf', pages, codes: chunks }] });

    const fromPngs = await restorePaperBackup(await scans(shuffle(pngs)), {});
    expect(sha256(fromPngs.file)).toBe(sha256(file));
    expect(fromPngs.file).toEqual(file);
  }, 120_000);

  withTools('reports a missing page by its chunk numbers', async () => {
    if (pages < 2) throw new Error('the backup should span pages');
    const missingPage = 2;
    const partial = await scans(pngs.filter((_, i) => i !== missingPage - 1));
    const error = await errorOf(restorePaperBackup(partial, {}));
    expect(error.code).toBe('TRUNCATED');
    const last = Math.min(18, chunks);
    expect(error.message).toMatch(new RegExp(`^Missing chunks 10${last - 10 >= 2 ? '–' : ', '}${last} of ${chunks}: scan page 2 of the paper backup again`));
  }, 120_000);
});

describe('a paper restore through the app', () => {
  withTools('refuses a page of another generation or store as foreign and writes nothing', async () => {
    const dir = join(root, 'foreign');
    const generation5 = (await buildVault({ rng: seededRng('foreign-5'), nowMs: Date.UTC(2026, 10, 1), passphrase: PASSPHRASE, setId: SET_ID, generation: 5 }, accounts(50))).bytes;
    const generation6 = (await buildVault({ rng: seededRng('foreign-6'), nowMs: Date.UTC(2026, 10, 2), passphrase: PASSPHRASE, setId: SET_ID, generation: 6 }, accounts(50))).bytes;
    const seeds = (await buildSeedStore({ rng: seededRng('foreign-seeds'), nowMs: Date.UTC(2026, 10, 1), passphrase: PASSPHRASE, setId: SET_ID })).bytes;
    const pages5 = await rasterize((await renderPaperBackup(generation5, undefined, OPTIONS)).pdf, root, 'gen5');
    const pages6 = await rasterize((await renderPaperBackup(generation6, undefined, OPTIONS)).pdf, root, 'gen6');
    const seedPages = await rasterize((await renderPaperBackup(seeds, undefined, OPTIONS)).pdf, root, 'seeds');
    const app = createBreakglassApp(testPorts('foreign'));
    await mkdir(dir, { recursive: true });
    const out = join(dir, 'password-vault.bgv');

    const mixed = await errorOf(app.restorePaperBackup({ images: [pages5[0]!, pages6[1]!, ...pages5.slice(1)], outFile: out }));
    expect(mixed.code).toBe('WRONG_STORE');
    expect(mixed.message).toMatch(/chunk 10 \(.*\.png\) belongs to generation 6/);
    expect(mixed.message).toMatch(/not generation 5 of the password vault/);
    await expect(stat(out)).rejects.toMatchObject({ code: 'ENOENT' });

    const otherStore = await errorOf(app.restorePaperBackup({ images: [...pages5, seedPages[0]!], outFile: out }));
    expect(otherStore.code).toBe('WRONG_STORE');
    expect(otherStore.message).toMatch(/belongs to generation 1 of the MFA seed store/);

    const expected = await errorOf(app.restorePaperBackup({ images: pages5, outFile: out, store: 'mfa-seeds' }));
    expect(expected.code).toBe('WRONG_STORE');
    await expect(stat(out)).rejects.toMatchObject({ code: 'ENOENT' });

    // The good pages restore; a newer generation already in place is never overwritten by an older backup.
    await app.restorePaperBackup({ images: pages6, outFile: out });
    expect(sha256(new Uint8Array(await readFile(out)))).toBe(sha256(generation6));
    const older = await errorOf(app.restorePaperBackup({ images: pages5, outFile: out }));
    expect(older.code).toBe('CONFLICT');
    expect(older.message).toMatch(/holds generation 6 of the password vault, newer than the paper backup's generation 5: nothing was written/);
    expect(sha256(new Uint8Array(await readFile(out)))).toBe(sha256(generation6));
  }, 120_000);
});
