import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { discoverDrives } from '../../../src/drives/discover.js';
import { parseDiskutilInfo, parseDiskutilList } from '../../../src/drives/diskutil-parser.js';
import { parseWindowsDrives, POWERSHELL_ARGS } from '../../../src/drives/windows-parser.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/drives/${name}`, import.meta.url), 'utf8');

describe('diskutil-parser', () => {
  it('lists partitions and APFS volumes, not whole disks', () => {
    expect(parseDiskutilList(fixture('diskutil-list.plist'))).toEqual(['disk0s1', 'disk0s2', 'disk3s1', 'disk3s5', 'disk4s1']);
  });

  it('reads a USB stick as a removable volume with its UUID, size and free space', () => {
    expect(parseDiskutilInfo(fixture('diskutil-info-disk4s1.plist'))).toEqual({
      mountPoint: '/Volumes/PW-A',
      device: '/dev/disk4s1',
      diskDevice: '/dev/disk4',
      label: 'PW-A',
      uuid: '3C4D5E6F-1A2B-3C4D-8E9F-0A1B2C3D4E5F',
      fsType: 'msdos',
      serial: null,
      transport: 'usb',
      removable: true,
      sizeBytes: 15997075456,
      freeBytes: 15990000000,
      readOnly: false,
    });
  });

  it('reads the internal system volume as fixed and read-only, and skips unmounted ones', () => {
    expect(parseDiskutilInfo(fixture('diskutil-info-disk3s5.plist'))).toMatchObject({ mountPoint: '/', removable: false, readOnly: true, freeBytes: 210000000000 });
    expect(parseDiskutilInfo(fixture('diskutil-info-disk0s1.plist'))).toBeUndefined();
  });

  it('refuses output that is not a property list', () => {
    expect(() => parseDiskutilList('Could not find disk')).toThrow(/not a property list/);
  });

  it('discovers macOS volumes through diskutil list then info', async () => {
    const calls: string[] = [];
    const volumes = await discoverDrives({
      platform: 'darwin',
      run: async (file, args) => {
        calls.push([file, ...args].join(' '));
        if (args[0] === 'list') return fixture('diskutil-list.plist');
        const id = args[2] as string;
        try {
          return fixture(`diskutil-info-${id}.plist`);
        } catch {
          return fixture('diskutil-info-disk0s1.plist');
        }
      },
    });
    expect(calls[0]).toBe('diskutil list -plist');
    expect(volumes.map((v) => [v.mountPoint, v.removable])).toEqual([
      ['/', false],
      ['/Volumes/PW-A', true],
    ]);
  });
});

describe('windows-parser', () => {
  it('joins disks, partitions and volumes by disk number and drive letter', () => {
    const volumes = parseWindowsDrives(fixture('windows-get-disk-volume.json'));
    expect(volumes.map((v) => [v.mountPoint, v.label, v.removable, v.serial, v.transport])).toEqual([
      ['C:\\', 'Windows', false, '0025_38B5_71B1_2F3C.', 'nvme'],
      ['E:\\', 'MFA-A', true, '4C530001230918115252', 'usb'],
    ]);
    expect(volumes[1]).toMatchObject({ freeBytes: 15370000000, sizeBytes: 15375269888, fsType: 'exFAT', diskDevice: '\\\\.\\PhysicalDrive1' });
  });

  it('handles ConvertTo-Json single objects and numeric enums, and a read-only disk', () => {
    const [volume] = parseWindowsDrives(fixture('windows-single-usb.json'));
    expect(volume).toMatchObject({ mountPoint: 'F:\\', removable: true, transport: 'usb', readOnly: true, serial: 'AA00000000012345' });
  });

  it('runs one fixed PowerShell command and refuses non-JSON output', async () => {
    expect(POWERSHELL_ARGS.slice(0, 3)).toEqual(['-NoProfile', '-NonInteractive', '-Command']);
    expect(() => parseWindowsDrives('Get-Disk : Access denied')).toThrow(/not JSON/);
    const missing = Object.assign(new Error('spawn powershell.exe ENOENT'), { code: 'ENOENT' });
    await expect(discoverDrives({ platform: 'win32', run: () => Promise.reject(missing) })).rejects.toThrow(/PowerShell is not available/);
  });
});
