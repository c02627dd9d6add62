// The drill's live sign-ins as the API takes them: form checked up front (account id, outcome, HH:MM), the
// accounts checked against the opened vault, each recorded with its time; a failed one an exception. FORMAT.md §16.2.

import { describe, expect, it } from 'vitest';
import { BreakglassError } from '../../../src/errors.js';
import { checkSignIns, recordSignIns, signInTime, unknownSignInAccount } from '../../../src/drill/sign-ins.js';

function refusal(value: unknown): string {
  try {
    checkSignIns(value);
  } catch (error) {
    expect(error).toBeInstanceOf(BreakglassError);
    expect((error as BreakglassError).code).toBe('VALIDATION');
    expect((error as BreakglassError).field).toBe('signIns');
    return (error as BreakglassError).message;
  }
  throw new Error(`accepted ${JSON.stringify(value)}`);
}

describe('live sign-ins of a drill', () => {
  it('takes none, or well-formed ones with and without a time', () => {
    expect(checkSignIns(undefined)).toEqual([]);
    expect(checkSignIns([{ accountId: '012345678901', outcome: 'ok', at: '09:05' }, { accountId: '123456789012', outcome: 'failed' }])).toEqual([
      { accountId: '012345678901', outcome: 'ok', at: '09:05' },
      { accountId: '123456789012', outcome: 'failed' },
    ]);
  });

  it('names what is wrong with each bad one, and says nothing was checked', () => {
    expect(refusal('123456789012=ok')).toBe('The live sign-ins must be a list. Nothing was checked.');
    expect(refusal([null])).toBe('Live sign-in 1 must name an account and an outcome. Nothing was checked.');
    expect(refusal([{ accountId: '12345', outcome: 'ok' }])).toBe('Live sign-in 1: the account must be a 12-digit AWS account id, not "12345". Nothing was checked.');
    expect(refusal([{ accountId: 123456789012, outcome: 'ok' }])).toMatch(/the account must be a 12-digit AWS account id, not 123456789012/);
    expect(refusal([{ accountId: '123456789012', outcome: 'ok' }, { accountId: '123456789012', outcome: 'yes' }])).toBe(
      'Live sign-in 2 (account 123456789012): say whether it worked (ok) or failed. Nothing was checked.',
    );
    for (const at of ['24:00', '9:05', '10:60', '10:05:00', '']) {
      expect(refusal([{ accountId: '123456789012', outcome: 'ok', at }])).toBe(
        `Live sign-in 1 (account 123456789012): the time must be HH:MM (00:00 to 23:59, UTC), not ${JSON.stringify(at)}. Nothing was checked.`,
      );
    }
    expect(refusal(Array.from({ length: 101 }, () => ({ accountId: '123456789012', outcome: 'ok' })))).toMatch(/At most 100 live sign-ins/);
  });

  it('names the first account the vault does not hold', () => {
    const accounts = new Map([['123456789012', 'Prod']]);
    expect(unknownSignInAccount([{ accountId: '123456789012', outcome: 'ok' }], accounts)).toBeUndefined();
    const error = unknownSignInAccount([{ accountId: '123456789012', outcome: 'ok' }, { accountId: '999999999999', outcome: 'failed' }], accounts);
    expect(error?.message).toMatch(/^Account 999999999999 is not in this vault set's password vault/);
    expect(error?.action).toEqual({ kind: 'list-accounts' });
  });

  it('records each on the drill day, a failed one as an exception; an unopened vault is said', () => {
    expect(signInTime('07:30', '2026-12-02T10:00:00Z')).toBe('2026-12-02T07:30:00Z');
    expect(signInTime(undefined, '2026-12-02T10:00:00Z')).toBe('2026-12-02T10:00:00Z');
    const lines: string[] = [];
    const exceptions: [string, string][] = [];
    let manual = false;
    const step = { line: (t: string) => lines.push(t), exception: (k: string, m: string) => exceptions.push([k, m]), manual: () => (manual = true) };
    const recorded = recordSignIns([{ accountId: '123456789012', outcome: 'ok', at: '09:05' }, { accountId: '123456789012', outcome: 'failed' }], undefined, '2026-12-02T10:00:00Z', step);
    expect(manual).toBe(true);
    expect(lines).toEqual([
      'The password vault was not opened, so the accounts below could not be confirmed as its own.',
      'Account 123456789012, 2026-12-02 09:05 UTC: signed in as root with the app — ok.',
    ]);
    expect(exceptions).toEqual([['sign-in-failed', expect.stringMatching(/^The live sign-in to 123456789012 failed \(2026-12-02 10:00 UTC\): find out why/)]]);
    expect(recorded).toEqual([
      { accountId: '123456789012', at: '2026-12-02T09:05:00Z', outcome: 'ok' },
      { accountId: '123456789012', at: '2026-12-02T10:00:00Z', outcome: 'failed' },
    ]);
  });
});
