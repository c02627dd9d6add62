// The import plan: what happens to each source row in each store (added, updated, skipped and why, a weak
// password flagged "rotate"), decided before anything is written; the secrets stay beside it. FORMAT.md §18.2.

import { BreakglassError } from '../errors.js';
import { checkAccountClass, checkAccountName, checkNotes, checkRootEmail, type AccountClass } from '../stores/account-fields.js';
import { checkRootPassword } from '../stores/password-policy.js';
import { MAX_DEVICES_PER_ACCOUNT, type SeedMetadata, type TotpAlgorithm } from '../stores/seeds.js';
import { MAX_IMPORTED_PASSWORD_BYTES } from '../stores/vault.js';
import { accountNameFor, findAccountId } from './account-mapping.js';
import type { SourceEntry } from './kdbx-read.js';
import { findEntryTotp, type FoundTotp } from './otp-fields.js';

export type RowAction = 'add' | 'update' | 'skip' | 'none';

/** What the preview shows for one store: no secret. */
export interface StoreStep {
  readonly action: RowAction;
  /** Why it is skipped, or a flag on an added row ("rotate: …"). */
  readonly reason?: string;
}

export interface PreviewRow {
  /** The entry's position in the source (1-based), or the line of a seed table. */
  readonly index: number;
  readonly title: string;
  readonly accountId: string | null;
  readonly name: string | null;
  readonly email: string | null;
  readonly accountClass: AccountClass | null;
  readonly vault: StoreStep;
  /** True when the password is below AWS' root policy: imported, to be rotated. */
  readonly rotate: boolean;
  readonly mfa: StoreStep;
  readonly device: string | null;
}

export interface PlannedAccount {
  readonly index: number;
  readonly accountId: string;
  readonly name: string;
  readonly accountClass: AccountClass;
  readonly email: string;
  readonly notes: string;
  readonly password: Uint8Array;
  readonly replace: boolean;
  readonly rotate: boolean;
}

export interface PlannedDevice {
  readonly index: number;
  readonly accountId: string;
  readonly name: string;
  readonly algorithm: TotpAlgorithm;
  readonly digits: 6 | 8;
  readonly period: number;
  readonly seed: Uint8Array;
  readonly replace: boolean;
}

export interface ImportPlan {
  readonly rows: readonly PreviewRow[];
  readonly accounts: readonly PlannedAccount[];
  readonly devices: readonly PlannedDevice[];
  /** Rows for a new account that still need a class (no default given, none known). */
  readonly needsClass: number;
}

export interface KeepassPlanOptions {
  /** The class of every new account no other rule names. */
  readonly defaultClass?: AccountClass | undefined;
  /** Per account id: its class (the custodian's choice, or the inventory's). */
  readonly classes?: Readonly<Record<string, AccountClass>>;
  /** Per entry ("#3" or its exact title): the account id it stands for, or "skip". */
  readonly mapping?: Readonly<Record<string, string>>;
  /** Replace accounts and devices already in the stores (otherwise they are skipped). */
  readonly update?: boolean;
}

/** The accounts the vault holds now (id → class). */
export type VaultIndex = ReadonlyMap<string, AccountClass>;

function reasonOf(error: unknown): string {
  return error instanceof BreakglassError ? error.message : String(error);
}

