import { describe, expect, it } from 'vitest';
import { checkSecretBox, decodeCanonicalBase64, openSecret, sealSecret } from '../../../src/crypto/secret-box.js';
import { BreakglassError } from '../../../src/errors.js';
import { seededRng } from '../../support/ports.js';

const rng = seededRng('secret box');
const key = rng.bytes(32);
const setId = rng.bytes(16);
const context = { kind: 'password-vault' as const, setId, entryId: '012345678901' };
const secret = new TextEncoder().encode('Root-Password-1!');

describe('secret-box', () => {
  it('opens what it sealed when key and context match', () => {
    const box = sealSecret(key, secret, context, rng);
    expect(openSecret(key, box, context)).toEqual(secret);
    expect(checkSecretBox(box, 'box')).toBe(box);
  });

  it('uses a fresh nonce for every box', () => {
    expect(sealSecret(key, secret, context, rng).nonce).not.toBe(sealSecret(key, secret, context, rng).nonce);
  });

  it('refuses a box moved to another account, store kind or vault set with INTEGRITY', () => {
    const box = sealSecret(key, secret, context, rng);
    for (const other of [
      { ...context, entryId: '210987654321' },
      { ...context, kind: 'mfa-seeds' as const },
      { ...context, setId: rng.bytes(16) },
    ]) {
      expect(() => openSecret(key, box, other)).toThrow(BreakglassError);
    }
    expect(() => openSecret(rng.bytes(32), box, context)).toThrow(/failed authentication/);
  });

  it('rejects non-canonical base64 and malformed boxes with FORMAT', () => {
    expect(() => decodeCanonicalBase64('QR==', 'x')).toThrow(BreakglassError);
    expect(() => decodeCanonicalBase64('QQ', 'x')).toThrow(BreakglassError);
    expect(() => decodeCanonicalBase64(5, 'x')).toThrow(BreakglassError);
    const box = sealSecret(key, secret, context, rng);
    expect(() => checkSecretBox({ ...box, extra: 1 }, 'box')).toThrow(BreakglassError);
    expect(() => checkSecretBox({ ...box, nonce: 'QQ==' }, 'box')).toThrow(/nonce is not 24 bytes/);
    expect(() => checkSecretBox({ nonce: box.nonce, ct: 'QUFBQQ==' }, 'box')).toThrow(/at least 17 bytes/);
    expect(() => checkSecretBox(null, 'box')).toThrow(BreakglassError);
  });

  it('checks base64 without decoding exactly as decoding would (random spellings)', () => {
    const box = sealSecret(key, secret, context, rng);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=';
    const fuzz = seededRng('base64 fuzz');
    for (let i = 0; i < 3000; i++) {
      const bytes = fuzz.bytes(34);
      const length = 28 + ((bytes[0] as number) % 8);
      let ct = box.ct.slice(0, length);
      for (let j = 1; j < 4; j++) {
        const at = (bytes[j] as number) % ct.length;
        ct = ct.slice(0, at) + alphabet[(bytes[j + 4] as number) % alphabet.length] + ct.slice(at + 1);
      }
      let decodes: boolean;
      try {
        decodes = decodeCanonicalBase64(ct, 'ct').length >= 17;
      } catch {
        decodes = false;
      }
      let accepted = true;
      try {
        checkSecretBox({ nonce: box.nonce, ct }, 'box');
      } catch {
        accepted = false;
      }
      expect(accepted, ct).toBe(decodes);
    }
  });
});

describe('checkSecretBox base64 lengths without a RegExp', () => {
  /** The pattern it replaced: groups of four, then one padded group ending in zero bits. */
  const CANONICAL = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/][AQgw]==|[A-Za-z0-9+/]{2}[AEIMQUYcgkosw048]=)?$/;
  const accepts = (ct: string): boolean => {
    try {
      checkSecretBox({ nonce: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', ct }, 'box');
      return true;
    } catch {
      return false;
    }
  };
  const referenceAccepts = (ct: string): boolean => {
    if (!CANONICAL.test(ct)) return false;
    const padding = ct.endsWith('==') ? 2 : ct.endsWith('=') ? 1 : 0;
    return (ct.length / 4) * 3 - padding >= 17;
  };

  it('accepts exactly the spellings the pattern accepted (random short strings over base64 and stray characters)', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/====-_ .\né\u0100';
    const fuzz = seededRng('base64 pattern fuzz');
    const base = 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo';
    const disagreements: string[] = [];
    for (let i = 0; i < 20000; i++) {
      const bytes = fuzz.bytes(8);
      let ct = base.slice(0, 20 + ((bytes[0] as number) % 16));
      for (let j = 1; j < 1 + ((bytes[1] as number) % 4); j++) {
        const at = (bytes[j + 1] as number) % (ct.length + 1);
        ct = ct.slice(0, at) + alphabet[(bytes[j + 4] as number) % alphabet.length] + ct.slice(at + 1);
      }
      if (accepts(ct) !== referenceAccepts(ct)) disagreements.push(ct);
    }
    for (const ct of ['', '====', 'A===', 'AAAAAAAAAAAAAAAAAAAAAAAA', 'AAAAAAAAAAAAAAAAAAAAAAA=', 'AAAAAAAAAAAAAAAAAAAAAAB=', 'AAAAAAAAAAAAAAAAAAAAAA==', 'AAAAAAAAAAAAAAAAAAAAAB==', 'AAAAAAAAAAAAAAAAAAAAAAAA\n']) {
      if (accepts(ct) !== referenceAccepts(ct)) disagreements.push(ct);
    }
    for (const c of alphabet) {
      for (const ct of ['A'.repeat(25) + c + '==', 'A'.repeat(26) + c + '=', 'A'.repeat(24) + c + 'A==', c + 'A'.repeat(27)]) {
        if (accepts(ct) !== referenceAccepts(ct)) disagreements.push(ct);
      }
    }
    expect(disagreements).toEqual([]);
  });
});
