// The runs record (DIR/runs.json): the vault set's break-glass runs, temporary root records and the "a run is
// required" setting, as canonical JSON whose SHA-256 every run and temp-root audit entry carries. FORMAT.md §15.2.

import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { decodeCanonicalJson, encodeCanonicalJson } from '../crypto/canonical-json.js';
import { BreakglassError } from '../errors.js';
import { isTimestamp } from '../shared/timestamps.js';
import { expectArray, expectFields, type Fields } from '../stores/document-shape.js';
import { TASK_IDS } from './tasks.js';

export const RUNS_FILE = 'runs.json';
export const RUNS_SCHEMA = 1;
export const DEFAULT_OPEN_RUN_HOURS = 8;
export const MAX_TEXT = 1000;

/** Whose root the run uses: one kept in this vault (management or excluded), or a centrally managed member's. */
export type RunRoot = 'kept' | 'member';

export interface RunAccount {
  readonly accountId: string;
  readonly root: RunRoot;
}

/** A root password sealed anew during a run (check-in): the generation that holds the new password. */
export interface RunRotation {
  readonly accountId: string;
  readonly generation: number;
  readonly at: string;
}

export interface Run {
  readonly number: number;
  readonly accounts: readonly RunAccount[];
  readonly task: string;
  readonly reason: string;
  readonly ticket: string | null;
  readonly custodians: readonly string[];
  readonly startedAt: string;
  /** Full root on a member account (the IAMCreateRootUserPassword path) was agreed at start. */
  readonly fullRoot: boolean;
  readonly rotations: readonly RunRotation[];
  /** Set at check-in: */
  readonly closedAt: string | null;
  readonly outcome: string | null;
  readonly closedBy: readonly string[];
  /** The root passwords revealed in the run (from the audit log), as found at check-in. */
  readonly exposed: readonly string[];
  /** Virtual MFA devices whose seed the custodians said at check-in was exposed beyond a login session. */
  readonly seedsExposed: readonly SeedExposed[];
}

/** A virtual MFA device of an account of the run whose seed left the login session (shown, copied, typed in). */
export interface SeedExposed {
  readonly accountId: string;
  readonly device: string;
}

export interface TempRoot {
  readonly id: number;
  readonly accountId: string;
  readonly run: number | null;
  readonly createdAt: string;
  readonly expiresAt: string;
  /** When its credentials were deleted again (IAMDeleteRootUserCredentials) and the record closed. */
  readonly closedAt: string | null;
  readonly note: string;
}

export interface RunsRecord {
  readonly schema: typeof RUNS_SCHEMA;
  /** Reveals and login sessions need an open run; null: not decided yet (asked once). */
  readonly requireRun: boolean | null;
  /** An open run older than this many hours is a reminder. */
  readonly openRunHours: number;
  readonly runs: readonly Run[];
  readonly tempRoots: readonly TempRoot[];
}

export const EMPTY_RUNS_RECORD: RunsRecord = { schema: RUNS_SCHEMA, requireRun: null, openRunHours: DEFAULT_OPEN_RUN_HOURS, runs: [], tempRoots: [] };

export function encodeRunsRecord(record: RunsRecord): Uint8Array {
  return encodeCanonicalJson(record);
}

export function runsRecordSha256(bytes: Uint8Array): string {
  return bytesToHex(sha256(bytes));
}

function bad(what: string, problem: string): BreakglassError {
  return new BreakglassError('FORMAT', `The runs record's ${what} is malformed (${problem}): restore runs.json from its .prev file.`);
}

const ACCOUNT_ID = /^\d{12}$/;
const text = (v: unknown, what: string, max = MAX_TEXT): string => {
  if (typeof v !== 'string' || v.length > max) throw bad(what, 'not a text');
  return v;
};
const time = (v: unknown, what: string): string => {
  if (!isTimestamp(v)) throw bad(what, 'not a timestamp');
  return v;
};
const timeOrNull = (v: unknown, what: string): string | null => (v === null ? null : time(v, what));
const count = (v: unknown, what: string): number => {
  if (!Number.isSafeInteger(v) || (v as number) < 1) throw bad(what, 'not a positive whole number');
  return v as number;
};
const accountId = (v: unknown, what: string): string => {
  if (typeof v !== 'string' || !ACCOUNT_ID.test(v)) throw bad(what, 'not a 12-digit account id');
  return v;
};
const names = (v: unknown, what: string): string[] => expectArray(v, what).map((n) => text(n, what, 256));

