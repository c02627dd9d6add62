// Windows: one PowerShell invocation prints disks, partitions and volumes as JSON (Get-Disk, Get-Partition,
// Get-Volume); this joins them into mounted volumes by disk number and drive letter. FORMAT.md §14.3.

import { BreakglassError } from '../errors.js';
import type { MountedVolume } from './lsblk-parser.js';

/** The fixed PowerShell script (no user input in it): run as `powershell -NoProfile -NonInteractive -Command <script>`. */
export const POWERSHELL_SCRIPT = [
  '$ErrorActionPreference = "Stop";',
  '$d = @(Get-Disk | Select-Object Number,SerialNumber,BusType,FriendlyName,Size,IsReadOnly);',
  '$p = @(Get-Partition | Where-Object DriveLetter | Select-Object DiskNumber,DriveLetter,Size);',
  '$v = @(Get-Volume | Where-Object DriveLetter | Select-Object DriveLetter,FileSystemLabel,FileSystem,UniqueId,Size,SizeRemaining,DriveType);',
  '@{ disks = $d; partitions = $p; volumes = $v } | ConvertTo-Json -Depth 4 -Compress',
].join(' ');
export const POWERSHELL_ARGS = ['-NoProfile', '-NonInteractive', '-Command', POWERSHELL_SCRIPT] as const;

type Row = Record<string, unknown>;

/** ConvertTo-Json prints a single item as an object, several as an array, none as null. */
function rows(value: unknown): Row[] {
  if (value === null || value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).filter((r): r is Row => typeof r === 'object' && r !== null);
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);
const number = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
/** BusType and DriveType come as names ("USB", "Removable") or, from older PowerShell, as numbers. */
const BUS_TYPES: Record<number, string> = { 7: 'USB', 11: 'SATA', 17: 'NVMe', 12: 'SD', 13: 'MMC' };
const DRIVE_TYPES: Record<number, string> = { 2: 'Removable', 3: 'Fixed' };

export function parseWindowsDrives(json: string): (MountedVolume & { freeBytes: number | null; readOnly: boolean | null })[] {
  let parsed: Row;
  try {
    parsed = JSON.parse(json.replace(/^\uFEFF/, '')) as Row;
  } catch {
    throw new BreakglassError('DRIVE', 'PowerShell printed something that is not JSON: cannot list drives.');
  }
  if (typeof parsed !== 'object' || parsed === null) throw new BreakglassError('DRIVE', 'PowerShell printed unexpected JSON: cannot list drives.');
  const disks = new Map(rows(parsed.disks).map((d) => [number(d.Number), d] as const));
  const diskOfLetter = new Map(rows(parsed.partitions).map((p) => [text(p.DriveLetter)?.toUpperCase(), number(p.DiskNumber)] as const));
  return rows(parsed.volumes).flatMap((volume) => {
    const letter = text(volume.DriveLetter)?.toUpperCase();
    if (!letter) return [];
    const disk = disks.get(diskOfLetter.get(letter) ?? null);
    const busRaw = disk?.BusType;
    const bus = typeof busRaw === 'number' ? (BUS_TYPES[busRaw] ?? String(busRaw)) : text(busRaw);
    const driveRaw = volume.DriveType;
    const driveType = typeof driveRaw === 'number' ? (DRIVE_TYPES[driveRaw] ?? String(driveRaw)) : text(driveRaw);
    return [
      {
        mountPoint: `${letter}:\\`,
        device: `${letter}:`,
        diskDevice: disk ? `\\\\.\\PhysicalDrive${number(disk.Number)}` : `${letter}:`,
        label: text(volume.FileSystemLabel),
        uuid: text(volume.UniqueId),
        fsType: text(volume.FileSystem),
        serial: text(disk?.SerialNumber),
        transport: bus ? bus.toLowerCase() : null,
        removable: driveType === 'Removable' || bus === 'USB' || bus === 'SD' || bus === 'MMC',
        sizeBytes: number(volume.Size),
        freeBytes: number(volume.SizeRemaining),
        readOnly: typeof disk?.IsReadOnly === 'boolean' ? disk.IsReadOnly : null,
      },
    ];
  });
}
