// The custody form's data (shares k-of-n with custodians, and/or a passphrase) and the local checks that
// run while it is typed: the same rules the app enforces, so problems show before the slow KDF runs.
// The segregation preview mirrors docs/FORMAT.md §12.4 (same-person rule, smallest coalition).

import type { StoreCustodyInput, StoreKind } from '../../../src/app/api.js';
import { parseNames } from './names.js';
import { STORE_IN_SENTENCE } from './stores.js';

export const MIN_PASSPHRASE_LENGTH = 12;
export const MIN_OVERRIDE_REASON_LENGTH = 10;
/** Shares per store without an opt-in (2 ≤ k ≤ n ≤ 16 by default) and with it (docs/FORMAT.md §12.1). */
export const MAX_SHARES = 16;
export const MAX_SHARES_OPT_IN = 255;

/** How many custodians the draft may list: 16, or 255 after "Allow more than 16 custodians". */
export function shareLimit(draft: CustodyDraft): number {
  return draft.allowLargeSet ? MAX_SHARES_OPT_IN : MAX_SHARES;
}

export interface CustodianDraft {
  readonly name: string;
  readonly role: string;
  readonly contact: string;
}

export interface CustodyDraft {
  readonly useShares: boolean;
  readonly threshold: number;
  readonly custodians: readonly CustodianDraft[];
  /** The custodians' explicit opt-in for more than 16 shares. */
  readonly allowLargeSet: boolean;
  readonly usePassphrase: boolean;
  readonly passphrase: string;
  readonly confirm: string;
  /** Comma-separated names of the people who know the passphrase (optional, for the register). */
  readonly passphraseHolders: string;
}

export function emptyCustodian(): CustodianDraft {
  return { name: '', role: '', contact: '' };
}

export function defaultDraft(): CustodyDraft {
  return {
    useShares: true,
    threshold: 2,
    custodians: [emptyCustodian(), emptyCustodian(), emptyCustodian()],
    allowLargeSet: false,
    usePassphrase: false,
    passphrase: '',
    confirm: '',
    passphraseHolders: '',
  };
}

