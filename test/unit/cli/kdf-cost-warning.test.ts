// A header whose KDF costs far more than the vault set was created with is named before the passphrase is
// derived — the cost, the usual cost, and what to do — so a forged header cannot pass for slowness.

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBreakglassApp } from '../../../src/app/index.js';
import { kdfCostWarning, TEST_PARAMS } from '../../../src/crypto/kdf.js';
import { runCliInProcess } from '../../support/cli.js';
import { testPorts } from '../../support/ports.js';
import { PASSPHRASE_SLOT, patchU32, recomputeChecksums } from '../../support/tamper.js';

const PASS = 'kdf warning passphrase';
let root: string;
const dir = () => join(root, 'set');
const cli = (argv: string[], stdin: readonly string[]) => runCliInProcess(argv, { ports: testPorts('kdf warning'), stdin });

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bg-kdf-warning-'));
  const app = createBreakglassApp(testPorts('kdf warning set'));
  await app.createVaultSet({ dir: dir(), kdfProfile: 'test', password: { passphrase: PASS }, mfa: { passphrase: 'kdf warning mfa passphrase' } });
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('KDF cost warning', () => {
  it('says nothing for the cost the vault set was created with', async () => {
    const result = await cli(['account', 'list', dir()], [PASS]);
    expect(result.code).toBe(0);
    expect(result.stderr).not.toMatch(/Warning/);
  });

  it('names both costs before deriving when a forged header asks for 64 times the usual', async () => {
    const path = join(dir(), 'password-vault.bgv');
    const original = new Uint8Array(await readFile(path));
    await writeFile(path, recomputeChecksums(patchU32(original, PASSPHRASE_SLOT.memory, 64 * 1024)));
    try {
      const result = await cli(['account', 'list', dir()], [PASS]);
      expect(result.code).not.toBe(0);
      const [warning, error] = result.stderr.split('\n');
      expect(warning).toMatch(/^Warning: The password vault file .* asks for a key derivation of Argon2id m=64 MiB t=1 p=1, 64 times the cost this vault set was created with \(Argon2id m=1 MiB t=1 p=1/);
      expect(warning).toMatch(/the file may have been altered/);
      expect(error).toMatch(/\[(AUTH|INTEGRITY)\]$/);
    } finally {
      await writeFile(path, original);
    }
  });

  it('stays quiet up to four times the usual cost', () => {
    expect(kdfCostWarning({ ...TEST_PARAMS, memoryKiB: 4096 }, TEST_PARAMS, 'store')).toBeUndefined();
    expect(kdfCostWarning({ ...TEST_PARAMS, memoryKiB: 4097 }, TEST_PARAMS, 'store')).toMatch(/4 times the cost/);
  });
});
