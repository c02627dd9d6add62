// `breakglass drill run|status`: the quarterly disaster-recovery drill of both stores (every share alone,
// the quorum in memory, every drive copy, recover.py, every seed) with its report, and the drill status.

import { resolve } from 'node:path';
import { BreakglassError, type DrillSecret, type StoreKind } from '../../app/index.js';
import { actors, bagOptions, flag, integerOption, storeOption, stringListOption, stringOption, UsageError, type CommandContext, type CommandSpec } from '../command.js';
import { readFile } from 'node:fs/promises';
import { parseBagFile } from '../../app/index.js';
import { formatJson } from '../output.js';
import { isEndOfInput } from '../secret-input.js';
import { looksLikeShare } from '../unlock.js';

const LABEL: Record<StoreKind, string> = { 'password-vault': 'password vault', 'mfa-seeds': 'MFA seed store' };

/** One store's entries: share lines (any order) and at most one passphrase, until an empty line or the end. */
async function readStoreSecrets(context: CommandContext, kind: StoreKind): Promise<DrillSecret> {
  const shares: string[] = [];
  let passphrase: string | undefined;
  if (context.secrets.interactive) {
    context.err(`${LABEL[kind]}: each custodian present enters their share (54 words or the BGS1: text), or the passphrase holder types it; an empty line when all have.\n`);
  }
  for (let n = 1; ; n++) {
    let line: string;
    try {
      line = await context.secrets.read(`${LABEL[kind]}, custodian ${n}: share or passphrase (empty line when done): `);
    } catch (error) {
      if (isEndOfInput(error)) break;
      throw error;
    }
    if (line.trim() === '') break;
    if (looksLikeShare(line)) shares.push(line);
    else if (passphrase === undefined) passphrase = line;
    else throw new UsageError(`two passphrases were given for the ${LABEL[kind]}: give its shares one per line and its passphrase once, then an empty line`);
  }
  return { shares, ...(passphrase !== undefined ? { passphrase } : {}) };
}

/** `--sheet-password 4:3f3f dc33 …`: the generation and fingerprint read off an emergency sheet. */
function sheetOption(context: CommandContext, name: string): { generation: number; fingerprint: string } | undefined {
  const value = stringOption(context, name);
  if (value === undefined) return undefined;
  const m = /^(\d{1,10}):(.+)$/.exec(value.trim());
  if (!m) throw new UsageError(`--${name} must be GENERATION:FINGERPRINT as printed on the emergency sheet, e.g. 4:3f3fdc33…`);
  return { generation: Number(m[1]), fingerprint: m[2] as string };
}

/** `--sign-in 123456789012=ok@10:05`: a live AWS sign-in made with the app during the drill, attested. */
export function signInOption(value: string): { accountId: string; outcome: 'ok' | 'failed'; at?: string } {
  const m = /^(\d{12})=(ok|failed)(?:@(\d{1,2}):(\d{2}))?$/.exec(value.trim());
  if (!m) {
    throw new UsageError(
      `--sign-in must be ACCOUNT=ok or ACCOUNT=failed, optionally @HH:MM (a 12-digit account id and the time in UTC, e.g. 123456789012=ok@10:05), got ${JSON.stringify(value)}`,
    );
  }
  const [, accountId, outcome, hours, minutes] = m as unknown as [string, string, 'ok' | 'failed', string | undefined, string | undefined];
  if (hours === undefined || minutes === undefined) return { accountId, outcome };
  if (Number(hours) > 23 || Number(minutes) > 59) throw new UsageError(`--sign-in ${value}: ${hours}:${minutes} is not a time of day; give HH:MM from 00:00 to 23:59 (UTC)`);
  return { accountId, outcome, at: `${hours.padStart(2, '0')}:${minutes}` };
}

