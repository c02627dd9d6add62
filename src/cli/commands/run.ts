// `breakglass run start|list|close|require`, `breakglass runbook`, `breakglass temp-root add|close|list` and
// `breakglass status`: break-glass runs from the command line, one command group over the runs API.

import { BreakglassError, type RunsOverview, type RunView } from '../../app/index.js';
import { actors, flag, integerOption, requiredOption, stringListOption, stringOption, UNLOCK_OPTIONS, UsageError, type CommandContext, type CommandSpec } from '../command.js';
import { formatFields, formatJson, formatTable } from '../output.js';
import { openAndUnlock } from '../unlock.js';

const STATE_TEXT: Readonly<Record<RunView['state'], string>> = { open: 'open', 'closed-copies-stale': 'closed — copies stale', closed: 'closed' };

function runNumber(text: string | undefined, what = 'RUN'): number {
  if (text === undefined || !/^\d+$/.test(text) || Number(text) < 1) throw new UsageError(`${what} must be a run number (1, 2, …), got ${JSON.stringify(text)}`);
  return Number(text);
}

/** The --run option as a number, or undefined. */
export function runOption(context: CommandContext): number | undefined {
  const value = stringOption(context, 'run');
  return value === undefined ? undefined : runNumber(value, '--run');
}

/**
 * Asks an existing vault set once whether reveals and login sessions need a run (at a terminal); in a script
 * it is not asked (`breakglass status` shows the open question) and `breakglass run require DIR on|off` answers it.
 */
export async function askRunSettingOnce(context: CommandContext): Promise<void> {
  const overview = await context.app.getRuns();
  if (overview.requireRun !== null) return;
  // A script is never asked (its stdin holds secrets in a fixed order); "breakglass status" lists the question.
  if (!context.secrets.interactive) return;
  const answer = (await context.secrets.ask('This vault set has not decided yet: should every reveal and login session need a break-glass run? Type yes or no: ')).trim().toLowerCase();
  if (answer !== 'yes' && answer !== 'no') {
    context.err('Not answered: asked again next time.\n');
    return;
  }
  await context.app.setRunRequirement({ required: answer === 'yes', actors: actors(context) });
  context.err(answer === 'yes' ? 'Recorded: reveals and login sessions now need an open run.\n' : 'Recorded: runs are optional in this vault set.\n');
}

function describeRun(run: RunView): string {
  return formatFields([
    ['Run', String(run.number)],
    ['State', STATE_TEXT[run.state]],
    ['Accounts', run.accounts.map((a) => (a.root === 'member' ? `${a.accountId} (member account)` : a.accountId)).join(', ')],
    ['Task', `${run.taskTitle} (${run.task})`],
    ['Reason', run.reason + (run.ticket ? ` [ticket ${run.ticket}]` : '')],
    ['Custodians', run.custodians.join(', ')],
    ['Started', run.startedAt],
    ['Reveals', run.uses.length === 0 ? 'none yet' : run.uses.map((u) => `#${u.seq} ${u.event} ${u.accountId}`).join('; ')],
    ['Exposed', run.exposed.length === 0 ? 'none' : run.exposed.join(', ')],
    ['Rotated', run.rotations.length === 0 ? 'none' : run.rotations.map((r) => `${r.accountId} → generation ${r.generation}`).join(', ')],
    ...(run.closedAt ? ([['Closed', `${run.closedAt}: ${run.outcome ?? ''}`]] as const) : []),
    ...(run.staleCopies.length > 0 ? ([['Stale copies', run.staleCopies.join(', ') + ' — export and print again']] as const) : []),
    ...(run.seedsExposed.length > 0 ? ([['MFA seeds exposed', run.seedsExposed.map((s) => `${s.accountId} (${s.device})`).join(', ')]] as const) : []),
  ]);
}

