// Temporary root records: a member account's root password created for a full-root task (IAMCreateRootUserPassword
// and password recovery), with an expiry, closed only once its credentials are deleted again. FORMAT.md §15.4.

import { BreakglassError } from '../errors.js';
import type { Clock } from '../shared/determinism.js';
import { formatTimestamp } from '../shared/timestamps.js';
import { findRun, recordNow } from './run-rules.js';
import { MAX_TEXT, type RunsRecord, type TempRoot } from './runs-record.js';

export const DEFAULT_TEMP_ROOT_HOURS = 24;
export const MAX_TEMP_ROOT_HOURS = 24 * 7;

export interface AddTempRootInput {
  readonly accountId: string;
  readonly run?: number;
  readonly hours?: number;
  readonly note?: string;
}

export function addTempRoot(record: RunsRecord, input: AddTempRootInput, clock: Clock): { record: RunsRecord; tempRoot: TempRoot } {
  const createdAt = recordNow(record, clock);
  const accountId = String(input.accountId).trim();
  if (!/^\d{12}$/.test(accountId)) throw new BreakglassError('VALIDATION', `${JSON.stringify(input.accountId)} is not an AWS account id (12 digits).`, { field: 'accountId' });
  const hours = input.hours ?? DEFAULT_TEMP_ROOT_HOURS;
  if (!Number.isSafeInteger(hours) || hours < 1 || hours > MAX_TEMP_ROOT_HOURS) {
    throw new BreakglassError('VALIDATION', `A temporary root expires after 1–${MAX_TEMP_ROOT_HOURS} whole hours, not ${String(hours)}.`, { field: 'hours' });
  }
  if (input.run !== undefined) {
    const run = findRun(record, input.run);
    if (run.closedAt !== null) throw new BreakglassError('CONFLICT', `Run ${run.number} is closed: a temporary root belongs to an open run.`);
    if (!run.accounts.some((a) => a.accountId === accountId && a.root === 'member')) {
      throw new BreakglassError('VALIDATION', `Run ${run.number} does not name ${accountId} as a centrally managed member account.`, { field: 'accountId' });
    }
  }
  const open = record.tempRoots.find((t) => t.accountId === accountId && t.closedAt === null);
  if (open) {
    throw new BreakglassError('CONFLICT', `Account ${accountId} already has an open temporary root (#${open.id}, expires ${open.expiresAt}): close that one when its credentials are deleted.`);
  }
  const note = String(input.note ?? '').trim();
  if (note.length > MAX_TEXT) throw new BreakglassError('VALIDATION', `A note is at most ${MAX_TEXT} characters.`, { field: 'note' });
  const tempRoot: TempRoot = {
    id: record.tempRoots.length + 1,
    accountId,
    run: input.run ?? null,
    createdAt,
    expiresAt: formatTimestamp(Date.parse(createdAt) + hours * 3_600_000),
    closedAt: null,
    note,
  };
  return { record: { ...record, tempRoots: [...record.tempRoots, tempRoot] }, tempRoot };
}

/** Closes temporary root `id`; only when the custodians confirm its credentials were deleted again. */
export function closeTempRoot(record: RunsRecord, id: number, credentialsDeleted: boolean, clock: Clock): { record: RunsRecord; tempRoot: TempRoot } {
  const current = record.tempRoots.find((t) => t.id === id);
  if (!current) throw new BreakglassError('NOT_FOUND', `There is no temporary root #${String(id)} in this vault set.`);
  if (current.closedAt !== null) throw new BreakglassError('CONFLICT', `Temporary root #${id} was already closed at ${current.closedAt}. Nothing was changed.`);
  if (credentialsDeleted !== true) {
    throw new BreakglassError(
      'VALIDATION',
      `Temporary root #${id} (account ${current.accountId}) is closed only once its credentials are deleted again (a privileged session with IAMDeleteRootUserCredentials). It stays open.`,
      { field: 'credentialsDeleted' },
    );
  }
  const closedAt = recordNow(record, clock);
  const tempRoot = { ...current, closedAt };
  return { record: { ...record, tempRoots: record.tempRoots.map((t) => (t.id === id ? tempRoot : t)) }, tempRoot };
}
