// Whether a store generation on disk has the audit entry of its save (FORMAT.md §10.9): a crash between
// the store's rename and the audit append leaves a generation that no entry records. Pure: no file access.

import type { StoreKind } from '../shared/store-kind.js';
import { GENERATION_SAVING_EVENTS } from './audit-events.js';
import { parseAuditLine, type AuditEntry } from './audit-log.js';

/** The entry, or undefined for a line that does not parse (verification reports those; this only looks). */
function entryOf(line: string): AuditEntry | undefined {
  try {
    return parseAuditLine(`${line}\n`);
  } catch {
    return undefined;
  }
}

/**
 * True when `log` records the save of `generation` of store `kind` of vault set `setId`: an entry of one of
 * GENERATION_SAVING_EVENTS for that store and generation, or — for generation 1 — the vault set's creation.
 * Entries of another vault set (a set id that differs) do not count; entries without a set id do.
 */
export function isGenerationAudited(log: string, kind: StoreKind, generation: number, setId: string): boolean {
  const mark = `"generation":${generation}`;
  for (const line of log.split('\n')) {
    const candidate = line.includes(mark) || (generation === 1 && line.includes('"vault-set.create"'));
    if (!candidate) continue;
    const entry = entryOf(line);
    if (!entry || (entry.setId !== null && entry.setId !== setId)) continue;
    if (entry.event === 'vault-set.create' && generation === 1) return true;
    if (entry.store === kind && entry.generation === generation && GENERATION_SAVING_EVENTS.includes(entry.event)) return true;
  }
  return false;
}