function decodeRun(value: unknown, i: number): Run {
  const what = `run #${i + 1}`;
  // seedsExposed came later: a record written before it has none (read as no seed exposed).
  const f: Fields = expectFields(
    value,
    what,
    ['number', 'accounts', 'task', 'reason', 'ticket', 'custodians', 'startedAt', 'fullRoot', 'rotations', 'closedAt', 'outcome', 'closedBy', 'exposed'],
    ['seedsExposed'],
  );
  if (typeof f.task !== 'string' || !TASK_IDS.includes(f.task)) throw bad(what, 'unknown task');
  if (typeof f.fullRoot !== 'boolean') throw bad(what, 'fullRoot');
  const accounts = expectArray(f.accounts, what).map((a): RunAccount => {
    const g = expectFields(a, `${what} account`, ['accountId', 'root']);
    if (g.root !== 'kept' && g.root !== 'member') throw bad(what, 'root');
    return { accountId: accountId(g.accountId, what), root: g.root };
  });
  if (accounts.length === 0) throw bad(what, 'no account');
  const rotations = expectArray(f.rotations, what).map((r): RunRotation => {
    const g = expectFields(r, `${what} rotation`, ['accountId', 'generation', 'at']);
    return { accountId: accountId(g.accountId, what), generation: count(g.generation, what), at: time(g.at, what) };
  });
  const seedsExposed = (f.seedsExposed === undefined ? [] : expectArray(f.seedsExposed, what)).map((e): SeedExposed => {
    const g = expectFields(e, `${what} exposed seed`, ['accountId', 'device']);
    const id = accountId(g.accountId, what);
    if (!accounts.some((a) => a.accountId === id)) throw bad(what, 'an exposed seed of an account not in the run');
    return { accountId: id, device: text(g.device, what, 128) };
  });
  const closedAt = timeOrNull(f.closedAt, what);
  if (closedAt === null && seedsExposed.length > 0) throw bad(what, 'an exposed seed in an open run');
  const outcome = f.outcome === null ? null : text(f.outcome, what);
  if ((closedAt === null) !== (outcome === null)) throw bad(what, 'closed without an outcome');
  return {
    number: count(f.number, what),
    accounts,
    task: f.task,
    reason: text(f.reason, what),
    ticket: f.ticket === null ? null : text(f.ticket, what, 256),
    custodians: names(f.custodians, what),
    startedAt: time(f.startedAt, what),
    fullRoot: f.fullRoot,
    rotations,
    closedAt,
    outcome,
    closedBy: names(f.closedBy, what),
    exposed: expectArray(f.exposed, what).map((e) => accountId(e, what)),
    seedsExposed,
  };
}

function decodeTempRoot(value: unknown, i: number): TempRoot {
  const what = `temporary root #${i + 1}`;
  const f = expectFields(value, what, ['id', 'accountId', 'run', 'createdAt', 'expiresAt', 'closedAt', 'note']);
  return {
    id: count(f.id, what),
    accountId: accountId(f.accountId, what),
    run: f.run === null ? null : count(f.run, what),
    createdAt: time(f.createdAt, what),
    expiresAt: time(f.expiresAt, what),
    closedAt: timeOrNull(f.closedAt, what),
    note: text(f.note, what),
  };
}

export function decodeRunsRecord(bytes: Uint8Array): RunsRecord {
  const what = 'runs record';
  const f = expectFields(decodeCanonicalJson(bytes, what), what, ['schema', 'requireRun', 'openRunHours', 'runs', 'tempRoots']);
  if (f.schema !== RUNS_SCHEMA) throw bad('schema', `schema ${String(f.schema)}, expected ${RUNS_SCHEMA}`);
  if (f.requireRun !== null && typeof f.requireRun !== 'boolean') throw bad('setting', 'requireRun');
  const openRunHours = count(f.openRunHours, 'setting');
  const runs = expectArray(f.runs, what).map(decodeRun);
  runs.forEach((r, i) => {
    if (r.number !== i + 1) throw bad(`run #${i + 1}`, 'runs are numbered 1, 2, 3… in order');
  });
  const tempRoots = expectArray(f.tempRoots, what).map(decodeTempRoot);
  tempRoots.forEach((t, i) => {
    if (t.id !== i + 1) throw bad(`temporary root #${i + 1}`, 'numbered 1, 2, 3… in order');
  });
  return { schema: RUNS_SCHEMA, requireRun: f.requireRun, openRunHours, runs, tempRoots };
}
