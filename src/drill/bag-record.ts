// The vault set's envelope record (DIR/drill-record.json): the tamper-evident bag number each share was
// sealed in, per store, index and share set, and the drill interval; its SHA-256 goes into a `drill.bags`
// audit entry on every change, so the log vouches for it. FORMAT.md §16.6.

import { bytesToHex } from '@noble/hashes/utils.js';
import { decodeCanonicalJson, encodeCanonicalJson } from '../crypto/canonical-json.js';
import { sha256Digest } from '../crypto/digest.js';
import { BreakglassError } from '../errors.js';
import { STORE_KINDS, storeKindLabel, type StoreKind } from '../shared/store-kind.js';
import { isTimestamp } from '../shared/timestamps.js';
import { DEFAULT_DRILL_INTERVAL_DAYS } from './status.js';

export const DRILL_RECORD_FILE = 'drill-record.json';
export const MAX_BAG_LENGTH = 64;

export interface BagEntry {
  readonly store: StoreKind;
  readonly shareSetId: string;
  readonly index: number;
  readonly bag: string;
  readonly recordedAt: string;
}

export interface DrillRecord {
  readonly schema: 1;
  readonly intervalDays: number;
  /** Sorted by store, share set, index; one entry per share. */
  readonly bags: readonly BagEntry[];
}

export const EMPTY_DRILL_RECORD: DrillRecord = { schema: 1, intervalDays: DEFAULT_DRILL_INTERVAL_DAYS, bags: [] };

/** A bag number as printed on the envelope: 1–64 letters, digits, '-' or '/', compared in upper case. */
export function checkBagNumber(value: unknown, what = 'bag number'): string {
  if (typeof value !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9\-/]{0,63}$/.test(value.trim())) {
    throw new BreakglassError('VALIDATION', `The ${what} ${JSON.stringify(value)} is not a bag number: use the letters and digits printed on the envelope (up to ${MAX_BAG_LENGTH}).`, { field: 'bag' });
  }
  return value.trim().toUpperCase();
}

/** One share's bag number, as given when its sheet is printed or its envelope sealed. */
export interface ShareBag {
  readonly index: number;
  readonly bag: string;
}

/**
 * The bag numbers of one sealing, checked before anything is printed or recorded: each a bag number, each
 * for one of `indexes` (the shares at hand), no share and no bag number twice. `outcome` ends each refusal
 * ("Nothing was recorded.", "Nothing was printed.").
 */
export function checkShareBags(bags: readonly ShareBag[], indexes: readonly number[], outcome: string): ShareBag[] {
  const out: ShareBag[] = [];
  for (const b of bags) {
    if (!Number.isInteger(b?.index) || !indexes.includes(b.index)) {
      const have = [...indexes].sort((x, y) => x - y);
      const run = have.length > 2 && have.every((n, i) => n === i + 1);
      const which = have.length === 1 ? `share ${have[0]}` : run ? `shares 1 to ${have.length}` : `shares ${have.slice(0, -1).join(', ')} and ${have.at(-1)}`;
      throw new BreakglassError('VALIDATION', `There is no share ${String(b?.index)} here: the bag numbers are for ${which}. ${outcome}`, { field: 'index' });
    }
    let bag: string;
    try {
      bag = checkBagNumber(b.bag, `bag number of share ${b.index}`);
    } catch (error) {
      throw error instanceof BreakglassError ? new BreakglassError(error.code, `${error.message} ${outcome}`, { field: 'bag' }) : error;
    }
    if (out.some((o) => o.index === b.index)) {
      throw new BreakglassError('VALIDATION', `Share ${b.index} was given two bag numbers: give each share one. ${outcome}`, { field: 'index' });
    }
    const twin = out.find((o) => o.bag === bag);
    if (twin) {
      throw new BreakglassError('VALIDATION', `The bag number ${bag} was given for share ${twin.index} and share ${b.index}: each share goes into its own bag. ${outcome}`, { field: 'bag' });
    }
    out.push({ index: b.index, bag });
  }
  return out;
}

