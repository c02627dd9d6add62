// Passphrase → key-encryption key with Argon2id (native `argon2`), the named parameter profiles and the
// bounds every reader enforces before allocating anything. Spec: docs/FORMAT.md §4.1.

import argon2 from 'argon2';
import { BreakglassError } from '../errors.js';
import { wipe } from './wipe.js';

export const KDF_ARGON2ID = 0x01;
export const KEY_LENGTH = 32;

export interface KdfParams {
  /** Memory in KiB. */
  readonly memoryKiB: number;
  /** Number of passes. */
  readonly iterations: number;
  /** Lanes. */
  readonly parallelism: number;
}

export type KdfProfileName = 'strong' | 'test';

/** RFC 9106 §4, first recommended option: 2 GiB, one pass, four lanes. */
export const STRONG_PARAMS: KdfParams = { memoryKiB: 2 * 1024 * 1024, iterations: 1, parallelism: 4 };
/** RFC 9106 §4, second recommended option (with four lanes): for workstations under 8 GiB of RAM. */
export const STRONG_LOW_MEMORY_PARAMS: KdfParams = { memoryKiB: 256 * 1024, iterations: 3, parallelism: 4 };
/** Tiny parameters, for tests only: never protect a real store with these. */
export const TEST_PARAMS: KdfParams = { memoryKiB: 1024, iterations: 1, parallelism: 1 };
/** Below this much RAM the strong profile falls back to STRONG_LOW_MEMORY_PARAMS. */
export const STRONG_MIN_RAM_BYTES = 8 * 1024 * 1024 * 1024;

/**
 * What a file may ask for (FORMAT.md §2.2, §4.1). The cost bound is the work the strong profile needs with
 * a margin of four: memory × passes ≤ 4 × (2 GiB × 1) = 8 GiB, and parallelism twice its four lanes.
 */
export const KDF_BOUNDS = {
  maxMemoryKiB: 4 * 1024 * 1024,
  maxIterations: 64,
  maxMemoryTimesPassesKiB: 4 * STRONG_PARAMS.memoryKiB * STRONG_PARAMS.iterations,
  maxParallelism: 2 * STRONG_PARAMS.parallelism,
  minSaltLength: 16,
  maxSaltLength: 64,
} as const;

function gibibytes(kib: number): string {
  const gib = kib / (1024 * 1024);
  return `${Number.isInteger(gib) ? gib : gib.toFixed(2)} GiB`;
}

export const DEFAULT_SALT_LENGTH = 32;

export function isKdfProfileName(value: unknown): value is KdfProfileName {
  return value === 'strong' || value === 'test';
}

/** The parameters a profile stands for on a workstation with `totalMemoryBytes` of RAM. */
export function resolveKdfProfile(profile: KdfProfileName, totalMemoryBytes: number): KdfParams {
  if (profile === 'test') return TEST_PARAMS;
  if (profile === 'strong') {
    return totalMemoryBytes >= STRONG_MIN_RAM_BYTES ? STRONG_PARAMS : STRONG_LOW_MEMORY_PARAMS;
  }
  throw new RangeError(`profile must be 'strong' or 'test', got ${String(profile)}`);
}

/** A human label for parameters found in a file ("strong", "strong (low-memory)", "test", "custom"). */
export function describeKdfParams(params: KdfParams): string {
  const same = (other: KdfParams): boolean =>
    other.memoryKiB === params.memoryKiB &&
    other.iterations === params.iterations &&
    other.parallelism === params.parallelism;
  const size =
    params.memoryKiB % 1024 === 0 ? `${params.memoryKiB / 1024} MiB` : `${params.memoryKiB} KiB`;
  const shape = `Argon2id m=${size} t=${params.iterations} p=${params.parallelism}`;
  if (same(STRONG_PARAMS)) return `${shape} (strong)`;
  if (same(STRONG_LOW_MEMORY_PARAMS)) return `${shape} (strong, low-memory fallback)`;
  if (same(TEST_PARAMS)) return `${shape} (TEST profile: not for real credentials)`;
  return shape;
}

/** How many times the usual cost (memory × passes) a header may ask for before the custodian is warned. */
export const KDF_COST_WARNING_FACTOR = 4;

/**
 * A warning, before deriving, when `params` cost (memory × passes) far more than `usual` — the cost this
 * vault set was created with — or undefined. A forged header can ask for minutes of work within the bound.
 */
