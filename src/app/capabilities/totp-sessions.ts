// MFA login sessions: exactly one seed decrypted for one login, its codes (never the seed) shown with the
// clock offset, ended on time and wiped, every start and end in the audit log. FORMAT.md §11.3 and §11.4.

import type { ParsedContainer } from '../../crypto/container.js';
import { wipe } from '../../crypto/wipe.js';
import { BreakglassError } from '../../errors.js';
import { findDevice, openSeed, type MfaDevice } from '../../stores/seeds.js';
import type { StoreDocuments } from '../../stores/store-codec.js';
import { formatTimestamp } from '../../shared/timestamps.js';
import { formatClockOffset, parseClockOffset } from '../../totp/clock-offset.js';
import { checkSessionDuration, TotpSession } from '../../totp/session.js';
import { offsetFromTrustedTime, type TrustedTimeOffset } from '../../totp/trusted-time.js';
import type { StartTotpInput, TotpSessionEnd, TotpSessionView } from '../api.js';
import { runForAccount } from '../run-records.js';
import { lockedError, type VaultSession } from '../session.js';
import { openStoreKey } from './vault-set.js';
import { recordUnauditedGeneration, type UnauditedGeneration } from '../unaudited-saves.js';

export class TotpSessionsCapability {
  constructor(private readonly session: VaultSession) {}

  private sessionView(login: TotpSession): TotpSessionView {
    const codes = login.codes();
    const device = login.device;
    return {
      accountId: device.accountId,
      device: device.name,
      previous: codes.previous,
      current: codes.current,
      next: codes.next,
      secondsLeft: codes.secondsLeft,
      period: device.period,
      digits: device.digits,
      expiresInSeconds: codes.expiresInSeconds,
      offsetSeconds: login.offsetSeconds,
      offset: formatClockOffset(login.offsetSeconds),
      workstationUtc: formatTimestamp(this.session.ports.clock.now()),
      codesUtc: codes.utc,
      startedAt: formatTimestamp(login.startedAtMs),
    };
  }

  private runningSession(): TotpSession {
    const login = this.session.totp.current;
    if (!login) {
      throw new BreakglassError('SESSION', 'No login session is running (it ended or expired, and its seed was wiped): start a new one.');
    }
    return login;
  }

  async startTotpSession(input: StartTotpInput): Promise<TotpSessionView> {
    const { session } = this;
    const { clock } = session.ports;
    // Refused before any key is opened (and before a running session is replaced) when the vault set
    // requires a run and none is open for the account.
    const run = await runForAccount(session, String(input?.accountId), input?.run);
    session.totp.end('replaced');
    await session.cancelEnrollment();
    const offsetSeconds = input?.offset === undefined ? 0 : parseClockOffset(input.offset);
    const durationSeconds = input?.durationSeconds === undefined ? undefined : checkSessionDuration(input.durationSeconds);
    let dataKey: Uint8Array;
    let docs: StoreDocuments;
    let parsed: ParsedContainer;
    let present: readonly string[];
    let unaudited: UnauditedGeneration | undefined;
    const open = session.unlocked.get('mfa-seeds');
    if (input.secret === undefined) {
      if (!open) throw lockedError('mfa-seeds');
      dataKey = open.dataKey.slice();
      ({ docs, parsed } = open);
      present = input.actors ?? open.actors;
    } else {
      const opened = await openStoreKey(session, 'mfa-seeds', input.secret, input.actors);
      ({ dataKey, docs, parsed } = opened);
      present = opened.present;
      unaudited = await recordUnauditedGeneration(session, 'mfa-seeds', present).catch((error: unknown) => {
        wipe(dataKey);
        throw error;
      });
    }
    const generation = parsed.header.generation;
    let seed: Uint8Array;
    let device: MfaDevice;
    try {
      if (docs.kind !== 'mfa-seeds') throw new Error('unreachable');
      device = findDevice(docs.seeds.metadata, input.accountId, input.device);
      seed = openSeed(docs.seeds.secrets, device, { dataKey, setId: parsed.header.setId });
    } finally {
      wipe(dataKey);
    }
    if (device.type !== 'virtual') throw new Error('unreachable');
    const virtual = device;
    const accountId = input.accountId.trim();
    const login = session.totp.start(
      () =>
        new TotpSession({
          seed,
          device: { accountId, name: virtual.name, algorithm: virtual.algorithm, digits: virtual.digits, period: virtual.period },
          clock,
          offsetSeconds,
          ...(durationSeconds !== undefined ? { durationSeconds } : {}),
        }),
    );
    login.onEnd((summary) => {
      if (session.totpExpiry) clearTimeout(session.totpExpiry);
      session.queueAudit({
        event: 'totp.session-end',
        actors: present,
        store: 'mfa-seeds',
        generation,
        details: {
          accountId: summary.accountId,
          device: summary.device,
          reason: summary.reason,
          startedAt: summary.startedAt,
          offsetSeconds: summary.offsetSeconds,
          ...(run !== undefined ? { run } : {}),
        },
      });
    });
    // Nobody may be looking when the session expires: end it (and wipe the seed) on time anyway.
    if (session.totpExpiry) clearTimeout(session.totpExpiry);
    session.totpExpiry = setTimeout(() => void login.isActive(), Math.max(0, login.expiresAtMs - clock.now()) + 50);
    session.totpExpiry.unref?.();
    session.totpActors = [...present];
    await session.audit({
      event: 'totp.session-start',
      actors: present,
      store: 'mfa-seeds',
      generation,
      details: {
        accountId,
        device: virtual.name,
        expiresInSeconds: Math.round((login.expiresAtMs - login.startedAtMs) / 1000),
        offsetSeconds,
        ...(run !== undefined ? { run } : {}),
      },
    });
    if (offsetSeconds !== 0) {
      await session.audit({ event: 'totp.clock-offset', actors: present, store: 'mfa-seeds', generation, details: { accountId, offsetSeconds } });
    }
    const view = this.sessionView(login);
    return unaudited ? { ...view, unaudited } : view;
  }

  async getTotpCodes(): Promise<TotpSessionView> {
    const login = this.session.totp.current;
    await this.session.flushAudit();
    return this.sessionView(login ?? this.runningSession());
  }

  async setTotpOffset(input: { readonly offset: string; readonly actors?: readonly string[] }): Promise<TotpSessionView> {
    const login = this.runningSession();
    const offsetSeconds = parseClockOffset(input?.offset);
    login.setOffset(offsetSeconds);
    // The people named for this step, else those present when the session started (the MFA side).
    const actors = input.actors !== undefined && input.actors.length > 0 ? input.actors : this.session.totpActors;
    await this.session.audit({ event: 'totp.clock-offset', actors, store: 'mfa-seeds', details: { accountId: login.device.accountId, offsetSeconds } });
    return this.sessionView(login);
  }

  /** The offset from what a trusted clock shows, against the app's clock at this moment; nothing is set or unlocked. */
  async trustedTimeOffset(input: { readonly time: string }): Promise<TrustedTimeOffset> {
    return offsetFromTrustedTime(String(input?.time ?? ''), this.session.ports.clock.now());
  }

  async endTotpSession(): Promise<TotpSessionEnd | null> {
    const summary = this.session.totp.end('ended') ?? null;
    await this.session.flushAudit();
    return summary;
  }
}