export function encodeDrillRecord(record: DrillRecord): Uint8Array {
  return encodeCanonicalJson(record);
}

export function drillRecordDigest(record: DrillRecord): string {
  return bytesToHex(sha256Digest(encodeDrillRecord(record)));
}

export function decodeDrillRecord(bytes: Uint8Array): DrillRecord {
  const json = decodeCanonicalJson(bytes, DRILL_RECORD_FILE) as Record<string, unknown>;
  const bad = (why: string) => new BreakglassError('FORMAT', `${DRILL_RECORD_FILE} is damaged (${why}): restore it from a copy, or record the bag numbers again.`);
  if (json === null || typeof json !== 'object' || json.schema !== 1 || !Number.isInteger(json.intervalDays) || !Array.isArray(json.bags)) throw bad('schema');
  const interval = json.intervalDays as number;
  if (interval < 1 || interval > 366) throw bad('interval');
  const bags = (json.bags as unknown[]).map((b): BagEntry => {
    const e = b as Record<string, unknown>;
    if (!STORE_KINDS.includes(e.store as StoreKind) || typeof e.shareSetId !== 'string' || !/^[0-9a-f]{32}$/.test(e.shareSetId) || !Number.isInteger(e.index) || !isTimestamp(e.recordedAt)) throw bad('a bag entry');
    return { store: e.store as StoreKind, shareSetId: e.shareSetId, index: e.index as number, bag: checkBagNumber(e.bag), recordedAt: e.recordedAt as string };
  });
  return { schema: 1, intervalDays: interval, bags };
}

/** The record with `bag` as the bag of one share (replacing the one recorded before). */
export function recordBag(record: DrillRecord, entry: BagEntry): DrillRecord {
  const rest = record.bags.filter((b) => !(b.store === entry.store && b.shareSetId === entry.shareSetId && b.index === entry.index));
  const bags = [...rest, { ...entry, bag: checkBagNumber(entry.bag) }].sort((a, b) =>
    a.store !== b.store ? (a.store < b.store ? -1 : 1) : a.shareSetId !== b.shareSetId ? (a.shareSetId < b.shareSetId ? -1 : 1) : a.index - b.index,
  );
  return { ...record, bags };
}

export function findBag(record: DrillRecord, store: StoreKind, shareSetId: string, index: number): string | null {
  return record.bags.find((b) => b.store === store && b.shareSetId === shareSetId && b.index === index)?.bag ?? null;
}

/** One line of a drill's bag file: `password|mfa INDEX SEEN-BAG NEW-BAG`. */
export interface BagSighting {
  readonly store: StoreKind;
  readonly index: number;
  readonly seen: string;
  readonly sealedInto: string;
}

export function parseBagFile(text: string): BagSighting[] {
  const out: BagSighting[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const parts = line.split(/\s+/);
    const store = parts[0] === 'password' ? 'password-vault' : parts[0] === 'mfa' ? 'mfa-seeds' : undefined;
    if (parts.length !== 4 || !store || !/^\d{1,3}$/.test(parts[1]!)) {
      throw new BreakglassError('VALIDATION', `Bag file line ${i + 1} is not "password|mfa INDEX SEEN-BAG NEW-BAG": ${JSON.stringify(line.slice(0, 80))}.`, { field: 'bags' });
    }
    const sighting = { store, index: Number(parts[1]), seen: checkBagNumber(parts[2], `seen bag on line ${i + 1}`), sealedInto: checkBagNumber(parts[3], `new bag on line ${i + 1}`) } as const;
    if (out.some((o) => o.store === store && o.index === sighting.index)) {
      throw new BreakglassError('VALIDATION', `Bag file line ${i + 1} repeats ${storeKindLabel(store)} share ${sighting.index}.`, { field: 'bags' });
    }
    out.push(sighting);
  });
  return out;
}
