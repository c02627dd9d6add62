// TOTP (RFC 6238) and HOTP (RFC 4226) codes for one seed, computed by otplib 13 with its audited noble
// crypto plugin, synchronously; never hand-rolled (DESIGN §3.1). Spec: docs/FORMAT.md §11.1.

import { createGuardrails, generateSync, NobleCryptoPlugin, type CryptoPlugin, type HashAlgorithm } from 'otplib';
import { TOTP_ALGORITHMS, type TotpAlgorithm } from '../stores/seeds.js';
import { formatTimestamp } from '../shared/timestamps.js';
import { MAX_SEED_BYTES, MIN_SEED_BYTES } from '../stores/totp-seed.js';

/** The RFC 6238 parameters of a virtual MFA device (the store keeps them per device, FORMAT.md §3.3). */
export interface TotpParams {
  readonly algorithm: TotpAlgorithm;
  readonly digits: 6 | 8;
  /** Time step X in seconds, 10–300 (AWS: 30). */
  readonly period: number;
}

export type HotpParams = Pick<TotpParams, 'algorithm' | 'digits'>;

export interface TotpCodes {
  /** The code of the window before the current one. */
  readonly previous: string;
  readonly current: string;
  /** The code of the window after the current one. */
  readonly next: string;
  /** Whole seconds until the current window ends: 1 … period. */
  readonly secondsLeft: number;
  /** Start of the current window, ms since the Unix epoch (on the shifted clock). */
  readonly windowStart: number;
  /** The shifted instant the codes were computed for, "YYYY-MM-DDTHH:MM:SSZ". */
  readonly utc: string;
}

export const MIN_PERIOD_SECONDS = 10;
export const MAX_PERIOD_SECONDS = 300;
/** Codes are computed for instants up to the end of year 9999 (timestamps keep four-digit years). */
const MAX_INSTANT_MS = Date.UTC(10000, 0, 1) - 1;

const NOBLE = new NobleCryptoPlugin();
/** otplib's default maximum is 64 bytes; the seed store allows 16–128 (FORMAT.md §3.3). */
const GUARDRAILS = createGuardrails({ MIN_SECRET_BYTES: MIN_SEED_BYTES, MAX_SECRET_BYTES: MAX_SEED_BYTES });
const HASH: Readonly<Record<TotpAlgorithm, HashAlgorithm>> = { SHA1: 'sha1', SHA256: 'sha256', SHA512: 'sha512' };

/** Argument checks for seed and parameters (they come from validated store metadata, so a bad one is a bug). */
export function checkTotpParams(params: TotpParams, name = 'params'): TotpParams {
  checkHotpParams(params, name);
  const { period } = params;
  if (!Number.isInteger(period) || period < MIN_PERIOD_SECONDS || period > MAX_PERIOD_SECONDS) {
    throw new RangeError(`${name}.period must be an integer from ${MIN_PERIOD_SECONDS} to ${MAX_PERIOD_SECONDS}, got ${String(period)}`);
  }
  return params;
}

function checkHotpParams(params: HotpParams, name: string): void {
  if (typeof params !== 'object' || params === null) throw new TypeError(`${name} must be an object`);
  if (!TOTP_ALGORITHMS.includes(params.algorithm)) {
    throw new RangeError(`${name}.algorithm must be one of ${TOTP_ALGORITHMS.join(', ')}, got ${String(params.algorithm)}`);
  }
  if (params.digits !== 6 && params.digits !== 8) throw new RangeError(`${name}.digits must be 6 or 8, got ${String(params.digits)}`);
}

export function checkSeed(seed: Uint8Array, name = 'seed'): Uint8Array {
  if (!(seed instanceof Uint8Array)) throw new TypeError(`${name} must be a Uint8Array`);
  if (seed.length < MIN_SEED_BYTES || seed.length > MAX_SEED_BYTES) {
    throw new RangeError(`${name} must be ${MIN_SEED_BYTES}–${MAX_SEED_BYTES} bytes, got ${seed.length}`);
  }
  return seed;
}

/**
 * One otplib call whose HMAC outputs are zeroed once the code is out: the crypto plugin wraps noble's and
 * remembers each digest it hands to otplib. otplib passes the seed bytes to noble's HMAC as they are (no
 * copy), and noble wipes its padded-key blocks itself.
 */
function generateWiping(options: Parameters<typeof generateSync>[0]): string {
  const digests: Uint8Array[] = [];
  const crypto: CryptoPlugin = {
    name: 'noble (digests wiped)',
    algorithms: NOBLE.algorithms,
    hmac(algorithm, key, data) {
      const digest = NOBLE.hmac(algorithm, key, data);
      if (!(digest instanceof Uint8Array)) throw new TypeError('the noble crypto plugin must compute HMAC synchronously');
      digests.push(digest);
      return digest;
    },
    // Required by otplib's CryptoPlugin, used only by its generateSecret, never by generateSync: computing a
    // code draws no randomness, and a new seed comes from an Rng (enrollment.ts createRandomSeed).
    randomBytes: () => {
      throw new Error('TOTP code generation draws no randomness; new seeds come from an Rng (DESIGN §4)');
    },
    constantTimeEqual: (a, b) => NOBLE.constantTimeEqual(a, b),
  };
  try {
    return generateSync({ ...options, crypto, guardrails: GUARDRAILS });
  } finally {
    for (const digest of digests) digest.fill(0);
  }
}

/**
 * The codes of the previous, current and next RFC 6238 windows at `atMs` shifted by `offsetSeconds` (the
 * custodian's clock correction, §11.3). The seed is read, never kept or wiped: the caller owns it.
 */
export function totpCodes(seed: Uint8Array, params: TotpParams, atMs: number, offsetSeconds = 0): TotpCodes {
  checkSeed(seed);
  checkTotpParams(params);
  if (typeof atMs !== 'number' || !Number.isFinite(atMs) || atMs < 0) throw new RangeError(`atMs must be a finite, non-negative number, got ${atMs}`);
  if (!Number.isSafeInteger(offsetSeconds)) throw new RangeError(`offsetSeconds must be an integer, got ${offsetSeconds}`);
  const shiftedMs = Math.floor(atMs) + offsetSeconds * 1000;
  const { period } = params;
  if (shiftedMs < period * 1000 || shiftedMs > MAX_INSTANT_MS) {
    throw new RangeError(`atMs + offsetSeconds must lie between one period after 1970-01-01 and the year 9999, got ${shiftedMs} ms`);
  }
  const epoch = Math.floor(shiftedMs / 1000);
  const step = Math.floor(epoch / period);
  const common = { strategy: 'totp', secret: seed, algorithm: HASH[params.algorithm], digits: params.digits, period, t0: 0 } as const;
  return {
    previous: generateWiping({ ...common, epoch: epoch - period }),
    current: generateWiping({ ...common, epoch }),
    next: generateWiping({ ...common, epoch: epoch + period }),
    secondsLeft: (step + 1) * period - epoch,
    windowStart: step * period * 1000,
    utc: formatTimestamp(shiftedMs),
  };
}

/** The RFC 4226 HOTP code for `counter` (used for the RFC's own vectors; AWS devices are TOTP). */
export function hotpCode(seed: Uint8Array, counter: number, params: HotpParams): string {
  checkSeed(seed);
  checkHotpParams(params, 'params');
  if (!Number.isSafeInteger(counter) || counter < 0) throw new RangeError(`counter must be a non-negative safe integer, got ${counter}`);
  return generateWiping({ strategy: 'hotp', secret: seed, counter, algorithm: HASH[params.algorithm], digits: params.digits });
}
