// What a restore or a verify of a drive teaches the drive register: the exports its verified audit-log copy
// records, the drive itself, and the generation floor a restore of an older copy leaves. Pure. FORMAT.md §14.3.

import { parseAuditLine, type AuditEntry } from '../audit/audit-log.js';
import type { StoreKind } from '../shared/store-kind.js';
import type { DriveManifest } from './manifest.js';
import { recordFailedVerification, recordGeneration, recordRestore, recordVerification, registerFromExports, sameDrive, type DriveRegister, type LoggedExport } from './register.js';

/** The `drive.export` entries of one vault set in an audit log, as the register records exports. */
export function loggedExports(entries: readonly AuditEntry[], setId: string): LoggedExport[] {
  const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
  return entries.flatMap((entry): LoggedExport[] => {
    const d = entry.details;
    const name = text(d.drive);
    const sha256 = text(d.fingerprint);
    if (entry.event !== 'drive.export' || entry.setId !== setId || entry.store === null || entry.generation === null || !name || !sha256) return [];
    return [
      {
        at: entry.at,
        storeKind: entry.store,
        generation: entry.generation,
        setId,
        name,
        serial: text(d.serial),
        uuid: text(d.uuid),
        sha256,
        allowFixed: d.allowFixed === true,
      },
    ];
  });
}

/**
 * The `drive.export` entries of one vault set in the text of an audit log, from every line that is well
 * formed on its own: a damaged or torn line is skipped, not fatal, because segregation wants every drive
 * identity the log can still give (the chain itself is judged by "audit verify", not here).
 */
export function loggedExportsInLog(log: string, setId: string): LoggedExport[] {
  const entries: AuditEntry[] = [];
  for (const line of log.split('\n')) {
    if (line === '') continue;
    try {
      entries.push(parseAuditLine(`${line}\n`));
    } catch {
      // skipped: see above
    }
  }
  return loggedExports(entries, setId);
}

/** A verified restore from one drive, as the register needs to know it. */
export interface RestoreFacts {
  /** The entries of the drive's audit-log copy when it verified (its chain intact, of this vault set); else undefined. */
  readonly copyEntries: readonly AuditEntry[] | undefined;
  readonly manifest: DriveManifest;
  /**
   * The drive's folder was copied from another drive (its marker differs from the manifest): only its
   * verification is recorded. Otherwise discovery's serial and UUID complete the manifest's.
   */
  readonly drive: { readonly copied: true } | { readonly copied: false; readonly serial: string | null; readonly uuid: string | null };
  readonly store: { readonly kind: StoreKind; readonly setId: string; readonly generation: number };
  /** The generation the restore replaced on the workstation, or null when there was none. */
  readonly replacedGeneration: number | null;
  readonly at: string;
}

/**
 * The register after a verified restore, and how many drives it learnt from the drive's log copy: every
 * drive that copy records an export to is known (again), with what it held — on a rebuilt workstation most
 * of all. The copy ends at this drive's own export: later exports to other drives are learnt when a restore
 * or a verify reads a drive that has them. The drive itself is known from now on, with what it holds; a
 * newer generation replaced by an older copy stays the floor for the next save.
 */
export function registerAfterRestore(register: DriveRegister, facts: RestoreFacts): { register: DriveRegister; learned: number } {
  const { manifest, store } = facts;
  let next = register;
  let learned = 0;
  if (facts.copyEntries !== undefined) {
    next = registerFromExports(next, loggedExports(facts.copyEntries, store.setId));
    learned = next.drives.length - register.drives.length;
  }
  if (facts.drive.copied) {
    next = recordVerification(next, manifest.drive, facts.at);
  } else {
    const drive = { ...manifest.drive, serial: manifest.drive.serial ?? facts.drive.serial, uuid: manifest.drive.uuid ?? facts.drive.uuid };
    next = recordRestore(
      next,
      drive,
      manifest.allowFixed,
      { storeKind: store.kind, setId: store.setId, generation: store.generation, sha256: manifest.store.sha256, exportedAt: manifest.exportedAt },
      facts.at,
    );
  }
  if (facts.replacedGeneration !== null) next = recordGeneration(next, store.setId, store.kind, facts.replacedGeneration);
  return { register: next, learned };
}

/**
 * The register after a verify of a drive of this vault set: the exports its log copy records (the copy's
 * own chain intact, even where it and the workstation's log part ways — after a rebuild) and, when the drive
 * verified, the time — or, when it did not, that its copy is damaged (with `problem`, the first error found).
 * `learned` names the drives it did not know before.
 */
export function registerAfterVerify(
  register: DriveRegister,
  facts: { readonly copyEntries: readonly AuditEntry[] | undefined; readonly manifest: DriveManifest; readonly verified: boolean; readonly at: string; readonly problem?: string },
): { register: DriveRegister; learned: string[] } {
  let next = register;
  if (facts.copyEntries !== undefined) next = registerFromExports(next, loggedExports(facts.copyEntries, facts.manifest.setId));
  if (facts.verified) next = recordVerification(next, facts.manifest.drive, facts.at);
  else next = recordFailedVerification(next, facts.manifest.drive, facts.at, facts.problem ?? 'the drive did not verify');
  const learned = next.drives.filter((d) => !register.drives.some((r) => sameDrive(r, d))).map((d) => d.name);
  return { register: next, learned };
}
