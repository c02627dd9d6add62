// The export's read-back: equal only when the file holds exactly the bytes written — a byte changed in a
// later MiB, a file cut short or grown by a byte, a missing file all compare unequal — and it reads through
// one MiB buffer, so a changed byte past the first chunk is still caught.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readsBackAs } from '../../../src/drives/read-back.js';

let dir: string;
const bytes = new Uint8Array(3 * (1 << 20) + 12_345).map((_, i) => (i * 31 + 7) & 0xff);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bg-read-back-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, content: Uint8Array): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

describe('readsBackAs', () => {
  it('is true for the same bytes, of any length including none', async () => {
    expect(await readsBackAs(await file('same', bytes), bytes)).toBe(true);
    expect(await readsBackAs(await file('empty', new Uint8Array()), new Uint8Array())).toBe(true);
    expect(await readsBackAs(await file('one', Uint8Array.of(9)), Uint8Array.of(9))).toBe(true);
    // A view into a larger buffer compares by its own bytes.
    const view = bytes.subarray(1000, 5000);
    expect(await readsBackAs(await file('view', view.slice()), view)).toBe(true);
  });

  it('is false for a byte changed past the first MiB, at the very end, a file cut short, a file a byte longer, or no file', async () => {
    const changed = bytes.slice();
    const at = 2 * (1 << 20) + 17;
    changed[at] = (changed[at] as number) ^ 0x01;
    expect(await readsBackAs(await file('changed', changed), bytes)).toBe(false);
    const last = bytes.slice();
    last[last.length - 1] = (last[last.length - 1] as number) ^ 0x80;
    expect(await readsBackAs(await file('last', last), bytes)).toBe(false);
    expect(await readsBackAs(await file('short', bytes.subarray(0, bytes.length - 1)), bytes)).toBe(false);
    expect(await readsBackAs(await file('long', Uint8Array.from([...bytes.subarray(0, 10), 0])), bytes.subarray(0, 10))).toBe(false);
    expect(await readsBackAs(await file('grown', new Uint8Array([...bytes, 0])), bytes)).toBe(false);
    expect(await readsBackAs(join(dir, 'missing'), bytes)).toBe(false);
  });

  it('throws a read error other than a missing file for its caller to word', async () => {
    await expect(readsBackAs(dir, bytes)).rejects.toThrow(/EISDIR|illegal operation on a directory/);
  });
});
