// The rules of a break-glass run: starting one (accounts, task, reason, custodians), the run a reveal or a login
// session belongs to, a rotation at check-in, closing, and a clock that went backwards. FORMAT.md §15.3.

import { BreakglassError } from '../errors.js';
import type { Clock } from '../shared/determinism.js';
import { formatTimestamp } from '../shared/timestamps.js';
import { MAX_TEXT, type Run, type RunAccount, type RunsRecord, type SeedExposed } from './runs-record.js';
import { findTask, TASK_IDS } from './tasks.js';

/** A kept root: an account of the password vault, with its class. */
export interface KeptAccount {
  readonly accountId: string;
  readonly accountClass: string;
}

export interface StartRunInput {
  /** Accounts whose root is kept in this vault. */
  readonly accounts: readonly string[];
  /** Centrally managed member accounts (no root kept here). */
  readonly members?: readonly string[];
  readonly task: string;
  readonly reason: string;
  readonly ticket?: string;
  readonly custodians: readonly string[];
  /** Full root on a member account is agreed (the IAMCreateRootUserPassword path and a temporary root). */
  readonly fullRoot?: boolean;
}

/** Every timestamp the record holds, latest first: the record's own idea of "now" at its last change. */
export function latestRecordTime(record: RunsRecord): string | undefined {
  const times: string[] = [];
  for (const run of record.runs) {
    times.push(run.startedAt, ...run.rotations.map((r) => r.at));
    if (run.closedAt) times.push(run.closedAt);
  }
  for (const t of record.tempRoots) {
    times.push(t.createdAt);
    if (t.closedAt) times.push(t.closedAt);
  }
  return times.sort().at(-1);
}

/** The current time as the record will store it; refuses a clock that is behind the record's last change. */
export function recordNow(record: RunsRecord, clock: Clock): string {
  const now = formatTimestamp(clock.now());
  const latest = latestRecordTime(record);
  if (latest !== undefined && now < latest) {
    throw new BreakglassError(
      'CONFLICT',
      `The workstation clock says ${now}, earlier than the last change to the runs record (${latest}): the clock went backwards. ` +
        'Set the clock from a trusted source and try again; nothing was changed.',
    );
  }
  return now;
}

const ACCOUNT_ID = /^\d{12}$/;

function cleanText(value: unknown, field: string, label: string, required: boolean): string {
  if (typeof value !== 'string') throw new TypeError(`${field} must be a string`);
  const text = value.trim();
  if (required && text === '') throw new BreakglassError('VALIDATION', `${label} is required: say why the glass is broken.`, { field });
  if (text.length > MAX_TEXT) throw new BreakglassError('VALIDATION', `${label} is at most ${MAX_TEXT} characters.`, { field });
  return text;
}

