// The local drive register (DIR/drive-register.json): which drive — by marker id, serial or filesystem
// UUID — holds which generation of which store, and which stores it has ever held. FORMAT.md §14.3.

import { decodeCanonicalJson, encodeCanonicalJson } from '../crypto/canonical-json.js';
import { STORE_KINDS, storeKindLabel, type StoreKind } from '../shared/store-kind.js';
import { documentError, expectArray, expectFields } from '../stores/document-shape.js';
import { isTimestamp } from '../shared/timestamps.js';
import type { DriveFacts, DriveManifest } from './manifest.js';

export const REGISTER_FILE = 'drive-register.json';
export const REGISTER_SCHEMA = 1;

export interface HeldStore {
  readonly storeKind: StoreKind;
  readonly setId: string;
  readonly generation: number;
  readonly sha256: string;
  readonly exportedAt: string;
}

export interface RegisterEntry {
  readonly markerId: string;
  readonly serial: string | null;
  readonly uuid: string | null;
  readonly label: string | null;
  readonly name: string;
  /** Where the custodians keep it ("safe B, London office"). */
  readonly location: string;
  readonly allowFixed: boolean;
  /** What it held after its last export. */
  readonly holds: HeldStore | null;
  /** Every export ever recorded, oldest first: the basis of "has ever held". */
  readonly history: readonly HeldStore[];
  readonly lastVerifiedAt: string | null;
  /**
   * The last verify of this drive failed (its copy is damaged, missing or not this set's): when, and the
   * first problem it found. Absent when the drive's copy is sound; cleared by a passing verify, a new
   * export or a restore from it (FORMAT.md §14.3).
   */
  readonly damaged?: DriveDamage;
}

export interface DriveDamage {
  readonly at: string;
  readonly reason: string;
}

/** The highest generation of one store this workstation has seen, kept when a restore replaced it. */
export interface GenerationFloor {
  readonly storeKind: StoreKind;
  readonly setId: string;
  readonly generation: number;
}

export interface DriveRegister {
  readonly schema: typeof REGISTER_SCHEMA;
  readonly drives: readonly RegisterEntry[];
  /**
   * Generations a restore replaced with an older copy (`--allow-older`), so the next save seals a
   * generation above them and a stale copy stays recognisable. Omitted when empty.
   */
  readonly highestGenerations?: readonly GenerationFloor[];
}

export const EMPTY_REGISTER: DriveRegister = { schema: REGISTER_SCHEMA, drives: [] };

export function encodeRegister(register: DriveRegister): Uint8Array {
  return encodeCanonicalJson(register);
}

function held(value: unknown, what: string): HeldStore {
  const f = expectFields(value, what, ['storeKind', 'setId', 'generation', 'sha256', 'exportedAt']);
  if (!STORE_KINDS.includes(f.storeKind as StoreKind) || typeof f.setId !== 'string' || !/^[0-9a-f]{32}$/.test(f.setId)) {
    throw documentError(what, 'bad store');
  }
  if (!Number.isSafeInteger(f.generation) || typeof f.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(f.sha256) || !isTimestamp(f.exportedAt)) {
    throw documentError(what, 'bad generation, hash or time');
  }
  return { storeKind: f.storeKind as StoreKind, setId: f.setId, generation: f.generation as number, sha256: f.sha256, exportedAt: f.exportedAt };
}

function damage(value: unknown, what: string): DriveDamage {
  const f = expectFields(value, what, ['at', 'reason']);
  if (!isTimestamp(f.at) || typeof f.reason !== 'string' || f.reason === '' || f.reason.length > 2000) throw documentError(what, 'bad time or reason');
  return { at: f.at, reason: f.reason };
}