/** `--seed-exposed ACCOUNT[:DEVICE]` values, as the API takes them. */
function seedsExposedOption(context: CommandContext): { accountId: string; device?: string }[] {
  return stringListOption(context, 'seed-exposed').map((value) => {
    const [accountId, device, extra] = value.split(':');
    if (extra !== undefined || accountId === undefined || accountId.trim() === '' || (device !== undefined && device.trim() === '')) {
      throw new UsageError(`--seed-exposed takes ACCOUNT or ACCOUNT:DEVICE (e.g. 123456789012:root-mfa-1), not ${JSON.stringify(value)}`);
    }
    return { accountId: accountId.trim(), ...(device !== undefined ? { device: device.trim() } : {}) };
  });
}

const JSON_OPTION = { json: { type: 'boolean' } } as const;

const runStart: CommandSpec = {
  name: 'run start',
  usage: 'DIR --account ID... [--member ID...] --task TASK --reason TEXT [--ticket T] [--full-root] --as NAMES [--json]',
  summary: 'Start a break-glass run: the accounts, the task, why, and the custodians present. Prints the run number.',
  details: [
    'Reads the password vault passphrase (the accounts are checked against the vault).',
    '--account names a root kept in this vault; --member a centrally managed member account (no root kept here).',
    '--full-root agrees to the full-root path on member accounts for tasks a privileged session cannot do.',
    'Tasks: account-settings, close-account, restore-iam-permissions, support-plan, tax-invoices, ri-marketplace-seller, s3-mfa-delete, s3-bucket-policy, sqs-queue-policy, govcloud-signup, audit-root-credentials, delete-root-credentials, other.',
  ],
  options: { ...UNLOCK_OPTIONS, account: { type: 'string', multiple: true }, member: { type: 'string', multiple: true }, task: { type: 'string' }, reason: { type: 'string' }, ticket: { type: 'string' }, 'full-root': { type: 'boolean' }, ...JSON_OPTION },
  positionals: [1, 1],
  async run(context) {
    const accounts = stringListOption(context, 'account');
    const members = stringListOption(context, 'member');
    if (accounts.length + members.length === 0) throw new UsageError('name at least one --account (or --member)');
    const task = requiredOption(context, 'task');
    const reason = requiredOption(context, 'reason');
    const present = actors(context);
    if (present.length === 0) throw new UsageError('--as is required: the custodians present, e.g. --as "Alice, Bob"');
    await openAndUnlock(context, context.positionals[0] as string, 'password-vault');
    const ticket = stringOption(context, 'ticket');
    const run = await context.app.startRun({ accounts, members, task, reason, ...(ticket !== undefined ? { ticket } : {}), fullRoot: flag(context, 'full-root'), actors: present });
    if (context.values.json) return context.out(formatJson(run));
    context.out(describeRun(run));
    context.out(`Started run ${run.number}. Follow its runbook: breakglass runbook ${context.positionals[0]} --run ${run.number}\n`);
  },
};

const runList: CommandSpec = {
  name: 'run list',
  usage: 'DIR [--json]',
  summary: 'List the break-glass runs of the vault set (no passphrase needed).',
  options: { ...JSON_OPTION },
  positionals: [1, 1],
  async run(context) {
    await context.app.openVaultSet({ dir: context.positionals[0] as string });
    const overview = await context.app.getRuns();
    if (context.values.json) return context.out(formatJson(overview.runs));
    if (overview.runs.length === 0) return context.out('No break-glass run yet. Start one with "breakglass run start".\n');
    context.out(
      formatTable(
        ['RUN', 'STATE', 'STARTED', 'TASK', 'ACCOUNTS', 'REASON'],
        overview.runs.map((r) => [String(r.number), STATE_TEXT[r.state], r.startedAt, r.task, r.accounts.map((a) => a.accountId).join(','), r.reason]),
      ),
    );
  },
};