/** Where a planned device goes, given what the MFA store's public metadata lists. */
export function deviceStep(metadata: SeedMetadata, planned: readonly PlannedDevice[], accountId: string, name: string, update: boolean): { step: StoreStep; replace: boolean } {
  const devices = metadata.accounts.find((a) => a.accountId === accountId)?.devices ?? [];
  const twice = planned.find((d) => d.accountId === accountId && d.name === name);
  if (twice) return { step: { action: 'skip', reason: `row #${twice.index} already brings device ${name} of this account` }, replace: false };
  const existing = devices.find((d) => d.name === name);
  if (existing && !update) return { step: { action: 'skip', reason: `the MFA seed store already has device ${name} for this account (choose update to replace it)` }, replace: false };
  if (existing && existing.type !== 'virtual') return { step: { action: 'skip', reason: `device ${name} of this account is a ${existing.type}, which an imported seed does not replace` }, replace: false };
  const adding = planned.filter((d) => d.accountId === accountId && !d.replace).length;
  if (!existing && devices.length + adding >= MAX_DEVICES_PER_ACCOUNT) {
    return { step: { action: 'skip', reason: `the account already has ${MAX_DEVICES_PER_ACCOUNT} MFA devices, the most AWS allows` }, replace: false };
  }
  return { step: { action: existing ? 'update' : 'add' }, replace: existing !== undefined };
}

const NO_STEP: StoreStep = { action: 'none' };

/** The class an entry names itself (a Breakglass export's "Account class" field), when it is a valid one. */
function classField(entry: SourceEntry): AccountClass | undefined {
  for (const [name, value] of entry.fields) {
    if (!['accountclass', 'class'].includes(name.toLowerCase().replace(/[\s_-]+/g, ''))) continue;
    const text = value.trim().toLowerCase();
    if (text === 'management' || text === 'excluded') return text;
  }
  return undefined;
}

function mappedId(entry: SourceEntry, mapping: Readonly<Record<string, string>>): string | undefined {
  return mapping[`#${entry.index}`] ?? (entry.title !== '' ? mapping[entry.title] : undefined);
}

/**
 * Plans a KeePass import against the vault's accounts and the MFA store's metadata. Secrets in the plan
 * are copies; the caller wipes the plan (wipePlan) and the source entries separately.
 */
