// The hash-chained audit log: building an entry, parsing lines and verifying the chain (pure functions,
// no file access). Spec: docs/FORMAT.md §10.

import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { decodeCanonicalJson, encodeCanonicalJson } from '../crypto/canonical-json.js';
import type { StoreKind } from '../shared/store-kind.js';
import { BreakglassError } from '../errors.js';
import type { Clock } from '../shared/determinism.js';
import { formatTimestamp, isTimestamp } from '../shared/timestamps.js';
import { AUDIT_EVENTS, type AuditEvent } from './audit-events.js';
import {
  ENTRY_KEYS,
  HASH,
  SET_ID,
  actorProblem,
  detailsProblem,
  entryProblem,
  generationProblem,
  storeProblem,
  throwProblem,
} from './audit-entry-rules.js';

export { AUDIT_EVENTS, GENERATION_SAVING_EVENTS, type AuditEvent } from './audit-events.js';
export {
  MAX_AUDIT_ACTOR_LENGTH,
  MAX_AUDIT_ACTORS,
  MAX_AUDIT_DETAIL_KEY_LENGTH,
  MAX_AUDIT_DETAIL_STRING_LENGTH,
  MAX_AUDIT_DETAILS,
  isSecretLikeKey,
} from './audit-entry-rules.js';

export type AuditDetailValue = string | number | boolean | null;
export type AuditDetails = Readonly<Record<string, AuditDetailValue>>;

/** One decoded line of the log. */
export interface AuditEntry {
  readonly seq: number;
  readonly at: string;
  readonly event: AuditEvent;
  readonly actor: readonly string[];
  readonly store: StoreKind | null;
  readonly generation: number | null;
  readonly setId: string | null;
  readonly details: AuditDetails;
  readonly prev: string;
}

/** What a caller says happened; the log adds seq, at and prev. */
export interface AuditEntryInput {
  readonly event: AuditEvent;
  /** Custodian names exactly as entered; empty (or omitted) when nobody was named. */
  readonly actor?: readonly string[];
  readonly store?: StoreKind | null;
  /** The store generation concerned; needs `store`. */
  readonly generation?: number | null;
  /** The vault-set id: 32 lower-case hex digits, or its 16 bytes. */
  readonly setId?: string | Uint8Array | null;
  /** Flat facts; never a secret — secret-like keys are refused (FORMAT.md §10.3). */
  readonly details?: AuditDetails;
}

/** The last entry of a log: the point the next entry chains from. */
export interface AuditHead {
  readonly seq: number;
  readonly hash: string;
}

export interface AuditRecord {
  /** The exact text to append, trailing "\n" included. */
  readonly line: string;
  readonly entry: AuditEntry;
  /** hex SHA-256 of `line`'s UTF-8 bytes: the next entry's `prev`. */
  readonly hash: string;
}

export interface AuditBrokenLink {
  /** 1-based line number of the first line that does not fit the chain. */
  readonly line: number;
  /** That line's seq, when the line could be read. */
  readonly seq?: number;
  readonly reason: string;
}

export type AuditChainResult =
  | { readonly ok: true; readonly entries: AuditEntry[]; readonly head: AuditHead }
  | { readonly ok: false; readonly entriesBefore: AuditEntry[]; readonly brokenAt: AuditBrokenLink };

/** `prev` of the first entry, and the head of an empty log. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);
/** No line may be longer than this many bytes, "\n" included, so a reader can find the last line cheaply. */
export const MAX_AUDIT_LINE_BYTES = 65_536;
const encoder = new TextEncoder();

/** hex SHA-256 of a line's UTF-8 bytes; pass the line with its trailing "\n". */
export function hashAuditLine(line: string): string {
  if (typeof line !== 'string') throw new TypeError('line must be a string');
  return bytesToHex(sha256(encoder.encode(line)));
}


function checkPrevious(previous: AuditHead | undefined): AuditHead {
  if (previous === undefined) return { seq: 0, hash: AUDIT_GENESIS_HASH };
  if (typeof previous !== 'object' || previous === null) throw new TypeError('previous must be { seq, hash } or undefined');
  const { seq, hash } = previous;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) throw new RangeError(`previous.seq must be an integer ≥ 0, got ${seq}`);
  if (typeof hash !== 'string' || !HASH.test(hash)) throw new TypeError('previous.hash must be 64 lower-case hex digits');
  if (seq === 0 && hash !== AUDIT_GENESIS_HASH) throw new RangeError('previous.seq 0 (an empty log) needs the genesis hash of 64 zeros');
  return { seq, hash };
}

function setIdHex(setId: unknown): string | null {
  if (setId === undefined || setId === null) return null;
  if (setId instanceof Uint8Array) {
    if (setId.length !== 16) throw new RangeError(`input.setId must be 16 bytes, got ${setId.length}`);
    return bytesToHex(setId);
  }
  if (typeof setId !== 'string' || !SET_ID.test(setId)) throw new TypeError('input.setId must be 32 lower-case hex digits, 16 bytes or null');
  return setId;
}

