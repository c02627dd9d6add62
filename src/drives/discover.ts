// Lists mounted drives on this workstation: runs the platform's tool with a fixed argv (no shell), parses
// it, and adds free space from the filesystem. Linux: lsblk. Issue: drives, discovery.

import { execFile } from 'node:child_process';
import { statfs } from 'node:fs/promises';
import { BreakglassError } from '../errors.js';
import { LSBLK_ARGS, parseLsblk, type MountedVolume } from './lsblk-parser.js';

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

/** Mounted volumes of this machine (Linux). Other platforms: a clear DRIVE error for now. */
export async function discoverDrives(options: { platform?: NodeJS.Platform; run?: CommandRunner } = {}): Promise<DiscoveredVolume[]> {
  const platform = options.platform ?? process.platform;
  const run = options.run ?? runCommand;
  if (platform !== 'linux') {
    throw new BreakglassError('DRIVE', `Drive discovery on ${platform} is not available in this build: give the drive's mount point with --drive and --allow-fixed.`);
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
