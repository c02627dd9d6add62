// `breakglass print …` and `breakglass paper restore` as custodians run them: the built executable, shares
// on stdin, PDFs written 0600, one audit entry per print (never the share), and one clear line with the
// right exit code for each mistake — unknown document, nowhere to send the PDF, a file that is not a scan,
// a scan missing a page, a backup of the wrong store.

import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPaperBackup } from '../../src/print/index.js';
import { runBuiltCli as run, type CliResult } from '../support/cli.js';
import { initSharedPasswordSet } from '../support/print-cli-set.js';
import { seededRng } from '../support/ports.js';
import { buildVault } from '../support/stores.js';
import { rasterize } from '../support/scans.js';
import { findTool, itWithTools } from '../support/tools.js';

const MFA = 'print cli mfa passphrase';
const PDFTOPPM = findTool('pdftoppm', ['-v'], 'poppler-utils');
const withPoppler = itWithTools([PDFTOPPM, findTool('pdftocairo', ['-v'], 'poppler-utils')]);
let root: string;
let dir: string;
let shares: string[];

/** A refusal: the exit code, nothing on stdout, and the first stderr line matching `pattern`. */
function expectRefused(result: CliResult, status: number, pattern: RegExp): void {
  expect(result.stdout).toBe('');
  expect(result.code, result.stderr).toBe(status);
  expect(result.stderr.split('\n')[0]).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  // A refused run is one line; a usage error adds the command's usage line.
  expect(result.stderr.trimEnd().split('\n').length).toBeLessThanOrEqual(status === 2 ? 2 : 1);
}