/**
 * Checks what a caller wants to log, before any file is touched: TypeError/RangeError naming the field
 * (including the secret-key guard). Returns the entry without seq, at and prev.
 */
export function checkAuditEntryInput(input: AuditEntryInput): Omit<AuditEntry, 'seq' | 'at' | 'prev'> {
  if (typeof input !== 'object' || input === null) throw new TypeError('input must be an object');
  const event: unknown = input.event;
  if (typeof event !== 'string' || !(AUDIT_EVENTS as readonly string[]).includes(event)) {
    throw new TypeError(`input.event ${JSON.stringify(event)} is not an audit event (one of ${AUDIT_EVENTS.join(', ')})`);
  }
  const actor = input.actor ?? [];
  const store = input.store ?? null;
  const generation = input.generation ?? null;
  const details = input.details ?? {};
  const problem = actorProblem(actor) ?? storeProblem(store) ?? generationProblem(generation, store) ?? detailsProblem(details);
  if (problem) throwProblem({ ...problem, message: `input.${problem.message}` });
  return { event: event as AuditEvent, actor: [...actor], store, generation, setId: setIdHex(input.setId), details: { ...details } };
}

/**
 * Builds the entry that follows `previous` (undefined for the first entry of a log), stamped with
 * `clock`. Pure: the caller appends `line`, which ends with "\n".
 */
export function createAuditEntry(previous: AuditHead | undefined, input: AuditEntryInput, clock: Clock): AuditRecord {
  const head = checkPrevious(previous);
  const fields = checkAuditEntryInput(input);
  if (typeof clock !== 'object' || clock === null || typeof clock.now !== 'function') throw new TypeError('clock must have a now() method');
  const at = formatTimestamp(clock.now());
  if (!isTimestamp(at)) throw new RangeError(`clock.now() is outside the years 0000–9999: ${at}`);
  const entry: AuditEntry = { seq: head.seq + 1, at, prev: head.hash, ...fields };
  const bytes = encodeCanonicalJson(entry);
  if (bytes.length + 1 > MAX_AUDIT_LINE_BYTES) {
    throw new RangeError(`input makes a line of ${bytes.length + 1} bytes, more than ${MAX_AUDIT_LINE_BYTES}: shorten actor or details`);
  }
  const line = `${new TextDecoder().decode(bytes)}\n`;
  return { line, entry, hash: hashAuditLine(line) };
}

// ---- reading ----

interface RawLine {
  /** The line without its "\n". */
  readonly text: string;
  /** False for a last line that does not end with "\n". */
  readonly complete: boolean;
}

function splitLines(log: string): RawLine[] {
  if (typeof log !== 'string') throw new TypeError('log must be a string');
  if (log === '') return [];
  const parts = log.split('\n');
  const last = parts.pop()!;
  const lines: RawLine[] = parts.map((text) => ({ text, complete: true }));
  if (last !== '') lines.push({ text: last, complete: false });
  return lines;
}

