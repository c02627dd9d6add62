// An MFA seed exposed beyond a login session during a run (rare: shown, copied or typed somewhere): which
// virtual devices the custodians may name at check-in, and whether a later enrollment replaced them. FORMAT.md §15.3 and §15.5.

import { BreakglassError } from '../errors.js';
import type { Run, SeedExposed } from './runs-record.js';

/** A device of the MFA seed store's public metadata (no key needed to read it). */
export interface SeedDevice {
  readonly accountId: string;
  readonly name: string;
  readonly type: string;
}

/** What the custodians named: an account of the run, and the device when it has more than one virtual one. */
export interface SeedExposedInput {
  readonly accountId: string;
  readonly device?: string;
}

/** A new virtual device of an account recorded in the MFA seed store (an `mfa.enroll` or virtual `mfa.add` entry). */
export interface MfaEnrollment {
  readonly accountId: string;
  readonly device: string;
  readonly at: string;
}

function one(run: Run, input: SeedExposedInput, devices: readonly SeedDevice[]): SeedExposed {
  const accountId = String(input?.accountId ?? '').trim();
  if (!run.accounts.some((a) => a.accountId === accountId)) {
    throw new BreakglassError(
      'VALIDATION',
      `Account ${JSON.stringify(accountId)} is not in run ${run.number} (its accounts: ${run.accounts.map((a) => a.accountId).join(', ')}): only the MFA seed of an account of the run can be recorded as exposed in it. Nothing was changed.`,
      { field: 'seedsExposed' },
    );
  }
  const own = devices.filter((d) => d.accountId === accountId);
  const virtual = own.filter((d) => d.type === 'virtual');
  const list = virtual.map((d) => d.name).join(', ');
  if (input.device === undefined || String(input.device).trim() === '') {
    if (virtual.length === 1) return { accountId, device: virtual[0]!.name };
    throw new BreakglassError(
      'VALIDATION',
      virtual.length === 0
        ? `Account ${accountId} has no virtual MFA device in the MFA seed store, so no seed of it is kept here to have been exposed. Nothing was changed.`
        : `Account ${accountId} has ${virtual.length} virtual MFA devices (${list}): name the one whose seed was exposed. Nothing was changed.`,
      { field: 'seedsExposed' },
    );
  }
  const device = String(input.device).trim();
  const found = own.find((d) => d.name === device);
  if (!found) {
    throw new BreakglassError(
      'VALIDATION',
      `Account ${accountId} has no MFA device named ${JSON.stringify(device)} in the MFA seed store (${virtual.length === 0 ? 'it has no virtual device' : `its virtual devices: ${list}`}). Nothing was changed.`,
      { field: 'seedsExposed' },
    );
  }
  if (found.type !== 'virtual') {
    throw new BreakglassError(
      'VALIDATION',
      `${device} of account ${accountId} is a ${found.type} device: it has no seed kept here, so none could be exposed. Only a virtual MFA device's seed can be. Nothing was changed.`,
      { field: 'seedsExposed' },
    );
  }
  return { accountId, device };
}

/** The exposed seeds as the record keeps them (each once), checked against the run's accounts and the store's devices. */
export function resolveSeedsExposed(run: Run, inputs: readonly SeedExposedInput[], devices: readonly SeedDevice[]): SeedExposed[] {
  const out: SeedExposed[] = [];
  for (const input of inputs) {
    const seed = one(run, input, devices);
    if (!out.some((s) => s.accountId === seed.accountId && s.device === seed.device)) out.push(seed);
  }
  return out;
}

/**
 * A closed run's exposed seeds that no enrollment since its close replaced: a new virtual device for that
 * account recorded at or after `closedAt` re-enrolls it (removing the old device is the custodians' step).
 */
export function notReenrolled(run: Run, enrollments: readonly MfaEnrollment[]): SeedExposed[] {
  if (run.closedAt === null) return [];
  const closedAt = run.closedAt;
  return run.seedsExposed.filter((s) => !enrollments.some((e) => e.accountId === s.accountId && e.at >= closedAt));
}
