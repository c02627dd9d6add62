// Where a printed PDF or a store rebuilt from paper may be written: rules over what the file system was
// found to hold (stores/files probes it), no I/O here. Spec: docs/FORMAT.md §13 and §13.5.

import { bytesToHex } from '@noble/hashes/utils.js';
import { basename, dirname, resolve, sep } from 'node:path';
import { parseContainer, type ContainerHeader } from '../crypto/container.js';
import { storeKindLabel, type StoreKind } from '../shared/store-kind.js';
import { BreakglassError } from '../errors.js';
import { PREVIOUS_SUFFIX, type FileRead, type FolderProbe, type PathProbe } from '../stores/files.js';

/** What the file system holds around a planned PDF file: its folder, the vault set's real path, the file itself. */
export interface PrintTargetFacts {
  readonly folder: FolderProbe;
  /** The vault-set folder with symbolic links resolved (as given when it cannot be resolved). */
  readonly vaultSetRealPath: string;
  readonly target: PathProbe;
}

/** A printed PDF never takes a store's name (*.bgv, *.bgv.prev), wherever it goes. */
export function refuseStoreName(out: string): void {
  const name = basename(out).toLowerCase();
  if (name.endsWith('.bgv') || name.endsWith('.bgv' + PREVIOUS_SUFFIX)) {
    throw new BreakglassError('CONFLICT', `${out} is named like a Breakglass store (.bgv): a printed PDF never goes there. Choose a name ending in .pdf; nothing was written.`);
  }
}

/**
 * A printed PDF goes only to a new file of an existing folder outside the vault set, never to a name a
 * store could have: it must not replace a store, its .prev, the audit log or any other file.
 */
export function checkPrintTarget(out: string, vaultSetDir: string, facts: PrintTargetFacts): void {
  refuseStoreName(out);
  const folder = dirname(out);
  const found = facts.folder;
  if (found.state === 'not-folder') throw new BreakglassError('NOT_FOUND', `${folder} is not a folder: choose an existing folder for the PDF; nothing was written.`);
  if (found.state === 'absent') throw new BreakglassError('NOT_FOUND', `The folder ${folder} does not exist: choose an existing folder (or create it first); nothing was written.`);
  if (found.state === 'unreadable') throw new BreakglassError('IO', `Cannot check the folder ${folder} before writing to it (${found.reason}): nothing was written.`);
  const realSet = facts.vaultSetRealPath;
  if (found.realPath === realSet || found.realPath.startsWith(realSet + sep)) {
    throw new BreakglassError(
      'CONFLICT',
      `${out} is inside the vault set folder ${vaultSetDir}, which holds the stores and their audit log: a printed PDF never goes there. Choose another folder; nothing was written.`,
    );
  }
  if (facts.target.state === 'absent') return;
  if (facts.target.state === 'unreadable') throw new BreakglassError('IO', `Cannot check ${out} before writing it (${facts.target.reason}): nothing was written.`);
  throw new BreakglassError('CONFLICT', `${out} already exists: choose a new file name; nothing was written.`);
}

/** The share a sheet carries, as far as its file name goes. */
export interface SheetNumber {
  readonly index: number;
  readonly count: number;
}

/**
 * The file of each share sheet, next to the one the custodian named: /x/pw-shares.pdf gives
 * /x/pw-shares-1-of-3.pdf, /x/pw-shares-2-of-3.pdf, … — one custodian's share a file.
 */
export function shareSheetFiles(outFile: string, sheets: readonly SheetNumber[]): string[] {
  refuseStoreName(outFile);
  const stem = resolve(outFile).replace(/\.pdf$/i, '');
  const seen = new Set<number>();
  return sheets.map((sheet) => {
    if (seen.has(sheet.index)) {
      throw new BreakglassError('DUPLICATE_SHARE', `Share ${sheet.index} is given twice: each custodian's sheet is its own file, so give each share once. Nothing was written.`);
    }
    seen.add(sheet.index);
    return `${stem}-${sheet.index}-of-${sheet.count}.pdf`;
  });
}

/** The store a paper backup rebuilds: its kind, vault set and generation. */
export interface RestoredStore {
  readonly kind: StoreKind;
  readonly setIdHex: string;
  readonly generation: number;
}

/**
 * A restored store may replace an older generation of itself (kept as .prev), never another store, another
 * vault set, a newer generation or a file that is not a store. `existing` is what `out` holds now.
 */
export function checkRestoreTarget(out: string, existing: FileRead, meta: RestoredStore): void {
  if (existing.state === 'absent') return;
  if (existing.state === 'unreadable') throw new BreakglassError('IO', `Cannot check ${out} before writing it (${existing.reason}). Nothing was written.`);
  let header: ContainerHeader;
  try {
    header = parseContainer(existing.bytes).header;
  } catch {
    throw new BreakglassError('CONFLICT', `${out} exists and is not a readable Breakglass store: nothing was written. Choose another output file (or move that file away first).`);
  }
  const label = storeKindLabel(meta.kind);
  if (header.kind !== meta.kind || bytesToHex(header.setId) !== meta.setIdHex) {
    throw new BreakglassError(
      'WRONG_STORE',
      `${out} holds the ${storeKindLabel(header.kind)} of vault set ${bytesToHex(header.setId).slice(0, 8)} …, not the ${label} of vault set ${meta.setIdHex.slice(0, 8)} … that the scans hold: nothing was written. Choose another output file.`,
    );
  }
  if (header.generation > meta.generation) {
    throw new BreakglassError(
      'CONFLICT',
      `${out} holds generation ${header.generation} of the ${label}, newer than the paper backup's generation ${meta.generation}: nothing was written. Restore to another file if you really need the older one.`,
    );
  }
}
