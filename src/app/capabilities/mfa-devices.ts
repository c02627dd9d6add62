// MFA devices of the seed store: their metadata (no key needed), adding and removing one, and enrolling a
// virtual device with AWS' two consecutive codes before its seed is sealed. FORMAT.md §3.3 and §11.2.

import { wipe } from '../../crypto/wipe.js';
import { BreakglassError } from '../../errors.js';
import { checkAccountId } from '../../stores/account-fields.js';
import { addMfaDevice, checkDeviceName, removeMfaDevice, virtualMfaArn, type MfaDevice } from '../../stores/seeds.js';
import { decodeBase32Seed } from '../../stores/totp-seed.js';
import { parseClockOffset } from '../../totp/clock-offset.js';
import { createRandomSeed, DEFAULT_TOTP_PARAMS, enrollmentCodes, otpauthUri, parseEnrollmentSecret } from '../../totp/enrollment.js';
import type { EnrollmentView, MfaDeviceSummary, NewMfaDeviceInput, PrepareEnrollmentInput, SavedGeneration } from '../api.js';
import type { PendingEnrollment, VaultSession } from '../session.js';

function summarizeDevice(accountId: string, device: MfaDevice): MfaDeviceSummary {
  return { accountId, ...device };
}

export class MfaDevicesCapability {
  constructor(private readonly session: VaultSession) {}

  async listMfaDevices(input: { readonly accountId?: string } = {}): Promise<readonly MfaDeviceSummary[]> {
    const metadata = await this.session.seedMetadataOrThrow();
    return metadata.accounts
      .filter((a) => input.accountId === undefined || a.accountId === input.accountId)
      .flatMap((a) => a.devices.map((d) => summarizeDevice(a.accountId, d)));
  }

  async addMfaDevice(input: NewMfaDeviceInput): Promise<MfaDeviceSummary> {
    const { session } = this;
    const { store, docs } = session.seeds();
    const seed = input?.type === 'virtual' ? decodeBase32Seed(input.seed) : undefined;
    try {
      const deviceInput =
        input.type === 'virtual'
          ? { type: 'virtual' as const, accountId: input.accountId, name: input.name, algorithm: input.algorithm, digits: input.digits, period: input.period, enabledAt: input.enabledAt }
          : input;
      const { docs: next, device } = addMfaDevice(docs, deviceInput, seed, session.sealContext(store));
      await session.withLock(async (lock) => {
        const saved = await session.save(lock, store, { kind: 'mfa-seeds', seeds: next, custody: store.docs.custody });
        await session.audit({
          event: 'mfa.add',
          store: 'mfa-seeds',
          generation: saved.generation,
          details: { accountId: input.accountId.trim(), device: device.name, type: device.type },
        });
      });
      return summarizeDevice(input.accountId.trim(), device);
    } finally {
      wipe(seed);
    }
  }

  async removeMfaDevice(input: { readonly accountId: string; readonly name: string }): Promise<SavedGeneration> {
    const { session } = this;
    const { store, docs } = session.seeds();
    const next = removeMfaDevice(docs, input?.accountId, input?.name);
    return session.withLock(async (lock) => {
      const saved = await session.save(lock, store, { kind: 'mfa-seeds', seeds: next, custody: store.docs.custody });
      await session.audit({ event: 'mfa.remove', store: 'mfa-seeds', generation: saved.generation, details: { accountId: String(input.accountId).trim(), device: input.name } });
      return saved;
    });
  }

  private enrollmentView(pending: PendingEnrollment): EnrollmentView {
    const codes = enrollmentCodes(pending.seed, pending.params, this.session.ports.clock.now(), pending.offsetSeconds);
    return {
      accountId: pending.accountId,
      device: pending.device,
      serialArn: virtualMfaArn(pending.accountId, pending.device),
      algorithm: pending.params.algorithm,
      digits: pending.params.digits,
      period: pending.params.period,
      mfaCode1: codes.mfaCode1,
      mfaCode2: codes.mfaCode2,
      secondsLeft: codes.secondsLeft,
      waitForFreshWindow: codes.waitForFreshWindow,
      ...(codes.advice ? { advice: codes.advice } : {}),
      ...(pending.generated ? { generated: pending.generated } : {}),
    };
  }

  async prepareEnrollment(input: PrepareEnrollmentInput): Promise<EnrollmentView> {
    const { session } = this;
    const accountId = checkAccountId(input?.accountId);
    const device = checkDeviceName(input.device);
    if ((input.secret === undefined) === (input.generate !== true)) {
      throw new BreakglassError('VALIDATION', 'Paste the secret key AWS shows ("Show secret key"), or ask for a generated seed — one of the two.', {
        field: 'seed',
      });
    }
    const offsetSeconds = input.offset === undefined ? 0 : parseClockOffset(input.offset);
    const metadata = await session.seedMetadataOrThrow();
    if (metadata.accounts.find((a) => a.accountId === accountId)?.devices.some((d) => d.name === device)) {
      throw new BreakglassError('CONFLICT', `Account ${accountId} already has an MFA device named ${JSON.stringify(device)}: choose another name.`, {
        field: 'device',
      });
    }
    session.totp.end('replaced');
    await session.cancelEnrollment();
    let pending: PendingEnrollment;
    if (input.generate === true) {
      const seed = createRandomSeed(session.ports.rng);
      const uri = otpauthUri({ seed, accountId, deviceName: device });
      pending = { accountId, device, seed, params: DEFAULT_TOTP_PARAMS, offsetSeconds, generated: { base32: uri.base32, otpauthUri: uri.uri } };
    } else {
      const parsed = parseEnrollmentSecret(String(input.secret));
      pending = { accountId, device, seed: parsed.seed, params: { algorithm: parsed.algorithm, digits: parsed.digits, period: parsed.period }, offsetSeconds };
    }
    session.enrollment = pending;
    return this.enrollmentView(pending);
  }

  async getEnrollmentCodes(): Promise<EnrollmentView> {
    const pending = this.session.enrollment;
    if (!pending) throw new BreakglassError('SESSION', 'No MFA enrollment is in progress: start one by pasting the secret key.');
    return this.enrollmentView(pending);
  }

  async confirmEnrollment(input: { readonly enabledAt?: string; readonly actors?: readonly string[] } = {}): Promise<MfaDeviceSummary> {
    const { session } = this;
    const pending = session.enrollment;
    if (!pending) throw new BreakglassError('SESSION', 'No MFA enrollment is in progress: start one by pasting the secret key.');
    const { store, docs } = session.seeds();
    const { docs: next, device } = addMfaDevice(
      docs,
      { type: 'virtual', accountId: pending.accountId, name: pending.device, ...pending.params, ...(input.enabledAt ? { enabledAt: input.enabledAt } : {}) },
      pending.seed,
      session.sealContext(store),
    );
    await session.withLock(async (lock) => {
      const saved = await session.save(lock, store, { kind: 'mfa-seeds', seeds: next, custody: store.docs.custody });
      await session.cancelEnrollment();
      await session.audit({
        event: 'mfa.enroll',
        actors: input.actors,
        store: 'mfa-seeds',
        generation: saved.generation,
        details: { accountId: pending.accountId, device: device.name, generatedHere: pending.generated !== undefined },
      });
    });
    return summarizeDevice(pending.accountId, device);
  }

  async cancelEnrollment(): Promise<void> {
    await this.session.cancelEnrollment();
  }
}
