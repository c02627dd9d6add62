// The break-glass rules without files: start, the run a reveal belongs to, rotation, close, the clock check,
// temporary roots and reminders (FORMAT.md §15.3–§15.5), and the record's strict decoding (§15.2).

import { describe, expect, it } from 'vitest';
import {
  addTempRoot,
  closeRun,
  closeTempRoot,
  decodeRunsRecord,
  EMPTY_RUNS_RECORD,
  encodeRunsRecord,
  recordRotation,
  reminders,
  runForUse,
  runState,
  setRunRequirement,
  startRun,
  type RunsRecord,
} from '../../../src/runs/index.js';
import { TestClock } from '../../support/ports.js';

const KEPT = [{ accountId: '111111111111', accountClass: 'management' }];
const NO_COPIES = { drives: [], paperGeneration: null };

function started(clock = new TestClock()): RunsRecord {
  return startRun(EMPTY_RUNS_RECORD, { accounts: ['111111111111'], task: 'support-plan', reason: 'Downgrade', custodians: ['Alice'] }, KEPT, clock).record;
}

describe('runs/run-rules', () => {
  it('numbers runs, trims the reason and round-trips the record exactly', () => {
    const clock = new TestClock();
    const record = started(clock);
    expect(record.runs[0]).toMatchObject({ number: 1, reason: 'Downgrade', ticket: null, closedAt: null, startedAt: '2026-11-22T08:00:00Z' });
    expect(decodeRunsRecord(encodeRunsRecord(record))).toEqual(record);
  });

  it('refuses a record with an unknown key, an unknown task or runs out of order', () => {
    const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
    const good = JSON.parse(new TextDecoder().decode(encodeRunsRecord(started()))) as Record<string, unknown>;
    expect(() => decodeRunsRecord(bytes({ ...good, extra: 1 }))).toThrow(/FORMAT|does not match|unexpected/);
    const runs = good.runs as Record<string, unknown>[];
    expect(() => decodeRunsRecord(bytes({ ...good, runs: [{ ...runs[0], task: 'dance' }] }))).toThrow(/unknown task/);
    expect(() => decodeRunsRecord(bytes({ ...good, runs: [{ ...runs[0], number: 2 }] }))).toThrow(/numbered 1, 2, 3/);
  });

  it('gives a reveal the single open run, refuses without one only when runs are required', () => {
    const open = started();
    expect(runForUse(open, '111111111111', undefined)).toBe(1);
    expect(runForUse(EMPTY_RUNS_RECORD, '111111111111', undefined)).toBeUndefined();
    expect(() => runForUse(setRunRequirement(EMPTY_RUNS_RECORD, true), '111111111111', undefined)).toThrow(expect.objectContaining({ code: 'RUN_REQUIRED' }));
    expect(() => runForUse(open, '222222222222', 1)).toThrow(/not for account 222222222222/);
  });

  it('closes only with every exposed password rotated, once, and never before the run started', () => {
    const clock = new TestClock();
    let record = started(clock);
    expect(() => closeRun(record, 1, { outcome: 'done', rotate: true, custodians: [] }, ['111111111111'], clock)).toThrow(/not rotated yet/);
    clock.advance(60);
    record = recordRotation(record, 1, '111111111111', 5, clock);
    const closed = closeRun(record, 1, { outcome: 'done', rotate: true, custodians: ['Alice'] }, ['111111111111'], clock).record;
    expect(() => closeRun(closed, 1, { outcome: 'again', rotate: false, custodians: [] }, [], clock)).toThrow(/already closed/);
    expect(runState(closed.runs[0]!, { drives: [{ name: 'PW-A', generation: 4 }], paperGeneration: null })).toBe('closed-copies-stale');
    expect(runState(closed.runs[0]!, { drives: [{ name: 'PW-A', generation: 5 }], paperGeneration: 5 })).toBe('closed');
    const back = new TestClock(clock.ms - 3_600_000);
    expect(() => startRun(closed, { accounts: ['111111111111'], task: 'other', reason: 'x', custodians: ['A'] }, KEPT, back)).toThrow(/clock went backwards/);
  });

  it('reminds of an old open run, an unrotated exposure and an expired temporary root', () => {
    const clock = new TestClock();
    let record = startRun(setRunRequirement(EMPTY_RUNS_RECORD, true), { accounts: [], members: ['333333333333'], task: 'close-account', fullRoot: true, reason: 'Close', custodians: ['A'] }, KEPT, clock).record;
    record = addTempRoot(record, { accountId: '333333333333', run: 1 }, clock).record;
    expect(reminders(record, clock, NO_COPIES, [])).toEqual([]);
    clock.advance(25 * 3600);
    expect(reminders(record, clock, NO_COPIES, []).map((r) => r.kind).sort()).toEqual(['open-run', 'temp-root-expired']);
    expect(() => closeTempRoot(record, 1, false, clock)).toThrow(/only once its credentials are deleted again/);
    record = closeTempRoot(record, 1, true, clock).record;
    record = closeRun(record, 1, { outcome: 'done', rotate: false, custodians: [] }, ['111111111111'], clock).record;
    expect(reminders(record, clock, NO_COPIES, []).map((r) => r.kind)).toEqual(['exposed-password']);
  });
});
