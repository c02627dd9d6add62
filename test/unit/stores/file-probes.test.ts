// The checks before a write and the small file operations the app goes through (stores/files): what is at a
// path, a folder's real path, a file read whole when present — each with the state that refuses it.

import { mkdir, mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fileSizeIfPresent,
  makePrivateDirectory,
  probeFolder,
  probePath,
  readFileIfPresent,
  realPathOrSelf,
  removeFiles,
} from '../../../src/stores/files.js';

let root: string;
let file: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bg-file-probes-'));
  file = join(root, 'notes.txt');
  await writeFile(file, 'notes');
  await mkdir(join(root, 'folder'));
  await symlink(join(root, 'folder'), join(root, 'link-to-folder'));
  await symlink(join(root, 'nowhere'), join(root, 'dangling'));
  await symlink(join(root, 'loop-b'), join(root, 'loop-a'));
  await symlink(join(root, 'loop-a'), join(root, 'loop-b'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('probePath', () => {
  it('sees a file, and a symbolic link itself even when it points nowhere', async () => {
    expect(await probePath(file)).toEqual({ state: 'present' });
    expect(await probePath(join(root, 'dangling'))).toEqual({ state: 'present' });
  });

  it('reports a missing name as absent and any other failure with its code', async () => {
    expect(await probePath(join(root, 'missing.pdf'))).toEqual({ state: 'absent' });
    expect(await probePath(join(file, 'below-a-file.pdf'))).toEqual({ state: 'unreadable', reason: 'ENOTDIR' });
  });
});

describe('probeFolder', () => {
  it('gives a folder’s real path, through a symbolic link', async () => {
    expect(await probeFolder(join(root, 'link-to-folder'))).toEqual({ state: 'folder', realPath: join(await realPathOrSelf(root), 'folder') });
  });

  it('tells a file from a folder, a missing folder (also below a file), and a folder that cannot be checked', async () => {
    expect(await probeFolder(file)).toEqual({ state: 'not-folder' });
    expect(await probeFolder(join(root, 'missing'))).toEqual({ state: 'absent' });
    expect(await probeFolder(join(file, 'sub'))).toEqual({ state: 'absent' });
    expect(await probeFolder(join(root, 'loop-a'))).toEqual({ state: 'unreadable', reason: 'ELOOP' });
  });
});

describe('realPathOrSelf', () => {
  it('resolves symbolic links, and gives the absolute path itself when there is nothing to resolve', async () => {
    expect(await realPathOrSelf(join(root, 'link-to-folder'))).toBe(join(await realPathOrSelf(root), 'folder'));
    expect(await realPathOrSelf('relative/missing')).toBe(resolve('relative/missing'));
  });
});

describe('readFileIfPresent', () => {
  it('reads a whole file, says absent for a missing one and gives the code of any other failure', async () => {
    expect(await readFileIfPresent(file)).toEqual({ state: 'read', bytes: new TextEncoder().encode('notes') });
    expect(await readFileIfPresent(join(root, 'missing.png'))).toEqual({ state: 'absent' });
    expect(await readFileIfPresent(join(root, 'folder'))).toEqual({ state: 'unreadable', reason: 'EISDIR' });
  });
});

describe('fileSizeIfPresent', () => {
  it('gives the size, undefined for a missing file, and throws any other failure as it is', async () => {
    expect(await fileSizeIfPresent(file)).toBe(5);
    expect(await fileSizeIfPresent(join(root, 'missing.jsonl'))).toBeUndefined();
    await expect(fileSizeIfPresent(join(file, 'below'))).rejects.toMatchObject({ code: 'ENOTDIR' });
  });
});

describe('makePrivateDirectory and removeFiles', () => {
  it('creates missing parents with mode 0700 and accepts an existing folder', async () => {
    const dir = join(root, 'a', 'b');
    await makePrivateDirectory(dir);
    await makePrivateDirectory(dir);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    await expect(makePrivateDirectory(join(file, 'sub'))).rejects.toMatchObject({ code: 'ENOTDIR' });
  });

  it('removes the files given and passes over those already gone', async () => {
    const written = [join(root, 'one.pdf'), join(root, 'two.pdf')];
    for (const path of written) await writeFile(path, 'pdf');
    await removeFiles([...written, join(root, 'never-written.pdf')]);
    for (const path of written) expect(await probePath(path)).toEqual({ state: 'absent' });
  });
});
