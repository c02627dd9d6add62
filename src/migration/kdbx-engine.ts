// kdbxweb set up for this project: the Argon2 it runs is the native `argon2` passed in by the application
// (a port, so this module stays pure), held to the KDF bounds before anything is allocated. FORMAT.md §18.1.

import kdbxweb from 'kdbxweb';
import { KDF_BOUNDS } from '../crypto/kdf.js';
import { BreakglassError } from '../errors.js';

/** Argon2 as kdbxweb asks for it: memory in KiB; the raw hash of `length` bytes. */
export interface Argon2Request {
  readonly password: Uint8Array;
  readonly salt: Uint8Array;
  readonly memoryKiB: number;
  readonly iterations: number;
  readonly parallelism: number;
  readonly length: number;
  readonly type: 'argon2d' | 'argon2id';
  /** 0x10 or 0x13. */
  readonly version: number;
}

/** The native Argon2 (src/app/argon2-raw.ts in the app; the `argon2` package's raw hash). */
export type Argon2Port = (request: Argon2Request) => Promise<Uint8Array>;

/** AES-KDF rounds a KDBX file may ask for: KeePassXC's one-second benchmark gives ~50 million on a fast machine; a margin of ten. */
export const MAX_AES_KDF_ROUNDS = 500_000_000;

/** Refuses Argon2 parameters outside the bounds every store reader enforces (FORMAT.md §4.1). */
export function checkKdbxArgon2(request: Pick<Argon2Request, 'memoryKiB' | 'iterations' | 'parallelism'>): void {
  const { memoryKiB, iterations, parallelism } = request;
  if (
    memoryKiB > KDF_BOUNDS.maxMemoryKiB ||
    iterations > KDF_BOUNDS.maxIterations ||
    memoryKiB * iterations > KDF_BOUNDS.maxMemoryTimesPassesKiB ||
    parallelism > 4 * KDF_BOUNDS.maxParallelism
  ) {
    throw new BreakglassError(
      'KDF_PARAMS',
      `The KeePass database asks for an Argon2 cost this workstation will not run (${Math.round(memoryKiB / 1024)} MiB × ${iterations} passes, ` +
        `${parallelism} lanes; at most ${KDF_BOUNDS.maxMemoryKiB / 1024 / 1024} GiB and ${KDF_BOUNDS.maxIterations} passes). ` +
        'Lower its key-derivation settings in KeePassXC (Database settings → Security), save, and import again.',
    );
  }
}

let installed: Argon2Port | undefined;

/** Makes kdbxweb use `port` for Argon2 (idempotent); every KDBX read and write goes through here first. */
export function useArgon2(port: Argon2Port): void {
  if (typeof port !== 'function') throw new TypeError('argon2 must be an Argon2Port function');
  if (installed === port) return;
  installed = port;
  kdbxweb.CryptoEngine.setArgon2Impl(async (password, salt, memory, iterations, length, parallelism, type, version) => {
    const request: Argon2Request = {
      password: new Uint8Array(password),
      salt: new Uint8Array(salt),
      memoryKiB: memory,
      iterations,
      parallelism,
      length,
      type: type === kdbxweb.CryptoEngine.Argon2TypeArgon2id ? 'argon2id' : 'argon2d',
      version,
    };
    checkKdbxArgon2(request);
    const hash = await port(request);
    request.password.fill(0);
    const out = new ArrayBuffer(hash.length);
    new Uint8Array(out).set(hash);
    hash.fill(0);
    return out;
  });
}

export { kdbxweb };
