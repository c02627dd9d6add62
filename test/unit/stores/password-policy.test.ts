import { describe, expect, it } from 'vitest';
import { checkRootPassword, generateRootPassword } from '../../../src/stores/password-policy.js';
import { BreakglassError } from '../../../src/errors.js';
import { seededRng } from '../../support/ports.js';

describe('password-policy', () => {
  it('accepts 8–128 printable characters with three of four classes', () => {
    for (const ok of ['Abcdefg1', 'abcdefg1!', 'ABCDEFG1!', 'A'.repeat(60) + 'b'.repeat(60) + '12345678']) {
      expect(() => checkRootPassword(ok)).not.toThrow();
    }
  });

  it('rejects too short, too long, two classes, spaces or non-ASCII, naming the rule', () => {
    const cases: [string, RegExp][] = [
      ['Ab1!', /4 characters; AWS requires 8–128/],
      ['Ab1!'.repeat(33), /132 characters/],
      ['abcdefgh1234', /at least three of/],
      ['Abc def 123', /printable ASCII/],
      ['Äbcdefg123', /printable ASCII/],
    ];
    for (const [password, message] of cases) {
      expect(() => checkRootPassword(password)).toThrow(message);
      try {
        checkRootPassword(password);
      } catch (error) {
        expect((error as BreakglassError).field).toBe('password');
      }
    }
  });

  it('rejects a password equal to the account name or email, ignoring case', () => {
    expect(() => checkRootPassword('Prod-Account-1', { accountName: 'prod-account-1' })).toThrow(/account name/);
    expect(() => checkRootPassword('Root@Example.com', { email: 'root@example.com' })).toThrow(/email/);
  });

  it('generates 32 characters by default that always pass the policy with all four classes', () => {
    const rng = seededRng('generator');
    for (let i = 0; i < 200; i++) {
      const password = generateRootPassword(rng);
      expect(password).toHaveLength(32);
      expect(() => checkRootPassword(password)).not.toThrow();
      expect(password).toMatch(/[A-Z]/);
      expect(password).toMatch(/[a-z]/);
      expect(password).toMatch(/[0-9]/);
      expect(password).toMatch(/[^A-Za-z0-9]/);
    }
    expect(generateRootPassword(rng, 128)).toHaveLength(128);
  });

  it('draws characters without bias (every one of the 83 symbols appears)', () => {
    const rng = seededRng('bias');
    const counts = new Map<string, number>();
    for (let i = 0; i < 400; i++) for (const ch of generateRootPassword(rng, 64)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(83);
    const values = [...counts.values()];
    expect(Math.min(...values) / Math.max(...values)).toBeGreaterThan(0.6);
  });

  it('rejects lengths outside 12–128 with RangeError', () => {
    const rng = seededRng('x');
    expect(() => generateRootPassword(rng, 11)).toThrow(RangeError);
    expect(() => generateRootPassword(rng, 129)).toThrow(RangeError);
    expect(() => generateRootPassword(rng, 20.5)).toThrow(RangeError);
  });
});
