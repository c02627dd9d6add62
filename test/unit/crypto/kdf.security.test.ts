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

const { deriveKeyFromPassphrase, encodePassphrase } = await import('../../../src/crypto/kdf.js');
const { unlockWithPassphrase } = await import('../../../src/crypto/passphrase-slot.js');
const { parseContainer } = await import('../../../src/crypto/container.js');
const { BreakglassError } = await import('../../../src/errors.js');

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
});