async function rotateExposed(context: CommandContext, run: RunView): Promise<void> {
  for (const accountId of run.pendingRotation) {
    const rotation = await context.app.beginRotation({ run: run.number, accountId });
    context.err(`New root password for ${accountId} (AWS root password policy). Set it in the AWS console now (Account → Security credentials → Change password):\n`);
    context.out(`${accountId} ${rotation.password}\n`);
    const answer = (await context.secrets.ask(`Type "set" once AWS accepted the new password of ${accountId} (anything else cancels): `)).trim().toLowerCase();
    if (answer !== 'set') {
      await context.app.cancelRotation();
      throw new BreakglassError('CANCELLED', `Rotation of ${accountId} cancelled: its old password stays sealed and run ${run.number} stays open. Run "breakglass run close" again to continue.`);
    }
    const sealed = await context.app.confirmRotation({ run: run.number, accountId, actors: actors(context) });
    context.err(`Sealed the new password of ${accountId} (password vault generation ${sealed.generation}).\n`);
  }
}

const runClose: CommandSpec = {
  name: 'run close',
  usage: 'DIR RUN --outcome TEXT [--rotate | --no-rotate] [--seed-exposed ACCOUNT[:DEVICE]...] [--as NAMES] [--json]',
  summary: 'Check in a run: record the outcome and rotate every root password revealed in it (default --rotate).',
  details: [
    'Reads the password vault passphrase. For each exposed password: prints the new one on stdout, then asks you to type "set" once AWS accepted it (from stdin in a script), and seals it.',
    'Anything but "set" cancels: the old password stays and the run stays open. --no-rotate closes with the passwords exposed (a reminder stays until they are rotated).',
    'Afterwards the drive copies and the paper backup of the password vault are stale until exported and printed again.',
    '--seed-exposed records that the MFA seed of an account of the run left its login session (shown, copied, typed elsewhere): DEVICE is the virtual MFA device, needed when the account has several. A reminder stays due until a new virtual device of that account is enrolled ("breakglass enroll").',
  ],
  options: { ...UNLOCK_OPTIONS, outcome: { type: 'string' }, rotate: { type: 'boolean' }, 'no-rotate': { type: 'boolean' }, 'seed-exposed': { type: 'string', multiple: true }, ...JSON_OPTION },
  positionals: [2, 2],
  async run(context) {
    const number = runNumber(context.positionals[1]);
    const outcome = requiredOption(context, 'outcome');
    if (flag(context, 'rotate') && flag(context, 'no-rotate')) throw new UsageError('use either --rotate or --no-rotate');
    const rotate = !flag(context, 'no-rotate');
    const seeds = seedsExposedOption(context);
    const dir = context.positionals[0] as string;
    await context.app.openVaultSet({ dir });
    const before = (await context.app.getRuns()).runs.find((r) => r.number === number);
    if (before?.closedAt) throw new BreakglassError('CONFLICT', `Run ${number} is already closed (${before.closedAt}, outcome: ${JSON.stringify(before.outcome)}). Nothing was changed.`);
    // Checked before any passphrase or rotation: the MFA seed store's device list needs no key.
    const seedsExposed = seeds.length > 0 ? await context.app.checkSeedsExposed({ run: number, seedsExposed: seeds }) : [];
    await openAndUnlock(context, dir, 'password-vault');
    if (rotate && before) await rotateExposed(context, before);
    const run = await context.app.closeRun({ run: number, outcome, rotate, seedsExposed, actors: actors(context) });
    if (context.values.json) return context.out(formatJson(run));
    context.err(`Closed run ${run.number}: ${STATE_TEXT[run.state]}.\n`);
    if (run.staleCopies.length > 0) context.err(`Stale copies: ${run.staleCopies.join(', ')}. Export to those drives and print the paper backup again.\n`);
    const unrotated = run.exposed.filter((id) => !run.rotations.some((r) => r.accountId === id));
    if (unrotated.length > 0) context.err(`Not rotated (still exposed): ${unrotated.join(', ')}.\n`);
    for (const seed of run.pendingReenrollment) {
      context.err(
        `Re-enroll the MFA device of ${seed.accountId} (its seed ${seed.device} was exposed): create a new virtual MFA device in AWS, enroll it here with ` +
          `"breakglass enroll ${dir} --account ${seed.accountId} --device NEW-NAME", then remove ${seed.device} in AWS and with "breakglass seed remove ${dir} --account ${seed.accountId} --device ${seed.device}".\n`,
      );
    }
  },
};

