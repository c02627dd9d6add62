// Parses `lsblk -J -b -p -o NAME,TRAN,RM,HOTPLUG,SERIAL,UUID,LABEL,FSTYPE,SIZE,MOUNTPOINTS` into mounted
// volumes: serial and transport live on the disk, mount points on its partitions. FORMAT.md §14.3.

import { BreakglassError } from '../errors.js';

/** The fixed argv for lsblk: JSON, sizes in bytes, full device paths. */
export const LSBLK_ARGS = ['-J', '-b', '-p', '-o', 'NAME,TRAN,RM,HOTPLUG,SERIAL,UUID,LABEL,FSTYPE,SIZE,MOUNTPOINTS'] as const;

/** One mounted filesystem: the unit a store is exported to. */
export interface MountedVolume {
  readonly mountPoint: string;
  readonly device: string;
  readonly diskDevice: string;
  readonly label: string | null;
  readonly uuid: string | null;
  readonly fsType: string | null;
  readonly serial: string | null;
  readonly transport: string | null;
  /** Removable media, a hot-plug disk (USB, SD), or a loop-mounted image (detachable; tests use them). */
  readonly removable: boolean;
  readonly sizeBytes: number | null;
}

interface LsblkNode {
  name?: unknown;
  tran?: unknown;
  rm?: unknown;
  hotplug?: unknown;
  serial?: unknown;
  uuid?: unknown;
  label?: unknown;
  fstype?: unknown;
  size?: unknown;
  mountpoints?: unknown;
  mountpoint?: unknown;
  children?: unknown;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** util-linux prints booleans as true/false (2.37+) or "0"/"1" (older). */
function flag(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 'true';
}

/** Bytes with -b; older or hand-run output may carry "14.9G"-style sizes. */
function bytes(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value !== 'string') return null;
  const match = /^(\d+(?:[.,]\d+)?)([BKMGTP]?)$/i.exec(value.trim());
  if (!match) return null;
  const scale = { '': 1, B: 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4, P: 1024 ** 5 }[(match[2] ?? '').toUpperCase()] ?? 1;
  return Math.round(Number((match[1] as string).replace(',', '.')) * scale);
}

function mountPoints(node: LsblkNode): string[] {
  const list = Array.isArray(node.mountpoints) ? node.mountpoints : [node.mountpoint];
  return list.filter((m): m is string => typeof m === 'string' && m !== '' && !m.startsWith('[')).filter((m) => m !== '[SWAP]');
}

export function parseLsblk(json: string): MountedVolume[] {
  let parsed: { blockdevices?: unknown };
  try {
    parsed = JSON.parse(json) as { blockdevices?: unknown };
  } catch {
    throw new BreakglassError('DRIVE', 'lsblk printed something that is not JSON: cannot list drives. Use a util-linux with `lsblk -J` (2.27 or later).');
  }
  if (!Array.isArray(parsed?.blockdevices)) {
    throw new BreakglassError('DRIVE', 'lsblk output has no "blockdevices" list: cannot list drives.');
  }
  const volumes: MountedVolume[] = [];
  const visit = (node: LsblkNode, disk: LsblkNode): void => {
    const device = text(node.name) ?? '?';
    const isLoop = /^\/dev\/loop\d+$/.test(text(disk.name) ?? '');
    const transport = text(disk.tran) ?? (isLoop ? 'loop' : null);
    for (const mountPoint of mountPoints(node)) {
      volumes.push({
        mountPoint,
        device,
        diskDevice: text(disk.name) ?? device,
        label: text(node.label),
        uuid: text(node.uuid),
        fsType: text(node.fstype),
        serial: text(disk.serial),
        transport,
        removable: isLoop || flag(disk.rm) || flag(disk.hotplug) || flag(node.rm) || flag(node.hotplug) || transport === 'usb' || transport === 'mmc',
        sizeBytes: bytes(node.size),
      });
    }
    if (Array.isArray(node.children)) for (const child of node.children as LsblkNode[]) visit(child, disk);
  };
  for (const disk of parsed.blockdevices as LsblkNode[]) {
    if (disk && typeof disk === 'object') visit(disk, disk);
  }
  return volumes;
}
