import { readFileSync } from 'node:fs';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blkidCacheArgs, blkidProbeArgs, checkDevicePath, parseBlkidExport } from '../../../src/drives/blkid-parser.js';
import { discoverDrives } from '../../../src/drives/discover.js';
import { LSBLK_ARGS } from '../../../src/drives/lsblk-parser.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/drives/${name}`, import.meta.url), 'utf8');

describe('blkid-parser', () => {
  it('reads UUID, LABEL and TYPE of a loop-mounted ext4 image (blkid -p -o export)', () => {
    expect(parseBlkidExport(fixture('blkid-export-loop-ext4.txt'))).toEqual({ uuid: '27e473e2-daed-4fe6-af28-988ea35d8076', label: 'PW-A', fsType: 'ext4' });
  });

  it('unescapes a label with spaces and ignores partition-entry keys', () => {
    expect(parseBlkidExport(fixture('blkid-export-vfat-spaces.txt'))).toEqual({ uuid: '7A1B-2C3D', label: 'MFA B OFF', fsType: 'vfat' });
  });

  it('gives null for a device without a filesystem (a partition table UUID is not a filesystem UUID)', () => {
    expect(parseBlkidExport(fixture('blkid-export-no-filesystem.txt'))).toEqual({ uuid: null, label: null, fsType: null });
    expect(parseBlkidExport('')).toEqual({ uuid: null, label: null, fsType: null });
  });

  it('builds a fixed argv only for /dev paths, never something blkid could read as an option', () => {
    expect(blkidProbeArgs('/dev/loop0')).toEqual(['-p', '-o', 'export', '/dev/loop0']);
    expect(blkidCacheArgs('/dev/mapper/usb-1')).toEqual(['-o', 'export', '/dev/mapper/usb-1']);
    for (const bad of ['-p', 'loop0', '/dev/../etc/passwd', '/dev/sda 1', '/tmp/x']) expect(() => checkDevicePath(bad)).toThrow(RangeError);
  });
});

describe('discoverDrives with blkid', () => {
  const loops = fixture('lsblk-loop-images.json');

  it('asks blkid for the UUID and label lsblk could not read (no udev database)', async () => {
    const calls: [string, readonly string[]][] = [];
    const volumes = await discoverDrives({
      platform: 'linux',
      byUuidDir: '/nonexistent',
      run: async (file, args) => {
        calls.push([file, args]);
        if (file === 'lsblk') return loops;
        const device = args.at(-1);
        return device === '/dev/loop0' ? fixture('blkid-export-loop-ext4.txt') : 'DEVNAME=/dev/loop1\nUUID=11111111-2222-3333-4444-555555555555\nTYPE=ext4\n';
      },
    });
    expect(calls).toEqual([
      ['lsblk', LSBLK_ARGS],
      ['blkid', ['-p', '-o', 'export', '/dev/loop0']],
      ['blkid', ['-p', '-o', 'export', '/dev/loop1']],
    ]);
    expect(volumes.map((v) => [v.mountPoint, v.uuid, v.label, v.fsType])).toEqual([
      ['/tmp/bg-drives-x/PW-A', '27e473e2-daed-4fe6-af28-988ea35d8076', 'PW-A', 'ext4'],
      ['/tmp/bg-drives-x/MFA-A', '11111111-2222-3333-4444-555555555555', null, 'ext4'],
    ]);
  });

  it('falls back to blkid’s cache, then /dev/disk/by-uuid, and leaves the UUID null when nothing knows it', async () => {
    const byUuid = await mkdtemp(join(tmpdir(), 'bg-by-uuid-'));
    try {
      await symlink('/dev/null', join(byUuid, 'abcd-1234'));
      const lsblk = JSON.stringify({
        blockdevices: [
          { name: '/dev/null', tran: 'usb', rm: true, serial: null, uuid: null, label: null, mountpoints: ['/media/a'] },
          { name: '/dev/zero', tran: 'usb', rm: true, serial: null, uuid: null, label: null, mountpoints: ['/media/b'] },
        ],
      });
      const calls: string[] = [];
      const volumes = await discoverDrives({
        platform: 'linux',
        byUuidDir: byUuid,
        run: async (file, args) => {
          calls.push([file, ...args].join(' '));
          if (file === 'lsblk') return lsblk;
          throw Object.assign(new Error('blkid: Permission denied'), { code: 2 });
        },
      });
      expect(calls.slice(1)).toEqual(['blkid -p -o export /dev/null', 'blkid -o export /dev/null', 'blkid -p -o export /dev/zero', 'blkid -o export /dev/zero']);
      expect(volumes.map((v) => [v.mountPoint, v.uuid])).toEqual([
        ['/media/a', 'abcd-1234'],
        ['/media/b', null],
      ]);
    } finally {
      await rm(byUuid, { recursive: true, force: true });
    }
  });

  it('does not run blkid when lsblk already gave every mounted volume a UUID', async () => {
    const calls: string[] = [];
    await discoverDrives({
      platform: 'linux',
      run: async (file) => {
        calls.push(file);
        return fixture('lsblk-two-usb-sticks.json');
      },
    });
    expect(calls).toEqual(['lsblk']);
  });
});