export function planKeepassImport(entries: readonly SourceEntry[], vault: VaultIndex, metadata: SeedMetadata, options: KeepassPlanOptions = {}): ImportPlan {
  const update = options.update === true;
  const mapping = options.mapping ?? {};
  const rows: PreviewRow[] = [];
  const accounts: PlannedAccount[] = [];
  const devices: PlannedDevice[] = [];
  const seen = new Map<string, number>();
  let needsClass = 0;
  const decoder = new TextDecoder();
  for (const entry of entries) {
    const base = { index: entry.index, title: entry.title };
    const mapped = mappedId(entry, mapping);
    if (mapped === 'skip') {
      rows.push({ ...base, accountId: null, name: null, email: null, accountClass: null, vault: { action: 'skip', reason: 'skipped as chosen' }, rotate: false, mfa: NO_STEP, device: null });
      continue;
    }
    const finding = mapped !== undefined ? (/^\d{12}$/.test(mapped) ? { kind: 'found' as const, accountId: mapped, from: 'mapped' as const } : { kind: 'ambiguous' as const, reason: `it was mapped to ${JSON.stringify(mapped)}, which is not a 12-digit account id` }) : findAccountId(entry);
    if (finding.kind !== 'found') {
      const reason = finding.kind === 'none' ? 'no account id: not in a field (AccountId, AWS Account, Account #), the title or the sign-in URL — map it to an account id or skip it' : `unclear account id: ${finding.reason} — map it or skip it`;
      rows.push({ ...base, accountId: null, name: null, email: null, accountClass: null, vault: { action: 'skip', reason }, rotate: false, mfa: NO_STEP, device: null });
      continue;
    }
    const accountId = finding.accountId;
    const earlier = seen.get(accountId);
    if (earlier !== undefined) {
      rows.push({ ...base, accountId, name: null, email: null, accountClass: null, vault: { action: 'skip', reason: `entry #${earlier} is the same account` }, rotate: false, mfa: NO_STEP, device: null });
      continue;
    }
    seen.set(accountId, entry.index);
    // The vault part: entries with a password.
    let vaultStep: StoreStep = NO_STEP;
    let rotate = false;
    let name: string | null = null;
    let email: string | null = null;
    let accountClass: AccountClass | null = null;
    const existingClass = vault.get(accountId);
    if (entry.password.length > 0) {
      try {
        name = checkAccountName(accountNameFor(entry.title, accountId));
        email = checkRootEmail(entry.userName);
        const notes = checkNotes(entry.notes);
        if (entry.password.length > MAX_IMPORTED_PASSWORD_BYTES) throw new BreakglassError('VALIDATION', `its password is longer than ${MAX_IMPORTED_PASSWORD_BYTES} bytes`);
        const chosen = options.classes?.[accountId] ?? existingClass ?? classField(entry) ?? options.defaultClass;
        accountClass = chosen !== undefined ? checkAccountClass(chosen) : null;
        try {
          checkRootPassword(decoder.decode(entry.password), { accountName: name, email });
        } catch (error) {
          rotate = true;
          vaultStep = { action: 'add', reason: `rotate: ${reasonOf(error)}` };
        }
        if (existingClass !== undefined && !update) {
          vaultStep = { action: 'skip', reason: 'already in the password vault (choose update to replace it)' };
          rotate = false;
        } else if (accountClass === null) {
          needsClass += 1;
          vaultStep = { action: 'skip', reason: 'needs a class: choose management or excluded' };
          rotate = false;
        } else {
          const action: RowAction = existingClass !== undefined ? 'update' : 'add';
          vaultStep = { action, ...(vaultStep.reason ? { reason: vaultStep.reason } : {}) };
          accounts.push({ index: entry.index, accountId, name, accountClass, email, notes, password: entry.password.slice(), replace: existingClass !== undefined, rotate });
        }
      } catch (error) {
        vaultStep = { action: 'skip', reason: `cannot be imported: ${reasonOf(error)}` };
        rotate = false;
      }
    }
    // The MFA part: a TOTP secret in the same entry goes to the MFA seed store only.
    let mfaStep: StoreStep = NO_STEP;
    let device: string | null = null;
    let found: FoundTotp | undefined;
    try {
      found = findEntryTotp(entry);
    } catch (error) {
      mfaStep = { action: 'skip', reason: `TOTP not readable: ${reasonOf(error)}` };
    }
    if (found) {
      device = found.deviceName;
      if (found.labelAccountId !== undefined && found.labelAccountId !== accountId) {
        mfaStep = { action: 'skip', reason: `its otp URI names account ${found.labelAccountId}, not ${accountId}` };
        found.seed.fill(0);
      } else {
        const { step, replace } = deviceStep(metadata, devices, accountId, found.deviceName, update);
        mfaStep = step;
        if (step.action === 'add' || step.action === 'update') {
          devices.push({ index: entry.index, accountId, name: found.deviceName, algorithm: found.algorithm, digits: found.digits, period: found.period, seed: found.seed, replace });
        } else found.seed.fill(0);
      }
    }
    if (vaultStep.action === 'none' && mfaStep.action === 'none') {
      vaultStep = { action: 'skip', reason: 'neither a password nor a TOTP secret' };
    }
    rows.push({ ...base, accountId, name, email, accountClass, vault: vaultStep, rotate, mfa: mfaStep, device });
  }
  return { rows, accounts, devices, needsClass };
}

export function wipePlan(plan: Pick<ImportPlan, 'accounts' | 'devices'>): void {
  for (const account of plan.accounts) account.password.fill(0);
  for (const device of plan.devices) device.seed.fill(0);
}

export interface PlanCounts {
  readonly added: number;
  readonly updated: number;
  readonly skipped: number;
  readonly rotate: number;
}

/** The counts an audit entry and the summary give for one store. */
export function countSteps(rows: readonly PreviewRow[], store: 'vault' | 'mfa'): PlanCounts {
  const steps = rows.map((r) => r[store]);
  return {
    added: steps.filter((s) => s.action === 'add').length,
    updated: steps.filter((s) => s.action === 'update').length,
    skipped: steps.filter((s) => s.action === 'skip').length,
    rotate: store === 'vault' ? rows.filter((r) => r.rotate).length : 0,
  };
}
