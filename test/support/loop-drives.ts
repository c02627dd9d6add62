// Real, separate ext4 filesystems as stand-ins for USB drives: image files attached with losetup and
// mounted, as root. Where that is not allowed the tests skip with the reason — and fail in CI.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DiscoveredDrive, DrivesPort } from '../../src/app/ports.js';
import { IN_CI } from './tools.js';

export interface LoopDrive {
  readonly image: string;
  readonly device: string;
  readonly mountPoint: string;
  readonly label: string;
}

/** Why loop drives cannot be made here, or undefined when they can. */
export function loopDrivesUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'not root: losetup and mount need root';
  for (const tool of ['losetup', 'mkfs.ext4', 'mount', 'umount']) {
    if (spawnSync('which', [tool]).status !== 0) return `${tool} is missing (Debian packages mount, e2fsprogs)`;
  }
  const probe = mkdtempSync(join(tmpdir(), 'bg-loop-probe-'));
  try {
    execFileSync('dd', ['if=/dev/zero', `of=${probe}/img`, 'bs=1M', 'count=8', 'status=none']);
    execFileSync('mkfs.ext4', ['-q', '-F', `${probe}/img`]);
    mkdirSync(`${probe}/m`);
    execFileSync('mount', ['-o', 'loop', `${probe}/img`, `${probe}/m`], { stdio: 'pipe' });
    execFileSync('umount', [`${probe}/m`]);
    return undefined;
  } catch (error) {
    return `mounting a loop image is not permitted here (${(error as Error).message.split('\n')[0]})`;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

export const LOOP_UNAVAILABLE = loopDrivesUnavailable();
if (LOOP_UNAVAILABLE && IN_CI) {
  // Make it impossible to miss: the suites using loop drives turn this into a failing test.
  process.stderr.write(`loop drives unavailable in CI: ${LOOP_UNAVAILABLE}\n`);
}

/** `uuid: 'null'` makes a filesystem without a UUID (mkfs.ext4 -U null): a drive nothing can identify. */
export function createLoopDrive(root: string, label: string, sizeMiB = 32, options: { uuid?: string } = {}): LoopDrive {
  const image = join(root, `${label}.img`);
  const mountPoint = join(root, label);
  execFileSync('dd', ['if=/dev/zero', `of=${image}`, 'bs=1M', `count=${sizeMiB}`, 'status=none']);
  execFileSync('mkfs.ext4', ['-q', '-F', '-L', label, ...(options.uuid !== undefined ? ['-U', options.uuid] : []), image]);
  mkdirSync(mountPoint);
  const device = execFileSync('losetup', ['--find', '--show', image], { encoding: 'utf8' }).trim();
  execFileSync('mount', [device, mountPoint]);
  return { image, device, mountPoint, label };
}

export function removeLoopDrive(drive: LoopDrive): void {
  spawnSync('umount', [drive.mountPoint]);
  spawnSync('losetup', ['-d', drive.device]);
}

/** A drives port that reports loop drives as removable USB sticks with stable fake serials. */
export function fakeUsbPort(drives: () => readonly LoopDrive[], overrides: Readonly<Record<string, Partial<DiscoveredDrive>>> = {}): DrivesPort {
  return {
    async list() {
      return drives().map((d) => ({
        mountPoint: d.mountPoint,
        device: d.device,
        label: d.label,
        uuid: null,
        serial: `SERIAL-${d.label}`,
        transport: 'usb',
        removable: true,
        sizeBytes: null,
        freeBytes: null,
        ...overrides[d.label],
      }));
    },
    hotplug: () => ({ active: false, reason: 'test port' }),
  };
}
