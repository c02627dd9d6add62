// Printing through a real CUPS scheduler (FORMAT.md §13): a private cupsd with a queue whose
// backend keeps each job, so the test sees the bytes a printer would get. The PDF goes to `lp` on stdin and
// arrives byte for byte; "default" is the scheduler's default queue; `breakglass print … --printer` works
// from the command line; and the refusals, each before any file is written and without an audit entry: a
// queue that does not exist, a network printer, a printer class, queues that write the job into a file (a
// file: path, cups-pdf), a queue that refuses jobs (lp's own reason), a print server on the network, no lp.

import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBreakglassApp, type BreakglassApp } from '../../src/app/index.js';
import { cupsPrinter } from '../../src/app/system-printer.js';
import { runBuiltCli } from '../support/cli.js';
import { CUPS_TOOLS, startPrivateCups, type PrivateCups } from '../support/cups.js';
import { errorOf } from '../support/errors.js';
import { pageWords } from '../support/pdf-text.js';
import { testPorts } from '../support/ports.js';
import { itWithTools } from '../support/tools.js';

const withCups = itWithTools(CUPS_TOOLS);
const canRun = CUPS_TOOLS.every((t) => t.available);

let root: string;
let dir: string;
let cups: PrivateCups | undefined;
let app: BreakglassApp;

const printEntries = async () => (await app.listAuditLog()).entries.filter((e) => e.event === 'print');

describe('printing through CUPS', () => {
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'bg-cups-print-'));
    dir = join(root, 'set');
    if (!canRun) return;
    cups = await startPrivateCups();
    cups.addQueue('safe-room-laser');
    cups.addQueue('office-default', { isDefault: true });
    cups.addQueue('network-office', { device: 'ipp://printer.example.org/ipp/print' });
    cups.addQueue('out-of-service');
    cups.reject('out-of-service');
    cups.addQueue('parallel-port', { device: 'file:/dev/lp0' });
    cups.addQueue('pdf-writer', { device: 'cups-pdf:/' });
    cups.addQueue('file-on-disk', { device: `file://${join(root, 'spooled.pdf')}` });
    cups.addToClass('safe-room-laser', 'lasers');
    app = createBreakglassApp({ ...testPorts('cups-print'), printer: cupsPrinter({ env: { CUPS_SERVER: cups.socket } }) });
    await app.createVaultSet({ dir, kdfProfile: 'test', password: { passphrase: 'cups print vault passphrase' }, mfa: { passphrase: 'cups print mfa passphrase' } });
  }, 60_000);

  afterAll(async () => {
    await cups?.stop();
    await rm(root, { recursive: true, force: true });
  });

  withCups('lists the printers attached to the machine and sends the PDF to the named one byte for byte, as saved to the file', async () => {
    expect([...(await cupsPrinter({ env: { CUPS_SERVER: cups!.socket } }).list())].sort()).toEqual(['office-default', 'out-of-service', 'parallel-port', 'safe-room-laser']);
    const out = join(root, 'paper-backup.pdf');
    const result = await app.printDocument({ document: 'paper-backup', store: 'password-vault', outFile: out, printer: 'safe-room-laser' });
    expect(result.job).toMatch(/^safe-room-laser-\d+$/);
    const printed = await cups!.job(result.job!);
    expect(Buffer.from(printed).equals(await readFile(out))).toBe(true);
    expect(new TextDecoder('latin1').decode(printed.subarray(0, 5))).toBe('%PDF-');
    expect((await printEntries()).at(-1)?.details).toMatchObject({ document: 'paper-backup', destination: 'file + printer safe-room-laser' });
  });

  withCups('sends "default" to the scheduler\'s default queue, and says when there is none', async () => {
    const result = await app.printDocument({ document: 'spec', store: 'mfa-seeds', printer: 'default' });
    expect(result.job).toMatch(/^office-default-\d+$/);
    expect(result.printer).toBe('office-default');
    expect((await printEntries()).at(-1)?.details).toMatchObject({ document: 'spec', destination: 'printer office-default (default)' });
    expect(pageWords(await cups!.job(result.job!))[0]).toMatch(/MFA seed store/);
    const alone = await startPrivateCups();
    try {
      alone.addQueue('not-the-default');
      const error = await errorOf(cupsPrinter({ env: { CUPS_SERVER: alone.socket } }).print(new Uint8Array([37, 80, 68, 70]), 'default', 'test'));
      expect(error.message).toBe('No default printer is set on this workstation: choose a printer queue, or save the PDF to a file instead.');
    } finally {
      await alone.stop();
    }
  });

  withCups('prints from the command line with --printer, through CUPS_SERVER when it is a local socket', async () => {
    const before = await cups!.received();
    const run = runBuiltCli(['print', 'spec', dir, '--store', 'password', '--printer', 'safe-room-laser'], [], { env: { CUPS_SERVER: cups!.socket } });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const job = /safe-room-laser-\d+/.exec(run.stdout)?.[0];
    expect(job, run.stdout).toBeDefined();
    expect(before).not.toContain(job);
    expect(new TextDecoder('latin1').decode((await cups!.job(job!)).subarray(0, 5))).toBe('%PDF-');
  });

  withCups('refuses a missing queue, a network printer, a class, queues that write files and one refusing jobs, before writing the file, and records none', async () => {
    const out = join(root, 'refused.pdf');
    const entries = (await printEntries()).length;
    const jobs = await cups!.received();
    const refusal = async (printer: string) => {
      const error = await errorOf(app.printDocument({ document: 'spec', store: 'password-vault', outFile: out, printer }));
      expect(error.code).toBe('IO');
      expect(existsSync(out)).toBe(false);
      return error.message;
    };
    expect(await refusal('no-such-queue')).toBe(
      'There is no printer queue "no-such-queue" on this workstation (its printers: office-default, out-of-service, parallel-port, safe-room-laser). Choose one of its printers, or save the PDF to a file instead.',
    );
    expect(await refusal('network-office')).toBe(
      'The printer queue "network-office" sends its jobs over the network (ipp); Breakglass prints only to a printer attached to this workstation (USB, parallel or serial). Choose another printer, or save the PDF to a file instead.',
    );
    const onlyAttached = 'Breakglass prints only to a printer attached to this workstation (USB, parallel or serial). Choose another printer, or save the PDF to a file instead.';
    expect(await refusal('lasers')).toBe(`The printer queue "lasers" is a printer class, or prints nowhere; ${onlyAttached}`);
    expect(await refusal('pdf-writer')).toBe(`The printer queue "pdf-writer" writes its jobs into PDF files, not to a printer; ${onlyAttached}`);
    expect(await refusal('file-on-disk')).toBe(`The printer queue "file-on-disk" writes its jobs into the file ${join(root, 'spooled.pdf')}, not to a printer; ${onlyAttached}`);
    expect(existsSync(join(root, 'spooled.pdf'))).toBe(false);
    expect(await refusal('out-of-service')).toBe('The printer queue "out-of-service" refused the job: Destination "out-of-service" is not accepting jobs. Save the PDF to a file instead.');
    expect((await printEntries()).length).toBe(entries);
    expect(await cups!.received()).toEqual(jobs);
  });
});

