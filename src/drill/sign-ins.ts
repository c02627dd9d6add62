// The drill's optional attested manual step: live AWS sign-ins the custodians made with the app during the
// drill (account, time, ok or failed). The app does not see them happen; the lead and the witness attest
// them. Each account must be one of the password vault's, as the drill opened it. FORMAT.md §16.2, §16.3.

import { BreakglassError } from '../errors.js';

export type SignInOutcome = 'ok' | 'failed';

/** As entered: the account, the outcome and, optionally, the time (HH:MM, UTC) of the sign-in. */
export interface SignInInput {
  readonly accountId: string;
  readonly outcome: SignInOutcome;
  readonly at?: string;
}

/** As recorded in the report: the time resolved to a timestamp on the drill's day. */
export interface DrillSignIn {
  readonly accountId: string;
  readonly at: string;
  readonly outcome: SignInOutcome;
}

const ACCOUNT_ID = /^\d{12}$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
export const MAX_SIGN_INS = 100;

function refuse(message: string): never {
  throw new BreakglassError('VALIDATION', `${message} Nothing was checked.`, { field: 'signIns' });
}

/** The sign-ins of a drill input, checked for form (the accounts are checked against the opened vault). */
export function checkSignIns(value: unknown): SignInInput[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) refuse('The live sign-ins must be a list.');
  if (value.length > MAX_SIGN_INS) refuse(`At most ${MAX_SIGN_INS} live sign-ins can be recorded in one drill.`);
  return value.map((item: { accountId?: unknown; outcome?: unknown; at?: unknown } | null, i): SignInInput => {
    const n = i + 1;
    if (typeof item !== 'object' || item === null) refuse(`Live sign-in ${n} must name an account and an outcome.`);
    if (typeof item.accountId !== 'string' || !ACCOUNT_ID.test(item.accountId)) {
      refuse(`Live sign-in ${n}: the account must be a 12-digit AWS account id, not ${JSON.stringify(item.accountId ?? '')}.`);
    }
    if (item.outcome !== 'ok' && item.outcome !== 'failed') refuse(`Live sign-in ${n} (account ${item.accountId}): say whether it worked (ok) or failed.`);
    if (item.at !== undefined && (typeof item.at !== 'string' || !TIME.test(item.at))) {
      refuse(`Live sign-in ${n} (account ${item.accountId}): the time must be HH:MM (00:00 to 23:59, UTC), not ${JSON.stringify(item.at)}.`);
    }
    return { accountId: item.accountId, outcome: item.outcome, ...(item.at !== undefined ? { at: item.at as string } : {}) };
  });
}

/** The first sign-in whose account the vault does not hold, as an error naming it; nothing when all are known. */
export function unknownSignInAccount(signIns: readonly SignInInput[], accounts: ReadonlyMap<string, string>): BreakglassError | undefined {
  const unknown = signIns.find((s) => !accounts.has(s.accountId));
  if (!unknown) return undefined;
  return new BreakglassError(
    'VALIDATION',
    `Account ${unknown.accountId} is not in this vault set's password vault: a live sign-in can be recorded only for one of its accounts. ` +
      'Check the account id; the drill was stopped and only its aborted entry was recorded.',
    { field: 'signIns', action: { kind: 'list-accounts' } },
  );
}

/** `HH:MM` on the day of `now` (a timestamp), or `now` itself when no time was given. */
export function signInTime(at: string | undefined, now: string): string {
  return at === undefined ? now : `${now.slice(0, 10)}T${at}:00Z`;
}

/**
 * The step's lines and exceptions: one line per sign-in (account, time, outcome), a `sign-in-failed`
 * exception per failed one. `accounts` is the opened vault's (id → name), undefined when it did not open.
 */
export function recordSignIns(
  signIns: readonly SignInInput[],
  accounts: ReadonlyMap<string, string> | undefined,
  now: string,
  step: { line(text: string): void; exception(kind: string, message: string): void; manual(): void },
): DrillSignIn[] {
  step.manual();
  if (!accounts) step.line('The password vault was not opened, so the accounts below could not be confirmed as its own.');
  return signIns.map((s) => {
    const at = signInTime(s.at, now);
    const name = accounts?.get(s.accountId);
    const account = `${s.accountId}${name ? ` (${name})` : ''}`;
    const when = `${at.slice(0, 10)} ${at.slice(11, 16)} UTC`;
    if (s.outcome === 'ok') step.line(`Account ${account}, ${when}: signed in as root with the app — ok.`);
    else {
      step.exception(
        'sign-in-failed',
        `The live sign-in to ${account} failed (${when}): find out why (the root password, the MFA code, the account's state) and sign in again; until then this account's break-glass path is not proven.`,
      );
    }
    return { accountId: s.accountId, at, outcome: s.outcome };
  });
}
