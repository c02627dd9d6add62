// Enrolling a virtual MFA device: read the secret AWS shows (base32 or an otpauth:// URI), give the two
// consecutive codes AWS asks for, and — rarely — create a seed and its otpauth URI ourselves. Spec: docs/FORMAT.md §11.2.

import { generateURI } from 'otplib';
import { BreakglassError } from '../errors.js';
import type { Rng } from '../shared/determinism.js';
import { checkAccountId, hasControlCharacters } from '../stores/account-fields.js';
import { checkAlgorithm, checkDeviceName, checkDigits, checkPeriod } from '../stores/seeds.js';
import { decodeBase32Seed, encodeBase32Seed, MAX_SEED_BYTES, MIN_SEED_BYTES } from '../stores/totp-seed.js';
import { checkSeed, checkTotpParams, totpCodes, type TotpParams } from './codes.js';

export const DEFAULT_TOTP_PARAMS: TotpParams = { algorithm: 'SHA1', digits: 6, period: 30 };
/** With fewer seconds than this left in the window, the custodian should wait for the next one. */
export const FRESH_WINDOW_MIN_SECONDS = 5;
export const DEFAULT_SEED_BYTES = 20;
const MAX_LABEL_LENGTH = 512;
const MAX_URI_LENGTH = 4096;

/** A secret as read at enrollment. The caller owns `seed` and wipes it. */
export interface EnrollmentSecret extends TotpParams {
  readonly seed: Uint8Array;
  /** The account part of the URI label ("root-mfa@123456789012"), when a URI was given. */
  readonly label?: string;
  /** The `issuer` parameter, else the label's "Issuer:" prefix, when a URI was given. */
  readonly issuer?: string;
}

export interface EnrollmentCodes {
  /** For the AWS console's "MFA code 1": the current window. */
  readonly mfaCode1: string;
  /** For "MFA code 2": the next window. */
  readonly mfaCode2: string;
  readonly secondsLeft: number;
  /** True when fewer than 5 seconds of the current window remain. */
  readonly waitForFreshWindow: boolean;
  /** What to tell the custodian when `waitForFreshWindow` is true. */
  readonly advice: string | undefined;
  /** Start of the current window, ms since the Unix epoch (on the shifted clock). */
  readonly windowStart: number;
}

function invalidUri(message: string): BreakglassError {
  return new BreakglassError('VALIDATION', message, { field: 'uri' });
}

const URI_PARAMS = ['secret', 'issuer', 'algorithm', 'digits', 'period'] as const;
type UriParam = (typeof URI_PARAMS)[number];

function readUriParams(url: URL): Partial<Record<UriParam, string>> {
  const found: Partial<Record<UriParam, string>> = {};
  for (const [rawKey, value] of url.searchParams) {
    const key = rawKey.toLowerCase() as UriParam;
    if (!URI_PARAMS.includes(key)) continue; // e.g. image=, color=: other apps' decorations, harmless
    if (found[key] !== undefined) {
      throw invalidUri(`The otpauth URI gives "${key}" twice: it is ambiguous. Copy the URI (or the secret key) again from its source.`);
    }
    found[key] = value;
  }
  return found;
}

/** digits= and period= hold plain decimal digits; the store's checks then apply their ranges. */
function wholeNumber(value: string | undefined, field: 'digits' | 'period'): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,9}$/.test(value)) {
    const wanted = field === 'digits' ? '6 or 8' : 'a whole number of seconds, 10–300 (AWS: 30)';
    throw new BreakglassError('VALIDATION', `The otpauth URI has ${field}=${JSON.stringify(value)}; it must be ${wanted}.`, { field });
  }
  return Number(value);
}

function checkUriText(value: string, what: string): string {
  if ([...value].length > MAX_LABEL_LENGTH || hasControlCharacters(value, false) || !value.isWellFormed()) {
    throw invalidUri(`The otpauth URI's ${what} is too long or holds control characters: copy the URI again from its source.`);
  }
  return value.trim().normalize('NFC');
}

