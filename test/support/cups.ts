// A private CUPS scheduler for the printing tests: cupsd with its own configuration, spool, log and socket
// in a temporary folder, and queues whose backend keeps each job's bytes in a file, as a printer would
// receive them. cupsd must start as root (it drops to the lp user); where it cannot, the tests skip with
// the reason — and fail in CI (test/support/tools.ts).

import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findTool, type Tool } from './tools.js';

export const CUPS_TOOLS: readonly Tool[] = [
  findTool('/usr/sbin/cupsd', ['-h'], 'cups-daemon'),
  findTool('lp', ['--help'], 'cups-client'),
  findTool('/usr/sbin/lpadmin', ['--help'], 'cups-client'),
  { available: process.getuid?.() === 0, description: 'root, to start cupsd (it drops to the lp user)' },
];

export interface PrivateCups {
  /** CUPS_SERVER for the tools: the scheduler's own socket. */
  readonly socket: string;
  /**
   * Adds a queue that keeps every job, on a USB device URI (a printer attached to the machine) unless
   * `device` names another (e.g. an ipp:// printer on the network); `isDefault` makes it the default.
   */
  addQueue(name: string, options?: { readonly isDefault?: boolean; readonly device?: string }): void;
  /** Makes a queue refuse new jobs (cupsreject), as a printer taken out of service is. */
  reject(name: string): void;
  /** Adds a printer to a class (created when new). */
  addToClass(printer: string, className: string): void;
  /** The bytes of job `id` ("queue-N") once its backend has written them all. */
  job(id: string, timeoutMs?: number): Promise<Uint8Array>;
  /** The names of the jobs every queue has received so far. */
  received(): Promise<readonly string[]>;
  stop(): Promise<void>;
}

/** Writes the scheduler's configuration, folders and capturing backend under `root`. */
async function configure(root: string, options: { readonly preserveJobFiles?: boolean }): Promise<{ dirs: Record<string, string>; socket: string }> {
  await chmod(root, 0o755); // the lp user runs the backend and must reach it
  const dirs = Object.fromEntries(['cache', 'log', 'spool', 'run', 'state', 'out', 'bin/backend', 'bin/filter'].map((d) => [d, join(root, d)]));
  for (const dir of Object.values(dirs)) await mkdir(dir, { recursive: true });
  await chmod(dirs.out!, 0o777);
  await symlink('/usr/lib/cups/daemon', join(root, 'bin', 'daemon')); // cups-exec, which starts backends
  const socket = join(dirs.run!, 'cups.sock');
  // The backend a real printer would have: with no arguments it names its device; else it writes the job.
  const backend = join(dirs['bin/backend']!, 'usb');
  await writeFile(
    backend,
    ['#!/bin/sh', `if [ $# -eq 0 ]; then echo 'direct usb://Breakglass/Capture "Unknown" "Breakglass test capture"'; exit 0; fi`, `out='${dirs.out}'/"$PRINTER-$1"`, 'if [ -n "$6" ]; then cat "$6" > "$out.part"; else cat > "$out.part"; fi', 'mv "$out.part" "$out"', ''].join('\n'),
  );
  await chmod(backend, 0o755);
  // Other device types a queue may name (the tests refuse them, so nothing is ever sent to these).
  for (const scheme of ['ipp', 'cups-pdf']) await symlink(backend, join(dirs['bin/backend']!, scheme));
  await writeFile(
    join(root, 'cupsd.conf'),
    [`Listen ${socket}`, ...(options.preserveJobFiles === false ? ['PreserveJobFiles No'] : []), 'LogLevel info', 'WebInterface No', 'Browsing No', 'DefaultAuthType None', '<Location />', '  Order allow,deny', '  Allow all', '</Location>', '<Location /admin>', '  Order allow,deny', '  Allow all', '</Location>', '<Policy default>', '  <Limit All>', '    Order deny,allow', '  </Limit>', '</Policy>', ''].join('\n'),
  );
  await writeFile(
    join(root, 'cups-files.conf'),
    [
      `ServerRoot ${root}`,
      `ServerBin ${join(root, 'bin')}`,
      'DataDir /usr/share/cups',
      `CacheDir ${dirs.cache}`,
      `StateDir ${dirs.state}`,
      `RequestRoot ${dirs.spool}`,
      `TempDir ${dirs.spool}`,
      `ErrorLog ${join(dirs.log!, 'error_log')}`,
      `AccessLog ${join(dirs.log!, 'access_log')}`,
      `PageLog ${join(dirs.log!, 'page_log')}`,
      'FileDevice Yes',
      'User lp',
      'Group lp',
      'SystemGroup root',
      '',
    ].join('\n'),
  );
  return { dirs, socket };
}

