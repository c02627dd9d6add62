// The drill status from the audit log: the last drill and its result, the next due date (the last passed
// drill plus the vault set's interval, 90 days by default), whether it is overdue. FORMAT.md §16.5.

import type { AuditEntry } from '../audit/audit-log.js';
import { formatTimestamp } from '../shared/timestamps.js';

export const DEFAULT_DRILL_INTERVAL_DAYS = 90;
const DAY_MS = 86_400_000;

export interface DrillStatusView {
  readonly lastDrill: { readonly at: string; readonly result: string; readonly exceptions: number; readonly reportSha256: string | null } | null;
  readonly lastPassed: string | null;
  readonly intervalDays: number;
  readonly nextDue: string | null;
  readonly overdue: boolean;
  readonly openExceptions: readonly string[];
  readonly summary: string;
}

export function drillStatus(entries: readonly AuditEntry[], nowMs: number, intervalDays: number): DrillStatusView {
  const drills = entries.filter((e) => e.event === 'drill');
  const completed = drills.filter((e) => e.details.result === 'passed' || e.details.result === 'exceptions');
  const last = drills.at(-1);
  const lastCompleted = completed.at(-1);
  const lastPassed = completed.filter((e) => e.details.result === 'passed').at(-1)?.at ?? null;
  const nextDue = lastPassed === null ? null : formatTimestamp(Date.parse(lastPassed) + intervalDays * DAY_MS);
  const overdue = nextDue === null || Date.parse(nextDue) < nowMs;
  const openExceptions =
    lastCompleted?.details.result === 'exceptions' && typeof lastCompleted.details.kinds === 'string' && lastCompleted.details.kinds !== ''
      ? lastCompleted.details.kinds.split(',')
      : [];
  const summary =
    last === undefined
      ? 'no drill recorded: run one'
      : overdue
        ? nextDue === null
          ? 'drill overdue: no drill has passed yet'
          : `drill overdue since ${nextDue.slice(0, 10)}`
        : `next drill due ${nextDue!.slice(0, 10)}`;
  return {
    lastDrill: last
      ? {
          at: last.at,
          result: String(last.details.result ?? 'unknown'),
          exceptions: typeof last.details.exceptions === 'number' ? last.details.exceptions : 0,
          reportSha256: typeof last.details.reportSha256 === 'string' ? last.details.reportSha256 : null,
        }
      : null,
    lastPassed,
    intervalDays,
    nextDue,
    overdue,
    openExceptions,
    summary: lastCompleted?.details.result === 'exceptions' && !overdue ? `${summary}; the last drill had exceptions` : summary,
  };
}
