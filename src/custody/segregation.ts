// The segregation policy between the two custodian groups: nobody holds material of both stores unless an
// override with a reason is recorded, and the smallest coalition that can open both. FORMAT.md §12.4.

import { BreakglassError } from '../errors.js';
import { personKey, type Custodian, type SegregationOverride } from './custodians.js';

/** How one store is opened: k shareholders, and/or anyone who knows the passphrase. */
export interface StoreCustody {
  readonly threshold: number | null;
  readonly hasPassphrase: boolean;
  readonly custodians: readonly Custodian[];
}

export const MIN_OVERRIDE_REASON_LENGTH = 10;

/** People (by name as first written) who appear in both registers. */
export function sharedCustodians(a: readonly Custodian[], b: readonly Custodian[]): string[] {
  const other = new Set(b.map((c) => personKey(c.name)));
  return a.filter((c) => other.has(personKey(c.name))).map((c) => c.name);
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

/**
 * The smallest number of people who together can open both stores: k_password + k_mfa when the groups
 * are disjoint, less by the number of people in both groups (at most the smaller threshold).
 */
export function smallestCoalition(password: StoreCustody, mfa: StoreCustody): Coalition {
  const kp = needed(password);
  const km = needed(mfa);
  const overlap = password.threshold !== null && mfa.threshold !== null ? sharedCustodians(password.custodians, mfa.custodians).length : 0;
  const size = kp + km - Math.min(overlap, kp, km);
  const part = (k: number, custody: StoreCustody, label: string): string =>
    custody.threshold !== null && k === custody.threshold ? `${k} ${label} custodians (shares)` : `1 ${label} passphrase holder`;
  return {
    size,
    explanation:
      `${part(kp, password, 'password')} + ${part(km, mfa, 'MFA')}` +
      (overlap > 0 ? ` − ${Math.min(overlap, kp, km)} person(s) in both groups (recorded override)` : ''),
  };
}
