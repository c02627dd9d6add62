// The scans a custodian names by path (a share sheet, the pages of a paper backup), read whole, with the
// refusal that names the file that is missing or unreadable. FORMAT.md §13.5.

import { BreakglassError } from '../errors.js';
import { readFileIfPresent } from '../stores/files.js';

export async function readScanFile(name: string): Promise<Uint8Array> {
  const read = await readFileIfPresent(name);
  if (read.state === 'read') return read.bytes;
  throw new BreakglassError(
    'NOT_FOUND',
    read.state === 'absent' ? `The scan ${name} does not exist: check the file name.` : `Cannot read the scan ${name} (${read.reason}): check the file.`,
  );
}
