// A store generation and its audit entry belong together (FORMAT.md §10.9). A save checks that its entry
// can be appended before it renames; a failed append after the rename says what was saved; and the next
// unlock records a generation that a crash left without its entry — never silence.

import { bytesToHex } from '@noble/hashes/utils.js';
import { readAuditLog } from '../audit/audit-file.js';
import { GENERATION_SAVING_EVENTS } from '../audit/audit-events.js';
import { isGenerationAudited } from '../audit/generation-coverage.js';
import { BreakglassError } from '../errors.js';
import { storeKindLabel, type StoreKind } from '../shared/store-kind.js';
import type { SessionAuditEntry, VaultSession } from './session.js';

/** A generation that was on disk without the audit entry of its save, recorded at this unlock. */
export interface UnauditedGeneration {
  readonly generation: number;
  readonly message: string;
}

/** The refusal of a save whose audit entry could not be appended: nothing was saved. */
export function notSavedForAudit(error: unknown): unknown {
  if (!(error instanceof BreakglassError)) return error;
  return new BreakglassError(error.code, `${error.message} The change was not saved either: nothing changed.`, {
    cause: error,
    ...(error.action ? { action: error.action } : {}),
  });
}

/**
 * The error of a failed audit append. For the entry of a save (the generation is already on disk) it is
 * IO, saying what was saved and what was not; other entries keep their error.
 */
export function unrecordedSave(entry: SessionAuditEntry, error: unknown): unknown {
  if (entry.store === undefined || entry.generation === undefined || entry.event === 'store.unaudited') return error;
  if (!GENERATION_SAVING_EVENTS.includes(entry.event)) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new BreakglassError(
    'IO',
    `The change was saved as generation ${entry.generation} of the ${storeKindLabel(entry.store)}, but its audit entry could not be written: ${reason} ` +
      'Once the audit log can be written again, the next unlock of this store records the missing entry.',
    { cause: error, ...(error instanceof BreakglassError && error.action ? { action: error.action } : {}) },
  );
}

/**
 * Under the vault-set lock: when the store's generation on disk has no entry of its save (a crash or power
 * cut between the rename and the append), appends `store.unaudited` for it now and says so. A log that
 * cannot be read at all is left to audit verification, which names the damage.
 */
export async function recordUnauditedGeneration(
  session: VaultSession,
  kind: StoreKind,
  actors?: readonly string[],
): Promise<UnauditedGeneration | undefined> {
  const dir = session.requireDir();
  return session.withLock(async () => {
    const { parsed } = await session.readStore(kind);
    const generation = parsed.header.generation;
    let log: string;
    try {
      log = await readAuditLog(dir);
    } catch (error) {
      if (error instanceof BreakglassError && error.code === 'AUDIT_TORN') throw error;
      return undefined;
    }
    if (isGenerationAudited(log, kind, generation, bytesToHex(parsed.header.setId))) return undefined;
    const fingerprint = bytesToHex(parsed.fingerprint);
    await session.audit({ event: 'store.unaudited', actors, store: kind, generation, details: { fingerprint, cause: 'saved without its audit entry' } });
    return {
      generation,
      message:
        `Generation ${generation} of the ${storeKindLabel(kind)} was saved without its audit entry (the program stopped between the save ` +
        `and the log: a crash or a power cut); it is recorded now. Check what changed in it — it may hold ${kind === 'password-vault' ? 'a changed root password' : 'a changed or new MFA device'}.`,
    };
  });
}