const drillRun: CommandSpec = {
  name: 'drill run',
  usage: 'DIR [--drive MOUNT]... [--lead NAME] [--witness NAME] [--as NAMES] [--reason TEXT] [--bags FILE] [--paper-password SCAN]... [--paper-mfa SCAN]... [--sheet-password GEN:FINGERPRINT] [--sheet-mfa GEN:FINGERPRINT] [--sign-in ACCOUNT=ok|failed[@HH:MM]]... [--report FILE.pdf] [--json]',
  summary: 'Run the disaster-recovery drill of both stores: every share alone, the quorum in memory, every drive copy, recover.py, every seed.',
  details: [
    'stdin: the password vault\'s shares one per line in any order (54 words or BGS1: text) and/or its passphrase, then an empty line;',
    'then the same for the MFA seed store. At a terminal it asks custodian by custodian. Nothing secret is shown or stored.',
    'Without --drive, every mounted drive holding a Breakglass export is checked; drives the register knows but nobody presented are listed.',
    'Nothing is changed: no store, drive or paper backup is written. One "drill" audit entry records the result and the report\'s SHA-256.',
    '--bags FILE: one line per share, "password|mfa INDEX SEEN-BAG NEW-BAG": the envelope\'s bag as seen, and the new bag it went into.',
    '--paper-password/--paper-mfa: scans of each paper backup (PNG, JPEG or the PDF; any order), restored in memory and compared byte for byte.',
    '--sheet-password/--sheet-mfa GEN:FINGERPRINT: the generation and fingerprint printed on each emergency sheet, as typed.',
    '--sign-in ACCOUNT=ok|failed[@HH:MM]: a live AWS sign-in the custodians made with the app during the drill (time in UTC, default now),',
    'attested by the lead and the witness; ACCOUNT must be one of the password vault\'s accounts. A failed one is an exception.',
    'Exit 0 when every check passed, 1 when the drill ran with exceptions (the report is still written), 2 on a usage error.',
  ],
  options: {
    drive: { type: 'string', multiple: true },
    lead: { type: 'string' },
    witness: { type: 'string' },
    as: { type: 'string' },
    reason: { type: 'string' },
    report: { type: 'string' },
    bags: { type: 'string' },
    'paper-password': { type: 'string', multiple: true },
    'paper-mfa': { type: 'string', multiple: true },
    'sheet-password': { type: 'string' },
    'sheet-mfa': { type: 'string' },
    'sign-in': { type: 'string', multiple: true },
    json: { type: 'boolean' },
  },
  positionals: [1, 1],
  async run(context) {
    const bagFile = stringOption(context, 'bags');
    const bags = bagFile === undefined ? [] : parseBagFile(await readFile(bagFile, 'utf8').catch((e: Error) => {
      throw new UsageError(`cannot read the bag file ${bagFile}: ${e.message}`);
    }));
    const signIns = stringListOption(context, 'sign-in').map(signInOption);
    const report = stringOption(context, 'report');
    if (report !== undefined && !report.endsWith('.pdf')) throw new UsageError('--report must name a new .pdf file');
    const people = {
      lead: stringOption(context, 'lead') ?? '',
      witness: stringOption(context, 'witness') ?? '',
      custodians: actors(context),
      ...(stringOption(context, 'reason') !== undefined ? { reason: stringOption(context, 'reason') as string } : {}),
    };
    await context.app.openVaultSet({ dir: context.positionals[0] as string });
    const secrets: Partial<Record<StoreKind, DrillSecret>> = {};
    try {
      secrets['password-vault'] = await readStoreSecrets(context, 'password-vault');
      secrets['mfa-seeds'] = await readStoreSecrets(context, 'mfa-seeds');
    } catch (error) {
      await context.app.abortDrill({ people, reason: error instanceof Error ? error.message : 'interrupted' });
      throw error;
    }
    const drives = stringListOption(context, 'drive');
    if (context.secrets.interactive) context.err('Checking every share, opening each store in memory, verifying every copy…\n');
    const result = await context.app.runDrill({
      people,
      ...(signIns.length > 0 ? { signIns } : {}),
      secrets,
      ...(drives.length > 0 ? { drives } : {}),
      ...(bags.length > 0 ? { bags } : {}),
      paper: {
        ...(stringListOption(context, 'paper-password').length > 0 ? { 'password-vault': stringListOption(context, 'paper-password').map((f) => resolve(f)) } : {}),
        ...(stringListOption(context, 'paper-mfa').length > 0 ? { 'mfa-seeds': stringListOption(context, 'paper-mfa').map((f) => resolve(f)) } : {}),
      },
      sheets: {
        ...(sheetOption(context, 'sheet-password') ? { 'password-vault': sheetOption(context, 'sheet-password')! } : {}),
        ...(sheetOption(context, 'sheet-mfa') ? { 'mfa-seeds': sheetOption(context, 'sheet-mfa')! } : {}),
      },
      ...(report !== undefined ? { reportFile: resolve(report) } : {}),
    }).catch((error: unknown) => {
      // An account the vault does not hold is a mistake on the command line: name the option.
      if (error instanceof BreakglassError && error.field === 'signIns') throw new UsageError(`--sign-in: ${error.message} List the accounts with "breakglass account list DIR".`);
      throw error;
    });
    if (flag(context, 'json')) context.out(formatJson({ report: result.report, reportSha256: result.reportSha256, reportFile: result.reportFile ?? null, pdfSha256: result.pdfSha256 ?? null, auditSeq: result.auditSeq }));
    else context.out(result.text + (result.reportFile ? `Report: ${result.reportFile} (SHA-256 ${result.pdfSha256})\n` : ''));
    if (result.report.result !== 'passed') {
      const n = result.report.exceptions.length;
      throw new BreakglassError('DRILL', `The drill ran with ${n} exception${n === 1 ? '' : 's'} (listed in the report): resolve each, then run the drill again.`);
    }
  },
};

