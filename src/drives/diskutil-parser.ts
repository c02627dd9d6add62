// macOS: parses `diskutil list -plist` (which volumes exist) and `diskutil info -plist DISK` (one volume's
// mount point, UUID, label, size, free space, bus and removability). FORMAT.md §14.3.

import * as plist from 'plist';
import { BreakglassError } from '../errors.js';
import type { MountedVolume } from './lsblk-parser.js';

export const DISKUTIL_LIST_ARGS = ['list', '-plist'] as const;
export const diskutilInfoArgs = (device: string): readonly string[] => ['info', '-plist', device];

type Dict = Record<string, unknown>;

function parsePlist(xml: string, what: string): Dict {
  let value: unknown;
  try {
    value = plist.parse(xml);
  } catch {
    throw new BreakglassError('DRIVE', `diskutil ${what} printed something that is not a property list: cannot list drives.`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BreakglassError('DRIVE', `diskutil ${what} printed an unexpected property list: cannot list drives.`);
  }
  return value as Dict;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);
const number = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/** The device identifiers of every partition and APFS volume (disk4s1, …), whole disks excluded. */
export function parseDiskutilList(xml: string): string[] {
  const root = parsePlist(xml, 'list');
  const disks = Array.isArray(root.AllDisksAndPartitions) ? (root.AllDisksAndPartitions as Dict[]) : [];
  const ids: string[] = [];
  for (const disk of disks) {
    for (const key of ['Partitions', 'APFSVolumes']) {
      for (const part of Array.isArray(disk[key]) ? (disk[key] as Dict[]) : []) {
        const id = text(part.DeviceIdentifier);
        if (id) ids.push(id);
      }
    }
    if (!Array.isArray(disk.Partitions) && text(disk.MountPoint) && text(disk.DeviceIdentifier)) ids.push(text(disk.DeviceIdentifier) as string);
  }
  return [...new Set(ids)];
}

/** One volume from `diskutil info -plist`, or undefined when it is not mounted. */
export function parseDiskutilInfo(xml: string): (MountedVolume & { freeBytes: number | null; readOnly: boolean | null }) | undefined {
  const info = parsePlist(xml, 'info');
  const mountPoint = text(info.MountPoint);
  if (!mountPoint) return undefined;
  const device = `/dev/${text(info.DeviceIdentifier) ?? '?'}`;
  const bus = text(info.BusProtocol);
  const internal = info.Internal === true;
  const removable = info.RemovableMedia === true || info.Removable === true || info.Ejectable === true || (bus === 'USB' && !internal);
  return {
    mountPoint,
    device,
    diskDevice: `/dev/${text(info.ParentWholeDisk) ?? text(info.DeviceIdentifier) ?? '?'}`,
    label: text(info.VolumeName),
    uuid: text(info.VolumeUUID) ?? text(info.DiskUUID),
    fsType: text(info.FilesystemType),
    // diskutil does not report the USB serial; the filesystem UUID and the drive marker identify it.
    serial: null,
    transport: bus ? bus.toLowerCase() : null,
    removable,
    sizeBytes: number(info.TotalSize) ?? number(info.Size),
    freeBytes: number(info.FreeSpace) ?? number(info.APFSContainerFree),
    readOnly: typeof info.WritableVolume === 'boolean' ? !info.WritableVolume : null,
  };
}
