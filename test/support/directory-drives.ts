// Plain directories as removable USB drives, for tests that need no root: drive NAME is reported as
// /dev/fake-NAME with serial SN-NAME, mounted wherever `mountPointOf(NAME)` says.

import type { DrivesPort } from '../../src/app/ports.js';

export function directoryDrivesPort(mountPointOf: (name: string) => string, names: readonly string[]): DrivesPort {
  return {
    async list() {
      return names.map((name) => ({
        mountPoint: mountPointOf(name),
        device: `/dev/fake-${name}`,
        label: name,
        uuid: null,
        serial: `SN-${name}`,
        transport: 'usb',
        removable: true,
        sizeBytes: null,
        freeBytes: null,
      }));
    },
    hotplug: () => ({ active: false, reason: 'test port' }),
  };
}
