// Share bytes do not outlive the unlock: every share value the codec decodes, the copies handed to the
// Shamir library, and the stdin bytes a share was read from are zeroed once the store is open (or was
// refused). The test keeps references to those buffers and looks at them afterwards. DESIGN §3.4.

import { mkdtemp, rm } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const captured = vi.hoisted(() => ({ shareValues: [] as Uint8Array[], combineInputs: [] as Uint8Array[] }));

vi.mock('../../../src/custody/share-codec.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../src/custody/share-codec.js')>();
  return {
    ...original,
    parseShareText: (...args: Parameters<typeof original.parseShareText>) => {
      const share = original.parseShareText(...args);
      captured.shareValues.push(share.value);
      return share;
    },
  };
});
vi.mock('shamir-secret-sharing', async (importOriginal) => {
  const original = await importOriginal<typeof import('shamir-secret-sharing')>();
  return {
    ...original,
    combine: (shares: Uint8Array[]) => {
      captured.combineInputs.push(...shares);
      return original.combine(shares);
    },
  };
});

const { createBreakglassApp } = await import('../../../src/app/index.js');
const { lineSecretSource } = await import('../../../src/cli/secret-input.js');
const { testPorts } = await import('../../support/ports.js');

const zeroed = (buffers: readonly Uint8Array[]) => buffers.every((b) => b.every((byte) => byte === 0));
const GROUP = (names: string[]) => names.map((name) => ({ name }));

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'bg-share-wipe-'));
  captured.shareValues.length = 0;
  captured.combineInputs.length = 0;
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function createSet() {
  const app = createBreakglassApp(testPorts('share wipe'));
  const created = await app.createVaultSet({
    dir: join(root, 'set'),
    kdfProfile: 'test',
    password: { shares: { threshold: 2, custodians: GROUP(['Ana Lima', 'Ben Okafor', 'Chen Wei']) } },
    mfa: { passphrase: 'share wipe mfa passphrase' },
  });
  const shares = created.issuedShares.filter((s) => s.store === 'password-vault').map((s) => s.words.join(' '));
  captured.shareValues.length = 0;
  captured.combineInputs.length = 0;
  return { app, shares };
}

describe('share bytes after combining (security)', () => {
  it('zeroes every decoded share value and every copy given to the Shamir library after an unlock', async () => {
    const { app, shares } = await createSet();
    await app.unlockStore({ store: 'password-vault', secret: { shares: [shares[0]!, shares[2]!] } });
    expect(captured.shareValues.length).toBeGreaterThanOrEqual(2);
    expect(captured.combineInputs).toHaveLength(2);
    expect(zeroed(captured.shareValues), 'decoded share values').toBe(true);
    expect(zeroed(captured.combineInputs), 'copies given to combine').toBe(true);
    expect((await app.listAccounts()).length).toBe(0); // it did open
  });

  it('zeroes the share values of a refused unlock too (a share given twice)', async () => {
    const { app, shares } = await createSet();
    await expect(app.unlockStore({ store: 'password-vault', secret: { shares: [shares[1]!, shares[1]!] } })).rejects.toMatchObject({ code: 'DUPLICATE_SHARE' });
    expect(captured.shareValues).toHaveLength(2);
    expect(zeroed(captured.shareValues)).toBe(true);
  });

  it('zeroes the stdin bytes a share line was read from, once it is read', async () => {
    const input = new PassThrough();
    const chunk = Buffer.from('acid bacon cable\nsecond line\n');
    const source = lineSecretSource(input);
    input.write(chunk);
    expect(await source.read('Share 1: ')).toBe('acid bacon cable');
    expect(chunk.every((byte) => byte === 0)).toBe(true);
    source.close();
  });
});
