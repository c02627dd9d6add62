import { describe, expect, it } from 'vitest';
import { checkAccountClass, checkAccountId, checkAccountName, checkNotes, checkRootEmail } from '../../../src/stores/account-fields.js';
import { BreakglassError } from '../../../src/errors.js';
import { seededRng } from '../../support/ports.js';

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

describe('checkRootEmail without RegExps', () => {
  /** The definition it replaced: lastIndexOf, split and three patterns. */
  const referenceAccepts = (value: unknown): boolean => {
    const text = typeof value === 'string' ? value.trim() : '';
    const at = text.lastIndexOf('@');
    const local = text.slice(0, at);
    const labels = text.slice(at + 1).split('.');
    return (
      at > 0 &&
      text.length <= 254 &&
      local.length <= 64 &&
      /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/.test(local) &&
      labels.length >= 2 &&
      labels.every((label) => /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(label)) &&
      /^[A-Za-z]{2,63}$/.test(labels[labels.length - 1] as string)
    );
  };
  const accepts = (value: unknown): boolean => fieldOf(() => checkRootEmail(value)) === undefined;

  it('accepts exactly what the patterns accepted (random edits of valid addresses, and length edges)', () => {
    const seeds = ['aws-root+prod@sub.example.co.uk', "o'brien@example.org", 'a@b.cd', 'x.y.z@a-b.c-d.museum', 'r@1.2.io'];
    const pieces = ['.', '..', '@', '-', '_', '+', ' ', '\t', 'é', 'A', '9', '', 'a-', '-a', '.com', 'c', '\n', '"', '(', '@a.b'];
    const fuzz = seededRng('email fuzz');
    const disagreements: string[] = [];
    for (let i = 0; i < 20000; i++) {
      const bytes = fuzz.bytes(10);
      let email = seeds[(bytes[0] as number) % seeds.length] as string;
      for (let j = 1; j <= 1 + ((bytes[1] as number) % 3); j++) {
        const at = (bytes[j + 1] as number) % (email.length + 1);
        const cut = (bytes[j + 5] as number) % 3;
        email = email.slice(0, at) + pieces[(bytes[j + 4] as number) % pieces.length] + email.slice(at + cut);
      }
      if (accepts(email) !== referenceAccepts(email)) disagreements.push(email);
    }
    const label = (n: number) => 'a'.repeat(n);
    const edges = [
      `${label(64)}@example.com`,
      `${label(65)}@example.com`,
      `a@${label(63)}.com`,
      `a@${label(64)}.com`,
      `a@example.${label(63)}`,
      `a@example.${label(64)}`,
      `a@example.c`,
      `a@example.c0m`,
      `${label(60)}@${label(63)}.${label(63)}.${label(60)}.com`,
      `${label(64)}@${label(63)}.${label(63)}.${label(59)}.com`,
      ` a@b.cd `,
      'a@-b.cd',
      'a@b-.cd',
      'a@b..cd',
      'a@.b.cd',
      'a@b.cd.',
      '.a@b.cd',
      'a..b@b.cd',
      undefined,
      17,
    ];
    for (const email of edges) if (accepts(email) !== referenceAccepts(email)) disagreements.push(String(email));
    expect(disagreements).toEqual([]);
  });
});
