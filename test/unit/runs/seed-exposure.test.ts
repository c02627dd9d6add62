// An MFA seed exposed beyond a login session (FORMAT.md §15.2, §15.3, §15.5): the record decodes old runs
// (no seedsExposed) and new ones strictly, check-in names only virtual devices of the run's accounts, and the
// 'seed-exposed' reminder stays due until a new virtual device of that account is enrolled after the close.

import { describe, expect, it } from 'vitest';
import {
  closeRun,
  decodeRunsRecord,
  EMPTY_RUNS_RECORD,
  encodeRunsRecord,
  reminders,
  resolveSeedsExposed,
  startRun,
  type RunsRecord,
  type SeedDevice,
} from '../../../src/runs/index.js';
import { TestClock } from '../../support/ports.js';

const KEPT = [
  { accountId: '111111111111', accountClass: 'management' },
  { accountId: '222222222222', accountClass: 'excluded' },
];
const NO_COPIES = { drives: [], paperGeneration: null };
const DEVICES: SeedDevice[] = [
  { accountId: '111111111111', name: 'root-mfa-1', type: 'virtual' },
  { accountId: '222222222222', name: 'phone-a', type: 'virtual' },
  { accountId: '222222222222', name: 'phone-b', type: 'virtual' },
  { accountId: '222222222222', name: 'yubikey', type: 'security-key' },
  { accountId: '444444444444', name: 'other', type: 'virtual' },
];
const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const json = (record: RunsRecord) => JSON.parse(new TextDecoder().decode(encodeRunsRecord(record))) as { runs: Record<string, unknown>[] } & Record<string, unknown>;

function started(clock: TestClock): RunsRecord {
  return startRun(EMPTY_RUNS_RECORD, { accounts: ['111111111111', '222222222222'], task: 'support-plan', reason: 'Downgrade', custodians: ['Alice'] }, KEPT, clock).record;
}

function closedWith(clock: TestClock, seeds: { accountId: string; device?: string }[]): RunsRecord {
  const record = started(clock);
  clock.advance(600);
  const seedsExposed = resolveSeedsExposed(record.runs[0]!, seeds, DEVICES);
  return closeRun(record, 1, { outcome: 'done', rotate: true, custodians: ['Alice'], seedsExposed }, [], clock).record;
}

describe('runs/seed-exposure: the record', () => {
  it('reads a run written before seedsExposed existed as no seed exposed, and writes the field from then on', () => {
    const clock = new TestClock();
    const closed = closedWith(clock, []);
    const old = json(closed);
    delete old.runs[0]!.seedsExposed;
    expect(JSON.stringify(old)).not.toContain('seedsExposed');
    const decoded = decodeRunsRecord(bytes(old));
    expect(decoded.runs[0]!.seedsExposed).toEqual([]);
    expect(new TextDecoder().decode(encodeRunsRecord(decoded))).toContain('"seedsExposed":[]');
  });

  it('round-trips exposed seeds and refuses malformed ones', () => {
    const clock = new TestClock();
    const closed = closedWith(clock, [{ accountId: '111111111111' }, { accountId: '222222222222', device: 'phone-b' }]);
    expect(closed.runs[0]!.seedsExposed).toEqual([
      { accountId: '111111111111', device: 'root-mfa-1' },
      { accountId: '222222222222', device: 'phone-b' },
    ]);
    expect(decodeRunsRecord(encodeRunsRecord(closed))).toEqual(closed);
    const good = json(closed);
    const withSeeds = (seedsExposed: unknown, extra: Record<string, unknown> = {}) => bytes({ ...good, runs: [{ ...good.runs[0], ...extra, seedsExposed }] });
    expect(() => decodeRunsRecord(withSeeds('111111111111'))).toThrow(/not a list/);
    expect(() => decodeRunsRecord(withSeeds([{ accountId: '111111111111' }]))).toThrow(/missing "device"/);
    expect(() => decodeRunsRecord(withSeeds([{ accountId: '1111', device: 'x' }]))).toThrow(/12-digit account id/);
    expect(() => decodeRunsRecord(withSeeds([{ accountId: '333333333333', device: 'x' }]))).toThrow(/not in the run/);
    expect(() => decodeRunsRecord(withSeeds([{ accountId: '111111111111', device: 'x' }], { closedAt: null, outcome: null }))).toThrow(/in an open run/);
  });
});

