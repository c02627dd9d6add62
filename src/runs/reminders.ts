// What is due after a break-glass: an open run older than the set hours, an exposed password not rotated, a
// temporary root past its expiry, copies of a rotated store not brought up to date, an exposed MFA seed not re-enrolled. FORMAT.md §15.5.

import type { Clock } from '../shared/determinism.js';
import { formatTimestamp } from '../shared/timestamps.js';
import type { Run, RunsRecord } from './runs-record.js';
import { unrotated } from './run-rules.js';
import { notReenrolled, type MfaEnrollment } from './seed-exposure.js';

export type ReminderKind = 'open-run' | 'exposed-password' | 'temp-root-expired' | 'copies-stale' | 'seed-exposed' | 'setting-undecided';

export interface Reminder {
  readonly kind: ReminderKind;
  /** Due reminders make `breakglass status` exit 1; a notice does not. */
  readonly due: boolean;
  readonly run?: number;
  readonly accountId?: string;
  /** The virtual MFA device of a `seed-exposed` reminder. */
  readonly device?: string;
  readonly text: string;
}

/** The copies of the password vault that are older than a generation: drive names, and the paper backup. */
export interface CopiesBehind {
  /** Drives holding the password vault, with the generation each holds. */
  readonly drives: readonly { readonly name: string; readonly generation: number }[];
  /** Generation of the last printed paper backup of the password vault; null when none was printed. */
  readonly paperGeneration: number | null;
}

export type RunState = 'open' | 'closed-copies-stale' | 'closed';

/** Copies older than the run's last rotation: "drive PW-B (generation 3)", "paper backup (generation 3)". */
export function staleCopies(run: Run, copies: CopiesBehind): string[] {
  const newest = run.rotations.reduce((max, r) => Math.max(max, r.generation), 0);
  if (newest === 0) return [];
  const stale = copies.drives.filter((d) => d.generation < newest).map((d) => `drive ${d.name} (generation ${d.generation})`);
  if (copies.paperGeneration !== null && copies.paperGeneration < newest) stale.push(`paper backup (generation ${copies.paperGeneration})`);
  return stale;
}

export function runState(run: Run, copies: CopiesBehind): RunState {
  if (run.closedAt === null) return 'open';
  return staleCopies(run, copies).length > 0 ? 'closed-copies-stale' : 'closed';
}

/** Exposed passwords of closed runs that no later rotation (in any run) sealed anew. */
function exposedNotRotated(record: RunsRecord, run: Run): string[] {
  if (run.closedAt === null) return [];
  return unrotated(run, run.exposed).filter(
    (id) => !record.runs.some((other) => other.rotations.some((r) => r.accountId === id && r.at >= (run.closedAt as string))),
  );
}

/** `enrollments`: the new virtual MFA devices the audit log records (they clear `seed-exposed`). */
export function reminders(record: RunsRecord, clock: Clock, copies: CopiesBehind, enrollments: readonly MfaEnrollment[]): Reminder[] {
  const nowMs = clock.now();
  const now = formatTimestamp(nowMs);
  const out: Reminder[] = [];
  if (record.requireRun === null) {
    out.push({ kind: 'setting-undecided', due: false, text: 'This vault set has not decided yet whether every reveal and login session needs a break-glass run.' });
  }
  for (const run of record.runs) {
    if (run.closedAt === null) {
      const hours = Math.floor((nowMs - Date.parse(run.startedAt)) / 3_600_000);
      if (hours >= record.openRunHours) {
        out.push({ kind: 'open-run', due: true, run: run.number, text: `Run ${run.number} has been open for ${hours} hours (since ${run.startedAt}): close it with its outcome.` });
      }
      continue;
    }
    for (const accountId of exposedNotRotated(record, run)) {
      out.push({ kind: 'exposed-password', due: true, run: run.number, accountId, text: `The root password of ${accountId} was revealed in run ${run.number} and is not rotated yet.` });
    }
    for (const seed of notReenrolled(run, enrollments)) {
      out.push({
        kind: 'seed-exposed',
        due: true,
        run: run.number,
        accountId: seed.accountId,
        device: seed.device,
        text: `The MFA seed of ${seed.accountId} (${seed.device}) was exposed in run ${run.number}: re-enroll it (new virtual MFA device in AWS, enroll here, remove the old one).`,
      });
    }
    const stale = staleCopies(run, copies);
    if (stale.length > 0) {
      out.push({ kind: 'copies-stale', due: true, run: run.number, text: `Run ${run.number} is closed — copies stale: ${stale.join(', ')}. Export to the drives and print the paper backup again.` });
    }
  }
  for (const t of record.tempRoots) {
    if (t.closedAt === null && t.expiresAt <= now) {
      out.push({ kind: 'temp-root-expired', due: true, accountId: t.accountId, ...(t.run !== null ? { run: t.run } : {}), text: `Temporary root #${t.id} of ${t.accountId} expired at ${t.expiresAt}: delete its credentials (IAMDeleteRootUserCredentials) and close the record.` });
    }
  }
  return out;
}
