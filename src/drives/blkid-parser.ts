// Parses `blkid -p -o export DEVICE` (KEY=value lines) for a filesystem's UUID, label and type: the
// fallback where lsblk has no udev database to read them from (containers, minimal systems). FORMAT.md §14.3.

/** The fixed argv for a low-level probe of one device (no cache: the identity is read from the medium). */
export function blkidProbeArgs(device: string): readonly string[] {
  return ['-p', '-o', 'export', checkDevicePath(device)];
}

/** The same through blkid's cache, for users who may not read the device itself. */
export function blkidCacheArgs(device: string): readonly string[] {
  return ['-o', 'export', checkDevicePath(device)];
}

/** A device path from lsblk -p: /dev/…, never something blkid could take for an option. */
export function checkDevicePath(device: string): string {
  if (typeof device !== 'string' || !/^\/dev\/[\w./:+-]+$/.test(device) || device.includes('..')) {
    throw new RangeError(`device must be a /dev path, got ${JSON.stringify(device)}`);
  }
  return device;
}

export interface FilesystemIdentity {
  readonly uuid: string | null;
  readonly label: string | null;
  readonly fsType: string | null;
}

/** blkid's export format escapes with backslashes (`LABEL=PW\ A`); values are one line each. */
function unescape(value: string): string {
  return value.replace(/\\(.)/g, '$1');
}

/**
 * UUID, LABEL and TYPE from `blkid -o export` output. A partition table's PTUUID is not a filesystem
 * UUID and is ignored; a missing key is null.
 */
export function parseBlkidExport(output: string): FilesystemIdentity {
  const fields = new Map<string, string>();
  for (const line of output.split('\n')) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (match && !fields.has(match[1] as string)) fields.set(match[1] as string, unescape(match[2] as string).trim());
  }
  const text = (key: string): string | null => {
    const value = fields.get(key);
    return value === undefined || value === '' ? null : value;
  };
  return { uuid: text('UUID'), label: text('LABEL'), fsType: text('TYPE') };
}