describe('runs/seed-exposure: check-in', () => {
  const run = started(new TestClock()).runs[0]!;

  it('takes the single virtual device of an account, or the one named, each once', () => {
    expect(resolveSeedsExposed(run, [{ accountId: ' 111111111111 ' }, { accountId: '111111111111', device: 'root-mfa-1' }], DEVICES)).toEqual([{ accountId: '111111111111', device: 'root-mfa-1' }]);
    expect(resolveSeedsExposed(run, [{ accountId: '222222222222', device: 'phone-a' }], DEVICES)).toEqual([{ accountId: '222222222222', device: 'phone-a' }]);
    expect(resolveSeedsExposed(run, [], DEVICES)).toEqual([]);
  });

  it('refuses an account not in the run, a missing or ambiguous device, and a device without a seed', () => {
    const refusal = (seeds: { accountId: string; device?: string }[], devices = DEVICES) => {
      try {
        resolveSeedsExposed(run, seeds, devices);
      } catch (error) {
        return error as { code: string; message: string };
      }
      throw new Error('accepted');
    };
    expect(refusal([{ accountId: '444444444444' }])).toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/^Account "444444444444" is not in run 1 \(its accounts: 111111111111, 222222222222\)/) });
    expect(refusal([{ accountId: '222222222222' }]).message).toMatch(/has 2 virtual MFA devices \(phone-a, phone-b\): name the one/);
    expect(refusal([{ accountId: '222222222222', device: 'phone-c' }]).message).toMatch(/no MFA device named "phone-c".*its virtual devices: phone-a, phone-b/);
    expect(refusal([{ accountId: '222222222222', device: 'yubikey' }]).message).toMatch(/yubikey of account 222222222222 is a security-key device: it has no seed kept here/);
    expect(refusal([{ accountId: '111111111111' }], []).message).toMatch(/has no virtual MFA device in the MFA seed store/);
    expect(refusal([{ accountId: '111111111111', device: 'root-mfa-1' }], []).message).toMatch(/no MFA device named "root-mfa-1".*it has no virtual device/);
  });
});

/** The due reminders (an undecided "run required" setting is a notice, not due). */
const due = (...args: Parameters<typeof reminders>) => reminders(...args).filter((r) => r.due);

describe('runs/seed-exposure: the reminder', () => {
  it('is due after the close until a new virtual device of that account is enrolled at or after it', () => {
    const clock = new TestClock();
    const record = closedWith(clock, [{ accountId: '222222222222', device: 'phone-a' }]);
    const closedAt = record.runs[0]!.closedAt!;
    const found = due(record, clock, NO_COPIES, []);
    expect(found).toEqual([
      {
        kind: 'seed-exposed',
        due: true,
        run: 1,
        accountId: '222222222222',
        device: 'phone-a',
        text: 'The MFA seed of 222222222222 (phone-a) was exposed in run 1: re-enroll it (new virtual MFA device in AWS, enroll here, remove the old one).',
      },
    ]);
    // An enrollment before the close, or of another account, does not re-enroll it.
    expect(due(record, clock, NO_COPIES, [{ accountId: '222222222222', device: 'phone-c', at: '2026-11-22T08:00:00Z' }])).toHaveLength(1);
    expect(due(record, clock, NO_COPIES, [{ accountId: '111111111111', device: 'root-mfa-2', at: closedAt }])).toHaveLength(1);
    expect(due(record, clock, NO_COPIES, [{ accountId: '222222222222', device: 'phone-c', at: closedAt }])).toEqual([]);
  });

  it('is not raised by a run closed without an exposed seed', () => {
    const clock = new TestClock();
    expect(due(closedWith(clock, []), clock, NO_COPIES, [])).toEqual([]);
  });
});
