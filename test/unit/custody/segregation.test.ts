import { describe, expect, it } from 'vitest';
import { assignCustodians, parseCustodiansFile, personKey } from '../../../src/custody/custodians.js';
import { checkSegregation, sharedCustodians, smallestCoalition } from '../../../src/custody/segregation.js';
import { BreakglassError } from '../../../src/errors.js';

const at = '2026-11-22T10:00:00Z';
const group = (...names: string[]) => assignCustodians(names.map((name) => ({ name })), names.length, at);

describe('custodians and segregation', () => {
  it('assigns share indexes in order and refuses a person listed twice', () => {
    expect(group('Alice', 'Bob').map((c) => c.shareIndex)).toEqual([1, 2]);
    expect(() => group('Alice', ' alice ')).toThrow(/listed twice/);
    expect(() => assignCustodians([{ name: 'A' }], 3, at)).toThrow(/3 shares need 3 named custodians/);
  });

  it('treats case, spacing and compatibility forms as the same person', () => {
    expect(personKey('  Ana   María ')).toBe(personKey('ana maría'));
    expect(personKey('Ａlice')).toBe(personKey('alice'));
  });

  it('refuses one person in both groups without a reason, naming them', () => {
    expect(() => checkSegregation(group('Alice', 'Bob'), group('Carol', 'BOB'))).toThrow(
      /Bob would be a custodian of both the password vault and the MFA seed store/,
    );
    try {
      checkSegregation(group('Alice', 'Bob'), group('Carol', 'Bob'), 'short');
    } catch (error) {
      expect((error as BreakglassError).code).toBe('SEGREGATION');
    }
  });

  it('allows the overlap with a reason and returns who is shared', () => {
    expect(checkSegregation(group('Alice', 'Bob'), group('Carol', 'Bob'), 'Only two staff on the island site')).toEqual(['Bob']);
    expect(checkSegregation(group('Alice', 'Bob'), group('Carol', 'Dan'))).toEqual([]);
    expect(sharedCustodians(group('A', 'B'), group('b', 'C'))).toEqual(['B']);
  });

  it('reports the smallest coalition that opens both stores', () => {
    const pw = { threshold: 2, hasPassphrase: false, custodians: group('A', 'B', 'C') };
    const mfa = { threshold: 3, hasPassphrase: false, custodians: group('D', 'E', 'F', 'G') };
    expect(smallestCoalition(pw, mfa).size).toBe(5);
    const overlap = { threshold: 3, hasPassphrase: false, custodians: group('A', 'E', 'F', 'G') };
    expect(smallestCoalition(pw, overlap).size).toBe(4);
    expect(smallestCoalition({ threshold: null, hasPassphrase: true, custodians: [] }, mfa)).toMatchObject({
      size: 4,
      explanation: '1 password passphrase holder + 3 MFA custodians (shares)',
    });
  });

  it('parses a custodians file with [password] and [mfa] sections, naming bad lines', () => {
    const parsed = parseCustodiansFile('# custodians\n[password]\nAlice Example, Security lead, alice@example.com\nBob,Ops\n\n[MFA]\nCarol,Finance\n');
    expect(parsed.password).toEqual([
      { name: 'Alice Example', role: 'Security lead', contact: 'alice@example.com' },
      { name: 'Bob', role: 'Ops', contact: '' },
    ]);
    expect(parsed.mfa.map((c) => c.name)).toEqual(['Carol']);
    expect(() => parseCustodiansFile('Alice,Ops')).toThrow(/line 1: put names under a \[password\] or \[mfa\] heading/);
    expect(() => parseCustodiansFile('[mfa]\n,Ops')).toThrow(/line 2/);
  });

  it('calls an overlap a recorded override only when an override names those people', () => {
    const pw = { threshold: 2, hasPassphrase: false, custodians: group('Alice', 'Bob', 'Dana') };
    const mfa = { threshold: 2, hasPassphrase: false, custodians: group('Dana', 'Eli', 'Fay') };
    expect(smallestCoalition(pw, mfa).explanation).toMatch(/with NO recorded override \(Dana\)/);
    const recorded = { ...pw, overrides: [{ at, reason: 'small team, accepted', custodians: ['Dana'] }] };
    expect(smallestCoalition(recorded, mfa).explanation).toMatch(/person\(s\) in both groups \(recorded override\)$/);
  });
});
