// Field rules for audit entries, shared by the writer (TypeError/RangeError) and the reader (a reason
// string). Spec: docs/FORMAT.md §10.

import { STORE_KINDS } from '../shared/store-kind.js';
import { isTimestamp } from '../shared/timestamps.js';
import { AUDIT_EVENTS } from './audit-events.js';

export const MAX_AUDIT_ACTORS = 255;
export const MAX_AUDIT_ACTOR_LENGTH = 256;
export const MAX_AUDIT_DETAILS = 32;
export const MAX_AUDIT_DETAIL_KEY_LENGTH = 64;
export const MAX_AUDIT_DETAIL_STRING_LENGTH = 1000;
export const MAX_GENERATION = 0xffff_ffff;

export const ENTRY_KEYS = ['actor', 'at', 'details', 'event', 'generation', 'prev', 'seq', 'setId', 'store'] as const;
const DETAIL_KEY = /^[a-zA-Z][a-zA-Z0-9]*$/;
export const SET_ID = /^[0-9a-f]{32}$/;
export const HASH = /^[0-9a-f]{64}$/;
const SECRET_WORD = /(?:password|passphrase|seed|secret|share|key|otp|code|token|mnemonic|words|credential)s?$/;
const CARRIER_SUFFIX = /(?:value|text|plain|plaintext|raw|bytes|hex|base32|base64|b32|b64)$/;

function codePoints(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

/**
 * True when a details key names what could be a secret: its lower-cased form ends with password,
 * passphrase, seed, secret, share, key, otp, code, token, mnemonic, words or credential (plural too),
 * possibly followed by a carrier word such as Value, Text, Hex or Base32 ('rootPassword', 'seedBase32').
 */
export function isSecretLikeKey(key: string): boolean {
  const lower = key.toLowerCase();
  return SECRET_WORD.test(lower) || SECRET_WORD.test(lower.replace(CARRIER_SUFFIX, ''));
}


// ---- field rules, shared by the writer (TypeError/RangeError) and the reader (a reason string) ----

export type Problem = { readonly kind: 'type' | 'range'; readonly message: string };
const typeProblem = (message: string): Problem => ({ kind: 'type', message });
const rangeProblem = (message: string): Problem => ({ kind: 'range', message });

export function actorProblem(actor: unknown): Problem | undefined {
  if (!Array.isArray(actor)) return typeProblem('actor must be an array of custodian names');
  if (actor.length > MAX_AUDIT_ACTORS) return rangeProblem(`actor holds ${actor.length} names, more than ${MAX_AUDIT_ACTORS}`);
  for (const [i, name] of actor.entries()) {
    if (typeof name !== 'string') return typeProblem(`actor[${i}] must be a string`);
    if (!name.isWellFormed()) return typeProblem(`actor[${i}] contains an unpaired surrogate`);
    const length = codePoints(name);
    if (length < 1 || length > MAX_AUDIT_ACTOR_LENGTH) {
      return rangeProblem(`actor[${i}] must be 1–${MAX_AUDIT_ACTOR_LENGTH} characters, got ${length}`);
    }
  }
  return undefined;
}

export function storeProblem(store: unknown): Problem | undefined {
  if (store === null || (typeof store === 'string' && (STORE_KINDS as readonly string[]).includes(store))) return undefined;
  return typeProblem(`store must be "password-vault", "mfa-seeds" or null, got ${JSON.stringify(store)}`);
}

export function generationProblem(generation: unknown, store: unknown): Problem | undefined {
  if (generation === null) return undefined;
  if (typeof generation !== 'number' || !Number.isInteger(generation)) return typeProblem('generation must be an integer or null');
  if (generation < 1 || generation > MAX_GENERATION) return rangeProblem(`generation must be 1…${MAX_GENERATION}, got ${generation}`);
  if (store === null) return typeProblem('generation needs a store: say which store the generation belongs to');
  return undefined;
}

export function detailsProblem(details: unknown): Problem | undefined {
  if (typeof details !== 'object' || details === null || Array.isArray(details)) return typeProblem('details must be a plain object');
  const keys = Object.keys(details);
  if (keys.length > MAX_AUDIT_DETAILS) return rangeProblem(`details holds ${keys.length} keys, more than ${MAX_AUDIT_DETAILS}`);
  for (const key of keys) {
    if (!DETAIL_KEY.test(key) || key.length > MAX_AUDIT_DETAIL_KEY_LENGTH) {
      return typeProblem(`details key ${JSON.stringify(key)} must be a letter then letters or digits, at most ${MAX_AUDIT_DETAIL_KEY_LENGTH}`);
    }
    const value = (details as Record<string, unknown>)[key];
    if (value === null || typeof value === 'boolean') continue;
    if (isSecretLikeKey(key)) {
      return typeProblem(
        `details.${key} looks like a secret field: the audit log never holds secrets. Log a fact about it (a boolean, an id) under a neutral name instead`,
      );
    }
    if (typeof value === 'number') {
      if (!Number.isSafeInteger(value)) return typeProblem(`details.${key} must be a safe integer (the log holds no fractions), got ${value}`);
    } else if (typeof value === 'string') {
      if (!value.isWellFormed()) return typeProblem(`details.${key} contains an unpaired surrogate`);
      const length = codePoints(value);
      if (length > MAX_AUDIT_DETAIL_STRING_LENGTH) {
        return rangeProblem(`details.${key} is ${length} characters, more than ${MAX_AUDIT_DETAIL_STRING_LENGTH}`);
      }
    } else {
      return typeProblem(`details.${key} must be a string, integer, boolean or null, got ${value === undefined ? 'undefined' : typeof value}`);
    }
  }
  return undefined;
}

export function entryProblem(entry: Record<string, unknown>): Problem | undefined {
  const { seq, at, event, actor, store, generation, setId, details, prev } = entry;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) return typeProblem('seq must be a positive integer');
  if (!isTimestamp(at)) return typeProblem('at must be a timestamp YYYY-MM-DDTHH:MM:SSZ');
  if (typeof event !== 'string' || !(AUDIT_EVENTS as readonly string[]).includes(event)) {
    return typeProblem(`event ${JSON.stringify(event)} is not an audit event`);
  }
  const problem = actorProblem(actor) ?? storeProblem(store) ?? generationProblem(generation, store) ?? detailsProblem(details);
  if (problem) return problem;
  if (setId !== null && (typeof setId !== 'string' || !SET_ID.test(setId))) return typeProblem('setId must be 32 lower-case hex digits or null');
  if (typeof prev !== 'string' || !HASH.test(prev)) return typeProblem('prev must be 64 lower-case hex digits');
  return undefined;
}

export function throwProblem(problem: Problem): never {
  throw problem.kind === 'type' ? new TypeError(problem.message) : new RangeError(problem.message);
}

