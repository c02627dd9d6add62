// Lists mounted drives: runs lsblk (and blkid where lsblk lacks a UUID), diskutil or PowerShell with a
// fixed argv (no shell), parses the output and adds free space from the filesystem. FORMAT.md §14.3–§14.4.

import { execFile } from 'node:child_process';
import { readdir, realpath, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import { BreakglassError } from '../errors.js';
import { blkidCacheArgs, blkidProbeArgs, parseBlkidExport, type FilesystemIdentity } from './blkid-parser.js';
import { DISKUTIL_LIST_ARGS, diskutilInfoArgs, parseDiskutilInfo, parseDiskutilList } from './diskutil-parser.js';
import { LSBLK_ARGS, parseLsblk, type MountedVolume } from './lsblk-parser.js';
import { POWERSHELL_ARGS, parseWindowsDrives } from './windows-parser.js';

export type CommandRunner = (file: string, args: readonly string[]) => Promise<string>;

export interface DiscoveredVolume extends MountedVolume {
  readonly freeBytes: number | null;
  readonly readOnly: boolean | null;
}

export const runCommand: CommandRunner = (file, args) =>
  new Promise((resolve, reject) => {
    execFile(file, [...args], { timeout: 10_000, maxBuffer: 8 * 1024 * 1024, env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LC_ALL: 'C' } }, (error, stdout) => {
      if (error) reject(error);
      else resolve(stdout);
    });
  });

function toolMissing(tool: string, error: unknown, hint: string): BreakglassError {
  const code = (error as NodeJS.ErrnoException).code;
  return new BreakglassError(
    'DRIVE',
    code === 'ENOENT' ? `${tool} is not available: ${hint}` : `${tool} failed (${(error as Error).message.split('\n')[0]}): cannot list drives.`,
  );
}

async function discoverMac(run: CommandRunner): Promise<DiscoveredVolume[]> {
  let ids: string[];
  try {
    ids = parseDiskutilList(await run('diskutil', DISKUTIL_LIST_ARGS));
  } catch (error) {
    if (error instanceof BreakglassError) throw error;
    throw toolMissing('diskutil', error, 'it is part of macOS; check PATH.');
  }
  const volumes: DiscoveredVolume[] = [];
  for (const id of ids) {
    const volume = parseDiskutilInfo(await run('diskutil', diskutilInfoArgs(id)));
    if (volume) volumes.push(volume);
  }
  return volumes;
}

async function discoverWindows(run: CommandRunner): Promise<DiscoveredVolume[]> {
  try {
    return parseWindowsDrives(await run('powershell.exe', POWERSHELL_ARGS));
  } catch (error) {
    if (error instanceof BreakglassError) throw error;
    throw toolMissing('PowerShell', error, 'Windows PowerShell 5.1 or later is needed to list drives.');
  }
}

/** UUID → device, from udev's /dev/disk/by-uuid links (absent in containers). */
async function uuidsByDevice(byUuidDir: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  let names: string[];
  try {
    names = await readdir(byUuidDir);
  } catch {
    return found;
  }
  for (const name of names) {
    try {
      found.set(await realpath(join(byUuidDir, name)), name);
    } catch {
      // a dangling link: the device is gone
    }
  }
  return found;
}

/**
 * Where lsblk could not read a volume's filesystem UUID (no udev database: containers, minimal systems),
 * asks blkid — a low-level probe of the device, else blkid's cache — then /dev/disk/by-uuid. Without a
 * UUID or a disk serial the register could not recognise the drive again, and export refuses it.
 */
async function withFilesystemIdentity(volumes: MountedVolume[], run: CommandRunner, byUuidDir: string): Promise<MountedVolume[]> {
  if (volumes.every((v) => v.uuid !== null)) return volumes;
  let links: Map<string, string> | undefined;
  const probed = new Map<string, FilesystemIdentity | null>();
  const identify = async (device: string): Promise<FilesystemIdentity | null> => {
    let argvs: (readonly string[])[];
    try {
      argvs = [blkidProbeArgs(device), blkidCacheArgs(device)];
    } catch {
      return null; // not a /dev path blkid could be given safely
    }
    for (const args of argvs) {
      try {
        const identity = parseBlkidExport(await run('blkid', args));
        if (identity.uuid !== null) return identity;
      } catch {
        // not readable by this user, or blkid missing: try the next source
      }
    }
    links ??= await uuidsByDevice(byUuidDir);
    const uuid = links.get(device);
    return uuid === undefined ? null : { uuid, label: null, fsType: null };
  };
  const result: MountedVolume[] = [];
  for (const volume of volumes) {
    if (volume.uuid !== null) {
      result.push(volume);
      continue;
    }
    if (!probed.has(volume.device)) probed.set(volume.device, await identify(volume.device));
    const identity = probed.get(volume.device);
    result.push(
      identity
        ? { ...volume, uuid: identity.uuid, label: volume.label ?? identity.label, fsType: volume.fsType ?? identity.fsType }
        : volume,
    );
  }
  return result;
}

/** Mounted volumes of this machine: lsblk (Linux, with blkid for what lsblk could not read), diskutil (macOS), PowerShell (Windows). */
export async function discoverDrives(
  options: { platform?: NodeJS.Platform; run?: CommandRunner; byUuidDir?: string } = {},
): Promise<DiscoveredVolume[]> {
  const platform = options.platform ?? process.platform;
  const run = options.run ?? runCommand;
  if (platform === 'darwin') return discoverMac(run);
  if (platform === 'win32') return discoverWindows(run);
  if (platform !== 'linux') {
    throw new BreakglassError('DRIVE', `Drive discovery on ${platform} is not available: give the drive's mount point by hand.`, {
      action: { kind: 'give-mount-point' },
    });
  }
  let output: string;
  try {
    output = await run('lsblk', LSBLK_ARGS);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new BreakglassError(
      'DRIVE',
      code === 'ENOENT'
        ? 'lsblk is not installed: install the Debian package util-linux to list drives.'
        : `lsblk failed (${(error as Error).message.split('\n')[0]}): cannot list drives.`,
    );
  }
  const volumes = await withFilesystemIdentity(parseLsblk(output), run, options.byUuidDir ?? '/dev/disk/by-uuid');
  return Promise.all(
    volumes.map(async (volume) => {
      try {
        const space = await filesystemSpace(volume.mountPoint);
        return { ...volume, freeBytes: space.freeBytes, sizeBytes: volume.sizeBytes ?? space.sizeBytes, readOnly: null };
      } catch {
        return { ...volume, freeBytes: null, readOnly: null };
      }
    }),
  );
}

/** The size and the space free for an unprivileged writer of the filesystem mounted at `mountPoint`. */
export async function filesystemSpace(mountPoint: string): Promise<{ sizeBytes: number; freeBytes: number }> {
  const info = await statfs(mountPoint);
  return { sizeBytes: Number(info.blocks) * Number(info.bsize), freeBytes: Number(info.bavail) * Number(info.bsize) };
}
