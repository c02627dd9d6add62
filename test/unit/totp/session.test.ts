import { describe, expect, it, vi } from 'vitest';
import { BreakglassError } from '../../../src/errors.js';
import { totpCodes } from '../../../src/totp/codes.js';
import {
  checkSessionDuration,
  TotpSession,
  TotpSessionSlot,
  type TotpSessionDevice,
  type TotpSessionOptions,
} from '../../../src/totp/session.js';
import { seededRng, TestClock } from '../../support/ports.js';

const device: TotpSessionDevice = { accountId: '123456789012', name: 'root-mfa-1', algorithm: 'SHA1', digits: 6, period: 30 };
const START = Date.UTC(2026, 10, 22, 8, 0, 10);

function setup(options: Partial<TotpSessionOptions> = {}) {
  const clock = new TestClock(START);
  const seed = seededRng('session').bytes(20);
  const original = seed.slice();
  const session = new TotpSession({ seed, device, clock, ...options });
  return { clock, seed, original, session };
}

function sessionError(f: () => unknown): BreakglassError {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(BreakglassError);
    expect((error as BreakglassError).code).toBe('SESSION');
    return error as BreakglassError;
  }
  return expect.unreachable('no SESSION error');
}

describe('session', () => {
  describe('TotpSession', () => {
    it('gives the three codes, seconds left and time to expiry when it is active', () => {
      const { session, original, clock } = setup();
      const codes = session.codes();
      expect(codes).toEqual({ ...totpCodes(original, device, START), expiresInSeconds: 300 });
      expect(codes.secondsLeft).toBe(20);
      clock.advance(100.5);
      expect(session.codes().expiresInSeconds).toBe(200);
      expect(session.codes().current).toBe(totpCodes(original, device, START + 100_500).current);
      expect(session.isActive()).toBe(true);
      expect(session.expiresAtMs).toBe(START + 300_000);
    });

    it('shifts the codes but not the expiry when an offset is set', () => {
      const { session, original } = setup({ offsetSeconds: -120 });
      expect(session.codes().current).toBe(totpCodes(original, device, START - 120_000).current);
      session.setOffset(90);
      expect(session.offsetSeconds).toBe(90);
      const codes = session.codes();
      expect(codes.utc).toBe('2026-11-22T08:01:40Z');
      expect(codes.current).toBe(totpCodes(original, device, START + 90_000).current);
      expect(codes.expiresInSeconds).toBe(300);
      expect(() => session.setOffset(43_201)).toThrow(RangeError);
      expect(() => session.setOffset(0.5)).toThrow(/seconds must be an integer/);
    });

    it('ends itself with reason expired when the clock passes its duration', () => {
      const { session, clock } = setup({ durationSeconds: 60 });
      const ended = vi.fn();
      session.onEnd(ended);
      clock.advance(59.999);
      expect(session.codes().expiresInSeconds).toBe(1);
      clock.advance(0.001);
      expect(session.isActive()).toBe(false);
      expect(ended).toHaveBeenCalledTimes(1);
      expect(ended).toHaveBeenCalledWith({
        accountId: '123456789012',
        device: 'root-mfa-1',
        startedAt: '2026-11-22T08:00:10Z',
        endedAt: '2026-11-22T08:01:10Z',
        reason: 'expired',
        offsetSeconds: 0,
      });
      expect(session.summary?.reason).toBe('expired');
    });

    it('throws SESSION "the login session has ended" when codes are asked for after expiry', () => {
      const { session, clock } = setup();
      clock.advance(300);
      const error = sessionError(() => session.codes());
      expect(error.message).toMatch(/^The login session has ended \(its time ran out\).*start a new login session for account 123456789012/);
      expect(session.summary?.reason).toBe('expired');
    });

    it('returns the summary and refuses codes and offsets when it was ended', () => {
      const { session, clock } = setup({ offsetSeconds: 60 });
      clock.advance(42);
      const summary = session.end();
      expect(summary).toEqual({
        accountId: '123456789012',
        device: 'root-mfa-1',
        startedAt: '2026-11-22T08:00:10Z',
        endedAt: '2026-11-22T08:00:52Z',
        reason: 'ended',
        offsetSeconds: 60,
      });
      expect(session.isActive()).toBe(false);
      expect(sessionError(() => session.codes()).message).toMatch(/has ended \(it was ended\)/);
      sessionError(() => session.setOffset(0));
    });

    it('keeps the first summary and notifies once when end is called again', () => {
      const { session, clock } = setup();
      const ended = vi.fn();
      const unsubscribed = vi.fn();
      session.onEnd(ended);
      session.onEnd(unsubscribed)();
      const first = session.end('locked');
      clock.advance(10);
      expect(session.end('replaced')).toBe(first);
      expect(session.end()).toEqual(expect.objectContaining({ reason: 'locked' }));
      expect(ended).toHaveBeenCalledTimes(1);
      expect(unsubscribed).not.toHaveBeenCalled();
      const late = vi.fn();
      session.onEnd(late);
      expect(late).toHaveBeenCalledWith(first);
    });

    it('runs every listener and rethrows the first failure when a listener throws', () => {
      const { session, seed } = setup();
      const second = vi.fn();
      session.onEnd(() => {
        throw new Error('audit disk full');
      });
      session.onEnd(second);
      expect(() => session.end()).toThrow('audit disk full');
      expect(second).toHaveBeenCalledTimes(1);
      expect(seed.every((b) => b === 0)).toBe(true);
      expect(session.isActive()).toBe(false);
    });

    it('records startedAt from the option and the offset at the end when they are given', () => {
      const { session, clock } = setup({ startedAtMs: START - 30_000, durationSeconds: 30 });
      expect(session.isActive()).toBe(false);
      expect(session.summary).toMatchObject({ startedAt: '2026-11-22T07:59:40Z', endedAt: '2026-11-22T08:00:10Z', reason: 'expired' });
      expect(clock.now()).toBe(START);
    });

    it('accepts durations from 30 to 900 seconds and defaults to 300', () => {
      expect(setup({ durationSeconds: 30 }).session.expiresAtMs).toBe(START + 30_000);
      expect(setup({ durationSeconds: 900 }).session.expiresAtMs).toBe(START + 900_000);
      expect(checkSessionDuration('600')).toBe(600);
    });

    it('refuses durations outside 30–900 seconds with VALIDATION on the duration field', () => {
      for (const bad of [29, 901, 0, -300, 300.5, Number.NaN, '5m', '', null]) {
        try {
          checkSessionDuration(bad);
          expect.unreachable(String(bad));
        } catch (error) {
          expect(error).toBeInstanceOf(BreakglassError);
          expect((error as BreakglassError).code).toBe('VALIDATION');
          expect((error as BreakglassError).field).toBe('duration');
          expect((error as BreakglassError).message).toMatch(/at most 15 minutes \(900 seconds\) and at least 30 seconds/);
        }
      }
      expect(() => setup({ durationSeconds: 901 })).toThrow(/session length 901/);
    });

    it('throws TypeError or RangeError naming the option when the device, seed, clock, start or reason is wrong', () => {
      const clock = new TestClock(START);
      const make = (options: Partial<TotpSessionOptions>) => () =>
        new TotpSession({ seed: new Uint8Array(20).fill(1), device, clock, ...options } as TotpSessionOptions);
      expect(make({ seed: new Uint8Array(10) })).toThrow(/options.seed must be 16–128 bytes/);
      expect(make({ seed: 'JBSWY3DP' as unknown as Uint8Array })).toThrow(TypeError);
      expect(make({ clock: undefined as unknown as TestClock })).toThrow(/options.clock/);
      expect(make({ device: { ...device, accountId: '42' } })).toThrow(/options.device.accountId/);
      expect(make({ device: { ...device, name: '' } })).toThrow(/options.device.name/);
      expect(make({ device: { ...device, period: 5 } })).toThrow(/options.device.period/);
      expect(make({ startedAtMs: Number.POSITIVE_INFINITY })).toThrow(/options.startedAtMs/);
      expect(make({ offsetSeconds: 50_000 })).toThrow(/options.offsetSeconds/);
      expect(() => new TotpSession(undefined as unknown as TotpSessionOptions)).toThrow(TypeError);
      const { session } = setup();
      expect(() => session.end('aborted' as 'ended')).toThrow(/reason must be one of ended, expired, locked, replaced/);
      expect(() => session.onEnd('log' as unknown as () => void)).toThrow(TypeError);
      expect(session.isActive()).toBe(true);
    });
  });

  describe('TotpSessionSlot', () => {
    const newSession = (clock: TestClock, seed: Uint8Array, name = 'root-mfa-1') =>
      new TotpSession({ seed, device: { ...device, name }, clock });

    it('ends the running session with reason replaced before the next seed is decrypted', () => {
      const clock = new TestClock(START);
      const slot = new TotpSessionSlot();
      const firstSeed = new Uint8Array(20).fill(1);
      const first = slot.start(() => newSession(clock, firstSeed));
      const ended = vi.fn();
      first.onEnd(ended);
      expect(slot.current).toBe(first);
      const second = slot.start(() => {
        // The factory is where the next seed is decrypted: by then the first is already wiped.
        expect(first.isActive()).toBe(false);
        expect(firstSeed.every((b) => b === 0)).toBe(true);
        return newSession(clock, new Uint8Array(20).fill(2), 'root-mfa-2');
      });
      expect(ended).toHaveBeenCalledWith(expect.objectContaining({ reason: 'replaced', device: 'root-mfa-1' }));
      expect(slot.current).toBe(second);
      expect(second.isActive()).toBe(true);
    });

    it('holds no session when the running one expired or was ended', () => {
      const clock = new TestClock(START);
      const slot = new TotpSessionSlot();
      expect(slot.current).toBeUndefined();
      expect(slot.end()).toBeUndefined();
      const session = slot.start(() => newSession(clock, new Uint8Array(20).fill(3)));
      clock.advance(300);
      expect(slot.current).toBeUndefined();
      expect(session.summary?.reason).toBe('expired');
      const next = slot.start(() => newSession(clock, new Uint8Array(20).fill(4)));
      expect(slot.end('locked')).toEqual(expect.objectContaining({ reason: 'locked' }));
      expect(next.isActive()).toBe(false);
      expect(slot.current).toBeUndefined();
    });

    it('returns the first summary when the held session had already ended by itself', () => {
      const clock = new TestClock(START);
      const slot = new TotpSessionSlot();
      slot.start(() => newSession(clock, new Uint8Array(20).fill(5)));
      clock.advance(301);
      expect(slot.end('locked')).toEqual(expect.objectContaining({ reason: 'expired' }));
    });

    it('stays empty and refuses nested starts when the factory fails or starts another session', () => {
      const clock = new TestClock(START);
      const slot = new TotpSessionSlot();
      const first = slot.start(() => newSession(clock, new Uint8Array(20).fill(6)));
      expect(() =>
        slot.start(() => {
          throw new BreakglassError('AUTH', 'wrong passphrase');
        }),
      ).toThrow('wrong passphrase');
      expect(first.summary?.reason).toBe('replaced');
      expect(slot.current).toBeUndefined();
      const nested = () => slot.start(() => slot.start(() => newSession(clock, new Uint8Array(20).fill(7))));
      expect(sessionError(nested).message).toMatch(/already being started/);
      expect(() => slot.start(() => ({}) as TotpSession)).toThrow(/factory must return a TotpSession/);
      expect(() => slot.start('x' as unknown as () => TotpSession)).toThrow(TypeError);
      expect(slot.start(() => newSession(clock, new Uint8Array(20).fill(8))).isActive()).toBe(true);
    });
  });
});
