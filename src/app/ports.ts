// The outside world as the application sees it: clock, randomness, memory size, drives, printers, clipboard.
// Front ends pass systemPorts(); tests pass fixed ones so every instant and every byte is reproducible.

import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { networkInterfaces, totalmem } from 'node:os';
import { BreakglassError } from '../errors.js';
import { discoverDrives } from '../drives/discover.js';
import { watchUsbHotplug } from '../drives/usb-hotplug.js';
import type { Clock, Rng } from '../ports.js';
import type { KdfProfileName } from '../crypto/kdf.js';
import type { LockTrigger } from './api.js';
import { systemClipboardPort } from './system-clipboard.js';

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

const TOOL_PATH = '/usr/sbin:/usr/bin:/sbin:/bin';
const LP_TIMEOUT_MS = 30_000;

/** Runs a tool with a fixed, small environment; a failure carries the first line the tool printed on stderr. */
function run(file: string, args: readonly string[], env: NodeJS.ProcessEnv, input?: Uint8Array): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(file, [...args], { timeout: LP_TIMEOUT_MS, env }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      const said = stderr.trim().split('\n')[0];
      reject(Object.assign(new Error(said || error.message.split('\n')[0]), { code: (error as NodeJS.ErrnoException).code, killed: error.killed }));
    });
    child.stdin?.on('error', () => undefined); // EPIPE when the tool refuses before reading: its exit says why
    if (input) child.stdin?.end(Buffer.from(input.buffer, input.byteOffset, input.length));
  });
}

/**
 * Devices of printers attached to this machine, as `lpstat -v` shows them: USB, parallel, serial, HPLIP over
 * USB or parallel, and a `file:` device node under /dev (lpstat drops the "file:"). Everything else is
 * refused: the network (ipp, socket, lpd, smb, dnssd, …), a printer class (shown as ///dev/null), and
 * anything that writes the job into a file on disk (a file: path, cups-pdf).
 */
const LOCAL_DEVICE = /^(usb|parallel|serial):|^hp:\/(usb|par)\/|^(\/\/)?\/dev\/(?!null$)/i;
const NETWORK_DEVICE = /^(ipp|ipps|http|https|socket|lpd|smb|dnssd|mdns|beh|implicitclass|ippusbxd):/i;
/** Where lp and lpstat find CUPS when CUPS_SERVER names no local socket: Debian's own, never client.conf's ServerName. */
const LOCAL_CUPS_SOCKET = '/run/cups/cups.sock';
const NO_CUPS = 'No printing system here (lp not found): install CUPS (Debian packages cups-client and cups-daemon) or save the PDF to a file instead.';

/** What a CUPS tool said, without its "lp: Error - " prefix and final full stop. */
function cupsSaid(error: unknown): string {
  return (error as Error).message.replace(/^[a-z]+: (Error - )?/, '').replace(/\.$/, '');
}

/** Why a queue's device is not a printer attached to this machine, in words. */
function notLocal(uri: string): string {
  if (NETWORK_DEVICE.test(uri)) return `sends its jobs over the network (${uri.split(':')[0]})`;
  if (uri === '///dev/null' || uri === '/dev/null') return 'is a printer class, or prints nowhere';
  if (uri.startsWith('/')) return `writes its jobs into the file ${uri.replace(/^\/\/(?=\/)/, '')}, not to a printer`;
  if (/^cups-pdf:/i.test(uri)) return 'writes its jobs into PDF files, not to a printer';
  return `uses a "${uri.split(':')[0]}" device, which is not a printer attached to this workstation`;
}

/**
 * CUPS through lpstat and lp; PDFs are piped to lp, never written to a temporary file by this process (CUPS
 * spools the job itself: see THREAT-MODEL.md). Only queues of printers attached to this machine are offered
 * or used. The tools get a fixed environment whose CUPS_SERVER is always a local socket: the one the caller's
 * CUPS_SERVER names when it is a path, else Debian's. So client.conf's ServerName is never used, and a
 * CUPS_SERVER naming a print server on the network is refused: share sheets never go to one from here.
 */
export function cupsPrinter(options: { readonly env?: NodeJS.ProcessEnv; readonly path?: string } = {}): PrinterPort {
  const server = (options.env ?? process.env).CUPS_SERVER;
  const env: NodeJS.ProcessEnv = { PATH: options.path ?? TOOL_PATH, LC_ALL: 'C', CUPS_SERVER: server?.startsWith('/') ? server : LOCAL_CUPS_SOCKET };
  const networkServer = server && !server.startsWith('/') ? server : undefined;

  /** Every queue with its device, from `lpstat -v` ("device for NAME: DEVICE"). */
  const queues = async (): Promise<ReadonlyMap<string, string>> => {
    if (networkServer) {
      throw new BreakglassError(
        'IO',
        `CUPS_SERVER names a print server on the network (${networkServer}); Breakglass prints only through this workstation's own CUPS. Unset CUPS_SERVER, or save the PDF to a file instead.`,
      );
    }
    try {
      const out = await run('lpstat', ['-v'], env);
      return new Map([...out.matchAll(/^device for (\S+): (\S+)$/gm)].map((m) => [m[1]!, m[2]!] as const));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new BreakglassError('IO', NO_CUPS);
      if (/no destinations added/i.test((error as Error).message)) return new Map();
      throw new BreakglassError('IO', `The printing system did not answer (${cupsSaid(error)}): start CUPS, or save the PDF to a file instead.`);
    }
  };
  const localNames = (all: ReadonlyMap<string, string>) => [...all].filter(([, uri]) => LOCAL_DEVICE.test(uri)).map(([name]) => name);

  return {
    async list() {
      try {
        return localNames(await queues());
      } catch {
        return [];
      }
    },
    async print(pdf, queue, title) {
      const all = await queues();
      // "default" is resolved here, so the queue checked below is the queue lp is given.
      const name = queue === 'default' ? /system default destination: (\S+)/.exec(await run('lpstat', ['-d'], env).catch(() => ''))?.[1] : queue;
      if (name === undefined) throw new BreakglassError('IO', 'No default printer is set on this workstation: choose a printer queue, or save the PDF to a file instead.');
      const uri = all.get(name);
      if (uri === undefined) {
        const offered = localNames(all);
        throw new BreakglassError(
          'IO',
          `There is no printer queue "${name}" on this workstation (${offered.length > 0 ? `its printers: ${offered.join(', ')}` : 'it has no printer'}). Choose one of its printers, or save the PDF to a file instead.`,
        );
      }
      if (!LOCAL_DEVICE.test(uri)) {
        throw new BreakglassError(
          'IO',
          `The printer queue "${name}" ${notLocal(uri)}; Breakglass prints only to a printer attached to this workstation (USB, parallel or serial). Choose another printer, or save the PDF to a file instead.`,
        );
      }
      try {
        const out = await run('lp', ['-d', name, '-t', title], env, pdf); // no file: lp reads stdin
        return { job: /request id is (\S+)/.exec(out)?.[1] ?? out.trim(), queue: name };
      } catch (error) {
        const failure = error as NodeJS.ErrnoException & { killed?: boolean };
        if (failure.code === 'ENOENT') throw new BreakglassError('IO', NO_CUPS);
        if (failure.killed) {
          throw new BreakglassError(
            'IO',
            `lp did not finish within ${LP_TIMEOUT_MS / 1000} s: the job may still be in the queue "${name}". Check with lpstat -o, cancel it if it must not print, then try again; this print is not in the audit log.`,
          );
        }
        throw new BreakglassError('IO', `The printer queue "${name}" refused the job: ${cupsSaid(error)}. Save the PDF to a file instead.`);
      }
    },
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
