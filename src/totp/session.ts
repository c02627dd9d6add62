// A TOTP login session: exactly one decrypted seed, for one account's device, for a few minutes; then the
// seed is zeroed. TotpSessionSlot keeps at most one such session (one seed) alive at a time. Spec: docs/FORMAT.md §11.4.

import { BreakglassError } from '../errors.js';
import type { Clock } from '../shared/determinism.js';
import { formatTimestamp } from '../shared/timestamps.js';
import { checkOffsetSeconds } from './clock-offset.js';
import { checkSeed, checkTotpParams, totpCodes, type TotpCodes, type TotpParams } from './codes.js';

export const DEFAULT_SESSION_SECONDS = 300;
export const MIN_SESSION_SECONDS = 30;
export const MAX_SESSION_SECONDS = 900;
/**
 * The session length as the custodian chooses it, in every front end (app, CLI, README): whole minutes,
 * 1 to 15, default 5. The API carries seconds (`durationSeconds`, 30–900).
 */
export const SESSION_LENGTH_MINUTES = { least: 1, standard: DEFAULT_SESSION_SECONDS / 60, most: MAX_SESSION_SECONDS / 60 } as const;

export type TotpSessionEndReason = 'ended' | 'expired' | 'locked' | 'replaced';
export const TOTP_SESSION_END_REASONS: readonly TotpSessionEndReason[] = ['ended', 'expired', 'locked', 'replaced'];

/** The device a session gives codes for (from the seed store's metadata). */
export interface TotpSessionDevice extends TotpParams {
  readonly accountId: string;
  /** The MFA device's name, as in the seed store. */
  readonly name: string;
}

export interface TotpSessionOptions {
  /** The decrypted seed. The session takes ownership: it is zeroed when the session ends (or the constructor throws). */
  readonly seed: Uint8Array;
  readonly device: TotpSessionDevice;
  readonly clock: Clock;
  /** Default: clock.now(). */
  readonly startedAtMs?: number;
  /** 30–900 whole seconds; default 300. */
  readonly durationSeconds?: number;
  /** The custodian's clock correction (§11.3); default 0. */
  readonly offsetSeconds?: number;
}

export interface TotpSessionCodes extends TotpCodes {
  /** Whole seconds until the session ends by itself (at least 1 while it is active). */
  readonly expiresInSeconds: number;
}

/** What the app writes to the audit log (totp.session-end): never a seed or a code. */
export interface TotpSessionSummary {
  readonly accountId: string;
  /** The device's name. */
  readonly device: string;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly reason: TotpSessionEndReason;
  readonly offsetSeconds: number;
}

export type TotpSessionListener = (summary: TotpSessionSummary) => void;

/**
 * Checks a session length chosen by the custodian: whole seconds from 30 to 900 (numeric text accepted).
 * VALIDATION on the field 'duration' otherwise.
 */
export function checkSessionDuration(value: unknown): number {
  const n = typeof value === 'string' && /^\d{1,9}$/.test(value.trim()) ? Number(value.trim()) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < MIN_SESSION_SECONDS || n > MAX_SESSION_SECONDS) {
    throw new BreakglassError(
      'VALIDATION',
      `Invalid login session length ${JSON.stringify(value)} (seconds): a session lasts at most ${SESSION_LENGTH_MINUTES.most} minutes ` +
        `(${MAX_SESSION_SECONDS} seconds) and at least ${MIN_SESSION_SECONDS} seconds; the default is ${SESSION_LENGTH_MINUTES.standard} minutes. ` +
        'Start another session if you need more time.',
      { field: 'duration' },
    );
  }
  return n;
}

function checkDevice(device: TotpSessionDevice): TotpSessionDevice {
  if (typeof device !== 'object' || device === null) throw new TypeError('options.device must be an object');
  if (typeof device.accountId !== 'string' || !/^\d{12}$/.test(device.accountId)) {
    throw new RangeError(`options.device.accountId must be 12 digits, got ${String(device.accountId)}`);
  }
  if (typeof device.name !== 'string' || device.name.length === 0) throw new TypeError('options.device.name must be a non-empty string');
  checkTotpParams(device, 'options.device');
  return { accountId: device.accountId, name: device.name, algorithm: device.algorithm, digits: device.digits, period: device.period };
}

export class TotpSession {
  readonly device: TotpSessionDevice;
  readonly startedAtMs: number;
  readonly expiresAtMs: number;
  readonly #seed: Uint8Array;
  readonly #clock: Clock;
  #offsetSeconds: number;
  #summary: TotpSessionSummary | undefined;
  readonly #listeners = new Set<TotpSessionListener>();

  constructor(options: TotpSessionOptions) {
    const seed = (options as Partial<TotpSessionOptions> | null | undefined)?.seed;
    try {
      if (typeof options !== 'object' || options === null) throw new TypeError('options must be an object');
      this.#seed = checkSeed(options.seed, 'options.seed');
      const clock = options.clock;
      if (typeof clock !== 'object' || clock === null || typeof clock.now !== 'function') throw new TypeError('options.clock must be a Clock');
      this.#clock = clock;
      this.device = checkDevice(options.device);
      const startedAtMs = options.startedAtMs ?? clock.now();
      if (typeof startedAtMs !== 'number' || !Number.isFinite(startedAtMs) || startedAtMs < 0) {
        throw new RangeError(`options.startedAtMs must be a finite, non-negative number, got ${String(startedAtMs)}`);
      }
      this.startedAtMs = startedAtMs;
      this.expiresAtMs = startedAtMs + checkSessionDuration(options.durationSeconds ?? DEFAULT_SESSION_SECONDS) * 1000;
      this.#offsetSeconds = checkOffsetSeconds(options.offsetSeconds ?? 0, 'options.offsetSeconds');
    } catch (error) {
      if (seed instanceof Uint8Array) seed.fill(0);
      throw error;
    }
  }

