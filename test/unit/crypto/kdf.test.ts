import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  checkKdfParams,
  deriveKeyFromPassphrase,
  describeKdfParams,
  encodePassphrase,
  resolveKdfProfile,
  STRONG_LOW_MEMORY_PARAMS,
  STRONG_PARAMS,
  TEST_PARAMS,
} from '../../../src/crypto/kdf.js';
import { BreakglassError } from '../../../src/errors.js';
import { findTool, itWithTools } from '../../support/tools.js';

const argon2Cli = findTool('argon2', ['-h'], 'argon2');

describe('kdf', () => {
  it('resolves strong to RFC 9106 option 1 when the workstation has 8 GiB or more', () => {
    expect(resolveKdfProfile('strong', 8 * 1024 ** 3)).toEqual({ memoryKiB: 2097152, iterations: 1, parallelism: 4 });
    expect(STRONG_PARAMS).toEqual({ memoryKiB: 2097152, iterations: 1, parallelism: 4 });
  });

  it('falls back to 256 MiB, t=3, p=4 when the workstation has under 8 GiB', () => {
    expect(resolveKdfProfile('strong', 8 * 1024 ** 3 - 1)).toEqual({ memoryKiB: 262144, iterations: 3, parallelism: 4 });
    expect(resolveKdfProfile('strong', 4 * 1024 ** 3)).toBe(STRONG_LOW_MEMORY_PARAMS);
  });

  it('resolves test to tiny parameters and labels them as not for real use', () => {
    expect(resolveKdfProfile('test', 64 * 1024 ** 3)).toBe(TEST_PARAMS);
    expect(describeKdfParams(TEST_PARAMS)).toMatch(/TEST profile: not for real credentials/);
    expect(describeKdfParams(STRONG_PARAMS)).toBe('Argon2id m=2048 MiB t=1 p=4 (strong)');
  });

  it('rejects an unknown profile name with a RangeError', () => {
    expect(() => resolveKdfProfile('fast' as never, 1)).toThrow(RangeError);
  });

  it('accepts the bounds themselves and rejects one step beyond each', () => {
    expect(() => checkKdfParams({ memoryKiB: 4 * 1024 * 1024, iterations: 2, parallelism: 8 }, 64)).not.toThrow();
    expect(() => checkKdfParams({ memoryKiB: 1024, iterations: 64, parallelism: 8 }, 64)).not.toThrow();
    expect(() => checkKdfParams({ memoryKiB: 8, iterations: 1, parallelism: 1 }, 16)).not.toThrow();
    const beyond = [
      [{ memoryKiB: 4 * 1024 * 1024 + 1, iterations: 1, parallelism: 1 }, 16],
      [{ memoryKiB: 4 * 1024 * 1024, iterations: 3, parallelism: 1 }, 16],
      [{ memoryKiB: 1024, iterations: 65, parallelism: 1 }, 16],
      [{ memoryKiB: 1024, iterations: 1, parallelism: 9 }, 16],
      [{ memoryKiB: 1024, iterations: 1, parallelism: 17 }, 16],
      [{ memoryKiB: 1024, iterations: 1, parallelism: 1 }, 15],
      [{ memoryKiB: 1024, iterations: 1, parallelism: 1 }, 65],
      [{ memoryKiB: 31, iterations: 1, parallelism: 4 }, 16],
      [{ memoryKiB: 1024.5, iterations: 1, parallelism: 1 }, 16],
    ] as const;
    for (const [params, salt] of beyond) {
      expect(() => checkKdfParams(params, salt)).toThrow(BreakglassError);
    }
  });

  it('names every offending parameter in the KDF_PARAMS message', () => {
    try {
      checkKdfParams({ memoryKiB: 64 * 1024 * 1024, iterations: 100, parallelism: 1 }, 16);
      expect.unreachable();
    } catch (error) {
      expect((error as BreakglassError).code).toBe('KDF_PARAMS');
      expect((error as Error).message).toMatch(/memory 67108864 KiB/);
      expect((error as Error).message).toMatch(/iterations 100/);
      expect((error as Error).message).toMatch(/nothing was allocated/);
    }
  });

  it('normalises passphrases to NFC before UTF-8', () => {
    expect(encodePassphrase('caf\u0065\u0301')).toEqual(encodePassphrase('caf\u00e9'));
    expect(() => encodePassphrase(42 as unknown as string)).toThrow(TypeError);
  });

  it('derives 32 bytes that depend on passphrase and salt', async () => {
    const salt = new Uint8Array(16).fill(7);
    const a = await deriveKeyFromPassphrase(encodePassphrase('one passphrase'), salt, TEST_PARAMS);
    const b = await deriveKeyFromPassphrase(encodePassphrase('two passphrase'), salt, TEST_PARAMS);
    const c = await deriveKeyFromPassphrase(encodePassphrase('one passphrase'), new Uint8Array(16).fill(8), TEST_PARAMS);
    expect(a).toHaveLength(32);
    expect(a).not.toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('rejects wrong argument types with TypeError', async () => {
    await expect(deriveKeyFromPassphrase('text' as unknown as Uint8Array, new Uint8Array(16), TEST_PARAMS)).rejects.toThrow(TypeError);
    await expect(deriveKeyFromPassphrase(new Uint8Array(1), 'salt' as unknown as Uint8Array, TEST_PARAMS)).rejects.toThrow(TypeError);
  });

  itWithTools([argon2Cli])('agrees with Debian’s argon2 CLI at 64 MiB, t=3, p=4 and at the test profile', async () => {
    const salt = 'breakglass-salt-0123456789';
    for (const params of [{ memoryKiB: 65536, iterations: 3, parallelism: 4 }, TEST_PARAMS]) {
      const cli = spawnSync(
        'argon2',
        [salt, '-id', '-t', String(params.iterations), '-k', String(params.memoryKiB), '-p', String(params.parallelism), '-l', '32', '-r'],
        { input: 'pässphrase with ümlauts' },
      );
      const ours = await deriveKeyFromPassphrase(encodePassphrase('pässphrase with ümlauts'), new TextEncoder().encode(salt), params);
      expect(Buffer.from(ours).toString('hex')).toBe(cli.stdout.toString().trim());
    }
  });
});
