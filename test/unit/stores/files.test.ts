import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BreakglassError } from '../../../src/errors.js';
import { assertNoStore, previousPath, readStoreFile, removeStaleTempFiles, storePath, writeFileAtomic, writeNewFile } from '../../../src/stores/files.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bg-files-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('files', () => {
  it('names the two store files', () => {
    expect(storePath('/v', 'password-vault')).toBe('/v/password-vault.bgv');
    expect(storePath('/v', 'mfa-seeds')).toBe('/v/mfa-seeds.bgv');
  });

  it('writes atomically with mode 0600 and keeps the previous content as .prev', async () => {
    const path = join(dir, 'password-vault.bgv');
    await writeFileAtomic(path, Uint8Array.of(1), { keepPrevious: true });
    await writeFileAtomic(path, Uint8Array.of(2), { keepPrevious: true });
    await writeFileAtomic(path, Uint8Array.of(3), { keepPrevious: true });
    expect([...(await readFile(path))]).toEqual([3]);
    expect([...(await readFile(previousPath(path)))]).toEqual([2]);
    expect((await readdir(dir)).sort()).toEqual(['password-vault.bgv', 'password-vault.bgv.prev']);
    const { stat } = await import('node:fs/promises');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('removes temp files of dead writers but not of live ones', async () => {
    const path = join(dir, 'password-vault.bgv');
    await writeFile(join(dir, '.password-vault.bgv.tmp-999999999-new1'), 'x');
    await writeFile(join(dir, `.password-vault.bgv.tmp-${process.ppid}-new1`), 'x');
    await removeStaleTempFiles(path);
    expect(await readdir(dir)).toEqual([`.password-vault.bgv.tmp-${process.ppid}-new1`]);
  });

  it('reports NOT_FOUND for a missing file and FORMAT for a directory', async () => {
    await expect(readStoreFile(join(dir, 'nope.bgv'))).rejects.toSatisfy((e) => e instanceof BreakglassError && e.code === 'NOT_FOUND');
    await expect(readStoreFile(dir)).rejects.toSatisfy((e) => e instanceof BreakglassError && e.code === 'FORMAT');
  });

  it('reports IO with the path when the directory is not writable', async () => {
    await expect(writeFileAtomic(join(dir, 'missing-dir', 'x.bgv'), Uint8Array.of(1), { keepPrevious: true })).rejects.toSatisfy(
      (e) => e instanceof BreakglassError && /missing-dir/.test(e.message),
    );
  });

  it('refuses to create a store over an existing one', async () => {
    const path = join(dir, 'mfa-seeds.bgv');
    await writeFile(path, 'existing');
    await expect(assertNoStore(path, 'mfa-seeds')).rejects.toThrow(/already exists.*Nothing was overwritten/);
  });

  it('writes a new file with mode 0600 and no temp file left, and never replaces one that exists', async () => {
    const { stat } = await import('node:fs/promises');
    const path = join(dir, 'sheet.pdf');
    await writeNewFile(path, Uint8Array.of(1, 2, 3));
    expect([...(await readFile(path))]).toEqual([1, 2, 3]);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['sheet.pdf']);
    const again = writeNewFile(path, Uint8Array.of(9));
    await expect(again).rejects.toMatchObject({ code: 'CONFLICT', message: `${path} already exists: choose a new file name; nothing was written.` });
    expect([...(await readFile(path))]).toEqual([1, 2, 3]);
    expect(await readdir(dir)).toEqual(['sheet.pdf']);
    await expect(writeNewFile(join(dir, 'missing', 'x.pdf'), Uint8Array.of(1))).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: `The folder ${join(dir, 'missing')} does not exist: choose an existing folder; nothing was written.`,
    });
  });
});