/** The record with a new open run; refuses unknown accounts, tasks, and roots this vault does not hold. */
export function startRun(record: RunsRecord, input: StartRunInput, kept: readonly KeptAccount[], clock: Clock): { record: RunsRecord; run: Run } {
  const now = recordNow(record, clock);
  const task = findTask(String(input.task));
  if (!task) {
    throw new BreakglassError('VALIDATION', `Unknown task ${JSON.stringify(input.task)}: choose one of ${TASK_IDS.join(', ')}.`, { field: 'task' });
  }
  const reason = cleanText(input.reason, 'reason', 'A reason', true);
  const ticket = input.ticket === undefined ? '' : cleanText(input.ticket, 'ticket', 'A ticket id', false);
  const accounts: RunAccount[] = [];
  const seen = new Set<string>();
  const add = (raw: string, root: RunAccount['root']) => {
    const id = String(raw).trim();
    if (!ACCOUNT_ID.test(id)) throw new BreakglassError('VALIDATION', `${JSON.stringify(raw)} is not an AWS account id (12 digits).`, { field: 'accounts' });
    if (seen.has(id)) throw new BreakglassError('VALIDATION', `Account ${id} is named twice.`, { field: 'accounts' });
    seen.add(id);
    accounts.push({ accountId: id, root: root });
  };
  for (const id of input.accounts) {
    add(id, 'kept');
    if (!kept.some((k) => k.accountId === String(id).trim())) {
      throw new BreakglassError(
        'NOT_FOUND',
        `Account ${String(id).trim()} is not in this password vault, so no root of it is kept here. ` +
          'If it is a centrally managed member account, start the run for it as a member account (its runbook uses a privileged session instead).',
        { field: 'accounts' },
      );
    }
  }
  for (const id of input.members ?? []) {
    add(id, 'member');
    if (kept.some((k) => k.accountId === String(id).trim())) {
      throw new BreakglassError('VALIDATION', `Account ${String(id).trim()} has its root kept in this vault: start the run for it as a kept root.`, { field: 'members' });
    }
  }
  if (accounts.length === 0) throw new BreakglassError('VALIDATION', 'A run needs at least one account.', { field: 'accounts' });
  const members = accounts.filter((a) => a.root === 'member');
  if (members.length > 0 && !task.taskPolicy && !input.fullRoot) {
    throw new BreakglassError(
      'VALIDATION',
      `"${task.title}" needs the full root user, and this vault holds no root of member account ${members.map((m) => m.accountId).join(', ')}. ` +
        'Either agree to the full-root path (a root password created with IAMCreateRootUserPassword, recovered, and recorded as a temporary root until its credentials are deleted again), or choose a task a privileged session can do.',
      { field: 'task' },
    );
  }
  const custodians = [...new Set(input.custodians.map((n) => String(n).trim()).filter((n) => n !== ''))];
  if (custodians.length === 0) throw new BreakglassError('VALIDATION', 'Name the custodians present for the run.', { field: 'custodians' });
  const run: Run = {
    number: record.runs.length + 1,
    accounts,
    task: task.id,
    reason,
    ticket: ticket === '' ? null : ticket,
    custodians,
    startedAt: now,
    fullRoot: Boolean(input.fullRoot) && members.length > 0,
    rotations: [],
    closedAt: null,
    outcome: null,
    closedBy: [],
    exposed: [],
    seedsExposed: [],
  };
  return { record: { ...record, runs: [...record.runs, run] }, run };
}

export function findRun(record: RunsRecord, number: number): Run {
  const run = Number.isSafeInteger(number) ? record.runs.find((r) => r.number === number) : undefined;
  if (!run) throw new BreakglassError('NOT_FOUND', `There is no run ${String(number)} in this vault set (runs: ${record.runs.length === 0 ? 'none yet' : `1–${record.runs.length}`}).`);
  return run;
}

export function openRuns(record: RunsRecord): Run[] {
  return record.runs.filter((r) => r.closedAt === null);
}

/**
 * The run a reveal or login session for `accountId` belongs to: the named one (open, and naming the account),
 * else the single open run naming it; undefined when none is open and none is required.
 */
export function runForUse(record: RunsRecord, accountId: string, named: number | undefined): number | undefined {
  if (named !== undefined) {
    const run = findRun(record, named);
    if (run.closedAt !== null) throw new BreakglassError('SESSION', `Run ${run.number} was closed at ${run.closedAt}: start a new run for this break-glass.`);
    if (!run.accounts.some((a) => a.accountId === accountId && a.root === 'kept')) {
      throw new BreakglassError('VALIDATION', `Run ${run.number} is not for account ${accountId}: start a run that names it.`, { field: 'run' });
    }
    return run.number;
  }
  const candidates = openRuns(record).filter((r) => r.accounts.some((a) => a.accountId === accountId && a.root === 'kept'));
  if (candidates.length === 1) return candidates[0]!.number;
  if (candidates.length > 1) {
    throw new BreakglassError('VALIDATION', `Runs ${candidates.map((r) => r.number).join(' and ')} are open for account ${accountId}: say which run this is for.`, { field: 'run' });
  }
  if (record.requireRun === true) {
    throw new BreakglassError(
      'RUN_REQUIRED',
      `This vault set requires a break-glass run: no run is open for account ${accountId}. Start one (the task, the reason and the custodians present) first; nothing was revealed.`,
    );
  }
  return undefined;
}