function parseOtpauthUri(text: string): EnrollmentSecret {
  if (text.length > MAX_URI_LENGTH) throw invalidUri(`The otpauth URI is longer than ${MAX_URI_LENGTH} characters: this is not an MFA secret.`);
  let url: URL;
  try {
    url = new URL(text);
  } catch (cause) {
    throw new BreakglassError('VALIDATION', 'The otpauth URI is malformed: copy it again, or paste the secret key alone.', { field: 'uri', cause });
  }
  const type = url.host.toLowerCase();
  if (type === 'hotp') {
    throw invalidUri(
      'This otpauth URI is for a counter-based (HOTP) token. AWS virtual MFA devices are time-based (TOTP): ' +
        'use the URI or secret key AWS shows for a virtual MFA device.',
    );
  }
  if (type !== 'totp') {
    throw invalidUri(`The otpauth URI has type ${JSON.stringify(url.host)}; it must start otpauth://totp/ (a time-based code, as AWS shows).`);
  }
  let label: string;
  try {
    label = checkUriText(decodeURIComponent(url.pathname.replace(/^\//, '')), 'label');
  } catch (cause) {
    if (cause instanceof BreakglassError) throw cause;
    throw new BreakglassError('VALIDATION', 'The otpauth URI has a malformed %-escape in its label: copy it again from its source.', {
      field: 'uri',
      cause,
    });
  }
  const colon = label.indexOf(':');
  const labelIssuer = colon >= 0 ? label.slice(0, colon).trim() : '';
  const account = colon >= 0 ? label.slice(colon + 1).trim() : label;
  const params = readUriParams(url);
  // Parameters before the secret, so a refused URI leaves no seed bytes behind.
  const algorithm = checkAlgorithm(params.algorithm ?? DEFAULT_TOTP_PARAMS.algorithm);
  const digits = checkDigits(wholeNumber(params.digits, 'digits') ?? DEFAULT_TOTP_PARAMS.digits);
  const period = checkPeriod(wholeNumber(params.period, 'period') ?? DEFAULT_TOTP_PARAMS.period);
  const issuer = checkUriText(params.issuer ?? labelIssuer, 'issuer');
  if (params.secret === undefined || params.secret.trim() === '') {
    throw new BreakglassError(
      'VALIDATION',
      'The otpauth URI has no secret= parameter, so it cannot give codes. Copy the whole URI, or use "Show secret key" in the AWS console and paste that.',
      { field: 'seed' },
    );
  }
  const seed = decodeBase32Seed(params.secret);
  return {
    seed,
    algorithm,
    digits,
    period,
    ...(account === '' ? {} : { label: account }),
    ...(issuer === '' ? {} : { issuer }),
  };
}

/**
 * Reads what the custodian pasted at enrollment: the base32 secret key AWS shows ("Show secret key"; spaces,
 * lower case and padding allowed), or an otpauth://totp/ URI (as a QR code holds it). A bare secret gets AWS'
 * parameters SHA1 / 6 digits / 30 s. VALIDATION errors name the field ('seed', 'uri', 'algorithm', 'digits',
 * 'period'). The caller wipes the returned seed.
 */
export function parseEnrollmentSecret(text: string): EnrollmentSecret {
  if (typeof text !== 'string') throw new TypeError('text must be a string');
  const trimmed = text.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme === undefined) return { seed: decodeBase32Seed(trimmed), ...DEFAULT_TOTP_PARAMS };
  if (scheme === 'otpauth') return parseOtpauthUri(trimmed);
  if (scheme === 'otpauth-migration') {
    throw invalidUri(
      'This is an authenticator app export (otpauth-migration://), not one device\'s secret. ' +
        'Paste the secret key AWS shows ("Show secret key") or the otpauth://totp/ URI of its QR code.',
    );
  }
  throw invalidUri(
    `This is a ${JSON.stringify(scheme)} address, not an MFA secret. Paste the secret key AWS shows ("Show secret key") ` +
      'or an otpauth://totp/ URI.',
  );
}

/**
 * The two consecutive codes AWS asks for when a virtual MFA device is assigned: "MFA code 1" from the
 * current window, "MFA code 2" from the next. The seed is read, not wiped.
 */
export function enrollmentCodes(seed: Uint8Array, params: TotpParams, nowMs: number, offsetSeconds = 0): EnrollmentCodes {
  const codes = totpCodes(seed, params, nowMs, offsetSeconds);
  const waitForFreshWindow = codes.secondsLeft < FRESH_WINDOW_MIN_SECONDS;
  return {
    mfaCode1: codes.current,
    mfaCode2: codes.next,
    secondsLeft: codes.secondsLeft,
    waitForFreshWindow,
    advice: waitForFreshWindow
      ? `Wait for a fresh ${params.period}-second window before entering the codes: fewer than ${FRESH_WINDOW_MIN_SECONDS} seconds remain.`
      : undefined,
    windowStart: codes.windowStart,
  };
}

/** A new random TOTP seed (default 20 bytes, RFC 4226's recommendation) for the rare device we configure ourselves. */
export function createRandomSeed(rng: Rng, bytes = DEFAULT_SEED_BYTES): Uint8Array {
  if (typeof rng !== 'object' || rng === null || typeof rng.bytes !== 'function') throw new TypeError('rng must be an Rng');
  if (!Number.isInteger(bytes) || bytes < MIN_SEED_BYTES || bytes > MAX_SEED_BYTES) {
    throw new RangeError(`bytes must be an integer from ${MIN_SEED_BYTES} to ${MAX_SEED_BYTES}, got ${bytes}`);
  }
  const seed = rng.bytes(bytes);
  if (!(seed instanceof Uint8Array) || seed.length !== bytes) throw new TypeError(`rng.bytes(${bytes}) must return ${bytes} bytes`);
  return seed;
}

export interface OtpauthUriOptions extends Partial<TotpParams> {
  readonly seed: Uint8Array;
  readonly accountId: string;
  readonly deviceName: string;
  /** Default "AWS root <accountId>". */
  readonly issuer?: string;
}

export interface OtpauthUri {
  /** The seed as unpadded base32, for typing into an authenticator. */
  readonly base32: string;
  /** otpauth://totp/<issuer>:<device name>?secret=…&issuer=… (QR rendering happens elsewhere). */
  readonly uri: string;
}

/**
 * The base32 text and otpauth URI of a seed, for loading it into an authenticator. Both are JavaScript strings
 * that cannot be wiped: show them only for as long as needed. The seed is read, not wiped.
 */
export function otpauthUri(options: OtpauthUriOptions): OtpauthUri {
  if (typeof options !== 'object' || options === null) throw new TypeError('options must be an object');
  const seed = checkSeed(options.seed, 'options.seed');
  const accountId = checkAccountId(options.accountId);
  const deviceName = checkDeviceName(options.deviceName);
  const params = checkTotpParams({ ...DEFAULT_TOTP_PARAMS, ...definedParams(options) }, 'options');
  const issuer = options.issuer ?? `AWS root ${accountId}`;
  if (typeof issuer !== 'string' || !/^[^:\p{Cc}]{1,100}$/u.test(issuer) || issuer.trim() !== issuer) {
    throw new BreakglassError(
      'VALIDATION',
      `Invalid issuer ${JSON.stringify(issuer)}: give 1–100 printable characters without ":" or surrounding spaces.`,
      { field: 'issuer' },
    );
  }
  const base32 = encodeBase32Seed(seed);
  const uri = generateURI({
    strategy: 'totp',
    issuer,
    label: deviceName,
    secret: base32,
    algorithm: params.algorithm === 'SHA1' ? 'sha1' : params.algorithm === 'SHA256' ? 'sha256' : 'sha512',
    digits: params.digits,
    period: params.period,
  });
  return { base32, uri };
}

function definedParams(options: Partial<TotpParams>): Partial<TotpParams> {
  return Object.fromEntries(
    (['algorithm', 'digits', 'period'] as const).filter((k) => options[k] !== undefined).map((k) => [k, options[k]]),
  ) as Partial<TotpParams>;
}
