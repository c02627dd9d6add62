// `breakglass drives list|verify`, `export` and `restore`: each store to its own USB drives (never both on
// one), read back before "done", verified without a key, and restored after a workstation rebuild.

import { BreakglassError, groupHex, type DriveVerificationView, type StoreKind } from '../../app/index.js';
import { actors, flag, requiredOption, storeOption, stringOption, type CommandSpec } from '../command.js';
import { STORE_LABEL } from '../custody-options.js';
import { formatJson, formatTable } from '../output.js';

function size(bytes: number | null): string {
  if (bytes === null) return '?';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 10 || unit === 0 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}

const SHORT: Record<StoreKind, string> = { 'password-vault': 'password', 'mfa-seeds': 'mfa' };

const drivesList: CommandSpec = {
  name: 'drives list',
  usage: '[DIR] [--json]',
  summary: 'List mounted drives: label, serial, UUID, size, free space, what each holds and which store it must never receive.',
  details: ['With DIR (a vault set), the local drive register says what each drive holds and how old it is.'],
  options: { json: { type: 'boolean' } },
  positionals: [0, 1],
  async run(context) {
    const dir = context.positionals[0];
    if (dir !== undefined) await context.app.openVaultSet({ dir });
    const report = await context.app.listDrives();
    if (context.values.json) return context.out(formatJson(report));
    if (report.drives.length === 0) context.out('No mounted drives found. Plug in and mount a USB drive, then run this again (Rescan).\n');
    else {
      context.out(
        formatTable(
          ['MOUNT', 'NAME / LABEL', 'REMOVABLE', 'SERIAL', 'SIZE', 'FREE', 'HOLDS', 'NEVER'],
          report.drives.map((d) => [
            d.mountPoint,
            d.registered?.name ?? d.label ?? '—',
            d.removable ? `yes (${d.transport ?? '?'})` : 'NO',
            d.serial ?? '—',
            size(d.sizeBytes),
            size(d.freeBytes),
            d.registered?.holds ? `${SHORT[d.registered.holds.storeKind]} gen ${d.registered.holds.generation}` : '—',
            d.refused.map((r) => SHORT[r.store]).join(', ') || '—',
          ]),
        ),
      );
    }
    for (const line of report.freshness) context.out(`${line.text}.\n`);
  },
};

const exportCommand: CommandSpec = {
  name: 'export',
  usage: 'DIR --store password|mfa --drive MOUNT [--name "PW-A onsite"] [--location TEXT] [--allow-fixed] [--as NAMES] [--json]',
  summary: 'Copy one store (with manifest, audit-log copy and recovery kit) to BREAKGLASS/ on a drive; every byte is read back before "done".',
  details: [
    'Refuses a drive that holds — or is recorded as having held — the other store of this vault set, a fixed disk',
    '(unless --allow-fixed, which is recorded), and a read-only or full drive (saying how much space is needed).',
    'Give --name the first time a drive is used; it is written to the drive and to the local register.',
  ],
  options: {
    store: { type: 'string' },
    drive: { type: 'string' },
    name: { type: 'string' },
    location: { type: 'string' },
    'allow-fixed': { type: 'boolean' },
    as: { type: 'string' },
    json: { type: 'boolean' },
  },
  positionals: [1, 1],
  async run(context) {
    const store = storeOption(context);
    const mountPoint = requiredOption(context, 'drive');
    await context.app.openVaultSet({ dir: context.positionals[0] as string });
    const name = stringOption(context, 'name');
    const location = stringOption(context, 'location');
    const result = await context.app.exportStore({
      store,
      mountPoint,
      ...(name !== undefined ? { driveName: name } : {}),
      ...(location !== undefined ? { location } : {}),
      allowFixed: flag(context, 'allow-fixed'),
      actors: actors(context),
    });
    if (context.values.json) return context.out(formatJson(result));
    context.out(
      `Done: the ${STORE_LABEL[store]} (generation ${result.generation}) is on "${result.driveName}" at ${result.folder},\n` +
        `read back and verified: SHA-256 ${result.fingerprint}.\n` +
        `Written: ${result.files.join(', ')} (${result.bytesWritten} bytes).\n` +
        (result.allowFixed ? 'Note: this is a FIXED disk, exported with --allow-fixed (recorded).\n' : '') +
        result.notices.map((notice) => `Note: ${notice}\n`).join(''),
    );
  },
};

function describeVerification(result: DriveVerificationView): string {
  const head = result.store
    ? `${result.mountPoint}: "${result.driveName}" holds the ${STORE_LABEL[result.store.kind]}, generation ${result.store.generation}, ` +
      `vault set ${groupHex(result.store.setId)} (exported ${result.exportedAt}).\n`
    : `${result.mountPoint}:\n`;
  const marks = { ok: 'OK  ', warning: 'WARN', error: 'FAIL' } as const;
  return head + result.findings.map((f) => `  ${marks[f.level]} ${f.message}\n`).join('') + (result.ok ? 'Verified.\n' : '');
}

const drivesVerify: CommandSpec = {
  name: 'drives verify',
  usage: 'MOUNT [--dir DIR] [--json]',
  summary: 'Check a drive without any key: manifest vs every file’s SHA-256, store header, and (with --dir) stale or foreign content.',
  options: { dir: { type: 'string' }, json: { type: 'boolean' } },
  positionals: [1, 1],
  async run(context) {
    const dir = stringOption(context, 'dir');
    if (dir !== undefined) await context.app.openVaultSet({ dir });
    const result = await context.app.verifyDrive({ mountPoint: context.positionals[0] as string });
    context.out(context.values.json ? formatJson(result) : describeVerification(result));
    if (!result.ok) {
      throw new BreakglassError('DRIVE', 'The drive did not verify (see the FAIL lines): do not rely on it; export to it again from a verified copy.');
    }
  },
};

const restoreCommand: CommandSpec = {
  name: 'restore',
  usage: 'DIR --drive MOUNT --store password|mfa [--allow-older] [--as NAMES] [--json]',
  summary: 'Copy a verified store from a drive back to the workstation (the current file is kept as .prev).',
  details: ['Refuses a damaged or foreign copy, the other store, and an older copy over a newer one (unless --allow-older).'],
  options: { drive: { type: 'string' }, store: { type: 'string' }, 'allow-older': { type: 'boolean' }, as: { type: 'string' }, json: { type: 'boolean' } },
  positionals: [1, 1],
  async run(context) {
    const store = storeOption(context);
    const result = await context.app.restoreStore({
      dir: context.positionals[0] as string,
      store,
      mountPoint: requiredOption(context, 'drive'),
      allowOlder: flag(context, 'allow-older'),
      actors: actors(context),
    });
    if (context.values.json) return context.out(formatJson(result));
    context.out(
      `Restored the ${STORE_LABEL[store]} (generation ${result.generation}) to ${result.file}` +
        (result.backup ? `; the previous generation ${result.replacedGeneration} is kept as ${result.backup}.\n` : '.\n') +
        `SHA-256 ${result.fingerprint}\n` +
        `${result.auditLog.message}\n`,
    );
  },
};

export const driveCommands: readonly CommandSpec[] = [drivesList, exportCommand, drivesVerify, restoreCommand];
