// Creating a vault set holds the vault-set write lock (FORMAT.md §10.7): two creations in one directory
// at once give one whole vault set and one refusal, never stores of two different sets side by side.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBreakglassApp } from '../../../src/app/index.js';
import { testPorts } from '../../support/ports.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bg-create-lock-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('two creations of one vault set at once', () => {
  it('leave one whole vault set, made by the one that succeeded', async () => {
    for (let round = 0; round < 5; round++) {
      const dir = join(root, `set-${round}`);
      const create = (who: string) =>
        createBreakglassApp(testPorts(`create ${who} ${round}`)).createVaultSet({
          dir,
          kdfProfile: 'test',
          password: { passphrase: `vault passphrase of ${who}` },
          mfa: { passphrase: `mfa passphrase of ${who}` },
        });
      const outcomes = await Promise.allSettled([create('first'), create('second')]);
      const won = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [{ who: i === 0 ? 'first' : 'second', setId: o.value.setId }] : []));
      expect(won, `round ${round}`).toHaveLength(1);
      const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
      expect(String(refused.reason)).toMatch(/already|BUSY|another Breakglass process/i);
      const reader = createBreakglassApp(testPorts(`reader ${round}`));
      const status = await reader.openVaultSet({ dir });
      expect(status.stores['password-vault'].inspection?.setId).toBe(won[0]!.setId);
      expect(status.stores['mfa-seeds'].inspection?.setId).toBe(won[0]!.setId);
      await reader.unlockStore({ store: 'mfa-seeds', secret: { passphrase: `mfa passphrase of ${won[0]!.who}` } });
      await reader.lockAll();
    }
  });
});