export function kdfCostWarning(params: KdfParams, usual: KdfParams, what: string): string | undefined {
  const cost = params.memoryKiB * params.iterations;
  const usualCost = usual.memoryKiB * usual.iterations;
  if (cost <= usualCost * KDF_COST_WARNING_FACTOR) return undefined;
  return (
    `The ${what} asks for a key derivation of ${describeKdfParams(params)}, ${Math.round(cost / usualCost)} times the cost this vault set ` +
    `was created with (${describeKdfParams(usual)}): opening it will take much longer and use more memory than usual. ` +
    'If nobody changed its protection on purpose, the file may have been altered: stop and check it against a drive copy.'
  );
}

/**
 * Throws KDF_PARAMS unless the parameters and salt length are inside the bounds of FORMAT.md §2.2 and
 * §4.1 (memory × passes included). Called by every reader before any memory is allocated for the KDF.
 */
export function checkKdfParams(params: KdfParams, saltLength: number): void {
  const { memoryKiB, iterations, parallelism } = params;
  const problems: string[] = [];
  if (!Number.isInteger(parallelism) || parallelism < 1 || parallelism > KDF_BOUNDS.maxParallelism) {
    problems.push(`parallelism ${parallelism} is outside 1–${KDF_BOUNDS.maxParallelism}`);
  }
  const iterationsOk = Number.isInteger(iterations) && iterations >= 1 && iterations <= KDF_BOUNDS.maxIterations;
  if (!iterationsOk) problems.push(`iterations ${iterations} is outside 1–${KDF_BOUNDS.maxIterations}`);
  const minMemory = 8 * Math.max(1, parallelism);
  const memoryOk = Number.isInteger(memoryKiB) && memoryKiB >= minMemory && memoryKiB <= KDF_BOUNDS.maxMemoryKiB;
  if (!memoryOk) problems.push(`memory ${memoryKiB} KiB is outside ${minMemory} KiB–4 GiB`);
  const cost = memoryKiB * iterations;
  if (iterationsOk && memoryOk && cost > KDF_BOUNDS.maxMemoryTimesPassesKiB) {
    problems.push(
      `memory × passes ${gibibytes(cost)} is above the limit of ${gibibytes(KDF_BOUNDS.maxMemoryTimesPassesKiB)} ` +
        `(four times the strong profile's ${gibibytes(STRONG_PARAMS.memoryKiB)} × ${STRONG_PARAMS.iterations})`,
    );
  }
  if (saltLength < KDF_BOUNDS.minSaltLength || saltLength > KDF_BOUNDS.maxSaltLength) {
    problems.push(`salt length ${saltLength} is outside 16–64 bytes`);
  }
  if (problems.length > 0) {
    throw new BreakglassError(
      'KDF_PARAMS',
      `This store asks for key-derivation parameters outside the safe bounds (${problems.join('; ')}). ` +
        'It was damaged or crafted to exhaust this workstation; nothing was allocated. Use another copy.',
    );
  }
}

/** Encodes a passphrase as the KDF input: Unicode NFC, then UTF-8 (FORMAT.md §4.1). */
export function encodePassphrase(passphrase: string): Uint8Array {
  if (typeof passphrase !== 'string') throw new TypeError('passphrase must be a string');
  return new TextEncoder().encode(passphrase.normalize('NFC'));
}

/** Argon2id(passphrase, salt, params) → 32-byte key-encryption key. The caller wipes the result. */
export async function deriveKeyFromPassphrase(
  passphrase: Uint8Array,
  salt: Uint8Array,
  params: KdfParams,
): Promise<Uint8Array> {
  if (!(passphrase instanceof Uint8Array)) throw new TypeError('passphrase must be a Uint8Array');
  if (!(salt instanceof Uint8Array)) throw new TypeError('salt must be a Uint8Array');
  checkKdfParams(params, salt.length);
  const raw = await argon2.hash(Buffer.from(passphrase.buffer, passphrase.byteOffset, passphrase.length), {
    type: argon2.argon2id,
    version: 0x13,
    memoryCost: params.memoryKiB,
    timeCost: params.iterations,
    parallelism: params.parallelism,
    salt: Buffer.from(salt),
    hashLength: KEY_LENGTH,
    raw: true,
  });
  const key = new Uint8Array(raw);
  wipe(raw);
  return key;
}
