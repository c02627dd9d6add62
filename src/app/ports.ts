// The outside world as the application sees it: clock, randomness and the workstation's memory size.
// Front ends pass systemPorts(); tests pass fixed ones so every instant and every byte is reproducible.

import { randomBytes } from 'node:crypto';
import { totalmem } from 'node:os';
import { discoverDrives } from '../drives/discover.js';
import { watchUsbHotplug } from '../drives/usb-hotplug.js';
import type { Clock, Rng } from '../ports.js';

export type { Clock, Rng } from '../ports.js';

/** One mounted filesystem as drive discovery reports it. */
export interface DiscoveredDrive {
  readonly mountPoint: string;
  readonly device: string;
  readonly label: string | null;
  readonly uuid: string | null;
  readonly serial: string | null;
  readonly transport: string | null;
  /** Removable or hot-plug media; loop-mounted images count as removable (they are detachable). */
  readonly removable: boolean;
  readonly sizeBytes: number | null;
  readonly freeBytes: number | null;
}

export interface DrivesPort {
  list(): Promise<readonly DiscoveredDrive[]>;
  /** Whether hot-plug events are watched; a reason when they are not. */
  hotplug(): { readonly active: boolean; readonly reason?: string };
}

export interface AppPorts {
  readonly clock: Clock;
  readonly rng: Rng;
  /** Total RAM in bytes: chooses the strong KDF profile's parameters (FORMAT.md §4.1). */
  readonly totalMemoryBytes: () => number;
  /** Drive discovery; without it, only explicitly given mount points are known (as non-removable). */
  readonly drives?: DrivesPort;
}

export const systemClock: Clock = { now: () => Date.now() };

export const systemRng: Rng = {
  bytes(length: number): Uint8Array {
    if (!Number.isInteger(length) || length < 0) throw new RangeError(`length must be a non-negative integer, got ${length}`);
    return new Uint8Array(randomBytes(length));
  },
};

/**
 * Drives of this workstation. With `onChange`, USB hot-plug events (where the system has them) call it so
 * a front end can re-scan; otherwise the custodian re-runs the listing (Rescan).
 */
export function systemDrivesPort(onChange?: () => void): DrivesPort {
  let status: { active: boolean; reason?: string } = onChange
    ? { active: false, reason: 'starting USB event watch' }
    : { active: false, reason: 'the command line does not watch USB events: run the listing again after plugging a drive in' };
  if (onChange) {
    void watchUsbHotplug(onChange).then((watch) => {
      status = watch.active ? { active: true } : { active: false, reason: watch.reason ?? 'unavailable' };
    });
  }
  return {
    async list() {
      return (await discoverDrives()).map((volume) => ({
        mountPoint: volume.mountPoint,
        device: volume.device,
        label: volume.label,
        uuid: volume.uuid,
        serial: volume.serial,
        transport: volume.transport,
        removable: volume.removable,
        sizeBytes: volume.sizeBytes,
        freeBytes: volume.freeBytes,
      }));
    },
    hotplug: () => status,
  };
}

export function systemPorts(options: { onDrivesChanged?: () => void } = {}): AppPorts {
  return { clock: systemClock, rng: systemRng, totalMemoryBytes: () => totalmem(), drives: systemDrivesPort(options.onDrivesChanged) };
}
