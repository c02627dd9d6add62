// Finds a TOTP secret in a KeePass entry — KeePassXC's `otp` URI, its legacy `TOTP Seed` + `TOTP Settings`
// pair, KeePass 2's `TimeOtp-*` fields — and reads it as one MFA device. FORMAT.md §18.3.

import { base64, hex } from '@scure/base';
import { BreakglassError } from '../errors.js';
import { checkAlgorithm, checkDeviceName, checkDigits, checkPeriod, type TotpAlgorithm } from '../stores/seeds.js';
import { decodeBase32Seed, MAX_SEED_BYTES, MIN_SEED_BYTES } from '../stores/totp-seed.js';
import { parseEnrollmentSecret } from '../totp/enrollment.js';
import type { SourceEntry } from './kdbx-read.js';

/** The device name an imported seed gets when its source names none (AWS' URI label "NAME@ACCOUNT" does). */
export const DEFAULT_IMPORTED_DEVICE = 'imported-mfa';

/** One TOTP secret found in a source. The caller owns `seed` and wipes it. */
export interface FoundTotp {
  readonly seed: Uint8Array;
  readonly algorithm: TotpAlgorithm;
  readonly digits: 6 | 8;
  readonly period: number;
  readonly deviceName: string;
  /** Which fields held it: "otp", "TOTP Seed", "TimeOtp". */
  readonly source: string;
  /** The account id the otpauth label names ("NAME@123456789012"), if any. */
  readonly labelAccountId?: string;
}

function invalid(message: string): BreakglassError {
  return new BreakglassError('VALIDATION', message, { field: 'seed' });
}

/** The device name and account id of an otpauth label as AWS writes it ("root-mfa@123456789012"). */
export function deviceFromLabel(label: string | undefined): { deviceName: string; accountId?: string } {
  const match = /^(.+)@(\d{12})$/.exec(label ?? '');
  if (match) {
    try {
      return { deviceName: checkDeviceName(match[1]), accountId: match[2] as string };
    } catch {
      return { deviceName: DEFAULT_IMPORTED_DEVICE, accountId: match[2] as string };
    }
  }
  return { deviceName: DEFAULT_IMPORTED_DEVICE };
}

/** Reads one otpauth://totp/ URI (KeePassXC's `otp`, an authenticator export's line). */
export function totpFromUri(uri: string, source: string): FoundTotp {
  const parsed = parseEnrollmentSecret(uri);
  const { deviceName, accountId } = deviceFromLabel(parsed.label);
  return {
    seed: parsed.seed,
    algorithm: parsed.algorithm,
    digits: parsed.digits,
    period: parsed.period,
    deviceName,
    source,
    ...(accountId ? { labelAccountId: accountId } : {}),
  };
}

/** KeePassXC's legacy `TOTP Settings`: "PERIOD;DIGITS" ("30;6"), "PERIOD;S" for Steam's five-letter codes. */
function legacySettings(text: string | undefined): { period: number; digits: 6 | 8 } {
  if (text === undefined || text.trim() === '') return { period: 30, digits: 6 };
  const [period, digits] = text.trim().split(';').map((part) => part.trim());
  if (digits === 'S') {
    throw invalid('The entry\'s "TOTP Settings" is "…;S", a Steam Guard token (five-letter codes): it is not an AWS MFA device and is not imported.');
  }
  return { period: checkPeriod(period), digits: checkDigits(digits ?? '6') };
}

function checkSeedLength(seed: Uint8Array, what: string): Uint8Array {
  if (seed.length < MIN_SEED_BYTES || seed.length > MAX_SEED_BYTES) {
    const length = seed.length;
    seed.fill(0);
    throw invalid(`The ${what} decodes to ${length} bytes; a TOTP seed must be ${MIN_SEED_BYTES}–${MAX_SEED_BYTES} bytes. Check the entry in KeePass.`);
  }
  return seed;
}

/** KeePass 2.47+: TimeOtp-Secret (UTF-8) / -Hex / -Base32 / -Base64, TimeOtp-Length, -Period, -Algorithm. */
function timeOtp(get: (name: string) => string | undefined): FoundTotp | undefined {
  const secretField = ['TimeOtp-Secret-Base32', 'TimeOtp-Secret-Hex', 'TimeOtp-Secret-Base64', 'TimeOtp-Secret'].find((name) => get(name) !== undefined);
  if (secretField === undefined) return undefined;
  const algorithmText = get('TimeOtp-Algorithm') ?? 'HMAC-SHA-1';
  const algorithm = checkAlgorithm(algorithmText.replace(/^HMAC-/i, ''));
  const digits = checkDigits(get('TimeOtp-Length') ?? '6');
  const period = checkPeriod(get('TimeOtp-Period') ?? '30');
  const text = (get(secretField) as string).trim();
  let seed: Uint8Array;
  if (secretField === 'TimeOtp-Secret-Base32') seed = decodeBase32Seed(text);
  else {
    try {
      if (secretField === 'TimeOtp-Secret-Hex') seed = hex.decode(text.replace(/\s+/g, '').toLowerCase());
      else if (secretField === 'TimeOtp-Secret-Base64') seed = base64.decode(text.replace(/\s+/g, ''));
      else seed = new TextEncoder().encode(text);
    } catch {
      throw invalid(`The entry's ${secretField} is not valid ${secretField.endsWith('Hex') ? 'hex' : 'base64'}: check the entry in KeePass.`);
    }
    seed = checkSeedLength(seed, secretField);
  }
  return { seed, algorithm, digits, period, deviceName: DEFAULT_IMPORTED_DEVICE, source: 'TimeOtp' };
}

/**
 * The entry's TOTP secret, undefined when it has none. Throws VALIDATION (field "seed") when one is there
 * but cannot be read; the import lists that entry with the reason. The caller wipes the returned seed.
 */
export function findEntryTotp(entry: Pick<SourceEntry, 'fields' | 'protectedFields'>): FoundTotp | undefined {
  const decoder = new TextDecoder();
  const get = (name: string): string | undefined => {
    const plain = entry.fields.get(name);
    if (plain !== undefined) return plain;
    const hidden = entry.protectedFields.get(name);
    return hidden === undefined ? undefined : decoder.decode(hidden);
  };
  const otp = get('otp');
  if (otp !== undefined && otp.trim() !== '') {
    const trimmed = otp.trim();
    // KeePassXC also stores a bare base32 key in `otp` when given no URI.
    return /^otpauth:/i.test(trimmed) ? totpFromUri(trimmed, 'otp') : { ...totpFromUri(`otpauth://totp/x?secret=${encodeURIComponent(trimmed)}`, 'otp'), deviceName: DEFAULT_IMPORTED_DEVICE };
  }
  const legacy = get('TOTP Seed');
  if (legacy !== undefined && legacy.trim() !== '') {
    const settings = legacySettings(get('TOTP Settings'));
    return { seed: decodeBase32Seed(legacy), algorithm: 'SHA1', ...settings, deviceName: DEFAULT_IMPORTED_DEVICE, source: 'TOTP Seed' };
  }
  return timeOtp(get);
}
