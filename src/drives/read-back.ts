// The read-back of an export (FORMAT.md §14): the file on the drive compared with the bytes written, a MiB
// at a time through one buffer — never a second whole copy of a 50 MB store in memory.

import { open, type FileHandle } from 'node:fs/promises';

const READ_BACK_CHUNK = 1 << 20;

/**
 * Whether the file at `path` holds exactly `bytes` (no byte more or less); false when it is missing.
 * Other read errors are thrown as they are, for the caller to word.
 */
export async function readsBackAs(path: string, bytes: Uint8Array): Promise<boolean> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  try {
    const expected = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
    const chunk = Buffer.allocUnsafe(Math.max(1, Math.min(READ_BACK_CHUNK, bytes.length + 1)));
    let position = 0;
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, position);
      if (bytesRead === 0) return position === bytes.length;
      if (position + bytesRead > bytes.length) return false;
      if (!chunk.subarray(0, bytesRead).equals(expected.subarray(position, position + bytesRead))) return false;
      position += bytesRead;
    }
  } finally {
    await handle.close().catch(() => undefined);
  }
}
