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
const { unlockWithPassphrase } = await import('../../../src/crypto/passphrase-slot.js');
const { parseContainer } = await import('../../../src/crypto/container.js');
const { BreakglassError } = await import('../../../src/errors.js');
const { parseVector } = await import('../../vectors/generate.js');
const { PASSPHRASE_SLOT, patchU32, recomputeChecksums } = await import('../../support/tamper.js');
const { codeOf, errorOf } = await import('../../support/errors.js');

const GiB_KiB = 1024 * 1024;
const vector001 = (): Uint8Array =>
  parseVector(readFileSync(new URL('../../vectors/container/001-password-vault.txt', import.meta.url), 'utf8')).file;

describe('kdf (security)', () => {
  beforeEach(() => {
    hashCalls.length = 0;
  });

  it('never reaches Argon2 when a hostile file asks for 64 GiB', async () => {
    await expect(
      deriveKeyFromPassphrase(encodePassphrase('x'.repeat(12)), new Uint8Array(16), { memoryKiB: 64 * 1024 * 1024, iterations: 1, parallelism: 1 }),
    ).rejects.toSatisfy((error) => error instanceof BreakglassError && error.code === 'KDF_PARAMS');
    expect(hashCalls).toHaveLength(0);
  });

  it('refuses a crafted header at parse time, before any unlock is attempted', async () => {
    const { readFileSync } = await import('node:fs');
    const { parseVector } = await import('../../vectors/generate.js');
    const vector = parseVector(readFileSync(new URL('../../vectors/container/008-oversized-kdf-memory.txt', import.meta.url), 'utf8'));
    expect(() => parseContainer(vector.file)).toThrow(/outside the safe bounds/);
    expect(hashCalls).toHaveLength(0);
  });

  it('passes exactly the slot’s parameters to Argon2id when they are sane', async () => {
    const { readFileSync } = await import('node:fs');
    const { parseVector } = await import('../../vectors/generate.js');
    const vector = parseVector(readFileSync(new URL('../../vectors/container/001-password-vault.txt', import.meta.url), 'utf8'));
    const parsed = parseContainer(vector.file);
    await unlockWithPassphrase(parsed.header, vector.passphrase);
    expect(hashCalls).toEqual([expect.objectContaining({ type: 2, version: 0x13, memoryCost: 1024, timeCost: 1, parallelism: 1, hashLength: 32, raw: true })]);
  });

  // The cost bound (FORMAT.md §4.1): memory × passes and parallelism within the strong profile's needs
  // with a documented margin, refused before any derivation and naming the limit.
  it('refuses the largest header the old bounds allowed (4 GiB, t = 64, p = 16), naming the limits, without deriving', async () => {
    const params = { memoryKiB: 4 * GiB_KiB, iterations: 64, parallelism: 16 };
    const error = await errorOf(Promise.resolve().then(() => checkKdfParams(params, 32)));
    expect(error.code).toBe('KDF_PARAMS');
    expect(error.message).toMatch(/memory × passes 256 GiB is above the limit of 8 GiB \(four times the strong profile's 2 GiB × 1\)/);
    expect(error.message).toMatch(/parallelism 16 is outside 1–8/);
    expect(await codeOf(deriveKeyFromPassphrase(encodePassphrase('x'.repeat(12)), new Uint8Array(32), params))).toBe('KDF_PARAMS');
    expect(hashCalls).toHaveLength(0);
  });

  it('refuses, at parse time, a store header whose memory is allowed but whose memory × passes is not', async () => {
    const forged = recomputeChecksums(patchU32(patchU32(vector001(), PASSPHRASE_SLOT.memory, 4 * GiB_KiB), PASSPHRASE_SLOT.iterations, 3));
    const error = await errorOf(Promise.resolve().then(() => parseContainer(forged, 'password-vault')));
    expect(error.code).toBe('KDF_PARAMS');
    expect(error.message).toMatch(/memory × passes 12 GiB is above the limit of 8 GiB.*nothing was allocated/);
    expect(hashCalls).toHaveLength(0);
  });

  it('keeps both strong profiles, and the documented edges, inside the cost bound', async () => {
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
      expect(await codeOf(() => checkKdfParams(params, 32)), JSON.stringify(params)).toBe('KDF_PARAMS');
    }
  });
});
