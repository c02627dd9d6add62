// Anchoring the audit log to an earlier copy kept elsewhere (a drive's export): the log must still begin
// with every line of the copy, unchanged. Pure functions, no file access. Spec: docs/FORMAT.md §10.6.

import { parseAuditLine, verifyAuditChain } from './audit-log.js';

export type AuditPrefixResult =
  | {
      readonly ok: true;
      /** Entries in the copy: lines 1…copyEntries of the log are exactly the copy's lines. */
      readonly copyEntries: number;
      readonly logEntries: number;
      /** Entries the log holds beyond the copy (0: the copy is the whole log). */
      readonly newerEntries: number;
      readonly message: string;
    }
  | {
      readonly ok: false;
      /** differs: a line of the log is not the copy's line; truncated: the log is shorter; copy-broken: the copy itself does not verify. */
      readonly problem: 'differs' | 'truncated' | 'copy-broken';
      /** 1-based line of the log (differs) or of the copy (copy-broken) where the problem is. */
      readonly line?: number;
      readonly copyEntries: number;
      readonly logEntries: number;
      readonly message: string;
    };

/** The log's lines, each with its "\n" when it has one (a last line without it is kept as it is). */
function linesOf(text: string): string[] {
  if (text === '') return [];
  const parts = text.split('\n');
  const last = parts.pop()!;
  const lines = parts.map((part) => `${part}\n`);
  if (last !== '') lines.push(last);
  return lines;
}

function firstIndex(lines: readonly string[]): Map<string, number> {
  const index = new Map<string, number>();
  lines.forEach((line, i) => {
    if (!index.has(line)) index.set(line, i);
  });
  return index;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** The drive named by a `drive.restore` entry that brought the log back from a drive's copy, if `line` is one. */
function restoredFromDrive(line: string): string | undefined {
  try {
    const entry = parseAuditLine(line);
    if (entry.event !== 'drive.restore' || entry.details['auditLog'] !== 'restored') return undefined;
    const drive = entry.details['drive'];
    return typeof drive === 'string' ? drive : 'unknown';
  } catch {
    return undefined;
  }
}

/**
 * Checks that `log` (the workstation's audit log) still holds every line of `copy` (an earlier copy of
 * the same log, e.g. from a drive export) as its beginning, byte for byte — so the copy's head is a line
 * of the log and every line before it is unchanged. This catches what the chain alone cannot: an edited
 * or removed last line, a log cut short, or a log rewritten with fresh hashes. `source` names where the
 * copy is kept, for messages: 'drive "PW-A onsite" (exported 2026-11-22T08:00:00Z)'. The log's own chain
 * is not checked here (verifyAuditChain does that); the copy's is, since a broken copy vouches for nothing.
 */
export function checkAuditLogExtendsCopy(log: string, copy: string, source: string): AuditPrefixResult {
  if (typeof log !== 'string') throw new TypeError('log must be a string');
  if (typeof copy !== 'string') throw new TypeError('copy must be a string');
  if (typeof source !== 'string' || source === '') throw new TypeError('source must name where the copy is kept');
  const logLines = linesOf(log);
  const copyLines = linesOf(copy);
  const copyEntries = copyLines.length;
  const logEntries = logLines.length;
  const chain = verifyAuditChain(copy);
  if (!chain.ok) {
    return {
      ok: false,
      problem: 'copy-broken',
      line: chain.brokenAt.line,
      copyEntries,
      logEntries,
      message:
        `The audit-log copy on ${source} is itself broken (${chain.brokenAt.reason}), so it cannot vouch for the workstation's log. ` +
        'Keep it as evidence and verify the drive.',
    };
  }
  const inLog = firstIndex(logLines);
  const inCopy = firstIndex(copyLines);
  const shared = Math.min(copyEntries, logEntries);
  for (let i = 0; i < shared; i += 1) {
    if (logLines[i] === copyLines[i]) continue;
    const line = i + 1;
    const restoredFrom = restoredFromDrive(logLines[i]!);
    const differs = (why: string): AuditPrefixResult => ({
      ok: false,
      problem: 'differs',
      line,
      copyEntries,
      logEntries,
      message: `Line ${line} of the workstation's audit log differs from the copy on ${source}: ${why}`,
    });
    if (restoredFrom !== undefined) {
      const missing = copyEntries - i;
      return differs(
        `the log was restored from an older copy ` +
          `(from drive "${restoredFrom}") after that export, so the ${plural(missing, 'entry', 'entries')} the copy holds from line ${line} on ` +
          `${missing === 1 ? 'is' : 'are'} not in the log. Keep this drive: it is ${missing === 1 ? 'its' : 'their'} only record.`,
      );
    }
    const copyLineLater = (inLog.get(copyLines[i]!) ?? -1) > i;
    const logLineLater = (inCopy.get(logLines[i]!) ?? -1) > i;
    const how = copyLineLater && logLineLater
      ? 'lines were reordered after that export'
      : copyLineLater
        ? `lines were inserted before entry ${line} after that export`
        : logLineLater
          ? `entries were removed after that export (the copy's entry ${line} is no longer in the log)`
          : logLines[i]!.endsWith('\n')
            ? 'the log was edited after that export'
            : 'the log was cut short or edited after that export (the line has no newline)';
    return differs(`${how}.`);
  }
  if (logEntries < copyEntries) {
    const message =
      logEntries === 0
        ? `The workstation's audit log is empty, but ${source} holds ${plural(copyEntries, 'entry', 'entries')}: the log was deleted or replaced.`
        : `The workstation's audit log ends at entry ${logEntries}, but ${source} holds ${plural(copyEntries, 'entry', 'entries')}: ` +
          `${copyEntries - logEntries === 1 ? `entry ${copyEntries} was` : `entries ${logEntries + 1}–${copyEntries} were`} removed.`;
    return { ok: false, problem: 'truncated', line: logEntries + 1, copyEntries, logEntries, message };
  }
  const newerEntries = logEntries - copyEntries;
  const message =
    copyEntries === 0
      ? `The audit-log copy on ${source} is empty: it vouches for nothing yet.`
      : `The copy on ${source} holds ${plural(copyEntries, 'entry', 'entries')}; lines 1–${copyEntries} of the workstation's audit log match it exactly` +
        `${newerEntries === 0 ? ' (no entries since)' : ` (${plural(newerEntries, 'newer entry', 'newer entries')} since)`}.`;
  return { ok: true, copyEntries, logEntries, newerEntries, message };
}