const runRequire: CommandSpec = {
  name: 'run require',
  usage: 'DIR on|off [--open-hours N] [--as NAMES]',
  summary: 'Decide whether every password reveal and TOTP login session of this vault set needs an open run.',
  options: { 'open-hours': { type: 'string' }, as: { type: 'string' } },
  positionals: [2, 2],
  async run(context) {
    const value = context.positionals[1];
    if (value !== 'on' && value !== 'off') throw new UsageError(`expected "on" or "off", got ${JSON.stringify(value)}`);
    await context.app.openVaultSet({ dir: context.positionals[0] as string });
    const hours = integerOption(context, 'open-hours');
    const overview = await context.app.setRunRequirement({ required: value === 'on', ...(hours !== undefined ? { openRunHours: hours } : {}), actors: actors(context) });
    context.out(`Runs are ${overview.requireRun ? 'required' : 'optional'}; an open run is a reminder after ${overview.openRunHours} hours.\n`);
  },
};

const runbook: CommandSpec = {
  name: 'runbook',
  usage: 'DIR (--account ID... | --member ID... | --run RUN) [--task TASK] [--pdf FILE]',
  summary: 'Show (or print to a PDF, one page per account) the runbook of an account and task. No secret is on it.',
  details: ['Reads the password vault passphrase when a kept root (--account, or a run naming one) is included.'],
  options: { ...UNLOCK_OPTIONS, account: { type: 'string', multiple: true }, member: { type: 'string', multiple: true }, run: { type: 'string' }, task: { type: 'string' }, pdf: { type: 'string' }, paper: { type: 'string' } },
  positionals: [1, 1],
  async run(context) {
    const dir = context.positionals[0] as string;
    const accounts = stringListOption(context, 'account');
    const members = stringListOption(context, 'member');
    const run = runOption(context);
    const task = stringOption(context, 'task');
    if (run === undefined && accounts.length + members.length === 0) throw new UsageError('name --account, --member or --run');
    if (run === undefined && task === undefined) throw new UsageError('--task is required without --run');
    await context.app.openVaultSet({ dir });
    const fromRun = run === undefined ? undefined : (await context.app.getRuns()).runs.find((r) => r.number === run);
    if (accounts.length > 0 || fromRun?.accounts.some((a) => a.root === 'kept')) await openAndUnlock(context, dir, 'password-vault');
    const request = { ...(run !== undefined ? { run } : { accounts, members }), ...(task !== undefined ? { task } : {}) };
    const pdf = stringOption(context, 'pdf');
    if (pdf === undefined) return context.out((await context.app.getRunbook(request)).text);
    const paper = stringOption(context, 'paper') ?? 'A4';
    if (paper !== 'A4' && paper !== 'Letter') throw new UsageError('--paper must be A4 or Letter');
    const { resolve } = await import('node:path');
    const printed = await context.app.printRunbook({ ...request, outFile: resolve(pdf), paper, actors: actors(context) });
    context.out(`Wrote the runbook (${printed.pages} page${printed.pages === 1 ? '' : 's'}) to ${printed.file}.\n`);
  },
};

const tempRootAdd: CommandSpec = {
  name: 'temp-root add',
  usage: 'DIR --account ID [--run RUN] [--hours N] [--note TEXT] [--as NAMES]',
  summary: 'Record a temporary root of a member account (a password created and recovered for a full-root task); expires in 24 hours by default.',
  options: { account: { type: 'string' }, run: { type: 'string' }, hours: { type: 'string' }, note: { type: 'string' }, as: { type: 'string' } },
  positionals: [1, 1],
  async run(context) {
    const accountId = requiredOption(context, 'account');
    await context.app.openVaultSet({ dir: context.positionals[0] as string });
    const run = runOption(context);
    const hours = integerOption(context, 'hours');
    const note = stringOption(context, 'note');
    const t = await context.app.addTempRoot({ accountId, ...(run !== undefined ? { run } : {}), ...(hours !== undefined ? { hours } : {}), ...(note !== undefined ? { note } : {}), actors: actors(context) });
    context.out(`Recorded temporary root #${t.id} of ${t.accountId}; it expires at ${t.expiresAt}. Close it with "breakglass temp-root close DIR ${t.id} --credentials-deleted" once its credentials are deleted again.\n`);
  },
};

