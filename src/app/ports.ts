// The outside world as the application sees it: clock, randomness, memory size, drives, printers, clipboard.
// Front ends pass systemPorts(); tests pass fixed ones so every instant and byte is reproducible. DESIGN §4.

import type { RecoverPyRunner } from '../drill/copy-checks.js';
import { randomBytes } from 'node:crypto';
import { networkInterfaces, totalmem } from 'node:os';
import { discoverDrives, type DiscoveredVolume } from '../drives/discover.js';
import { watchUsbHotplug } from '../drives/usb-hotplug.js';
import type { Clock, Rng } from '../shared/determinism.js';
import type { KdfProfileName } from '../crypto/kdf.js';
import type { LockTrigger } from './api.js';
import { systemClipboardPort } from './system-clipboard.js';
import { cupsPrinter } from './system-printer.js';

export type { Clock, Rng } from '../shared/determinism.js';

/**
 * One mounted filesystem as drive discovery reports it (loop-mounted images count as removable: they are
 * detachable); the app's view of drives/discover's volumes.
 */
export type DiscoveredDrive = Pick<DiscoveredVolume, 'mountPoint' | 'device' | 'label' | 'uuid' | 'serial' | 'transport' | 'removable' | 'sizeBytes' | 'freeBytes'>;

export interface DrivesPort {
  list(): Promise<readonly DiscoveredDrive[]>;
  /** Whether hot-plug events are watched; a reason when they are not. */
  hotplug(): { readonly active: boolean; readonly reason?: string };
}

/** The workstation's printers (CUPS): PDFs go to `lp` on stdin, so no temporary file holds them. */
export interface PrintJob {
  readonly job: string;
  /** The queue by name: "default" resolved to the queue it stands for. */
  readonly queue: string;
}

export interface PrinterPort {
  list(): Promise<readonly string[]>;
  /** Sends a PDF to a queue ("default" for the default one); returns the job id and the queue it went to. */
  print(pdf: Uint8Array, queue: string, title: string): Promise<PrintJob>;
}

/** Which desktop host runs the UI, and the network interfaces (for the air-gap indicator). */
export interface HostPort {
  readonly name: string;
  networkInterfaces(): Record<string, readonly { readonly address: string; readonly internal: boolean }[] | undefined>;
  /** What the host locks every store on (suspend, screen lock, system idle), for the Settings screen. */
  lockTriggers?(): readonly LockTrigger[];
}

/**
 * The workstation's clipboard, reached from the host process (never from the renderer, whose permissions
 * are all denied). Text goes in and out as values: implementations never put it in argv or env.
 */
export interface ClipboardPort {
  writeText(text: string): Promise<void>;
  readText(): Promise<string>;
}

export interface AppPorts {
  readonly clock: Clock;
  readonly rng: Rng;
  /** Total RAM in bytes: chooses the strong KDF profile's parameters (FORMAT.md §4.1). */
  readonly totalMemoryBytes: () => number;
  /** Drive discovery; without it, only explicitly given mount points are known (as non-removable). */
  readonly drives?: DrivesPort;
  readonly printer?: PrinterPort;
  readonly host?: HostPort;
  /**
   * The KDF profiles this front end may create stores with (default: all). The desktop hosts allow only
   * "strong": the "test" profile is for automated tests and the CLI's --kdf-profile test.
   */
  readonly kdfProfiles?: readonly KdfProfileName[];
  /** Without it, copyPassword is refused (the custodian uses Reveal instead). */
  readonly clipboard?: ClipboardPort;
  /** Where the path chooser starts when a field is empty (default: the user's home directory). */
  readonly homeDirectory?: string;
  /** Runs a drive's recover.py in a drill (default: the system /usr/bin/python3). */
  readonly recoverPy?: RecoverPyRunner;
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

export function systemPorts(
  options: { onDrivesChanged?: () => void; hostName?: string; kdfProfiles?: readonly KdfProfileName[]; lockTriggers?: () => readonly LockTrigger[] } = {},
): AppPorts {
  const clipboard = systemClipboardPort();
  return {
    clock: systemClock,
    rng: systemRng,
    totalMemoryBytes: () => totalmem(),
    drives: systemDrivesPort(options.onDrivesChanged),
    printer: cupsPrinter(),
    host: { name: options.hostName ?? 'command line', networkInterfaces: () => networkInterfaces(), ...(options.lockTriggers ? { lockTriggers: options.lockTriggers } : {}) },
    ...(clipboard ? { clipboard } : {}),
    ...(options.kdfProfiles ? { kdfProfiles: options.kdfProfiles } : {}),
  };
}
