// The segregation policy between the two custodian groups: nobody holds material of both stores unless an
// override with a reason is recorded, and the smallest coalition that can open both. FORMAT.md §12.4.

import { BreakglassError } from '../errors.js';
import { otherStoreKind, storeKindLabel, type StoreKind } from '../shared/store-kind.js';
import { personKey, type Custodian, type SegregationOverride } from './custodians.js';

/** How one store is opened: k shareholders, and/or anyone who knows the passphrase. */
export interface StoreCustody {
  readonly threshold: number | null;
  readonly hasPassphrase: boolean;
  readonly custodians: readonly Custodian[];
  /** The overrides the store records: a person in both groups is "recorded" only when one names them. */
  readonly overrides?: readonly SegregationOverride[];
}

export const MIN_OVERRIDE_REASON_LENGTH = 10;

/** People (by name as first written in `a`) who appear in both registers: one name per person. */
export function sharedCustodians(a: readonly Custodian[], b: readonly Custodian[]): string[] {
  const other = new Set(b.map((c) => personKey(c.name)));
  const people = new Map<string, string>();
  for (const c of a) if (other.has(personKey(c.name)) && !people.has(personKey(c.name))) people.set(personKey(c.name), c.name);
  return [...people.values()];
}

/**
 * Throws SEGREGATION when the groups overlap and no override reason is given; returns the shared names
 * (to be recorded with the reason) otherwise.
 */
export function checkSegregation(password: readonly Custodian[], mfa: readonly Custodian[], overrideReason?: string): string[] {
  const shared = sharedCustodians(password, mfa);
  if (shared.length === 0) return [];
  const reason = overrideReason?.trim() ?? '';
  if (reason.length < MIN_OVERRIDE_REASON_LENGTH) {
    throw new BreakglassError(
      'SEGREGATION',
      `${shared.join(', ')} would be a custodian of both the password vault and the MFA seed store: one person must not ` +
        'hold both. Choose different people, or record an override with a reason of at least ' +
        `${MIN_OVERRIDE_REASON_LENGTH} characters (it is kept in both stores and the audit log).`,
      { field: 'custodian' },
    );
  }
  return shared;
}

/**
 * The reason to rotate `kind` although the other store's custodian register cannot be read (its file is
 * missing); SEGREGATION when none, or too short, is given — the check cannot run, so it is refused.
 */
export function checkUncheckedSegregation(kind: StoreKind, reason: string | undefined): string {
  const text = reason?.trim() ?? '';
  const other = storeKindLabel(otherStoreKind(kind));
  if (text.length < MIN_OVERRIDE_REASON_LENGTH) {
    throw new BreakglassError(
      'SEGREGATION',
      `The ${other} is missing from this vault set, so its custodians cannot be checked against the new ` +
        `${storeKindLabel(kind)} custodians: nothing was changed. Restore the ${other} (from one of its drives) first; ` +
        `only if it is truly lost, rotate with a recorded reason of at least ${MIN_OVERRIDE_REASON_LENGTH} characters for skipping the check (it is kept in the audit log).`,
      { field: 'custodian' },
    );
  }
  return text;
}

/** The overrides after one is recorded for the `shared` people with its reason; unchanged when nobody is shared. */
export function recordOverride(
  overrides: readonly SegregationOverride[],
  shared: readonly string[],
  reason: string | undefined,
  at: string,
): SegregationOverride[] {
  return shared.length > 0 ? [...overrides, { at, reason: (reason ?? '').trim(), custodians: [...shared] }] : [...overrides];
}

/** People needed to open a store alone: its threshold with shares, one passphrase holder otherwise. */
function needed(custody: StoreCustody): number {
  const options = [custody.threshold ?? Infinity, custody.hasPassphrase ? 1 : Infinity];
  return Math.min(...options);
}

export interface Coalition {
  readonly size: number;
  readonly explanation: string;
}

/** Shares each person holds of the two stores; names that are the same person count together. */
function sharesByPerson(password: readonly Custodian[], mfa: readonly Custodian[]): { password: number; mfa: number }[] {
  const people = new Map<string, { password: number; mfa: number }>();
  const count = (custodians: readonly Custodian[], store: 'password' | 'mfa'): void => {
    for (const c of custodians) {
      if (c.shareIndex === null) continue;
      const person = people.get(personKey(c.name)) ?? { password: 0, mfa: 0 };
      person[store] += 1;
      people.set(personKey(c.name), person);
    }
  };
  count(password, 'password');
  count(mfa, 'mfa');
  return [...people.values()];
}

/** The fewest people whose shares reach both thresholds (a small 0/1 knapsack over people). */
function fewestPeople(people: readonly { password: number; mfa: number }[], kp: number, km: number): number {
  const width = km + 1;
  const best = new Array<number>((kp + 1) * width).fill(Infinity);
  best[0] = 0;
  for (const person of people) {
    for (let i = kp; i >= 0; i--) {
      for (let j = km; j >= 0; j--) {
        const from = best[i * width + j] as number;
        if (from === Infinity) continue;
        const to = Math.min(kp, i + person.password) * width + Math.min(km, j + person.mfa);
        if (from + 1 < (best[to] as number)) best[to] = from + 1;
      }
    }
  }
  return best[kp * width + km] as number;
}

/**
 * The smallest number of people who together can open both stores: k_password + k_mfa when the groups
 * are disjoint, less by the number of people in both groups (at most the smaller threshold). People are
 * counted as people: look-alike spellings of one name are one person, whose shares add up.
 */
export function smallestCoalition(password: StoreCustody, mfa: StoreCustody): Coalition {
  const kp = needed(password);
  const km = needed(mfa);
  const bothShares = password.threshold !== null && mfa.threshold !== null;
  const overlap = bothShares ? sharedCustodians(password.custodians, mfa.custodians).length : 0;
  let size = kp + km - Math.min(overlap, kp, km);
  const people = sharesByPerson(password.custodians, mfa.custodians);
  const severalShares = people.some((p) => p.password > 1 || p.mfa > 1);
  if (bothShares && kp === password.threshold && km === mfa.threshold) size = Math.min(size, fewestPeople(people, kp, km));
  const part = (k: number, custody: StoreCustody, label: string): string =>
    custody.threshold !== null && k === custody.threshold ? `${k} ${label} custodians (shares)` : `1 ${label} passphrase holder`;
  const fewer = kp + km - size;
  const named = new Set([...(password.overrides ?? []), ...(mfa.overrides ?? [])].flatMap((o) => o.custodians.map(personKey)));
  const unrecorded = sharedCustodians(password.custodians, mfa.custodians).filter((name) => !named.has(personKey(name)));
  const why = severalShares
    ? 'people who hold several shares or are in both groups (names that look alike count as one person)'
    : unrecorded.length > 0
      ? `person(s) in both groups with NO recorded override (${unrecorded.join(', ')})`
      : 'person(s) in both groups (recorded override)';
  return {
    size,
    explanation: `${part(kp, password, 'password')} + ${part(km, mfa, 'MFA')}` + (fewer > 0 ? ` − ${fewer} for ${why}` : ''),
  };
}
