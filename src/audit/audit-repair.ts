// Repairs an audit log whose last line was cut short by a crash or power cut: the cut bytes go to a side
// file beside the log, the log is truncated to its last complete line, and the repair is audited. FORMAT.md §10.1.

import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { constants } from 'node:fs';
import { open, readFile, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { BreakglassError } from '../errors.js';
import type { Clock } from '../shared/determinism.js';
import { formatTimestamp } from '../shared/timestamps.js';
import { fsyncDirectory, writeNewFile } from '../stores/files.js';
import { withVaultSetLock } from '../stores/vault-set-lock.js';
import { appendAuditEntry, auditLogPath, tornTailStart, type AuditRecord } from './audit-file.js';
import { verifyAuditChain } from './audit-log.js';

export interface AuditRepair {
  /** The side file that keeps the cut bytes, beside the log. */
  readonly sideFile: string;
  readonly bytes: number;
  readonly sha256: string;
  /** The complete entries kept, and the repair's own entry. */
  readonly entriesKept: number;
  readonly record: AuditRecord;
}

function refuse(path: string, why: string): BreakglassError {
  return new BreakglassError(
    'INTEGRITY',
    `The audit log ${path} was not repaired: ${why}. Only a last line cut short by a crash can be repaired; keep the file as evidence.`,
  );
}

/**
 * Repairs DIR/audit-log.jsonl when (and only when) its damage is a torn last line, holding the vault-set
 * lock: the bytes after the last complete line are written to `audit-log.jsonl.torn-<timestamp>`, the log
 * is truncated to that line and flushed, and an `audit.repair` entry naming the side file, its SHA-256 and
 * byte count is appended. Refuses (INTEGRITY) when the lines before are not an intact chain, and
 * (VALIDATION) when the log is not torn.
 */
export async function repairAuditLog(dir: string, input: { readonly actors: readonly string[]; readonly setId: string | null }, clock: Clock): Promise<AuditRepair> {
  const path = auditLogPath(dir);
  return withVaultSetLock(dir, async () => {
    let bytes: Buffer;
    try {
      bytes = await readFile(path, { flag: constants.O_RDONLY | constants.O_NOFOLLOW });
    } catch (error) {
      throw new BreakglassError('IO', `Cannot read the audit log ${path}: ${(error as Error).message}.`, { cause: error });
    }
    const start = tornTailStart(bytes);
    if (start === undefined) {
      throw new BreakglassError('VALIDATION', `The audit log ${path} does not end with a cut-short line: there is nothing to repair.`);
    }
    let kept: string;
    try {
      kept = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(0, start));
    } catch {
      throw refuse(path, 'a line before the last one is not valid UTF-8');
    }
    const chain = verifyAuditChain(kept);
    if (!chain.ok) throw refuse(path, `the damage is not only the last line (${chain.brokenAt.reason})`);
    const cut = bytes.subarray(start);
    const digest = bytesToHex(sha256(cut));
    const sideFile = `${path}.torn-${formatTimestamp(clock.now()).replace(/:/g, '-')}`;
    await writeNewFile(sideFile, cut);
    let handle: FileHandle | undefined;
    try {
      handle = await open(path, constants.O_RDWR | constants.O_NOFOLLOW);
      await handle.truncate(start);
      await handle.sync();
    } catch (error) {
      throw new BreakglassError('IO', `The cut bytes were saved in ${sideFile}, but ${path} could not be truncated: ${(error as Error).message}.`, {
        cause: error,
      });
    } finally {
      await handle?.close().catch(() => undefined);
    }
    await fsyncDirectory(dir);
    const record = await appendAuditEntry(
      dir,
      {
        event: 'audit.repair',
        actor: [...input.actors],
        store: null,
        generation: null,
        setId: input.setId,
        details: { tornFile: basename(sideFile), tornBytes: cut.length, tornSha256: digest },
      },
      clock,
    );
    return { sideFile, bytes: cut.length, sha256: digest, entriesKept: chain.entries.length, record };
  });
}