export function decodeRegister(bytes: Uint8Array): DriveRegister {
  const what = 'drive register';
  const f = expectFields(decodeCanonicalJson(bytes, what), what, ['schema', 'drives'], ['highestGenerations']);
  if (f.schema !== REGISTER_SCHEMA) throw documentError(what, 'unknown schema');
  const drives = expectArray(f.drives, what).map((value, i): RegisterEntry => {
    const where = `${what} drive #${i + 1}`;
    const e = expectFields(value, where, ['markerId', 'serial', 'uuid', 'label', 'name', 'location', 'allowFixed', 'holds', 'history', 'lastVerifiedAt'], ['damaged']);
    const text = (v: unknown): string | null => {
      if (v === null || typeof v === 'string') return v;
      throw documentError(where, 'bad text');
    };
    if (typeof e.markerId !== 'string' || typeof e.name !== 'string' || typeof e.location !== 'string' || typeof e.allowFixed !== 'boolean') {
      throw documentError(where, 'bad identity');
    }
    if (e.lastVerifiedAt !== null && !isTimestamp(e.lastVerifiedAt)) throw documentError(where, 'bad time');
    return {
      markerId: e.markerId,
      serial: text(e.serial),
      uuid: text(e.uuid),
      label: text(e.label),
      name: e.name,
      location: e.location,
      allowFixed: e.allowFixed,
      holds: e.holds === null ? null : held(e.holds, `${where} holds`),
      history: expectArray(e.history, `${where} history`).map((h, j) => held(h, `${where} history #${j + 1}`)),
      lastVerifiedAt: e.lastVerifiedAt as string | null,
      ...(e.damaged === undefined ? {} : { damaged: damage(e.damaged, `${where} damaged`) }),
    };
  });
  if (f.highestGenerations === undefined) return { schema: REGISTER_SCHEMA, drives };
  const highestGenerations = expectArray(f.highestGenerations, `${what} highestGenerations`).map((value, i): GenerationFloor => {
    const where = `${what} highestGenerations #${i + 1}`;
    const g = expectFields(value, where, ['storeKind', 'setId', 'generation']);
    if (!STORE_KINDS.includes(g.storeKind as StoreKind) || typeof g.setId !== 'string' || !/^[0-9a-f]{32}$/.test(g.setId)) throw documentError(where, 'bad store');
    if (!Number.isSafeInteger(g.generation) || (g.generation as number) < 1) throw documentError(where, 'bad generation');
    return { storeKind: g.storeKind as StoreKind, setId: g.setId, generation: g.generation as number };
  });
  return { schema: REGISTER_SCHEMA, drives, highestGenerations };
}

/** The highest generation of `kind` of vault set `setId` a restore replaced (0 when none). */
export function highestGeneration(register: DriveRegister, setId: string, kind: StoreKind): number {
  return (register.highestGenerations ?? []).filter((g) => g.setId === setId && g.storeKind === kind).reduce((max, g) => Math.max(max, g.generation), 0);
}

/** The register remembering that generation `generation` of `kind` existed (kept as the maximum). */
export function recordGeneration(register: DriveRegister, setId: string, kind: StoreKind, generation: number): DriveRegister {
  if (highestGeneration(register, setId, kind) >= generation) return register;
  const others = (register.highestGenerations ?? []).filter((g) => !(g.setId === setId && g.storeKind === kind));
  const highestGenerations = [...others, { storeKind: kind, setId, generation }].sort((a, b) =>
    a.setId !== b.setId ? (a.setId < b.setId ? -1 : 1) : a.storeKind < b.storeKind ? -1 : a.storeKind > b.storeKind ? 1 : 0,
  );
  return { ...register, highestGenerations };
}

/** The same physical drive: same marker id, or same disk serial, or same filesystem UUID. */
export function sameDrive(entry: { markerId: string; serial: string | null; uuid: string | null }, facts: DriveFacts): boolean {
  return (
    entry.markerId === facts.markerId ||
    (entry.serial !== null && entry.serial !== '' && entry.serial === facts.serial) ||
    (entry.uuid !== null && entry.uuid !== '' && entry.uuid === facts.uuid)
  );
}

export function findDrive(register: DriveRegister, facts: DriveFacts): RegisterEntry | undefined {
  return register.drives.find((entry) => sameDrive(entry, facts));
}

/** Why `kind` of vault set `setId` must not go to this drive, or undefined when it may. */
export function segregationConflict(
  register: DriveRegister,
  facts: DriveFacts,
  manifest: DriveManifest | undefined,
  kind: StoreKind,
  setId: string,
): string | undefined {
  const other = STORE_KINDS.find((k) => k !== kind) as StoreKind;
  if (manifest && manifest.setId === setId && manifest.storeKind === other) {
    return `drive "${facts.name}" holds the ${storeKindLabel(other)} of this vault set (generation ${manifest.generation})`;
  }
  const entry = findDrive(register, facts);
  const past = entry?.history.find((h) => h.setId === setId && h.storeKind === other);
  if (entry && past) {
    return `drive "${entry.name}" is recorded as having held the ${storeKindLabel(other)} of this vault set (generation ${past.generation}, ${past.exportedAt})`;
  }
  return undefined;
}

/** A drive's identity in the register: what the drive says now, else what the register knew of it. */
function identity(facts: DriveFacts, current: RegisterEntry | undefined): Pick<RegisterEntry, 'markerId' | 'serial' | 'uuid' | 'label' | 'name'> {
  return {
    markerId: facts.markerId,
    serial: facts.serial ?? current?.serial ?? null,
    uuid: facts.uuid ?? current?.uuid ?? null,
    label: facts.label ?? current?.label ?? null,
    name: facts.name,
  };
}

