// The custodian register each store keeps in its public document — who holds which share index, since
// when — and the recorded segregation overrides; readable without any key. FORMAT.md §12.4.

import { hasControlCharacters } from './account-fields.js';
import { documentError, expectArray, expectFields } from './document-shape.js';
import { isTimestamp } from '../shared/timestamps.js';

export interface Custodian {
  readonly name: string;
  readonly role: string;
  readonly contact: string;
  /** The share index this custodian holds, or null for a passphrase holder. */
  readonly shareIndex: number | null;
  readonly issuedAt: string;
}

/** A recorded exception to the segregation rule: who is in both groups, why, and when it was allowed. */
export interface SegregationOverride {
  readonly at: string;
  readonly reason: string;
  readonly custodians: readonly string[];
}

export interface CustodyRecord {
  readonly custodians: readonly Custodian[];
  readonly overrides: readonly SegregationOverride[];
}

/**
 * The form in which two names of one register are the same entry: NFKC, trimmed, single spaces, lower
 * case — the rule registers were written under. Segregation compares people more strictly:
 * custody/person-names.ts personKey.
 */
export function registerNameKey(name: string): string {
  return name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('en-US');
}

export const EMPTY_CUSTODY: CustodyRecord = { custodians: [], overrides: [] };
export const MAX_OVERRIDES = 64;

function registerText(value: unknown, min: number, max: number): string {
  if (typeof value !== 'string') throw new TypeError('not text');
  const length = [...value].length;
  if (length < min || length > max || hasControlCharacters(value, false) || !value.isWellFormed()) throw new RangeError('bad text');
  return value;
}

function checkRegisterText(name: unknown, role: unknown, contact: unknown): { name: string; role: string; contact: string } {
  return { name: registerText(name, 1, 128), role: registerText(role, 0, 128), contact: registerText(contact, 0, 256) };
}

export function decodeCustodyRecord(value: { custodians?: unknown; overrides?: unknown }, what: string): CustodyRecord {
  const custodians = expectArray(value.custodians, `${what} custodian register`).map((item, i) => {
    const where = `${what} custodian #${i + 1}`;
    const f = expectFields(item, where, ['name', 'role', 'contact', 'shareIndex', 'issuedAt']);
    let checked: { name: string; role: string; contact: string };
    try {
      checked = checkRegisterText(f.name, f.role, f.contact);
    } catch {
      throw documentError(where, 'invalid name, role or contact');
    }
    const normal = (t: string): string => t.trim().replace(/\s+/g, ' ').normalize('NFC');
    if ([checked.name, checked.role, checked.contact].some((t) => normal(t) !== t)) throw documentError(where, 'not in normal form');
    if (!(f.shareIndex === null || (Number.isInteger(f.shareIndex) && (f.shareIndex as number) >= 1 && (f.shareIndex as number) <= 255))) {
      throw documentError(where, 'bad share index');
    }
    if (!isTimestamp(f.issuedAt)) throw documentError(where, 'bad timestamp');
    return { ...checked, shareIndex: f.shareIndex as number | null, issuedAt: f.issuedAt };
  });
  if (new Set(custodians.map((c) => registerNameKey(c.name))).size !== custodians.length) {
    throw documentError(`${what} custodian register`, 'a person is listed twice');
  }
  const holders = custodians.filter((c) => c.shareIndex !== null).map((c) => c.shareIndex as number);
  if (holders.some((index, i) => index !== i + 1) || custodians.slice(holders.length).some((c) => c.shareIndex !== null)) {
    throw documentError(`${what} custodian register`, 'share holders not listed first with indexes 1…n');
  }
  const overrides = expectArray(value.overrides, `${what} overrides`).map((item, i) => {
    const where = `${what} segregation override #${i + 1}`;
    const f = expectFields(item, where, ['at', 'reason', 'custodians']);
    if (!isTimestamp(f.at) || typeof f.reason !== 'string' || f.reason.trim().length === 0 || [...f.reason].length > 1000) {
      throw documentError(where, 'bad time or reason');
    }
    const names = expectArray(f.custodians, where);
    if (names.length === 0 || names.some((n) => typeof n !== 'string' || n.trim() === '')) throw documentError(where, 'bad custodian names');
    return { at: f.at, reason: f.reason, custodians: names as string[] };
  });
  if (overrides.length > MAX_OVERRIDES) throw documentError(what, 'too many overrides');
  return { custodians, overrides };
}

