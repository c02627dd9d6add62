import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { prepareShareDir, writeIssuedShares } from '../../../src/cli/share-files.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'bg-share-files-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('share-files', () => {
  it('creates a missing shares directory 0700 and accepts it again while it is empty', async () => {
    const dir = join(root, 'new', 'shares');
    expect(await prepareShareDir(dir)).toBe(dir);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    await expect(prepareShareDir(dir)).resolves.toBe(dir);
  });

  it('says the shares are lost and what to do when writing fails after the store changed', async () => {
    await writeFile(join(root, 'a-file'), 'not a directory');
    const failed = writeIssuedShares(join(root, 'a-file', 'shares'), [], 'Put FILE.prev back.');
    await expect(failed).rejects.toMatchObject({ code: 'IO' });
    await expect(failed).rejects.toThrow(/WAS saved, but its new shares could not all be written to .*a-file\/shares \(Cannot prepare .*\): those shares are lost.*Put FILE\.prev back\.$/);
  });
});