const tempRootClose: CommandSpec = {
  name: 'temp-root close',
  usage: 'DIR ID --credentials-deleted [--as NAMES]',
  summary: 'Close a temporary root record once its root credentials were deleted again (IAMDeleteRootUserCredentials).',
  options: { 'credentials-deleted': { type: 'boolean' }, as: { type: 'string' } },
  positionals: [2, 2],
  async run(context) {
    const id = runNumber(context.positionals[1], 'ID');
    await context.app.openVaultSet({ dir: context.positionals[0] as string });
    const t = await context.app.closeTempRoot({ id, credentialsDeleted: flag(context, 'credentials-deleted'), actors: actors(context) });
    context.out(`Closed temporary root #${t.id} of ${t.accountId} (${t.closedAt}).\n`);
  },
};

const tempRootList: CommandSpec = {
  name: 'temp-root list',
  usage: 'DIR [--json]',
  summary: 'List the temporary root records (open ones first).',
  options: { ...JSON_OPTION },
  positionals: [1, 1],
  async run(context) {
    await context.app.openVaultSet({ dir: context.positionals[0] as string });
    const { tempRoots } = await context.app.getRuns();
    if (context.values.json) return context.out(formatJson(tempRoots));
    if (tempRoots.length === 0) return context.out('No temporary root recorded.\n');
    const sorted = [...tempRoots].sort((a, b) => (a.closedAt === null ? 0 : 1) - (b.closedAt === null ? 0 : 1) || a.id - b.id);
    context.out(formatTable(['ID', 'ACCOUNT', 'RUN', 'CREATED', 'EXPIRES', 'CLOSED'], sorted.map((t) => [String(t.id), t.accountId, t.run === null ? '—' : String(t.run), t.createdAt, t.expiresAt, t.closedAt ?? 'open'])));
  },
};

function statusText(overview: RunsOverview): string {
  const open = overview.runs.filter((r) => r.state === 'open');
  const lines = [
    `Runs: ${overview.requireRun === null ? 'not decided yet whether required' : overview.requireRun ? 'required for every reveal and login session' : 'optional'}.`,
    open.length === 0 ? 'No run is open.' : `Open: ${open.map((r) => `run ${r.number} (since ${r.startedAt}, ${r.task})`).join(', ')}.`,
  ];
  const due = overview.reminders.filter((r) => r.due);
  lines.push(due.length === 0 ? 'Nothing is due.' : 'Due:');
  for (const r of overview.reminders) lines.push(`  ${r.due ? '!' : '·'} ${r.text}`);
  return lines.join('\n') + '\n';
}

const status: CommandSpec = {
  name: 'status',
  usage: 'DIR [--json]',
  summary: 'Open runs and reminders (open too long, exposed password not rotated, temporary root expired, stale copies). Exit 1 when any is due.',
  options: { ...JSON_OPTION },
  positionals: [1, 1],
  async run(context) {
    await context.app.openVaultSet({ dir: context.positionals[0] as string });
    const overview = await context.app.getRuns();
    context.out(context.values.json ? formatJson({ requireRun: overview.requireRun, due: overview.due, reminders: overview.reminders, openRuns: overview.runs.filter((r) => r.state === 'open').map((r) => r.number) }) : statusText(overview));
    if (overview.due) throw new DueReminders();
  },
};

/** Exit 1 with nothing more to say: the reminders were printed. */
export class DueReminders extends BreakglassError {
  constructor() {
    super('CONFLICT', 'Reminders are due (listed above).');
  }
}

export const runCommands: readonly CommandSpec[] = [runStart, runList, runClose, runRequire, runbook, tempRootAdd, tempRootClose, tempRootList, status];
