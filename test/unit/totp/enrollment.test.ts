import { base32nopad } from '@scure/base';
import { describe, expect, it } from 'vitest';
import { BreakglassError } from '../../../src/errors.js';
import { totpCodes } from '../../../src/totp/codes.js';
import {
  createRandomSeed,
  enrollmentCodes,
  otpauthUri,
  parseEnrollmentSecret,
  type EnrollmentSecret,
} from '../../../src/totp/enrollment.js';
import { seededRng } from '../../support/ports.js';

/** 40 bytes, 64 base32 characters: what AWS shows under "Show secret key". */
const AWS_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const AWS_SEED = base32nopad.decode(AWS_SECRET);
const AWS_URI =
  `otpauth://totp/Amazon%20Web%20Services:root-account-mfa-device@123456789012?secret=${AWS_SECRET}` + '&issuer=Amazon%20Web%20Services';
const AWS_PARAMS = { algorithm: 'SHA1', digits: 6, period: 30 } as const;

function refusal(text: string, field: string): BreakglassError {
  try {
    parseEnrollmentSecret(text).seed.fill(0);
  } catch (error) {
    expect(error).toBeInstanceOf(BreakglassError);
    expect((error as BreakglassError).code).toBe('VALIDATION');
    expect((error as BreakglassError).field).toBe(field);
    return error as BreakglassError;
  }
  return expect.unreachable(`${text} was accepted`);
}

