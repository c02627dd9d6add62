// Impossible calendar dates (month 13, 30 February, hour 24, minute 60) in the audit log and in a store's
// public document are typed FORMAT refusals naming the line or field, never a RangeError. FORMAT.md §2.3, §10.5.

import { describe, expect, it } from 'vitest';
import { createAuditEntry, parseAuditLine, parseAuditLog, verifyAuditChain } from '../../../src/audit/audit-log.js';
import { decodeCustodyRecord } from '../../../src/stores/custody-record.js';
import { isTimestamp } from '../../../src/shared/timestamps.js';

/** A typed FORMAT error whose message matches. */
const formatError = (message: RegExp) => expect.objectContaining({ code: 'FORMAT', message: expect.stringMatching(message) });

const IMPOSSIBLE = ['2026-13-01T00:00:00Z', '2026-00-10T00:00:00Z', '2026-02-30T00:00:00Z', '2026-01-01T24:00:00Z', '2026-01-01T23:60:00Z', '2026-01-01T23:59:60Z', '2026-04-31T12:00:00Z'];

/** A valid two-line log whose second line's `at` is replaced by `at` (the chain is not the point here). */
function logWithDate(at: string): string {
  const first = createAuditEntry(undefined, { event: 'vault-set.create' }, { now: () => Date.UTC(2026, 10, 22, 10) });
  const second = createAuditEntry({ seq: 1, hash: first.hash }, { event: 'store.lock' }, { now: () => Date.UTC(2026, 10, 22, 11) });
  return first.line + second.line.replace('"at":"2026-11-22T11:00:00Z"', `"at":"${at}"`);
}

describe('impossible calendar dates', () => {
  it('are not timestamps, and asking never throws', () => {
    for (const at of IMPOSSIBLE) expect(isTimestamp(at), at).toBe(false);
    expect(isTimestamp('2028-02-29T23:59:59Z')).toBe(true);
  });

  it('in the audit log are FORMAT naming the line', () => {
    for (const at of IMPOSSIBLE) {
      const log = logWithDate(at);
      expect(() => parseAuditLog(log), at).toThrow(formatError(/^Audit log line 2 is malformed: at must be a timestamp/));
      expect(() => parseAuditLine(log.split('\n')[1] + '\n')).toThrow(formatError(/at must be a timestamp/));
      const result = verifyAuditChain(log);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.brokenAt).toMatchObject({ line: 2, reason: expect.stringMatching(/line 2 is malformed: at must be a timestamp/) });
    }
  });

  it('in a public document are FORMAT naming the custodian or override', () => {
    const custodian = { name: 'Ana Lima', role: '', contact: '', shareIndex: null, issuedAt: '2026-11-22T10:00:00Z' };
    for (const at of IMPOSSIBLE) {
      expect(() => decodeCustodyRecord({ custodians: [{ ...custodian, issuedAt: at }], overrides: [] }, 'password vault public document'), at).toThrow(
        formatError(/password vault public document custodian #1.*bad timestamp/),
      );
      expect(() =>
        decodeCustodyRecord({ custodians: [custodian], overrides: [{ at, reason: 'only two staff', custodians: ['Ana Lima'] }] }, 'MFA seed store metadata'),
      ).toThrow(formatError(/MFA seed store metadata segregation override #1.*bad time/));
    }
  });
});

describe('isTimestamp without building a string', () => {
  it('gives the verdict of formatting the parsed instant and comparing, at the edges of the calendar', () => {
    const reference = (value: string): boolean => {
      if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(value)) return false;
      const ms = Date.parse(value);
      return Number.isFinite(ms) && new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z') === value;
    };
    const values = [
      ...IMPOSSIBLE,
      '2024-02-29T00:00:00Z',
      '2023-02-29T00:00:00Z',
      '1900-02-29T00:00:00Z',
      '2000-02-29T23:59:59Z',
      '0000-01-01T00:00:00Z',
      '0099-12-31T23:59:59Z',
      '9999-12-31T23:59:59Z',
      '9999-12-31T24:00:00Z',
      '1970-01-01T00:00:00Z',
      '2026-11-22T10:00:00.000Z',
      '2026-11-22 10:00:00Z',
    ];
    for (const value of values) expect([value, isTimestamp(value)]).toEqual([value, reference(value)]);
  });
});

describe('isTimestamp read field by field', () => {
  /** The definition it replaced: shape by RegExp, the instant by Date.parse, every field read back. */
  const dateReference = (value: string): boolean => {
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/.exec(value);
    if (!m) return false;
    const ms = Date.parse(value);
    if (!Number.isFinite(ms)) return false;
    const d = new Date(ms);
    return (
      d.getUTCFullYear() === Number(m[1]) &&
      d.getUTCMonth() + 1 === Number(m[2]) &&
      d.getUTCDate() === Number(m[3]) &&
      d.getUTCHours() === Number(m[4]) &&
      d.getUTCMinutes() === Number(m[5]) &&
      d.getUTCSeconds() === Number(m[6])
    );
  };
  const pad = (n: number, width: number) => String(n).padStart(width, '0');

  it('agrees with Date on every month 00–13, day 00–32 and the edge times of leap, century and odd years', () => {
    const years = [0, 1, 4, 99, 100, 400, 1582, 1900, 1970, 1999, 2000, 2023, 2024, 2026, 2100, 2400, 9996, 9999];
    const times = ['00:00:00', '23:59:59', '24:00:00', '23:60:00', '23:59:60', '12:30:45', '99:99:99'];
    let checked = 0;
    const disagreements: string[] = [];
    for (const year of years) {
      for (let month = 0; month <= 13; month++) {
        for (let day = 0; day <= 32; day++) {
          for (const time of times) {
            const value = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${time}Z`;
            if (isTimestamp(value) !== dateReference(value)) disagreements.push(value);
            checked++;
          }
        }
      }
    }
    expect(disagreements).toEqual([]);
    expect(checked).toBe(years.length * 14 * 33 * times.length);
  });

  it('agrees with Date on misshapen text: other separators, signs, spaces, non-ASCII digits, extra characters', () => {
    const good = '2026-11-22T10:00:00Z';
    const replacements = ['', ' ', '+', '-', 'a', 'z', 't', '/', '.', '٣', '１', '\n', '0', '9'];
    for (let at = 0; at <= good.length; at++) {
      for (const r of replacements) {
        for (const value of [good.slice(0, at) + r + good.slice(at + 1), good.slice(0, at) + r + good.slice(at)]) {
          expect([value, isTimestamp(value)]).toEqual([value, dateReference(value)]);
        }
      }
    }
    for (const value of [good + '\n', ' ' + good, '+002026-11-22T10:00:00Z', '2026-11-22T10:00Z', '']) {
      expect([value, isTimestamp(value)]).toEqual([value, dateReference(value)]);
    }
    for (const value of [undefined, null, 20261122, new Date(), { toString: () => good }]) expect(isTimestamp(value)).toBe(false);
  });
});