  get offsetSeconds(): number {
    return this.#offsetSeconds;
  }

  /** The summary once the session has ended, else undefined. */
  get summary(): TotpSessionSummary | undefined {
    return this.#summary;
  }

  /** False once ended; a session found past its expiry ends itself here with reason 'expired'. */
  isActive(): boolean {
    return this.#isActiveAt(this.#clock.now());
  }

  /** The previous, current and next codes at the clock's instant shifted by the offset. SESSION once ended. */
  codes(): TotpSessionCodes {
    const now = this.#clock.now();
    this.#requireActive(now);
    const codes = totpCodes(this.#seed, this.device, now, this.#offsetSeconds);
    return { ...codes, expiresInSeconds: Math.ceil((this.expiresAtMs - now) / 1000) };
  }

  /** Replaces the clock offset (seconds, as parseClockOffset returns); SESSION once ended. */
  setOffset(seconds: number): void {
    checkOffsetSeconds(seconds, 'seconds');
    this.#requireActive(this.#clock.now());
    this.#offsetSeconds = seconds === 0 ? 0 : seconds;
  }

  /**
   * Zeroes the seed and ends the session (reason 'expired', whatever was asked, once its time has run out).
   * Idempotent: later calls return the first summary. Listeners run after the wipe; if one throws, the
   * others still run and the first error is rethrown.
   */
  end(reason: TotpSessionEndReason = 'ended'): TotpSessionSummary {
    if (!TOTP_SESSION_END_REASONS.includes(reason)) {
      throw new RangeError(`reason must be one of ${TOTP_SESSION_END_REASONS.join(', ')}, got ${String(reason)}`);
    }
    if (this.#summary) return this.#summary;
    this.#seed.fill(0);
    const now = this.#clock.now();
    const summary: TotpSessionSummary = {
      accountId: this.device.accountId,
      device: this.device.name,
      startedAt: formatTimestamp(this.startedAtMs),
      endedAt: formatTimestamp(now),
      // A session found past its expiry had run out, whatever ended it now.
      reason: now >= this.expiresAtMs ? 'expired' : reason,
      offsetSeconds: this.#offsetSeconds,
    };
    this.#summary = summary;
    const listeners = [...this.#listeners];
    this.#listeners.clear();
    notify(listeners, summary);
    return summary;
  }

  /** Calls `listener` once when the session ends (at once if it already has); returns an unsubscribe function. */
  onEnd(listener: TotpSessionListener): () => void {
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    if (this.#summary) {
      listener(this.#summary);
      return () => undefined;
    }
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  #isActiveAt(now: number): boolean {
    if (this.#summary) return false;
    if (now >= this.expiresAtMs) {
      this.end('expired');
      return false;
    }
    return true;
  }

  #requireActive(now: number): void {
    if (!this.#isActiveAt(now)) {
      const reason = this.#summary?.reason ?? 'ended';
      throw new BreakglassError(
        'SESSION',
        `The login session has ended (${REASON_TEXT[reason]}) and its MFA seed was wiped: start a new login session for account ` +
          `${this.device.accountId} to see codes again.`,
      );
    }
  }
}

const REASON_TEXT: Readonly<Record<TotpSessionEndReason, string>> = {
  ended: 'it was ended',
  expired: 'its time ran out',
  locked: 'the MFA seed store was locked',
  replaced: 'another login session was started',
};

function notify(listeners: readonly TotpSessionListener[], summary: TotpSessionSummary): void {
  let failure: { error: unknown } | undefined;
  for (const listener of listeners) {
    try {
      listener(summary);
    } catch (error) {
      failure ??= { error };
    }
  }
  if (failure) throw failure.error;
}

/**
 * Holds at most one TOTP session, so at most one seed is decrypted at any time: starting a session ends the
 * running one (reason 'replaced') before the factory runs — the factory is where the next seed is decrypted.
 */
export class TotpSessionSlot {
  #session: TotpSession | undefined;
  #starting = false;

  /** The running session, or undefined (a session found expired is ended here). */
  get current(): TotpSession | undefined {
    if (this.#session && !this.#session.isActive()) this.#session = undefined;
    return this.#session;
  }

  /** Ends the running session ('replaced'), then creates the next one with `factory`. */
  start(factory: () => TotpSession): TotpSession {
    if (typeof factory !== 'function') throw new TypeError('factory must be a function');
    if (this.#starting) throw new BreakglassError('SESSION', 'A login session is already being started: wait for it, then try again.');
    this.#starting = true;
    try {
      const previous = this.#session;
      this.#session = undefined;
      if (previous) previous.end('replaced');
      const session = factory();
      if (!(session instanceof TotpSession)) throw new TypeError('factory must return a TotpSession');
      this.#session = session;
      return session;
    } finally {
      this.#starting = false;
    }
  }

  /**
   * Ends the held session, if any (e.g. 'locked' when the seed store locks) and returns its summary — the
   * first one, if it had already ended by itself.
   */
  end(reason: TotpSessionEndReason = 'ended'): TotpSessionSummary | undefined {
    const session = this.#session;
    this.#session = undefined;
    return session?.end(reason);
  }
}
