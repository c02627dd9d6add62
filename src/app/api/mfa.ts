// The API of MFA: device metadata, enrollment of a virtual device (two consecutive codes) and TOTP login
// sessions (one seed, then wiped): codes cross, seeds never. FORMAT.md §3.3 and §11; DESIGN §3.4.

import type { MfaDevice, NewDeviceInput, PhysicalMfaDevice, VirtualMfaDevice } from '../../stores/seeds.js';
import type { TotpSessionSummary } from '../../totp/session.js';
import type { TrustedTimeOffset } from '../../totp/trusted-time.js';
import type { SavedGeneration, UnlockSecret } from './vault-set.js';

/** One MFA device of one account, every type's fields in one shape (those of other types absent). */
export interface MfaDeviceSummary
  extends Pick<MfaDevice, 'id' | 'type' | 'name' | 'enabledAt' | 'createdAt'>,
    Partial<Pick<VirtualMfaDevice, 'serialArn' | 'algorithm' | 'digits' | 'period'>>,
    Partial<Pick<PhysicalMfaDevice, 'serial' | 'location'>> {
  readonly accountId: string;
}

type VirtualDeviceInput = Extract<NewDeviceInput, { readonly type: 'virtual' }>;

/** A virtual device to add: the seed store's input with its seed as AWS shows it, numbers as numbers. */
export interface NewVirtualMfaDeviceInput extends Omit<VirtualDeviceInput, 'digits' | 'period'> {
  /** Base32 as AWS shows it; spaces, case and padding are normalised. */
  readonly seed: string;
  readonly digits?: number;
  readonly period?: number;
}

export type NewMfaDeviceInput = NewVirtualMfaDeviceInput | Exclude<NewDeviceInput, VirtualDeviceInput>;

/** A running TOTP login session as the custodian sees it: codes only, never the seed. */
export interface TotpSessionView {
  readonly accountId: string;
  readonly device: string;
  readonly previous: string;
  readonly current: string;
  readonly next: string;
  /** Seconds left in the current window. */
  readonly secondsLeft: number;
  readonly period: number;
  readonly digits: number;
  /** Seconds until the session ends by itself and the seed is wiped. */
  readonly expiresInSeconds: number;
  readonly offsetSeconds: number;
  /** "+2" (minutes) or "-90s". */
  readonly offset: string;
  /** The workstation's own UTC time, and the time codes are computed for (with the offset). */
  readonly workstationUtc: string;
  readonly codesUtc: string;
  readonly startedAt: string;
  /**
   * Set only by startTotpSession when opening the MFA seed store found its generation on disk saved without
   * an audit entry (a crash between the save and its entry) and recorded it (store.unaudited, FORMAT.md §10.9).
   */
  readonly unaudited?: { readonly generation: number; readonly message: string };
}

/** How a login session ended (the audit log's totp.session-end): never a seed or a code. */
export type TotpSessionEnd = TotpSessionSummary;
export type { TrustedTimeOffset };

export interface StartTotpInput {
  readonly accountId: string;
  /** The device name; optional when the account has one virtual device. */
  readonly device?: string;
  /** Opens the MFA seed store for this one login; omit when the store is already unlocked. */
  readonly secret?: UnlockSecret;
  /** 30–900 seconds (default 300). */
  readonly durationSeconds?: number;
  /** A session-only clock offset set from a trusted clock: "+2" minutes, "-90s" seconds. */
  readonly offset?: string;
  readonly actors?: readonly string[];
  /** The break-glass run the session belongs to (default: the single open run for the account). */
  readonly run?: number;
}

/** The AWS "Assign MFA device" flow: the codes to type, before the seed is sealed. */
export interface EnrollmentView {
  readonly accountId: string;
  readonly device: string;
  readonly serialArn: string;
  readonly algorithm: string;
  readonly digits: number;
  readonly period: number;
  readonly mfaCode1: string;
  readonly mfaCode2: string;
  readonly secondsLeft: number;
  readonly waitForFreshWindow: boolean;
  readonly advice?: string;
  /** Only for a seed generated here: its base32 text and otpauth:// URI, shown during enrollment only. */
  readonly generated?: { readonly base32: string; readonly otpauthUri: string };
}

export interface PrepareEnrollmentInput {
  readonly accountId: string;
  readonly device: string;
  /** The secret AWS shows under "Show secret key", or an otpauth:// URI. */
  readonly secret?: string;
  /** Create a fresh random seed here instead (for an authenticator configured from our side). */
  readonly generate?: boolean;
  readonly offset?: string;
}

export interface MfaApi {
  /** Device metadata from the MFA seed store's public document: no key needed. */
  listMfaDevices(input?: { readonly accountId?: string }): Promise<readonly MfaDeviceSummary[]>;
  addMfaDevice(input: NewMfaDeviceInput): Promise<MfaDeviceSummary>;
  removeMfaDevice(input: { readonly accountId: string; readonly name: string }): Promise<SavedGeneration>;

  /** Decrypts exactly one seed for one login (ending any other session); the store's key is wiped at once. */
  startTotpSession(input: StartTotpInput): Promise<TotpSessionView>;
  /** The running session's previous/current/next codes, recomputed now. */
  getTotpCodes(): Promise<TotpSessionView>;
  setTotpOffset(input: { readonly offset: string; readonly actors?: readonly string[] }): Promise<TotpSessionView>;
  /** Ends the session and wipes the seed; null when none was running. */
  endTotpSession(): Promise<TotpSessionEnd | null>;

  /** Starts enrolling a virtual MFA device: parses the secret and returns "MFA code 1" and "MFA code 2". */
  prepareEnrollment(input: PrepareEnrollmentInput): Promise<EnrollmentView>;
  getEnrollmentCodes(): Promise<EnrollmentView>;
  /** Seals the enrolled seed into the MFA seed store (a new generation); the store must be unlocked. */
  confirmEnrollment(input?: { readonly enabledAt?: string; readonly actors?: readonly string[] }): Promise<MfaDeviceSummary>;
  cancelEnrollment(): Promise<void>;
  /** The clock offset from the UTC time a trusted clock shows ("09:14:05"), against the workstation's clock now; sets nothing. */
  trustedTimeOffset(input: { readonly time: string }): Promise<TrustedTimeOffset>;
}
