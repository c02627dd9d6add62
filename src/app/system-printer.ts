// The workstation's printers through CUPS (lpstat, lp): only queues of printers attached to this machine,
// PDFs piped to lp on stdin, never to a temporary file. The PrinterPort of systemPorts(). FORMAT.md §13.

import { execFile } from 'node:child_process';
import { BreakglassError } from '../errors.js';
import type { PrinterPort } from './ports.js';

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
