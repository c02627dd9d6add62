// Bidi controls and invisible characters in account names: refused on input (naming the character),
// still read in a vault written before, and shown as ⟨U+XXXX⟩ by displaySafe. FORMAT.md §2.3.

import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../../src/crypto/canonical-json.js';
import { checkAccountName } from '../../../src/stores/account-fields.js';
import { displaySafe } from '../../../src/stores/invisible-text.js';
import { checkAccountInput, decodeVaultDocument } from '../../../src/stores/vault.js';
import { seededRng } from '../../support/ports.js';
import { buildVault } from '../../support/stores.js';

const SPOOFS: readonly [string, string][] = [
  ['Prod \u202eTSET', 'U+202E (right-to-left override)'],
  ['Prod\u2066 backup', 'U+2066 (left-to-right isolate)'],
  ['Prod\u200b', 'U+200B (zero width space)'],
  ['Pro\u00add', 'U+00AD (soft hyphen)'],
  ['Prod\u{e0020}', 'U+E0020 (tag character)'],
  ['\u061cProd', 'U+061C (Arabic letter mark)'],
];

describe('account names (security)', () => {
  it('refuses bidi controls and invisible characters in a new account name, naming the character', () => {
    for (const [name, described] of SPOOFS) {
      expect(() => checkAccountName(name), name).toThrow(
        expect.objectContaining({ code: 'VALIDATION', field: 'name', message: expect.stringMatching(/Type the account name again by hand/) }),
      );
      expect(() => checkAccountName(name)).toThrow(described);
      expect(() => checkAccountInput({ accountId: '123456789012', name, accountClass: 'management', email: 'root@example.com' })).toThrow(
        expect.objectContaining({ code: 'VALIDATION', field: 'name' }),
      );
    }
    expect(checkAccountName('Λογαριασμός ασφαλείας — Безопасность')).toBe('Λογαριασμός ασφαλείας — Безопасность');
  });

  it('still opens a vault written before, whose account name holds such a character', async () => {
    const { doc } = await buildVault({ rng: seededRng('account names'), nowMs: Date.UTC(2026, 10, 22), passphrase: 'account names passphrase' });
    const json = JSON.parse(JSON.stringify(doc)) as { accounts: { name: string }[] };
    (json.accounts[0] as { name: string }).name = 'Prod \u202eTSET';
    expect(decodeVaultDocument(json as unknown as JsonValue).accounts[0]?.name).toBe('Prod \u202eTSET');
  });

  it('shows existing text with every bidi, invisible and control character as a visible ⟨U+XXXX⟩', () => {
    expect(displaySafe('Prod \u202eTSET')).toBe('Prod ⟨U+202E⟩TSET');
    expect(displaySafe('a\u200bb\u00adc\u{e0041}d\u0007e\u2028')).toBe('a⟨U+200B⟩b⟨U+00AD⟩c⟨U+E0041⟩d⟨U+0007⟩e⟨U+2028⟩');
    expect(displaySafe('line 1\nline 2\ttab')).toBe('line 1\nline 2\ttab');
    expect(displaySafe(displaySafe('x\u202ey'))).toBe('x⟨U+202E⟩y');
    expect(displaySafe('Ελλάδα Безопасность עברית')).toBe('Ελλάδα Безопасность עברית');
  });
});
