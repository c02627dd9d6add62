// A file given as a store is judged from its fixed header before it is read whole: a 200 MB random file,
// a header that declares more than the file holds, or trailing bytes cost a few reads. FORMAT.md §2.4.

import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseContainer } from '../../../src/crypto/container.js';
import { readStoreFile } from '../../../src/stores/files.js';
import { errorOf } from '../../support/errors.js';
import { seededRng } from '../../support/ports.js';
import { buildVault } from '../../support/stores.js';
import { patchU32 } from '../../support/tamper.js';

/** Every byte the code under test reads from disk, whichever fs/promises call it uses. */
const tally = vi.hoisted(() => ({ bytes: 0, wholeFileReads: 0 }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const open: typeof real.open = async (...args: Parameters<typeof real.open>) => {
    const handle = await real.open(...args);
    const read = handle.read.bind(handle) as (...a: unknown[]) => Promise<{ bytesRead: number; buffer: unknown }>;
    (handle as unknown as { read: unknown }).read = async (...a: unknown[]) => {
      const result = await read(...a);
      tally.bytes += result.bytesRead;
      return result;
    };
    const readWhole = handle.readFile.bind(handle) as (...a: unknown[]) => Promise<Buffer>;
    (handle as unknown as { readFile: unknown }).readFile = async (...a: unknown[]) => {
      tally.wholeFileReads += 1;
      const bytes = await readWhole(...a);
      tally.bytes += bytes.length;
      return bytes;
    };
    return handle;
  };
  const readFile = (async (...args: Parameters<typeof real.readFile>) => {
    tally.wholeFileReads += 1;
    const bytes = (await real.readFile(...args)) as Buffer;
    tally.bytes += bytes.length;
    return bytes;
  }) as typeof real.readFile;
  return { ...real, default: { ...real, open, readFile }, open, readFile };
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bg-files-sec-'));
  tally.bytes = 0;
  tally.wholeFileReads = 0;
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const MB = 1024 * 1024;

async function sampleVault(): Promise<Uint8Array> {
  return (await buildVault({ rng: seededRng('files security'), nowMs: Date.UTC(2026, 10, 22), passphrase: 'files security passphrase' })).bytes;
}

describe('readStoreFile', () => {
  it('refuses a 200 MB random file from its first bytes, without reading it whole', async () => {
    const path = join(dir, 'random.bgv');
    await writeFile(path, randomBytes(MB));
    await truncate(path, 200 * MB);
    const error = await errorOf(readStoreFile(path));
    expect(error.code).toBe('FORMAT');
    expect(error.message).toMatch(/not a Breakglass store/);
    expect(tally.wholeFileReads).toBe(0);
    expect(tally.bytes).toBeLessThanOrEqual(16);
  });

  it('refuses a header that declares more than the file holds, reading only the header fields', async () => {
    const vault = await sampleVault();
    const path = join(dir, 'declares-more.bgv');
    const headerLength = new DataView(vault.buffer, vault.byteOffset + 12, 4).getUint32(0);
    // Declares a 300 MB payload in a file of a few KB.
    await writeFile(path, patchU32(vault, headerLength - 4, 300 * MB));
    const error = await errorOf(readStoreFile(path));
    expect(error.code).toBe('TRUNCATED');
    expect(error.message).toMatch(/header declares/);
    expect(tally.wholeFileReads).toBe(0);
    expect(tally.bytes).toBeLessThanOrEqual(20);
  });

  it('refuses a store followed by 150 MB of trailing bytes without reading them', async () => {
    const vault = await sampleVault();
    const path = join(dir, 'trailing.bgv');
    await writeFile(path, vault);
    await truncate(path, vault.length + 150 * MB);
    const error = await errorOf(readStoreFile(path));
    expect(error.code).toBe('FORMAT');
    expect(error.message).toMatch(/unexpected bytes at its end/);
    expect(tally.bytes).toBeLessThan(vault.length + 64);
  });

  it('gives the same verdict as parseContainer for a damaged header length, read from the prefix alone', async () => {
    const vault = await sampleVault();
    const path = join(dir, 'bad-length.bgv');
    const damaged = patchU32(vault, 12, 40);
    await writeFile(path, damaged);
    const error = await errorOf(readStoreFile(path));
    expect(error.code).toBe('INTEGRITY');
    expect(() => parseContainer(damaged)).toThrow(/header length field \(40\) is impossible/);
    expect(error.message).toMatch(/header length field \(40\) is impossible/);
    expect(tally.bytes).toBeLessThanOrEqual(16);
  });

  it('reads a real store whole and unchanged', async () => {
    const vault = await sampleVault();
    const path = join(dir, 'password-vault.bgv');
    await writeFile(path, vault);
    expect(await readStoreFile(path)).toEqual(vault);
    expect(parseContainer(await readStoreFile(path), 'password-vault').header.generation).toBe(1);
  });
});
