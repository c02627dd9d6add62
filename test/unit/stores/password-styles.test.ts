// Password styles: each generates policy-compliant passwords at least as strong as the default, from its
// own alphabet, and a stored style survives the vault document's round trip (old documents still read).

import { describe, expect, it } from 'vitest';
import { checkRootPassword } from '../../../src/stores/password-policy.js';
import { generatePasswordInStyle, groupPassword, MIN_UNAMBIGUOUS_LENGTH, passwordLegend, passwordStyleEntropy, PASSWORD_STYLES } from '../../../src/stores/password-styles.js';
import { addVaultAccount, decodeVaultDocument, EMPTY_VAULT } from '../../../src/stores/vault.js';
import type { JsonValue } from '../../../src/crypto/canonical-json.js';
import type { Rng } from '../../../src/shared/determinism.js';

function seededRng(seed: number): Rng {
  let state = seed >>> 0;
  return {
    bytes(n: number) {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
        out[i] = state >>> 24;
      }
      return out;
    },
  };
}

describe('password-styles', () => {
  it('gives every style at least the entropy of the 32-character default', () => {
    const base = passwordStyleEntropy('symbols');
    expect(base).toBeGreaterThan(203.9);
    expect(base).toBeLessThan(204.1);
    expect(passwordStyleEntropy('unambiguous')).toBeGreaterThanOrEqual(base);
    expect(passwordStyleEntropy('words')).toBeGreaterThanOrEqual(base);
    expect(passwordStyleEntropy('unambiguous', MIN_UNAMBIGUOUS_LENGTH - 1)).toBeLessThan(base);
  });

  it('generates policy-compliant passwords from each style’s own alphabet', () => {
    const rng = seededRng(7);
    for (let i = 0; i < 50; i++) {
      for (const style of PASSWORD_STYLES) {
        const password = generatePasswordInStyle(rng, style, undefined, { accountName: 'Prod', email: 'root@example.com' });
        expect(() => checkRootPassword(password)).not.toThrow();
        if (style === 'unambiguous') {
          expect(password).toHaveLength(36);
          expect(password).toMatch(/^[A-HJ-NP-Za-km-np-z2-9]+$/);
        }
        if (style === 'words') {
          expect(password).toMatch(/^([A-Z][a-z]+[0-9]){14}[A-Z][a-z]+$/);
          expect(groupPassword(password, 'words')).toHaveLength(15);
        }
      }
    }
  });

  it('refuses lengths that would weaken a style', () => {
    expect(() => generatePasswordInStyle(seededRng(1), 'unambiguous', 20)).toThrow(/36–128/);
    expect(() => generatePasswordInStyle(seededRng(1), 'words', 40)).toThrow(/takes no length/);
  });

  it('groups by four and names the look-alike characters', () => {
    expect(groupPassword('Ab0lI|xyzQ')).toEqual(['Ab0l', 'I|xy', 'zQ']);
    expect(passwordLegend('O0Ol1x').map((e) => e.char)).toEqual(['O', '0', 'l', '1']);
    expect(passwordLegend('abc')).toEqual([]);
  });

  it('stores the chosen style on the account and still reads documents without it', () => {
    const context = { setId: new Uint8Array(16), dataKey: new Uint8Array(32).fill(3), rng: seededRng(2), now: '2026-01-01T00:00:00Z' };
    const input = { accountId: '123456789012', name: 'Prod', accountClass: 'management', email: 'root@example.com' };
    const styled = addVaultAccount(EMPTY_VAULT, { ...input, passwordStyle: 'words' }, 'Correct7Horse2Battery', context);
    const json = JSON.parse(JSON.stringify(styled)) as JsonValue;
    expect(decodeVaultDocument(json).accounts[0]?.passwordStyle).toBe('words');
    const plain = JSON.parse(JSON.stringify(addVaultAccount(EMPTY_VAULT, input, 'Correct7Horse2Battery', context))) as { accounts: Record<string, unknown>[] };
    expect('passwordStyle' in plain.accounts[0]!).toBe(false);
    expect(decodeVaultDocument(plain as unknown as JsonValue).accounts[0]?.passwordStyle).toBeUndefined();
    plain.accounts[0]!.passwordStyle = 'fancy';
    expect(() => decodeVaultDocument(plain as unknown as JsonValue)).toThrow(/does not match the store schema/);
  });
});
