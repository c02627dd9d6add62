import { describe, expect, it } from 'vitest';
import { checkAccountClass, checkAccountId, checkAccountName, checkNotes, checkRootEmail } from '../../../src/stores/account-fields.js';
import { BreakglassError } from '../../../src/errors.js';

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof BreakglassError && error.code === 'VALIDATION') return error.field;
    throw error;
  }
  return undefined;
}

describe('account-fields', () => {
  it('accepts exactly 12 digits as an account id, keeping leading zeros and trimming', () => {
    expect(checkAccountId('012345678901')).toBe('012345678901');
    expect(checkAccountId(' 123456789012 ')).toBe('123456789012');
  });

  it('rejects account ids that are not exactly 12 digits, naming the field', () => {
    for (const bad of ['12345678901', '1234567890123', '12345678901a', '1234-5678-9012', '', 123456789012, null]) {
      expect(fieldOf(() => checkAccountId(bad)), String(bad)).toBe('accountId');
    }
    expect(() => checkAccountId('1234')).toThrow(/exactly 12 digits/);
  });

  it('accepts names in any script and rejects empty, overlong or control-character names', () => {
    expect(checkAccountName('  Безопасность Ελλάδα  ')).toBe('Безопасность Ελλάδα');
    for (const bad of ['', '   ', 'x'.repeat(129), 'tab\tname', 'new\nline', 42]) expect(fieldOf(() => checkAccountName(bad))).toBe('name');
  });

  it('accepts only the two account classes', () => {
    expect(checkAccountClass('management')).toBe('management');
    expect(checkAccountClass('excluded')).toBe('excluded');
    for (const bad of ['Management', 'member', '', undefined]) expect(fieldOf(() => checkAccountClass(bad))).toBe('accountClass');
  });

  it('accepts plain root emails and rejects malformed ones', () => {
    for (const ok of ['root@example.com', 'aws-root+prod@sub.example.co.uk', "o'brien@example.org"]) expect(checkRootEmail(ok)).toBe(ok);
    for (const bad of ['root', 'root@', '@example.com', 'root@example', 'root@@example.com', 'root@exa_mple.com', 'ro ot@example.com', 'a.@example.com', `${'a'.repeat(65)}@example.com`]) {
      expect(fieldOf(() => checkRootEmail(bad)), bad).toBe('email');
    }
  });

  it('allows line breaks in notes but not other control characters or huge notes', () => {
    expect(checkNotes('line 1\nline 2\ttab')).toBe('line 1\nline 2\ttab');
    expect(checkNotes(undefined)).toBe('');
    for (const bad of ['bell\u0007', 'x'.repeat(10_001), 5]) expect(fieldOf(() => checkNotes(bad))).toBe('notes');
  });
});