/** The register after an export of `held` to the drive described by `facts`. */
export function recordExport(register: DriveRegister, facts: DriveFacts, location: string, allowFixed: boolean, store: HeldStore): DriveRegister {
  const current = findDrive(register, facts);
  const entry: RegisterEntry = {
    ...identity(facts, current),
    location: location || current?.location || '',
    allowFixed: allowFixed || (current?.allowFixed ?? false),
    holds: store,
    history: [...(current?.history ?? []), store],
    lastVerifiedAt: store.exportedAt,
  };
  return withEntry(register, current, entry);
}

/**
 * The register before an export writes its first byte to the drive described by `facts`: the drive's
 * history already lists `store`, so a crash at any later point — before the manifest, the audit entry or
 * the final register write — still leaves the drive known as having held it (§14.4). What it `holds` and
 * when it was last verified are left as they were; the export's own record replaces this one.
 */
export function recordIntendedExport(register: DriveRegister, facts: DriveFacts, location: string, allowFixed: boolean, store: HeldStore): DriveRegister {
  const current = findDrive(register, facts);
  if (current && hasHeld(current.history, store)) return register;
  const entry: RegisterEntry = {
    ...identity(facts, current),
    location: location || current?.location || '',
    allowFixed: allowFixed || (current?.allowFixed ?? false),
    holds: current?.holds ?? null,
    history: [...(current?.history ?? []), store],
    lastVerifiedAt: current?.lastVerifiedAt ?? null,
    ...(current?.damaged ? { damaged: current.damaged } : {}),
  };
  return withEntry(register, current, entry);
}

/** Whether `history` already lists this very copy (store, set, generation and file hash). */
function hasHeld(history: readonly HeldStore[], store: HeldStore): boolean {
  return history.some((h) => h.storeKind === store.storeKind && h.setId === store.setId && h.generation === store.generation && h.sha256 === store.sha256);
}

function withEntry(register: DriveRegister, current: RegisterEntry | undefined, entry: RegisterEntry): DriveRegister {
  const drives = register.drives.filter((d) => d !== current);
  return { ...register, drives: [...drives, entry].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) };
}

/**
 * The register after a verified copy was restored from the drive described by `facts` (its manifest,
 * completed by discovery): the drive holds `store`, which joins its history unless already there — so a
 * rebuilt workstation remembers the drive, and which store it has held, from the first restore.
 */
export function recordRestore(register: DriveRegister, facts: DriveFacts, allowFixed: boolean, store: HeldStore, at: string): DriveRegister {
  const current = findDrive(register, facts);
  const history = current?.history ?? [];
  const known = hasHeld(history, store);
  const entry: RegisterEntry = {
    ...identity(facts, current),
    location: current?.location ?? '',
    allowFixed: allowFixed || (current?.allowFixed ?? false),
    holds: store,
    history: known ? history : [...history, store],
    lastVerifiedAt: at,
  };
  return withEntry(register, current, entry);
}

/** The register after the drive was verified: its time, and its real marker id where the log gave a placeholder; no longer damaged. */
export function recordVerification(register: DriveRegister, facts: DriveFacts, at: string): DriveRegister {
  const current = findDrive(register, facts);
  if (!current) return register;
  const markerId = current.markerId.startsWith(LOG_MARKER) && facts.markerId ? facts.markerId : current.markerId;
  const { damaged: _cleared, ...sound } = current;
  return { ...register, drives: register.drives.map((d) => (d === current ? { ...sound, markerId, lastVerifiedAt: at } : d)) };
}

/**
 * The register after a verify of the drive failed: the drive is recorded as damaged — when, and why —
 * until a verify passes or a new export replaces its copy. A drive the register does not know is left out.
 */
export function recordFailedVerification(register: DriveRegister, facts: DriveFacts, at: string, reason: string): DriveRegister {
  const current = findDrive(register, facts);
  if (!current) return register;
  return { ...register, drives: register.drives.map((d) => (d === current ? { ...d, damaged: { at, reason } } : d)) };
}

export interface DriveFreshness {
  readonly name: string;
  readonly location: string;
  readonly storeKind: StoreKind;
  readonly generation: number;
  readonly current: number;
  /** current − generation: 0 when up to date. */
  readonly generationsBehind: number;
  /** When the drive's last verify failed: its copy is damaged until re-exported or verified again. */
  readonly damaged?: DriveDamage;
  readonly text: string;
}