const drillStatus: CommandSpec = {
  name: 'drill status',
  usage: 'DIR [--json]',
  summary: 'The last drill, its result, the next due date and the open exceptions; exit 1 when a drill is overdue or the last one had exceptions.',
  options: { json: { type: 'boolean' } },
  positionals: [1, 1],
  async run(context) {
    await context.app.openVaultSet({ dir: context.positionals[0] as string });
    const status = await context.app.getDrillStatus();
    if (flag(context, 'json')) context.out(formatJson(status));
    else {
      const last = status.lastDrill;
      context.out(
        `Last drill: ${last ? `${last.at} — ${last.result}${last.exceptions > 0 ? ` (${last.exceptions} exception${last.exceptions === 1 ? '' : 's'})` : ''}` : 'none recorded'}\n` +
          `Last passed: ${status.lastPassed ?? 'never'}\n` +
          `Next due: ${status.nextDue ? status.nextDue.slice(0, 10) : 'now'} (every ${status.intervalDays} days)${status.overdue ? ' — OVERDUE' : ''}\n` +
          (status.openExceptions.length > 0 ? `Open exceptions: ${status.openExceptions.join(', ')}\n` : ''),
      );
    }
    const failed = status.lastDrill?.result === 'exceptions';
    if (status.overdue || failed) {
      throw new BreakglassError('DRILL', status.overdue ? `${status.summary}: run "breakglass drill run".` : 'The last drill had exceptions: resolve them and run the drill again.');
    }
  },
};

const drillRecord: CommandSpec = {
  name: 'drill record',
  usage: 'DIR [--store password|mfa --bag INDEX=BAG...] [--interval-days N] [--as NAMES]',
  summary: 'Record the tamper-evident bag number each share sheet was sealed in (when sheets are issued without "print shares --bag"), and/or the drill interval.',
  details: ['Bag numbers are not secret; the record (DIR/drill-record.json) is vouched for by its SHA-256 in a "drill.bags" audit entry.'],
  options: { store: { type: 'string' }, bag: { type: 'string', multiple: true }, 'interval-days': { type: 'string' }, as: { type: 'string' } },
  positionals: [1, 1],
  async run(context) {
    const bags = bagOptions(context);
    const interval = integerOption(context, 'interval-days');
    if (bags.length === 0 && interval === undefined) throw new UsageError('give --store with --bag INDEX=BAG, and/or --interval-days N');
    const store = bags.length > 0 ? storeOption(context) : undefined;
    await context.app.openVaultSet({ dir: context.positionals[0] as string });
    const result = await context.app.recordBags({ ...(store ? { store, bags } : {}), ...(interval !== undefined ? { intervalDays: interval } : {}), actors: actors(context) });
    context.out(`Recorded${bags.length > 0 ? ` ${bags.length} bag number${bags.length === 1 ? '' : 's'}` : ''}; drill interval ${result.intervalDays} days. Record SHA-256 ${result.recordSha256} (in the audit log).\n`);
  },
};

export const drillCommands: readonly CommandSpec[] = [drillRun, drillStatus, drillRecord];