describe('printing: refusals without a scheduler', () => {
  it('never sends a job to a print server on the network, even when CUPS_SERVER names one', async () => {
    const printer = cupsPrinter({ env: { CUPS_SERVER: 'print.example.org:631' } });
    expect(await printer.list()).toEqual([]);
    const error = await errorOf(printer.print(new Uint8Array([37, 80, 68, 70]), 'default', 'test'));
    expect(error.message).toBe(
      "CUPS_SERVER names a print server on the network (print.example.org:631); Breakglass prints only through this workstation's own CUPS. Unset CUPS_SERVER, or save the PDF to a file instead.",
    );
  });

  it('always points lpstat and lp at a local CUPS socket, so client.conf never names the server', async () => {
    const bin = await mkdtemp(join(tmpdir(), 'bg-fake-cups-'));
    try {
      const seen = join(bin, 'seen');
      for (const tool of ['lpstat', 'lp']) {
        await writeFile(join(bin, tool), `#!/bin/sh\necho "${tool} $CUPS_SERVER" >> '${seen}'\n[ "$1" = -v ] && echo 'device for usb1: usb://Maker/Model'\n[ "$1" = -d ] && echo 'request id is usb1-7 (0 file(s))'\ncat > /dev/null\nexit 0\n`);
        await chmod(join(bin, tool), 0o755);
      }
      expect(await cupsPrinter({ env: {}, path: bin }).print(new Uint8Array([37, 80, 68, 70]), 'usb1', 'test')).toEqual({ job: 'usb1-7', queue: 'usb1' });
      expect(await cupsPrinter({ env: { CUPS_SERVER: '/tmp/other.sock' }, path: bin }).list()).toEqual(['usb1']);
      expect((await readFile(seen, 'utf8')).trim().split('\n')).toEqual(['lpstat /run/cups/cups.sock', 'lp /run/cups/cups.sock', 'lpstat /tmp/other.sock']);
    } finally {
      await rm(bin, { recursive: true, force: true });
    }
  });

  it('says which packages to install when there is no lp', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'bg-no-lp-'));
    try {
      const printer = cupsPrinter({ env: {}, path: empty });
      expect(await printer.list()).toEqual([]);
      const error = await errorOf(printer.print(new Uint8Array([37, 80, 68, 70]), 'default', 'test'));
      expect(error.message).toBe('No printing system here (lp not found): install CUPS (Debian packages cups-client and cups-daemon) or save the PDF to a file instead.');
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