/** `preserveJobFiles: false` sets `PreserveJobFiles No`, as a workstation prepared for printing share sheets is. */
export async function startPrivateCups(options: { readonly preserveJobFiles?: boolean } = {}): Promise<PrivateCups> {
  const root = await mkdtemp(join(tmpdir(), 'bg-cups-'));
  const { dirs, socket } = await configure(root, options).catch(async (error: unknown) => {
    await rm(root, { recursive: true, force: true });
    throw error;
  });
  const daemon: ChildProcess = spawn('/usr/sbin/cupsd', ['-f', '-c', join(root, 'cupsd.conf'), '-s', join(root, 'cups-files.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let said = '';
  daemon.stderr?.on('data', (chunk: Buffer) => (said += chunk.toString('utf8')));
  const env = { ...process.env, CUPS_SERVER: socket };
  for (let i = 0; ; i += 1) {
    if (existsSync(socket) && spawnSync('lpstat', ['-r'], { env, encoding: 'utf8' }).stdout.includes('is running')) break;
    if (daemon.exitCode !== null || daemon.signalCode !== null || i > 100) {
      daemon.kill();
      await rm(root, { recursive: true, force: true });
      throw new Error(`the private cupsd did not start: ${said.trim() || `exit ${daemon.exitCode}`}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    socket,
    addQueue(name, options = {}) {
      // -m raw: the job goes to the backend as it was sent, so the test compares the very bytes lp got.
      execFileSync('/usr/sbin/lpadmin', ['-p', name, '-E', '-v', options.device ?? `usb://Breakglass/Capture?serial=${name}`, '-m', 'raw'], { env, stdio: 'pipe' });
      if (options.isDefault) execFileSync('/usr/sbin/lpadmin', ['-d', name], { env, stdio: 'pipe' });
    },
    addToClass(printer, className) {
      execFileSync('/usr/sbin/lpadmin', ['-p', printer, '-c', className], { env, stdio: 'pipe' });
      execFileSync('/usr/sbin/cupsenable', [className], { env, stdio: 'pipe' });
      execFileSync('/usr/sbin/cupsaccept', [className], { env, stdio: 'pipe' });
    },
    reject(name) {
      execFileSync('/usr/sbin/cupsreject', [name], { env, stdio: 'pipe' });
    },
    async job(id, timeoutMs = 15_000) {
      const file = join(dirs.out!, id);
      for (const started = Date.now(); Date.now() - started < timeoutMs; await new Promise((resolve) => setTimeout(resolve, 100))) {
        if (existsSync(file)) return new Uint8Array(await readFile(file));
      }
      const log = await readFile(join(dirs.log!, 'error_log'), 'utf8').catch(() => '');
      throw new Error(`job ${id} never reached its printer within ${timeoutMs} ms; cupsd said:\n${log.split('\n').slice(-20).join('\n')}`);
    },
    async received() {
      return (await readdir(dirs.out!)).filter((f) => !f.endsWith('.part')).sort();
    },
    async stop() {
      daemon.kill('SIGTERM');
      await new Promise((resolve) => (daemon.exitCode !== null || daemon.signalCode !== null ? resolve(undefined) : daemon.once('exit', resolve)));
      await rm(root, { recursive: true, force: true });
    },
  };
}