const mode = async (path: string): Promise<number> => (await stat(path)).mode & 0o777;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bg-print-cli-'));
  ({ dir, shares } = await initSharedPasswordSet(root, MFA));
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('breakglass print', () => {
  it('writes each document as a PDF of mode 0600 and says where it went', async () => {
    const out = (name: string) => join(root, `${name}.pdf`);
    const sheets = run(['print', 'shares', dir, '--store', 'password', '--out', out('shares'), '--paper', 'Letter'], [shares[0]!, shares[2]!]);
    expect(sheets.stderr).toBe('');
    expect(sheets.stdout).toBe(
      'Printed the shares document of the password vault (generation 1): 2 pages, saved as 2 files, one per share:\n' +
        `  ${join(root, 'shares-1-of-3.pdf')}\n  ${join(root, 'shares-3-of-3.pdf')}\n` +
        "Each file is one custodian's sheet and holds that share: print it, then destroy the file (e.g. shred -u).\n",
    );
    await expect(stat(out('shares'))).rejects.toMatchObject({ code: 'ENOENT' });
    for (const file of ['shares-1-of-3', 'shares-3-of-3']) {
      expect(await mode(out(file)), file).toBe(0o600);
      expect((await readFile(out(file))).subarray(0, 5).toString(), file).toBe('%PDF-');
    }
    const documents: [string, string[]][] = [
      ['emergency', ['--store', 'mfa']],
      ['paper-backup', ['--store', 'password']],
      ['spec', ['--store', 'mfa']],
    ];
    for (const [document, args] of documents) {
      const printed = run(['print', document, dir, ...args, '--out', out(document)]);
      expect(printed.stderr, document).toBe('');
      expect(printed.stdout, document).toMatch(new RegExp(`^Printed the ${document} document of the .* \\(generation 1\\): \\d+ pages?, saved to `));
    }
    for (const name of ['emergency', 'paper-backup', 'spec']) {
      expect(await mode(out(name)), name).toBe(0o600);
      expect((await readFile(out(name))).subarray(0, 5).toString(), name).toBe('%PDF-');
    }
  });

  it('records every print in the audit log with document, store and generation, never the share', () => {
    const list = run(['audit', 'list', dir]);
    expect(list.code).toBe(0);
    const prints = list.stdout.split('\n').filter((line) => /\bprint\b/.test(line));
    expect(prints).toHaveLength(4);
    for (const document of ['shares', 'emergency', 'paper-backup', 'spec']) {
      expect(prints.some((line) => line.includes(document)), document).toBe(true);
    }
    const json = JSON.parse(run(['audit', 'list', dir, '--json']).stdout) as { entries: { event: string; store?: string; generation?: number; details: Record<string, unknown> }[] };
    const entries = json.entries.filter((e) => e.event === 'print');
    expect(entries.map((e) => [e.details.document, e.store, e.generation])).toEqual([
      ['shares', 'password-vault', 1],
      ['emergency', 'mfa-seeds', 1],
      ['paper-backup', 'password-vault', 1],
      ['spec', 'mfa-seeds', 1],
    ]);
    expect(entries[0]?.details).toMatchObject({ sheets: 2, destination: 'file', files: 2 });
    expect(entries[1]?.details).toMatchObject({ destination: 'file', files: 1 });
    const log = readFileSync(join(dir, 'audit-log.jsonl'), 'utf8');
    for (const share of shares) {
      expect(list.stdout).not.toContain(share.slice(5, 30));
      expect(log).not.toContain(share.slice(5, 30));
    }
  });

  it('exits 2 with one clear line for an unknown document or a PDF with nowhere to go', async () => {
    expectRefused(run(['print', 'receipt', dir, '--store', 'password', '--out', join(root, 'x.pdf')]), 2, /^breakglass: unknown command "print receipt"/);
    expectRefused(run(['print', 'paper-backup', dir, '--store', 'password']), 2, /say where the PDF goes: --out FILE\.pdf and\/or --printer QUEUE/);
    expectRefused(run(['print', 'spec', dir, '--store', 'vault', '--out', join(root, 'y.pdf')]), 2, /--store must be "password" or "mfa"/);
    expectRefused(run(['print', 'spec', dir, '--store', 'mfa', '--out', join(root, 'y.pdf'), '--paper', 'A5']), 2, /--paper must be A4 or Letter/);
    await expect(stat(join(root, 'x.pdf'))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(stat(join(root, 'y.pdf'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('never overwrites: an existing file, a store, the vault set folder, a missing folder — exit 1, nothing written', async () => {
    const store = join(dir, 'mfa-seeds.bgv');
    const before = await readFile(store);
    const existing = join(root, 'emergency.pdf');
    const pdfBefore = await readFile(existing);
    expectRefused(run(['print', 'spec', dir, '--store', 'password', '--out', store]), 1, /mfa-seeds\.bgv is named like a Breakglass store \(\.bgv\).*nothing was written\. \[CONFLICT\]$/);
    expectRefused(run(['print', 'spec', dir, '--store', 'password', '--out', existing]), 1, /emergency\.pdf already exists: choose a new file name; nothing was written\. \[CONFLICT\]$/);
    expectRefused(run(['print', 'spec', dir, '--store', 'password', '--out', join(dir, 'spec.pdf')]), 1, /spec\.pdf is inside the vault set folder .*nothing was written\. \[CONFLICT\]$/);
    expectRefused(run(['print', 'spec', dir, '--store', 'password', '--out', join(root, 'no-such-folder', 'spec.pdf')]), 1, /^breakglass: The folder .*no-such-folder does not exist: choose an existing folder/);
    // One existing sheet refuses them all: no custodian's file is written.
    expectRefused(run(['print', 'shares', dir, '--store', 'password', '--out', join(root, 'shares.pdf')], [shares[0]!, shares[1]!]), 1, /shares-1-of-3\.pdf already exists/);
    await expect(stat(join(root, 'shares-2-of-3.pdf'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readFile(store)).toEqual(before);
    await expect(stat(store + '.prev')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readFile(existing)).toEqual(pdfBefore);
    expect((await readdir(dir)).filter((name) => name.endsWith('.pdf'))).toEqual([]);
  });

  it('writes --out relative to the working directory', async () => {
    const cwd = join(root, 'here');
    await mkdir(cwd);
    const printed = run(['print', 'spec', dir, '--store', 'mfa', '--out', 'spec.pdf'], [], { cwd });
    expect(printed.stderr).toBe('');
    expect(printed.stdout).toContain(`saved to ${join(cwd, 'spec.pdf')}.`);
    expect(await mode(join(cwd, 'spec.pdf'))).toBe(0o600);
  });

  it('exits 1 naming the share when a share sheet is asked for a share of another store', () => {
    const foreign = run(['print', 'shares', dir, '--store', 'mfa', '--out', join(root, 'z.pdf')], [shares[0]!]);
    expectRefused(foreign, 1, /^breakglass: share 1 belongs to the password vault, not the MFA seed store.*\[FOREIGN_SHARE\]$/);
  });
});

describe('breakglass paper restore', () => {
  const PASSPHRASE = 'paper restore cli passphrase';
  const setId = new Uint8Array(16).fill(0x3c);
  let file: Uint8Array;
  let pages: string[];
  let chunks: number;

  beforeAll(async () => {
    const accounts = Array.from({ length: 60 }, (_, i) => ({
      accountId: String(500000000000 + i),
      name: `Workload ${i}`,
      accountClass: 'excluded',
      email: `root+${i}@example.com`,
      notes: '',
      password: `Password-${i}-aB3!xyz`,
    }));
    file = (await buildVault({ rng: seededRng('paper-cli'), nowMs: Date.UTC(2026, 10, 1), passphrase: PASSPHRASE, setId, generation: 4 }, accounts)).bytes;
    const rendered = await renderPaperBackup(file, undefined, { paper: 'A4', printedAt: '2026-11-22T08:00:00Z' });
    chunks = rendered.chunks;
    expect(rendered.pages).toBeGreaterThanOrEqual(2);
    await writeFile(join(root, 'backup.pdf'), rendered.pdf);
    if (PDFTOPPM.available) pages = await rasterize(rendered.pdf, root, 'scans');
  }, 60_000);

  withPoppler('rebuilds the store byte for byte from shuffled PNG scans and from the PDF, mode 0600', async () => {
    const out = join(root, 'restored.bgv');
    const restored = run(['paper', 'restore', '--out', out, '--store', 'password', ...[...pages].reverse()]);
    expect(restored.stderr).toBe('');
    expect(restored.stdout).toMatch(new RegExp(`^Restored the password vault \\(generation 4\\) from ${chunks} QR codes to .*restored\\.bgv\\.\\nSHA-256 [0-9a-f]{64}`));
    expect(new Uint8Array(await readFile(out))).toEqual(file);
    expect(await mode(out)).toBe(0o600);
    const fromPdf = join(root, 'from-pdf.bgv');
    expect(run(['paper', 'restore', '--out', fromPdf, join(root, 'backup.pdf')]).code).toBe(0);
    expect(new Uint8Array(await readFile(fromPdf))).toEqual(file);
  }, 60_000);

  it('exits 1 with one line when a scan is not an image, and writes nothing', async () => {
    const text = join(root, 'notes.txt');
    await writeFile(text, 'these are not the pages\n');
    const out = join(root, 'never.bgv');
    expectRefused(run(['paper', 'restore', '--out', out, text]), 1, /^breakglass: .*notes\.txt is not a PNG, JPEG or PDF file: scan the pages as PNG or JPEG\. \[FORMAT\]$/);
    expectRefused(run(['paper', 'restore', '--out', out, join(root, 'missing.png')]), 1, /missing\.png does not exist: check the file name\. \[NOT_FOUND\]$/);
    expectRefused(run(['paper', 'restore', join(root, 'backup.pdf')]), 2, /--out FILE is required/);
    await expect(stat(out)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  withPoppler('names the missing chunk numbers and the page to scan again when a page is missing', async () => {
    const out = join(root, 'partial.bgv');
    const last = Math.min(18, chunks);
    const result = run(['paper', 'restore', '--out', out, ...pages.filter((_, i) => i !== 1)]);
    expectRefused(result, 1, new RegExp(`^breakglass: Missing chunks 10${last - 10 >= 2 ? '–' : ', '}${last} of ${chunks}: scan page 2 of the paper backup again.*\\[TRUNCATED\\]$`));
    await expect(stat(out)).rejects.toMatchObject({ code: 'ENOENT' });
  }, 60_000);

  withPoppler('refuses a backup of the wrong store or of another vault set, and writes nothing', async () => {
    const out = join(root, 'wrong.bgv');
    expectRefused(run(['paper', 'restore', '--out', out, '--store', 'mfa', ...pages]), 1, /^breakglass: The scanned pages are not the expected paper backup: they hold generation 4 of the password vault.*\[WRONG_STORE\]$/);
    // --dir names a vault set: a backup of another set is refused.
    expectRefused(run(['paper', 'restore', '--out', out, '--dir', dir, ...pages]), 1, /^breakglass: The scanned pages are not the expected paper backup.*\[WRONG_STORE\]$/);
    await expect(stat(out)).rejects.toMatchObject({ code: 'ENOENT' });
    // Nor is a restore into the file of another vault set's store.
    const target = join(dir, 'password-vault.bgv');
    const before = await readFile(target);
    expectRefused(run(['paper', 'restore', '--out', target, ...pages]), 1, /holds the password vault of vault set .* nothing was written.*\[WRONG_STORE\]$/);
    expect(await readFile(target)).toEqual(before);
  }, 60_000);
});
