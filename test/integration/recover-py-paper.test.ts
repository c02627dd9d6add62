// assets/recovery/recover.py --paper — a paper restore written from FORMAT.md §13.4–13.5 alone — over the
// chunk vectors and over a real paper backup read back with pdftoppm -r 150 and `zbarimg --raw`: it must
// rebuild the store byte for byte, and refuse bad chunks with the §13.5 code, writing nothing.

import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { renderPaperBackup } from '../../src/print/index.js';
import { runRecoverPy as recover, type CliResult } from '../support/cli.js';
import { seededRng } from '../support/ports.js';
import { buildVault } from '../support/stores.js';
import { rasterize, zbarRead } from '../support/scans.js';
import { findPythonModules, findTool, itWithTools } from '../support/tools.js';
import { paperVectorSourceFile, readPaperVector, readPaperVectors } from '../vectors/generate-paper.js';
import { readContainerVector } from '../vectors/generate.js';

const PY = findPythonModules(['nacl.bindings', 'argon2.low_level'], ['python3-nacl', 'python3-argon2']);
const itPy = itWithTools([PY]);
const itScan = itWithTools([PY, findTool('zbarimg', ['--version'], 'zbar-tools'), findTool('pdftoppm', ['-v'], 'poppler-utils')]);
let root: string;
let n = 0;

/** Writes the chunk texts to a file and runs `recover.py --paper FILE --out OUT` with a fresh OUT. */
async function restore(chunks: readonly string[]): Promise<CliResult & { out: string }> {
  const list = join(root, `chunks-${++n}.txt`);
  const out = join(root, `restored-${n}.bgv`);
  await writeFile(list, chunks.join('\n') + '\n');
  return { ...recover(['--paper', list, '--out', out]), out };
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bg-recover-paper-'));
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('recover.py --paper', () => {
  for (const { name, vector, chunks } of readPaperVectors()) {
    itPy(`gives the vector’s outcome for ${name} and writes only a good file`, async () => {
      const run = await restore(chunks);
      if (vector.expect === 'ok') {
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
        expect(JSON.parse(run.stdout)).toMatchObject({ kind: 'password-vault', generation: 3, fingerprint: vector.one('sha256'), chunks: 2, file: run.out });
        expect(new Uint8Array(await readFile(run.out))).toEqual(paperVectorSourceFile());
        expect((await stat(run.out)).mode & 0o777).toBe(0o600);
        return;
      }
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(new RegExp(`^recover\\.py: ${vector.expect}: `));
      await expect(stat(run.out)).rejects.toMatchObject({ code: 'ENOENT' });
    });
  }

  itPy('names the line and chunk of a bad CHECK, and the missing chunk numbers', async () => {
    const read = (name: string) => readPaperVector(name).chunks;
    expect((await restore(read('003-bad-check.txt'))).stderr).toMatch(/line 2 reads as chunk 2 of 2, but its CHECK does not match/);
    expect((await restore(read('005-missing-chunk.txt'))).stderr).toMatch(/missing chunks 2 of 2/);
  });

  itPy('reads the chunks from stdin, and the restored store then opens with its passphrase', async () => {
    const { chunks } = readPaperVector('001-valid-two-chunks.txt');
    const out = join(root, 'from-stdin.bgv');
    const run = recover(['--paper', '-', '--out', out], [...chunks].reverse().join('\n') + '\n');
    expect(run.code).toBe(0);
    const vector = readContainerVector('001-password-vault.txt');
    const opened = recover([out], vector.passphrase + '\n');
    expect(opened.stderr).toBe('');
    expect(JSON.parse(opened.stdout)).toMatchObject({ kind: 'password-vault', generation: 3 });
  });

  itPy('never writes over an existing file and exits 2 on bad usage', async () => {
    const { chunks } = readPaperVector('001-valid-two-chunks.txt');
    const out = join(root, 'existing.bgv');
    await writeFile(out, 'keep me');
    const list = join(root, 'existing-chunks.txt');
    await writeFile(list, chunks.join('\n'));
    const run = recover(['--paper', list, '--out', out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/exists: choose a new --out file/);
    expect(await readFile(out, 'utf8')).toBe('keep me');
    expect(recover(['--paper', list]).code).toBe(2);
  });

  itScan('rebuilds a 200-account store byte for byte from its printed backup read by pdftoppm -r 150 and zbarimg --raw', async () => {
    const accounts = Array.from({ length: 200 }, (_, i) => ({
      accountId: String(400000000000 + i),
      name: `Workload ${i} — Λογαριασμός`,
      accountClass: 'excluded',
      email: `root+${i}@example.com`,
      notes: '',
      password: `Password-${i}-aB3!xyz`,
    }));
    const file = (await buildVault({ rng: seededRng('recover-paper'), nowMs: Date.UTC(2026, 10, 1), passphrase: 'paper backup passphrase', setId: new Uint8Array(16).fill(7), generation: 2 }, accounts)).bytes;
    const { pdf, chunks } = await renderPaperBackup(file, undefined, { paper: 'Letter', printedAt: '2026-11-22T08:00:00Z' });
    expect(chunks).toBeGreaterThan(9);
    const pngs = await rasterize(pdf, root, 'scans');
    // zbar reads each page alone (in one pass over many dense pages it occasionally misses a code).
    const texts = new Set<string>();
    for (const png of pngs) for (const text of zbarRead([png])) texts.add(text);
    expect(texts.size).toBe(chunks);
    const run = await restore([...texts].reverse());
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(new Uint8Array(await readFile(run.out))).toEqual(file);
  }, 120_000);
});
