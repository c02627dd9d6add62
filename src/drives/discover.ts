// Lists mounted drives on this workstation: runs the platform's tool with a fixed argv (no shell), parses
// it, and adds free space from the filesystem: lsblk, diskutil or PowerShell. Issue: drives, discovery.

import { execFile } from 'node:child_process';
import { statfs } from 'node:fs/promises';
import { BreakglassError } from '../errors.js';
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

/** Mounted volumes of this machine: lsblk (Linux), diskutil (macOS), PowerShell (Windows). */
export async function discoverDrives(options: { platform?: NodeJS.Platform; run?: CommandRunner } = {}): Promise<DiscoveredVolume[]> {
  const platform = options.platform ?? process.platform;
  const run = options.run ?? runCommand;
  if (platform === 'darwin') return discoverMac(run);
  if (platform === 'win32') return discoverWindows(run);
  if (platform !== 'linux') {
    throw new BreakglassError('DRIVE', `Drive discovery on ${platform} is not available: give the drive's mount point with --drive and --allow-fixed.`);
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
  const volumes = parseLsblk(output);
  return Promise.all(
    volumes.map(async (volume) => {
      try {
        const info = await statfs(volume.mountPoint);
        return { ...volume, freeBytes: Number(info.bavail) * Number(info.bsize), sizeBytes: volume.sizeBytes ?? Number(info.blocks) * Number(info.bsize), readOnly: null };
      } catch {
        return { ...volume, freeBytes: null, readOnly: null };
      }
    }),
  );
}