/** Decodes one line (without "\n"); returns the entry, or the reason it is not a valid line. */
function readLine(raw: RawLine): AuditEntry | string {
  if (!raw.complete) return 'it does not end with a newline: the log was cut short (truncated) or edited';
  if (raw.text === '') return 'it is empty';
  if (!raw.text.isWellFormed()) return 'it is not valid Unicode text';
  const bytes = encoder.encode(raw.text);
  if (bytes.length + 1 > MAX_AUDIT_LINE_BYTES) return `it is longer than ${MAX_AUDIT_LINE_BYTES} bytes`;
  let value: unknown;
  try {
    value = decodeCanonicalJson(bytes, 'audit log line');
  } catch (error) {
    if (!(error instanceof BreakglassError)) throw error;
    try {
      JSON.parse(raw.text);
    } catch {
      return 'it is not JSON';
    }
    return 'it is not in canonical JSON form (sorted keys, no white space, integers only): it was not written by Breakglass';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'it is not a JSON object';
  const keys = Object.keys(value);
  if (keys.length !== ENTRY_KEYS.length || !ENTRY_KEYS.every((key, i) => keys[i] === key)) {
    return `its fields are ${keys.join(', ')}; an entry has exactly ${ENTRY_KEYS.join(', ')}`;
  }
  const problem = entryProblem(value as Record<string, unknown>);
  if (problem) return problem.message;
  return value as unknown as AuditEntry;
}

function parseFailure(line: number, reason: string): BreakglassError {
  return new BreakglassError(
    'FORMAT',
    `Audit log line ${line} is malformed: ${reason}. The log was damaged or altered; keep it as evidence and verify the audit log.`,
    { action: { kind: 'verify-audit-log' } },
  );
}

/**
 * Decodes every line of a log, checking each line's form (FORMAT naming the first bad line) but not the
 * links between lines: use verifyAuditChain for that.
 */
export function parseAuditLog(log: string): AuditEntry[] {
  return splitLines(log).map((raw, i) => {
    const entry = readLine(raw);
    if (typeof entry === 'string') throw parseFailure(i + 1, entry);
    return entry;
  });
}

function rawLine(line: string): RawLine {
  if (typeof line !== 'string') throw new TypeError('line must be a string');
  const complete = line.endsWith('\n');
  const text = complete ? line.slice(0, -1) : line;
  if (text.includes('\n')) throw new TypeError('line must be a single line');
  return { text, complete };
}

/** Why one line (given with its trailing "\n") is not a well-formed entry, or undefined when it is. */
export function auditLineProblem(line: string): string | undefined {
  const entry = readLine(rawLine(line));
  return typeof entry === 'string' ? entry : undefined;
}

/** Decodes one line, given with its trailing "\n" (FORMAT when it is malformed; its chain link is not checked). */
export function parseAuditLine(line: string): AuditEntry {
  const entry = readLine(rawLine(line));
  if (typeof entry === 'string') {
    throw new BreakglassError('FORMAT', `The audit log line is malformed: ${entry}. It was damaged or altered; keep the log as evidence.`);
  }
  return entry;
}

function seqReason(seq: number, expected: number, previousSeq: number): string {
  if (seq === previousSeq) return `its seq is ${seq} again: entry ${seq} was duplicated`;
  if (seq > expected) {
    const missing = seq - expected === 1 ? `entry ${expected} is missing` : `entries ${expected}–${seq - 1} are missing`;
    return `its seq is ${seq} where ${expected} was expected: ${missing} (removed), or lines were reordered`;
  }
  return `its seq is ${seq} where ${expected} was expected: lines were reordered, duplicated or inserted`;
}

/**
 * Checks a whole log and reports the first broken link: a malformed or truncated line, a seq that is not
 * the line number, or a `prev` that is not the hash of the line before (genesis: 64 zeros). An edit of
 * the LAST line breaks no link; it is found only when the caller knows the head hash from elsewhere and
 * passes it as `expectedHead`.
 */
export function verifyAuditChain(log: string, options: { readonly expectedHead?: string } = {}): AuditChainResult {
  const expectedHead = options.expectedHead;
  if (expectedHead !== undefined && (typeof expectedHead !== 'string' || !HASH.test(expectedHead))) {
    throw new TypeError('options.expectedHead must be 64 lower-case hex digits');
  }
  const lines = splitLines(log);
  const entries: AuditEntry[] = [];
  let head: AuditHead = { seq: 0, hash: AUDIT_GENESIS_HASH };
  const broken = (line: number, reason: string, seq?: number): AuditChainResult => ({
    ok: false,
    entriesBefore: entries.slice(0, line - 1),
    brokenAt: seq === undefined ? { line, reason } : { line, seq, reason },
  });
  for (const [i, raw] of lines.entries()) {
    const lineNumber = i + 1;
    const entry = readLine(raw);
    if (typeof entry === 'string') return broken(lineNumber, `line ${lineNumber} is malformed: ${entry}`);
    if (entry.seq !== lineNumber) return broken(lineNumber, `line ${lineNumber}: ${seqReason(entry.seq, lineNumber, head.seq)}`, entry.seq);
    if (entry.prev !== head.hash) {
      const reason =
        lineNumber === 1
          ? 'line 1 does not start the chain (its prev is not 64 zeros): the beginning of the log was removed or replaced'
          : `line ${lineNumber}'s prev is not the hash of line ${lineNumber - 1}: line ${lineNumber - 1} was altered, or a line was removed or inserted between them`;
      return broken(lineNumber, reason, entry.seq);
    }
    entries.push(entry);
    head = { seq: entry.seq, hash: hashAuditLine(`${raw.text}\n`) };
  }
  if (expectedHead !== undefined && expectedHead !== head.hash) {
    if (entries.length === 0) return broken(1, 'the log is empty, but a head was recorded elsewhere: the log was deleted or replaced');
    return broken(
      entries.length,
      `line ${entries.length} is not the recorded head: the last line was altered, or lines after it were removed`,
      head.seq,
    );
  }
  return { ok: true, entries, head };
}

function displayText(text: string): string {
  // Control and bidi-override characters would let a logged name rewrite the terminal line.
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu, (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`);
}

function displayValue(value: AuditDetailValue): string {
  if (typeof value !== 'string') return String(value);
  return /^[\w.@:/+-]+$/u.test(value) ? value : displayText(JSON.stringify(value));
}

/** One line for people: `#12 2026-11-22T10:00:00Z store.unlock password-vault gen 3 by Alice, Bob — method=shares`. */
export function formatAuditEntry(entry: AuditEntry): string {
  if (typeof entry !== 'object' || entry === null) throw new TypeError('entry must be an audit entry');
  let text = `#${entry.seq} ${entry.at} ${entry.event}`;
  if (entry.store !== null) text += ` ${entry.store}`;
  if (entry.generation !== null) text += ` gen ${entry.generation}`;
  if (entry.actor.length > 0) text += ` by ${entry.actor.map(displayText).join(', ')}`;
  const details = Object.keys(entry.details)
    .sort()
    .map((key) => `${key}=${displayValue(entry.details[key] ?? null)}`);
  if (details.length > 0) text += ` — ${details.join(' ')}`;
  return text;
}