/** Two names are the same person when equal after NFKC, trimming, single spacing and lower-casing. */
export function personKey(name: string): string {
  return name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Every name the store's register would hold: share holders, then passphrase holders. */
export function registerNames(draft: CustodyDraft): string[] {
  const holders = draft.useShares ? draft.custodians.map((c) => c.name.trim()).filter((n) => n.length > 0) : [];
  const phrase = draft.usePassphrase ? parseNames(draft.passphraseHolders) : [];
  return [...holders, ...phrase];
}

/** Names (as written in `a`) that also appear in `b`. */
export function sharedNames(a: readonly string[], b: readonly string[]): string[] {
  const other = new Set(b.map(personKey));
  const seen = new Set<string>();
  return a.filter((name) => {
    const key = personKey(name);
    if (!other.has(key) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export interface Problem {
  /** The test id / input id the problem belongs to. */
  readonly field: string;
  readonly message: string;
}

/** What is wrong with one store's custody form, each problem tied to its field (prefix-based ids). */
export function draftProblems(draft: CustodyDraft, store: StoreKind, prefix: string): Problem[] {
  const label = STORE_IN_SENTENCE[store];
  const problems: Problem[] = [];
  if (!draft.useShares && !draft.usePassphrase) {
    problems.push({ field: `${prefix}-use-shares`, message: `Choose how the ${label} is opened: custodian shares, a passphrase, or both.` });
  }
  if (draft.useShares) {
    const n = draft.custodians.length;
    if (!Number.isInteger(draft.threshold) || draft.threshold < 2 || draft.threshold > n) {
      problems.push({ field: `${prefix}-threshold`, message: `The threshold must be between 2 and the number of custodians (${n}).` });
    }
    if (n > shareLimit(draft)) {
      problems.push({
        field: `${prefix}-custodian-add`,
        message: draft.allowLargeSet
          ? `At most ${MAX_SHARES_OPT_IN} custodians per store.`
          : `More than ${MAX_SHARES} custodians needs "Allow more than ${MAX_SHARES} custodians" ticked.`,
      });
    }
    const seen = new Map<string, number>();
    draft.custodians.forEach((c, i) => {
      const name = c.name.trim();
      if (name.length === 0) {
        problems.push({ field: `${prefix}-custodian-name-${i}`, message: `Custodian ${i + 1} needs a name.` });
        return;
      }
      const key = personKey(name);
      const first = seen.get(key);
      if (first !== undefined) {
        problems.push({ field: `${prefix}-custodian-name-${i}`, message: `"${name}" is listed twice (custodians ${first + 1} and ${i + 1}): one share per person.` });
      } else seen.set(key, i);
    });
  }
  if (draft.usePassphrase) {
    if ([...draft.passphrase.normalize('NFC')].length < MIN_PASSPHRASE_LENGTH) {
      problems.push({ field: `${prefix}-passphrase`, message: `The passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters (several random words are easiest to type).` });
    } else if (draft.passphrase !== draft.confirm) {
      problems.push({ field: `${prefix}-passphrase-confirm`, message: 'The two passphrases differ: type the same passphrase twice.' });
    }
  }
  return problems;
}

/** The API input for a draft (call only when draftProblems is empty). */
export function toCustodyInput(draft: CustodyDraft): StoreCustodyInput {
  const holders = parseNames(draft.passphraseHolders).map((name) => ({ name }));
  return {
    ...(draft.usePassphrase ? { passphrase: draft.passphrase } : {}),
    ...(draft.useShares
      ? {
          shares: {
            threshold: draft.threshold,
            custodians: draft.custodians.map((c) => ({
              name: c.name.trim(),
              ...(c.role.trim() ? { role: c.role.trim() } : {}),
              ...(c.contact.trim() ? { contact: c.contact.trim() } : {}),
            })),
            ...(draft.custodians.length > MAX_SHARES && draft.allowLargeSet ? { allowLargeSet: true } : {}),
          },
        }
      : {}),
    ...(draft.usePassphrase && holders.length > 0 ? { passphraseHolders: holders } : {}),
  };
}

/** How a store is opened, for the coalition: its threshold with shares, and whether a passphrase opens it. */
export interface CustodyShape {
  readonly threshold: number | null;
  readonly hasPassphrase: boolean;
  readonly names: readonly string[];
}

export function shapeOfDraft(draft: CustodyDraft): CustodyShape {
  return { threshold: draft.useShares ? draft.threshold : null, hasPassphrase: draft.usePassphrase, names: registerNames(draft) };
}

/** The smallest number of people who together open both stores (as the app computes it). */
export function smallestCoalition(password: CustodyShape, mfa: CustodyShape): { size: number; explanation: string } | null {
  const needed = (c: CustodyShape): number => Math.min(c.threshold ?? Infinity, c.hasPassphrase ? 1 : Infinity);
  const kp = needed(password);
  const km = needed(mfa);
  if (!Number.isFinite(kp) || !Number.isFinite(km)) return null;
  const overlap = password.threshold !== null && mfa.threshold !== null ? sharedNames(password.names, mfa.names).length : 0;
  const less = Math.min(overlap, kp, km);
  const part = (k: number, c: CustodyShape, label: string): string =>
    c.threshold !== null && k === c.threshold ? `${k} ${label} custodians (shares)` : `1 ${label} passphrase holder`;
  return {
    size: kp + km - less,
    explanation: `${part(kp, password, 'password')} + ${part(km, mfa, 'MFA')}` + (less > 0 ? ` − ${less} person(s) in both groups (recorded override)` : ''),
  };
}

/** While people are named for both stores: the recorded reason they need, as a problem on its field. */
export function overrideReasonProblems(shared: readonly string[], reason: string, field: string): Problem[] {
  if (shared.length === 0 || reason.trim().length >= MIN_OVERRIDE_REASON_LENGTH) return [];
  return [
    {
      field,
      message: `${shared.join(', ')} would hold material of both stores: choose different people, or give a reason of at least ${MIN_OVERRIDE_REASON_LENGTH} characters.`,
    },
  ];
}

/** What a form submitted with problems says at the top: every problem, in order. */
export function problemsSummary(problems: readonly Problem[]): string {
  return `Fix ${problems.length === 1 ? 'this' : 'these'} first: ${problems.map((p) => p.message).join(' ')}`;
}
