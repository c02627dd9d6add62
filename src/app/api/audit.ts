// The API of the audit log: its entries, and the verification of its hash chain and of the drives' copies
// that anchor it. Plain data that crosses IPC unchanged. FORMAT.md §10.5 and §10.6.

import type { AuditEntry } from '../../audit/audit-log.js';
import type { AuditAnchor } from '../../drives/drive-audit-copy.js';

/** One entry of the log as the screens show it (the chain's `prev` hash left out), with a line for people. */
export interface AuditEntryView extends Omit<AuditEntry, 'prev' | 'event'> {
  readonly event: string;
  /** One line for people. */
  readonly text: string;
}

export interface AuditVerification {
  readonly ok: boolean;
  readonly file: string;
  readonly entries: number;
  readonly head?: { readonly seq: number; readonly hash: string };
  /** The first broken link: 1-based line number and what is wrong there. */
  readonly brokenAt?: { readonly line: number; readonly seq?: number; readonly reason: string };
  /**
   * The drives' audit-log copies the log was checked against (FORMAT.md §10.6): each must still be the
   * beginning of the log, unchanged. Set by verifyAuditLog (empty: no copy was available); listAuditLog
   * checks the chain only and leaves it out. `ok` is false when any anchor disagrees.
   */
  readonly anchors?: readonly AuditAnchorView[];
  /** True when the last line was cut short by a crash or power cut: repairAuditLog can repair it. */
  readonly torn?: boolean;
}

/** What repairAuditLog did: the side file keeping the cut bytes, and the repair's own entry. */
export interface AuditRepairSummary {
  readonly file: string;
  readonly sideFile: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly entriesKept: number;
  readonly seq: number;
}

/** One drive's copy of the audit log, as an anchor for the workstation's log. */
export type AuditAnchorView = AuditAnchor;

export interface AuditApi {
  /** The open vault set's audit log, every entry (entries before the first broken link if it is broken). */
  listAuditLog(): Promise<{ readonly entries: readonly AuditEntryView[]; readonly verification: AuditVerification }>;
  /**
   * Checks the hash chain of the open vault set's audit log and reports the first broken link, then
   * checks it against the audit-log copies on drives: those at `againstDrives` (mount points), or when
   * omitted every mounted drive holding an export of this vault set. A changed or removed last line, or
   * a log cut short, disagrees with any copy exported after it.
   */
  verifyAuditLog(input?: { readonly expectedHead?: string; readonly againstDrives?: readonly string[] }): Promise<AuditVerification>;
  /**
   * Repairs the open vault set's audit log when its last line was cut short (a crash or power cut): the
   * cut bytes are kept in a side file beside the log, and the repair is itself audited. Refused for any
   * other damage.
   */
  repairAuditLog(input?: { readonly actors?: readonly string[] }): Promise<AuditRepairSummary>;
}