function requireOpen(run: Run): void {
  if (run.closedAt !== null) {
    throw new BreakglassError('CONFLICT', `Run ${run.number} is already closed (${run.closedAt}, outcome: ${JSON.stringify(run.outcome)}). Nothing was changed.`);
  }
}

function replaceRun(record: RunsRecord, run: Run): RunsRecord {
  return { ...record, runs: record.runs.map((r) => (r.number === run.number ? run : r)) };
}

/** Accounts of `exposed` whose password the run has not yet sealed anew. */
export function unrotated(run: Run, exposed: readonly string[]): string[] {
  return exposed.filter((id) => !run.rotations.some((r) => r.accountId === id));
}

/** Checks a rotation may begin: the run is open and the password was revealed in it. */
export function checkRotation(record: RunsRecord, number: number, accountId: string, exposed: readonly string[]): Run {
  const run = findRun(record, number);
  requireOpen(run);
  if (!exposed.includes(accountId)) {
    throw new BreakglassError('VALIDATION', `The root password of ${accountId} was not revealed in run ${run.number}: there is nothing to rotate.`, { field: 'accountId' });
  }
  return run;
}

/** The record after the new password of `accountId` was sealed as generation `generation`. */
export function recordRotation(record: RunsRecord, number: number, accountId: string, generation: number, clock: Clock): RunsRecord {
  const at = recordNow(record, clock);
  const run = findRun(record, number);
  requireOpen(run);
  const rotations = [...run.rotations.filter((r) => r.accountId !== accountId), { accountId, generation, at }];
  return replaceRun(record, { ...run, rotations });
}

export interface CloseRunInput {
  readonly outcome: string;
  /** True: every exposed password must be rotated first; false: close with them exposed (a reminder stays). */
  readonly rotate: boolean;
  readonly custodians: readonly string[];
  /** Virtual MFA devices whose seed was exposed beyond a login session, already checked (resolveSeedsExposed). */
  readonly seedsExposed?: readonly SeedExposed[];
}

/** The record with run `number` closed (check-in); refuses a second close and unrotated passwords with `rotate`. */
export function closeRun(record: RunsRecord, number: number, input: CloseRunInput, exposed: readonly string[], clock: Clock): { record: RunsRecord; run: Run } {
  const run = findRun(record, number);
  requireOpen(run);
  const now = recordNow(record, clock);
  const outcome = cleanText(input.outcome, 'outcome', 'The outcome', true);
  const pending = unrotated(run, exposed);
  if (input.rotate && pending.length > 0) {
    throw new BreakglassError(
      'CONFLICT',
      `The root password of ${pending.join(', ')} was revealed in run ${run.number} and is not rotated yet: rotate it first, or close the run without rotation (it then stays a reminder). The run stays open.`,
    );
  }
  const closed: Run = { ...run, closedAt: now, outcome, closedBy: [...new Set(input.custodians.map((n) => n.trim()).filter(Boolean))], exposed: [...exposed], seedsExposed: [...(input.seedsExposed ?? [])] };
  return { record: replaceRun(record, closed), run: closed };
}

/** The record with the "run required" setting given. */
export function setRunRequirement(record: RunsRecord, required: boolean, openRunHours?: number): RunsRecord {
  if (typeof required !== 'boolean') throw new TypeError('required must be a boolean');
  if (openRunHours !== undefined && (!Number.isSafeInteger(openRunHours) || openRunHours < 1 || openRunHours > 24 * 30)) {
    throw new BreakglassError('VALIDATION', `An open run becomes a reminder after 1–720 whole hours, not ${String(openRunHours)}.`, { field: 'openRunHours' });
  }
  return { ...record, requireRun: required, openRunHours: openRunHours ?? record.openRunHours };
}
