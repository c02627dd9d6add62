// The drill's paper checks: each store's paper-backup scans restored in memory and compared byte for byte
// with the workstation's store; the generation and fingerprint typed from each emergency sheet compared
// with the current store. Nothing is written. FORMAT.md §16.2.

import { bytesToHex } from '@noble/hashes/utils.js';
import { equalBytes } from '@noble/ciphers/utils.js';
import { sha256Digest } from '../crypto/digest.js';
import { BreakglassError } from '../errors.js';
import type { PdfRasterizer } from '../print/pdf-raster.js';
import { restorePaperBackup, type PaperScan } from '../print/paper-restore.js';
import { storeKindLabel, type StoreKind } from '../shared/store-kind.js';
import type { DrillArtifact } from './drill-result.js';

/** A scan file that could not be read (absent, unreadable): its own exception, never a crash. */
export interface UnreadableScan {
  readonly name: string;
  readonly problem: string;
}

type StepSink = { line(text: string): void; exception(kind: string, message: string): void };

/** Restores `scans` in memory and compares them with `current` (the workstation's store file). */
export async function checkPaperBackup(
  kind: StoreKind,
  given: readonly (PaperScan | UnreadableScan)[],
  current: Uint8Array,
  setId: string,
  rasterizer: PdfRasterizer | undefined,
  step: StepSink,
): Promise<DrillArtifact | undefined> {
  const label = storeKindLabel(kind);
  for (const bad of given) if ('problem' in bad) step.exception('paper-unreadable', `The scan ${bad.name} of the ${label}'s paper backup could not be read: ${bad.problem}`);
  const scans = given.filter((s): s is PaperScan => 'bytes' in s);
  if (scans.length === 0) return undefined;
  const names = scans.map((s) => s.name).join(', ');
  let restored;
  try {
    restored = await restorePaperBackup(scans, { ...(rasterizer ? { rasterizer } : {}) });
  } catch (error) {
    if (!(error instanceof BreakglassError)) throw error;
    step.exception('paper-unreadable', `The paper backup of the ${label} (${names}) could not be restored: ${error.message}`);
    return undefined;
  }
  const { meta, file } = restored;
  try {
    const artifact: DrillArtifact = { what: 'paper', name: names, store: meta.kind, generation: meta.generation, sha256: meta.fingerprintHex };
    if (meta.kind !== kind) {
      step.exception('paper-other-store', `The scans given for the ${label} (${names}) are the paper backup of the ${storeKindLabel(meta.kind)}: scan the ${label}'s own pages.`);
      return artifact;
    }
    if (meta.setIdHex !== setId) {
      step.exception('paper-foreign', `The paper backup scanned for the ${label} belongs to another vault set (${meta.setIdHex}).`);
      return artifact;
    }
    if (equalBytes(file, current)) {
      step.line(`The paper backup (${restored.chunks} codes from ${scans.length} scan${scans.length === 1 ? '' : 's'}) restores the ${label}, generation ${meta.generation}, byte for byte.`);
      return artifact;
    }
    const now = bytesToHex(sha256Digest(current));
    step.exception('paper-stale', `The paper backup of the ${label} restores generation ${meta.generation} (SHA-256 ${meta.fingerprintHex}), not the current file (SHA-256 ${now}): reprint the paper backup.`);
    return artifact;
  } finally {
    file.fill(0);
  }
}

/** What the custodians typed (or read from a scan) off one store's emergency sheet. */
export interface SheetReading {
  readonly generation: number;
  /** 64 hex digits, spaces allowed. */
  readonly fingerprint: string;
}

export function checkEmergencySheet(kind: StoreKind, reading: SheetReading, current: { generation: number; sha256: string }, step: StepSink): void {
  const label = storeKindLabel(kind);
  const typed = reading.fingerprint.replace(/\s+/g, '').toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(typed)) {
    step.exception('sheet-unreadable', `The fingerprint typed from the ${label}'s emergency sheet is not 64 hexadecimal digits: read it again from the sheet.`);
    return;
  }
  if (reading.generation !== current.generation || typed !== current.sha256) {
    step.exception(
      'sheet-stale',
      `The ${label}'s emergency sheet names generation ${reading.generation} (${typed.slice(0, 16)}…), the store is generation ${current.generation} (${current.sha256.slice(0, 16)}…): reprint the emergency sheet.`,
    );
    return;
  }
  step.line(`The ${label}'s emergency sheet names the current generation ${current.generation} and fingerprint.`);
}
