// The runs record as the application reads and changes it: verified against the audit log's last runsSha256,
// every change written and then recorded (with the new SHA-256), and the run a reveal or login belongs to. FORMAT.md §15.2 and §15.3.

import { readAuditLog } from '../audit/audit-file.js';
import { parseAuditLog, type AuditEntry } from '../audit/audit-log.js';
import { readRegisterFile } from '../drives/drive-files.js';
import { readRunsFile, reminders, runForUse, writeRunsFile, type CopiesBehind, type MfaEnrollment, type Reminder, type RunsRecord } from '../runs/index.js';
import type { SessionAuditEntry, VaultSession } from './session.js';

/** The audit log's entries ([] when there is none). */
export async function auditEntries(session: VaultSession): Promise<AuditEntry[]> {
  return parseAuditLog(await readAuditLog(session.requireDir()));
}

/** The runsSha256 of the last entry that changed the runs record. */
export function recordedRunsSha256(entries: readonly AuditEntry[]): string | undefined {
  for (let i = entries.length - 1; i >= 0; i--) {
    const value = entries[i]!.details.runsSha256;
    if (typeof value === 'string') return value;
  }
  return undefined;
}

export async function readRuns(session: VaultSession, entries?: readonly AuditEntry[]): Promise<RunsRecord> {
  const log = entries ?? (await auditEntries(session));
  return (await readRunsFile(session.requireDir(), recordedRunsSha256(log))).record;
}

/** Writes `record`, then the audit entry that names its SHA-256; when the entry cannot be written the file is put back. */
export async function saveRuns(session: VaultSession, record: RunsRecord, entry: SessionAuditEntry): Promise<void> {
  await session.withLock(async () => {
    const written = await writeRunsFile(session.requireDir(), record);
    try {
      await session.audit({ ...entry, details: { ...(entry.details ?? {}), runsSha256: written.sha256 } });
    } catch (error) {
      await written.undo().catch(() => undefined);
      throw error;
    }
  });
}

/**
 * The run a reveal, copy or login session of `accountId` belongs to (undefined when none is open and the
 * vault set does not require one); refuses with RUN_REQUIRED when it does.
 */
export async function runForAccount(session: VaultSession, accountId: string, named: number | undefined): Promise<number | undefined> {
  if (named !== undefined && (!Number.isSafeInteger(named) || named < 1)) throw new TypeError('run must be a positive whole number');
  return runForUse(await readRuns(session), String(accountId).trim(), named);
}

/** The password vault's copies: the drives of this vault set holding it, and the last printed paper backup. */
export async function passwordVaultCopies(session: VaultSession, entries: readonly AuditEntry[]): Promise<CopiesBehind> {
  const register = await readRegisterFile(session.requireDir());
  const setId = session.setIdHex;
  const drives = register.drives
    .filter((d) => d.holds !== null && d.holds.setId === setId && d.holds.storeKind === 'password-vault')
    .map((d) => ({ name: d.name, generation: d.holds!.generation }));
  const paper = [...entries].reverse().find((e) => e.event === 'print' && e.store === 'password-vault' && e.details.document === 'paper-backup');
  return { drives, paperGeneration: paper?.generation ?? null };
}

/** New virtual MFA devices the audit log records: enrolled with two codes, or added with a pasted seed. */
export function enrollmentsIn(entries: readonly AuditEntry[]): MfaEnrollment[] {
  return entries
    .filter((e) => (e.event === 'mfa.enroll' || (e.event === 'mfa.add' && e.details.type === 'virtual')) && typeof e.details.accountId === 'string' && typeof e.details.device === 'string')
    .map((e) => ({ accountId: e.details.accountId as string, device: e.details.device as string, at: e.at }));
}

/** What is due after break-glass runs now (FORMAT.md §15.5): open runs, unrotated passwords, expired temporary roots, stale copies. */
export async function remindersNow(session: VaultSession): Promise<Reminder[]> {
  const entries = await auditEntries(session);
  return reminders(await readRuns(session, entries), session.ports.clock, await passwordVaultCopies(session, entries), enrollmentsIn(entries));
}
