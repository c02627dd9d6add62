// A header may ask for at most the KDF work the strong profile needs, with a documented margin: memory ×
// passes and parallelism are bounded, and a header above them is refused before any derivation. FORMAT.md §4.1.

import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const hashCalls: unknown[] = [];
vi.mock('argon2', async (importOriginal) => {
  const real = (await importOriginal()) as { default: typeof import('argon2') };
  return {
    default: {
      ...real.default,
      hash: (...args: Parameters<typeof real.default.hash>) => {
        hashCalls.push(args[1]);
        return real.default.hash(...args);
      },
    },
  };
});

const { checkKdfParams, deriveKeyFromPassphrase, encodePassphrase, KDF_BOUNDS, STRONG_LOW_MEMORY_PARAMS, STRONG_PARAMS } = await import('../../../src/crypto/kdf.js');
const { parseContainer } = await import('../../../src/crypto/container.js');
const { unlockWithPassphrase } = await import('../../../src/crypto/passphrase-slot.js');
const { BreakglassError } = await import('../../../src/errors.js');
const { parseVector } = await import('../../vectors/generate.js');
const { PASSPHRASE_SLOT, patchU32, recomputeChecksums } = await import('../../support/tamper.js');

const GiB_KiB = 1024 * 1024;

function kdfError(fn: () => unknown): InstanceType<typeof BreakglassError> {
  try {
    fn();
  } catch (error) {
    if (error instanceof BreakglassError && error.code === 'KDF_PARAMS') return error;
    throw error;
  }
  throw new Error('expected KDF_PARAMS');
}

describe('KDF cost bound (security)', () => {
  beforeEach(() => {
    hashCalls.length = 0;
  });

  it('refuses the largest header the old bounds allowed (4 GiB, t = 64, p = 16), naming the limits, without deriving', async () => {
    const params = { memoryKiB: 4 * GiB_KiB, iterations: 64, parallelism: 16 };
    const error = kdfError(() => checkKdfParams(params, 32));
    expect(error.message).toMatch(/memory × passes 256 GiB is above the limit of 8 GiB \(four times the strong profile's 2 GiB × 1\)/);
    expect(error.message).toMatch(/parallelism 16 is outside 1–8/);
    await expect(deriveKeyFromPassphrase(encodePassphrase('x'.repeat(12)), new Uint8Array(32), params)).rejects.toSatisfy(
      (e) => e instanceof BreakglassError && e.code === 'KDF_PARAMS',
    );
    expect(hashCalls).toHaveLength(0);
  });

  it('refuses, at parse time, a store header whose memory is allowed but whose memory × passes is not', async () => {
    const vault = parseVector(readFileSync(new URL('../../vectors/container/001-password-vault.txt', import.meta.url), 'utf8')).file;
    const forged = recomputeChecksums(patchU32(patchU32(vault, PASSPHRASE_SLOT.memory, 4 * GiB_KiB), PASSPHRASE_SLOT.iterations, 3));
    const error = kdfError(() => parseContainer(forged, 'password-vault'));
    expect(error.message).toMatch(/memory × passes 12 GiB is above the limit of 8 GiB/);
    expect(error.message).toMatch(/nothing was allocated/);
    expect(hashCalls).toHaveLength(0);
  });

  it('keeps both strong profiles, and the documented edges, inside the bounds', async () => {
    expect(KDF_BOUNDS.maxMemoryTimesPassesKiB).toBe(8 * GiB_KiB);
    expect(KDF_BOUNDS.maxParallelism).toBe(8);
    for (const params of [STRONG_PARAMS, STRONG_LOW_MEMORY_PARAMS, { memoryKiB: 4 * GiB_KiB, iterations: 2, parallelism: 8 }, { memoryKiB: 128 * 1024, iterations: 64, parallelism: 1 }]) {
      expect(() => checkKdfParams(params, 32), JSON.stringify(params)).not.toThrow();
    }
    for (const params of [
      { memoryKiB: 4 * GiB_KiB, iterations: 3, parallelism: 4 },
      { memoryKiB: 128 * 1024 + 1, iterations: 64, parallelism: 1 },
      { memoryKiB: 2 * GiB_KiB, iterations: 5, parallelism: 4 },
      { memoryKiB: 1024, iterations: 1, parallelism: 9 },
    ]) {
      kdfError(() => checkKdfParams(params, 32));
    }
  });

  it('still derives with a sane header', async () => {
    const vector = parseVector(readFileSync(new URL('../../vectors/container/001-password-vault.txt', import.meta.url), 'utf8'));
    await unlockWithPassphrase(parseContainer(vector.file).header, vector.passphrase);
    expect(hashCalls).toHaveLength(1);
  });
});
