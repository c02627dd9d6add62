import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LSBLK_ARGS, parseLsblk } from '../../../src/drives/lsblk-parser.js';
import { discoverDrives } from '../../../src/drives/discover.js';
import { BreakglassError } from '../../../src/errors.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/drives/${name}`, import.meta.url), 'utf8');

describe('lsblk-parser', () => {
  it('lists mounted partitions of USB sticks as removable, with the disk serial inherited', () => {
    const volumes = parseLsblk(fixture('lsblk-two-usb-sticks.json'));
    expect(volumes.map((v) => [v.mountPoint, v.removable, v.serial, v.transport, v.label])).toEqual([
      ['/boot/efi', false, 'S4EWNX0R123456', 'nvme', null],
      ['/', false, 'S4EWNX0R123456', 'nvme', null],
      ['/media/custodian/PW-A', true, '4C530001230918115252', 'usb', 'PW-A'],
      ['/media/custodian/MFA-A', true, 'AA00000000012345', 'usb', 'MFA-A'],
    ]);
    expect(volumes[2]).toMatchObject({ device: '/dev/sda1', diskDevice: '/dev/sda', uuid: '1f2e3d4c-5b6a-4789-8abc-def012345678', sizeBytes: 8589934592, fsType: 'ext4' });
  });

  it('reads old util-linux output: "0"/"1" flags, a single mountpoint, human sizes, no swap', () => {
    const volumes = parseLsblk(fixture('lsblk-old-util-linux.json'));
    expect(volumes.map((v) => [v.mountPoint, v.removable])).toEqual([
      ['/', false],
      ['/run/media/ops/PW-B', true],
      ['/media/sd', false],
    ]);
    expect(volumes[1]?.sizeBytes).toBe(Math.round(14.9 * 1024 ** 3));
  });

  it('lists loop-mounted images (the test stand-ins for USB drives) as removable "loop" volumes', () => {
    const volumes = parseLsblk(fixture('lsblk-loop-images.json'));
    expect(volumes.map((v) => [v.mountPoint, v.transport, v.removable])).toEqual([
      ['/tmp/bg-drives-x/PW-A', 'loop', true],
      ['/tmp/bg-drives-x/MFA-A', 'loop', true],
    ]);
  });

  it('parses the output captured on this CI machine, which has no removable drive', () => {
    const volumes = parseLsblk(fixture('lsblk-ci-machine.json'));
    expect(volumes.every((v) => !v.removable || v.transport === 'loop')).toBe(true);
    expect(volumes.some((v) => v.mountPoint === '/')).toBe(true);
  });

  it('refuses output that is not lsblk JSON with a DRIVE error', () => {
    expect(() => parseLsblk('NAME MAJ:MIN RM')).toThrow(/not JSON/);
    expect(() => parseLsblk('{"devices":[]}')).toThrow(BreakglassError);
  });

  it('runs lsblk with a fixed argv and names util-linux when it is missing', async () => {
    const calls: [string, readonly string[]][] = [];
    const volumes = await discoverDrives({
      platform: 'linux',
      run: async (file, args) => {
        calls.push([file, args]);
        return fixture('lsblk-two-usb-sticks.json');
      },
    });
    expect(calls).toEqual([['lsblk', LSBLK_ARGS]]);
    expect(volumes).toHaveLength(4);
    const missing = Object.assign(new Error('spawn lsblk ENOENT'), { code: 'ENOENT' });
    await expect(discoverDrives({ platform: 'linux', run: async () => Promise.reject(missing) })).rejects.toThrow(/install the Debian package util-linux/);
  });
});