/** "PW-B offsite is two generations old" for every drive holding a store of `setId`. */
export function driveFreshness(register: DriveRegister, setId: string, current: Readonly<Partial<Record<StoreKind, number>>>): DriveFreshness[] {
  const words = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
  return register.drives
    .filter((d) => d.holds?.setId === setId)
    .map((d) => {
      const holds = d.holds as HeldStore;
      const now = current[holds.storeKind] ?? holds.generation;
      const behind = Math.max(0, now - holds.generation);
      const count = words[behind] ?? String(behind);
      return {
        name: d.name,
        location: d.location,
        storeKind: holds.storeKind,
        generation: holds.generation,
        current: now,
        generationsBehind: behind,
        ...(d.damaged ? { damaged: d.damaged } : {}),
        text: d.damaged
          ? `${d.name}'s copy of the ${storeKindLabel(holds.storeKind)} (generation ${holds.generation}) is damaged: it failed verification on ${d.damaged.at.slice(0, 10)} at ${d.damaged.at.slice(11, 16)} UTC. Export to it again`
          : behind === 0
            ? `${d.name} holds the current ${storeKindLabel(holds.storeKind)} (generation ${holds.generation})`
            : `${d.name} is ${count} generation${behind === 1 ? '' : 's'} old (holds ${holds.generation}, current ${now}): export to it again`,
      };
    });
}

const LOG_MARKER = 'audit-log:';

function loggable(e: LoggedExport): boolean {
  const text = (v: unknown) => v === null || (typeof v === 'string' && v.length <= 256);
  return (
    STORE_KINDS.includes(e.storeKind) &&
    /^[0-9a-f]{32}$/.test(e.setId) &&
    Number.isSafeInteger(e.generation) &&
    e.generation >= 1 &&
    /^[0-9a-f]{64}$/.test(e.sha256) &&
    isTimestamp(e.at) &&
    typeof e.name === 'string' &&
    e.name.length > 0 &&
    e.name.length <= 256 &&
    text(e.serial) &&
    text(e.uuid) &&
    Boolean(e.serial || e.uuid)
  );
}

/** One export as the audit log recorded it (a `drive.export` entry, FORMAT.md §10.2). */
export interface LoggedExport {
  readonly at: string;
  readonly storeKind: StoreKind;
  readonly generation: number;
  readonly setId: string;
  readonly name: string;
  readonly serial: string | null;
  readonly uuid: string | null;
  readonly sha256: string;
  readonly allowFixed: boolean;
}

/**
 * The register completed from the exports in a restored audit log (a rebuilt workstation): every drive the
 * log names by serial or UUID is known again with what it held, so segregation (§14.4) and freshness survive
 * the rebuild. Drives the register already knows keep their facts; their history gains missing exports.
 * The marker id is not in the log: such records get a placeholder until the drive is next seen. An entry
 * the register could not hold (no serial or UUID, a malformed hash, set id or time — the log's hash chain
 * has no key, so its details are not trusted further) is skipped, so the register always stays readable.
 */
export function registerFromExports(register: DriveRegister, exports: readonly LoggedExport[]): DriveRegister {
  let next = register;
  for (const logged of exports) {
    if (!loggable(logged)) continue;
    const facts: DriveFacts = {
      markerId: `${LOG_MARKER}${logged.serial ?? ''}:${logged.uuid ?? ''}`,
      serial: logged.serial,
      uuid: logged.uuid,
      label: null,
      name: logged.name,
    };
    const held: HeldStore = { storeKind: logged.storeKind, setId: logged.setId, generation: logged.generation, sha256: logged.sha256, exportedAt: logged.at };
    const current = findDrive(next, facts);
    if (current && hasHeld(current.history, held)) continue;
    const history = [...(current?.history ?? []), held].sort((a, b) => (a.exportedAt < b.exportedAt ? -1 : a.exportedAt > b.exportedAt ? 1 : 0));
    const entry: RegisterEntry = {
      markerId: current?.markerId ?? facts.markerId,
      serial: current?.serial ?? facts.serial,
      uuid: current?.uuid ?? facts.uuid,
      label: current?.label ?? null,
      // A record the log made takes the name of the drive's latest export; a known drive keeps its own.
      name: current && !current.markerId.startsWith(LOG_MARKER) ? current.name : facts.name,
      location: current?.location ?? '',
      allowFixed: (current?.allowFixed ?? false) || logged.allowFixed,
      holds: history.at(-1) ?? held,
      history,
      lastVerifiedAt: current?.lastVerifiedAt ?? null,
      ...(current?.damaged ? { damaged: current.damaged } : {}),
    };
    next = withEntry(next, current, entry);
  }
  return next;
}