describe('enrollment', () => {
  describe('parseEnrollmentSecret', () => {
    it('reads the base32 secret AWS shows with AWS defaults when it is pasted alone', () => {
      const parsed = parseEnrollmentSecret(AWS_SECRET);
      expect(parsed).toEqual({ seed: AWS_SEED, algorithm: 'SHA1', digits: 6, period: 30 });
      expect(parsed.label).toBeUndefined();
    });

    it('reads the secret when it was copied in groups, lower case, with padding or surrounding white space', () => {
      expect(parseEnrollmentSecret(`  ${AWS_SECRET.toLowerCase().replace(/(.{4})/g, '$1 ')}\n`).seed).toEqual(AWS_SEED);
      expect(parseEnrollmentSecret('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ====').seed).toEqual(new TextEncoder().encode('12345678901234567890'));
    });

    it('refuses a bad base32 secret on the seed field when it is short, empty or mistyped', () => {
      expect(refusal('JBSWY3DPEHPK3PXP', 'seed').message).toMatch(/10 bytes.*16–128/);
      expect(refusal(AWS_SECRET.slice(0, -1) + '0', 'seed').message).toMatch(/not base32/);
      expect(refusal(AWS_SECRET.slice(0, 63), 'seed').message).toMatch(/character is missing or extra/);
      refusal('', 'seed');
      expect(() => parseEnrollmentSecret(42 as unknown as string)).toThrow(TypeError);
    });

    it('reads the label, issuer and secret of an AWS otpauth URI when one is pasted', () => {
      expect(parseEnrollmentSecret(AWS_URI)).toEqual({
        seed: AWS_SEED,
        ...AWS_PARAMS,
        label: 'root-account-mfa-device@123456789012',
        issuer: 'Amazon Web Services',
      });
    });

    it('reads algorithm, digits and period when the URI sets them', () => {
      const parsed = parseEnrollmentSecret(`otpauth://totp/Example:alice?secret=${AWS_SECRET}&algorithm=SHA256&digits=8&period=60`);
      expect(parsed).toMatchObject({ algorithm: 'SHA256', digits: 8, period: 60, label: 'alice', issuer: 'Example' });
      expect(parseEnrollmentSecret(`otpauth://totp/x?secret=${AWS_SECRET}&algorithm=sha512`).algorithm).toBe('SHA512');
      expect(parseEnrollmentSecret(`otpauth://totp/x?secret=${AWS_SECRET}&algorithm=SHA-256`).algorithm).toBe('SHA256');
    });

    it('accepts URI variants when the label has no issuer, the issuer differs, or the QR code upper-cased it', () => {
      expect(parseEnrollmentSecret(`otpauth://totp/root-mfa?secret=${AWS_SECRET}`)).toEqual({ seed: AWS_SEED, ...AWS_PARAMS, label: 'root-mfa' });
      expect(parseEnrollmentSecret(`otpauth://totp/?secret=${AWS_SECRET}&issuer=AWS`)).toEqual({ seed: AWS_SEED, ...AWS_PARAMS, issuer: 'AWS' });
      expect(parseEnrollmentSecret(`otpauth://totp/Old:root?secret=${AWS_SECRET}&issuer=New`)).toMatchObject({ label: 'root', issuer: 'New' });
      expect(parseEnrollmentSecret(`otpauth://totp/ACME%3A%20root?secret=${AWS_SECRET}`)).toMatchObject({ label: 'root', issuer: 'ACME' });
      expect(parseEnrollmentSecret(`OTPAUTH://TOTP/AWS:ROOT?SECRET=${AWS_SECRET}&ALGORITHM=SHA1&DIGITS=6&PERIOD=30`)).toMatchObject({
        seed: AWS_SEED,
        label: 'ROOT',
        issuer: 'AWS',
      });
      expect(parseEnrollmentSecret(`otpauth://totp/a?secret=${AWS_SECRET.toLowerCase()}&image=https%3A%2F%2Fexample.com%2Fx.png`).seed).toEqual(
        AWS_SEED,
      );
      expect(parseEnrollmentSecret(`otpauth://totp/a?secret=${AWS_SECRET}%3D%3D%3D%3D`).seed).toEqual(AWS_SEED);
    });

    it('refuses an HOTP URI and says AWS virtual devices are time-based', () => {
      expect(refusal(`otpauth://hotp/ACME:root?secret=${AWS_SECRET}&counter=0`, 'uri').message).toMatch(/HOTP.*time-based \(TOTP\)/);
    });

    it('refuses a URI without a secret and says where to find it', () => {
      expect(refusal('otpauth://totp/ACME:root?issuer=ACME', 'seed').message).toMatch(/no secret= parameter.*Show secret key/);
      refusal('otpauth://totp/ACME:root?secret=&issuer=ACME', 'seed');
      refusal('otpauth://totp/ACME:root?secret=JBSWY3DPEHPK3PXP', 'seed');
    });

    it('refuses unknown parameter values and names the parameter when the URI holds them', () => {
      expect(refusal(`otpauth://totp/a?secret=${AWS_SECRET}&algorithm=MD5`, 'algorithm').message).toMatch(/"MD5"/);
      expect(refusal(`otpauth://totp/a?secret=${AWS_SECRET}&digits=7`, 'digits').message).toMatch(/6 \(AWS\) or 8/);
      expect(refusal(`otpauth://totp/a?secret=${AWS_SECRET}&digits=6.0`, 'digits').message).toMatch(/digits="6.0"/);
      expect(refusal(`otpauth://totp/a?secret=${AWS_SECRET}&period=0`, 'period').message).toMatch(/10 to 300/);
      refusal(`otpauth://totp/a?secret=${AWS_SECRET}&period=-30`, 'period');
      refusal(`otpauth://totp/a?secret=${AWS_SECRET}&period=`, 'period');
      expect(refusal(`otpauth://totp/a?secret=${AWS_SECRET}&secret=${AWS_SECRET}`, 'uri').message).toMatch(/twice/);
    });

    it('refuses what is not an otpauth://totp URI when another scheme or type is pasted', () => {
      expect(refusal(`otpauth://steam/a?secret=${AWS_SECRET}`, 'uri').message).toMatch(/otpauth:\/\/totp\//);
      expect(refusal('otpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8SGA', 'uri').message).toMatch(/export/);
      expect(refusal('https://console.aws.amazon.com/iam', 'uri').message).toMatch(/"https" address/);
      refusal(`otpauth:totp/a?secret=${AWS_SECRET}`, 'uri');
      refusal(`otpauth://totp/%E0%A4%A?secret=${AWS_SECRET}`, 'uri');
      refusal(`otpauth://totp/a%07b?secret=${AWS_SECRET}`, 'uri');
      refusal(`otpauth://totp/a?secret=${AWS_SECRET}&x=${'y'.repeat(5000)}`, 'uri');
    });

    it('refuses a bad algorithm before it decodes the secret when both are present', () => {
      // The order matters for wiping: a refused URI must not leave decoded seed bytes behind.
      expect(refusal(`otpauth://totp/a?secret=${AWS_SECRET.slice(0, 10)}&algorithm=MD5`, 'algorithm')).toBeDefined();
    });
  });

  describe('enrollmentCodes', () => {
    const at = Date.UTC(2026, 10, 22, 8, 0, 10);

    it('gives the current window as MFA code 1 and the next as MFA code 2', () => {
      const codes = enrollmentCodes(AWS_SEED, AWS_PARAMS, at);
      const expected = totpCodes(AWS_SEED, AWS_PARAMS, at);
      expect(codes).toEqual({
        mfaCode1: expected.current,
        mfaCode2: expected.next,
        secondsLeft: 20,
        waitForFreshWindow: false,
        advice: undefined,
        windowStart: Date.UTC(2026, 10, 22, 8, 0, 0),
      });
      expect(codes.mfaCode2).toBe(totpCodes(AWS_SEED, AWS_PARAMS, at + 30_000).current);
    });

    it('advises waiting for a fresh window when fewer than 5 seconds remain', () => {
      const late = enrollmentCodes(AWS_SEED, AWS_PARAMS, at + 15_500);
      expect(late.secondsLeft).toBe(5);
      expect(late.waitForFreshWindow).toBe(false);
      const tooLate = enrollmentCodes(AWS_SEED, AWS_PARAMS, at + 16_000);
      expect(tooLate.secondsLeft).toBe(4);
      expect(tooLate.waitForFreshWindow).toBe(true);
      expect(tooLate.advice).toBe('Wait for a fresh 30-second window before entering the codes: fewer than 5 seconds remain.');
      expect(enrollmentCodes(AWS_SEED, AWS_PARAMS, at + 19_999).secondsLeft).toBe(1);
    });

    it('applies the clock offset when the custodian set one', () => {
      const shifted = enrollmentCodes(AWS_SEED, AWS_PARAMS, at, 18);
      expect(shifted.secondsLeft).toBe(2);
      expect(shifted.waitForFreshWindow).toBe(true);
      expect(shifted.mfaCode1).toBe(totpCodes(AWS_SEED, AWS_PARAMS, at + 18_000).current);
    });

    it('gives the same codes as the store would when the secret came from an otpauth URI', () => {
      const parsed: EnrollmentSecret = parseEnrollmentSecret(AWS_URI);
      expect(enrollmentCodes(parsed.seed, parsed, at).mfaCode1).toBe(totpCodes(AWS_SEED, AWS_PARAMS, at).current);
      parsed.seed.fill(0);
    });
  });

  describe('createRandomSeed', () => {
    it('draws 20 bytes from the injected rng by default and 16–128 when asked', () => {
      const seed = createRandomSeed(seededRng('enrollment'));
      expect(seed).toEqual(seededRng('enrollment').bytes(20));
      expect(createRandomSeed(seededRng('x'), 40)).toHaveLength(40);
      expect(createRandomSeed(seededRng('x'), 16)).toHaveLength(16);
      expect(createRandomSeed(seededRng('x'), 128)).toHaveLength(128);
    });

    it('throws RangeError or TypeError when the size or rng is wrong', () => {
      expect(() => createRandomSeed(seededRng('x'), 15)).toThrow(/bytes must be an integer from 16 to 128/);
      expect(() => createRandomSeed(seededRng('x'), 129)).toThrow(RangeError);
      expect(() => createRandomSeed(seededRng('x'), 20.5)).toThrow(RangeError);
      expect(() => createRandomSeed(undefined as never)).toThrow(TypeError);
      expect(() => createRandomSeed({ bytes: () => new Uint8Array(3) })).toThrow(/must return 20 bytes/);
    });
  });

  describe('otpauthUri', () => {
    const seed = createRandomSeed(seededRng('enrollment uri'));

    it('writes the base32 secret and an otpauth URI with the AWS root issuer when configured from our side', () => {
      const { base32, uri } = otpauthUri({ seed, accountId: '123456789012', deviceName: 'root-mfa-1' });
      expect(base32).toBe(base32nopad.encode(seed));
      expect(uri).toBe(`otpauth://totp/AWS%20root%20123456789012:root-mfa-1?secret=${base32}&issuer=AWS%20root%20123456789012`);
    });

    it('writes the example URI of FORMAT.md §11.2 when given its seed', () => {
      const example = new TextEncoder().encode('12345678901234567890');
      expect(otpauthUri({ seed: example, accountId: '123456789012', deviceName: 'root-mfa-1' })).toEqual({
        base32: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
        uri: 'otpauth://totp/AWS%20root%20123456789012:root-mfa-1?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=AWS%20root%20123456789012',
      });
    });

    it('writes non-default parameters and a custom issuer into the URI when given', () => {
      const { uri } = otpauthUri({ seed, accountId: '000000000042', deviceName: 'drill', issuer: 'Breakglass drill', algorithm: 'SHA512', digits: 8, period: 60 });
      expect(uri).toMatch(/^otpauth:\/\/totp\/Breakglass%20drill:drill\?secret=[A-Z2-7]+&issuer=Breakglass%20drill&algorithm=SHA512&digits=8&period=60$/);
    });

    it('round-trips through parseEnrollmentSecret when the URI is read back', () => {
      for (const params of [{}, { algorithm: 'SHA256', digits: 8, period: 45 }] as const) {
        const { uri } = otpauthUri({ seed, accountId: '123456789012', deviceName: 'root+mfa@x.y', ...params });
        expect(parseEnrollmentSecret(uri)).toEqual({
          seed,
          ...AWS_PARAMS,
          ...params,
          label: 'root+mfa@x.y',
          issuer: 'AWS root 123456789012',
        });
      }
    });

    it('refuses a bad account id, device name or issuer with VALIDATION naming the field', () => {
      const fieldOf = (f: () => unknown) => {
        try {
          f();
        } catch (error) {
          return (error as BreakglassError).field;
        }
        return undefined;
      };
      expect(fieldOf(() => otpauthUri({ seed, accountId: '12345', deviceName: 'root' }))).toBe('accountId');
      expect(fieldOf(() => otpauthUri({ seed, accountId: '123456789012', deviceName: 'root mfa' }))).toBe('device');
      expect(fieldOf(() => otpauthUri({ seed, accountId: '123456789012', deviceName: 'root', issuer: 'a:b' }))).toBe('issuer');
      expect(fieldOf(() => otpauthUri({ seed, accountId: '123456789012', deviceName: 'root', issuer: '' }))).toBe('issuer');
      expect(() => otpauthUri({ seed: new Uint8Array(8), accountId: '123456789012', deviceName: 'root' })).toThrow(/options.seed/);
      expect(() => otpauthUri({ seed, accountId: '123456789012', deviceName: 'root', digits: 7 as 6 })).toThrow(/options.digits/);
    });

    it('leaves the seed as it was when it writes the URI', () => {
      const copy = seed.slice();
      otpauthUri({ seed: copy, accountId: '123456789012', deviceName: 'root' });
      expect(copy).toEqual(seed);
    });
  });
});
