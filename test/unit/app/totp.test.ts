import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { base32nopad } from '@scure/base';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBreakglassApp, type BreakglassApp } from '../../../src/app/index.js';
import { totpCodes } from '../../../src/totp/codes.js';
import { TestClock, testPorts } from '../../support/ports.js';
import { findTool, itWithTools } from '../../support/tools.js';
import { codeOf } from '../../support/errors.js';

const PW = 'totp test vault passphrase';
const MFA = 'totp test mfa passphrase';
const SEED = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBV';
const oathtool = findTool('oathtool', ['--version'], 'oathtool');

let root: string;
let dir: string;
let clock: TestClock;
let app: BreakglassApp;


async function auditEvents(): Promise<{ event: string; details: Record<string, unknown> }[]> {
  return (await readFile(join(dir, 'audit-log.jsonl'), 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'bg-totp-'));
  dir = join(root, 'set');
  clock = new TestClock(Date.UTC(2026, 10, 22, 10, 0, 7));
  app = createBreakglassApp(testPorts('totp', clock));
  await app.createVaultSet({ dir, kdfProfile: 'test', password: { passphrase: PW }, mfa: { passphrase: MFA } });
  await app.unlockStore({ store: 'mfa-seeds', secret: { passphrase: MFA } });
  await app.addMfaDevice({ type: 'virtual', accountId: '123456789012', name: 'root-mfa', seed: SEED });
  await app.addMfaDevice({ type: 'hardware-totp', accountId: '123456789012', name: 'token', serial: 'GAHT1', location: 'Safe A' });
  await app.lockAll();
});
afterEach(async () => {
  await app.lockAll();
  await rm(root, { recursive: true, force: true });
});

describe('TOTP login sessions (app)', () => {
  it('decrypts one seed with the MFA passphrase, shows three codes, and keeps the store locked', async () => {
    const view = await app.startTotpSession({ accountId: '123456789012', device: 'root-mfa', secret: { passphrase: MFA }, actors: ['Dana Kim'] });
    const expected = totpCodes(base32nopad.decode(SEED), { algorithm: 'SHA1', digits: 6, period: 30 }, clock.ms);
    expect(view).toMatchObject({ previous: expected.previous, current: expected.current, next: expected.next, secondsLeft: 23, expiresInSeconds: 300 });
    expect((await app.getStatus()).stores['mfa-seeds'].unlockedAt).toBeUndefined();
    clock.advance(30);
    expect((await app.getTotpCodes()).current).toBe(expected.next);
  });

  itWithTools([oathtool])('agrees with oathtool at the session instant, with and without a clock offset', async () => {
    const view = await app.startTotpSession({ accountId: '123456789012', secret: { passphrase: MFA }, offset: '+2' });
    const at = new Date(clock.ms + 120_000).toISOString().replace('T', ' ').replace(/\.\d+Z/, ' UTC');
    const reference = spawnSync('oathtool', ['--totp', '-b', '--now', at, '-'], { input: SEED, encoding: 'utf8' }).stdout.trim();
    expect(view.current).toBe(reference);
    expect(view.offset).toBe('+2');
    const events = await auditEvents();
    expect(events.find((e) => e.event === 'totp.clock-offset')?.details).toMatchObject({ offsetSeconds: 120 });
  });

  it('ends on expiry, wipes the seed and records the reason', async () => {
    await app.startTotpSession({ accountId: '123456789012', secret: { passphrase: MFA }, durationSeconds: 60 });
    clock.advance(61);
    expect(await codeOf(app.getTotpCodes())).toBe('SESSION');
    const end = (await auditEvents()).find((e) => e.event === 'totp.session-end');
    expect(end?.details).toMatchObject({ reason: 'expired', device: 'root-mfa' });
  });

  it('holds at most one seed: a second session ends the first (replaced), lock ends it (locked)', async () => {
    await app.startTotpSession({ accountId: '123456789012', secret: { passphrase: MFA } });
    await app.startTotpSession({ accountId: '123456789012', secret: { passphrase: MFA } });
    await app.lockAll();
    const reasons = (await auditEvents()).filter((e) => e.event === 'totp.session-end').map((e) => e.details.reason);
    expect(reasons).toEqual(['replaced', 'locked']);
  });

  it('refuses a hardware token (no seed here), a wrong passphrase and an unknown account by name', async () => {
    await expect(app.startTotpSession({ accountId: '123456789012', device: 'token', secret: { passphrase: MFA } })).rejects.toThrow(
      /Fetch the physical device \(kept: Safe A\)/,
    );
    expect(await codeOf(app.startTotpSession({ accountId: '123456789012', secret: { passphrase: 'not the mfa passphrase' } }))).toBe('AUTH');
    await expect(app.startTotpSession({ accountId: '999999999999', secret: { passphrase: MFA } })).rejects.toThrow(/no devices for account 999999999999/);
    expect(await codeOf(app.startTotpSession({ accountId: '123456789012', secret: { passphrase: MFA }, durationSeconds: 901 }))).toBe('VALIDATION');
    expect(await codeOf(app.startTotpSession({ accountId: '123456789012', secret: { passphrase: MFA }, offset: '13:00' }))).toBe('VALIDATION');
  });

  it('never writes a seed or a code to the audit log', async () => {
    const view = await app.startTotpSession({ accountId: '123456789012', secret: { passphrase: MFA } });
    await app.endTotpSession();
    const log = await readFile(join(dir, 'audit-log.jsonl'), 'utf8');
    for (const secret of [SEED, MFA, view.previous, view.current, view.next]) expect(log).not.toContain(secret);
  });
});

describe('MFA enrollment (app)', () => {
  it('shows MFA code 1 and 2 for the pasted secret, then seals it as a new generation', async () => {
    await app.unlockStore({ store: 'mfa-seeds', secret: { passphrase: MFA } });
    const pasted = 'jbsw y3dp ehpk 3pxp jbsw y3dp ehpk 3pxp';
    const view = await app.prepareEnrollment({ accountId: '210987654321', device: 'root-mfa-2', secret: pasted });
    const expected = totpCodes(base32nopad.decode('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'), { algorithm: 'SHA1', digits: 6, period: 30 }, clock.ms);
    expect(view).toMatchObject({ mfaCode1: expected.current, mfaCode2: expected.next, serialArn: 'arn:aws:iam::210987654321:mfa/root-mfa-2', waitForFreshWindow: false });
    const before = (await app.getStatus()).stores['mfa-seeds'].inspection!.generation;
    await app.confirmEnrollment();
    expect((await app.getStatus()).stores['mfa-seeds'].inspection!.generation).toBe(before + 1);
    await app.lockAll();
    const login = await app.startTotpSession({ accountId: '210987654321', secret: { passphrase: MFA } });
    expect(login.current).toBe(expected.current);
  });

  it('advises waiting for a fresh window when fewer than 5 seconds remain', async () => {
    clock.ms = Date.UTC(2026, 10, 22, 10, 0, 27);
    const view = await app.prepareEnrollment({ accountId: '210987654321', device: 'x', secret: SEED });
    expect(view.waitForFreshWindow).toBe(true);
    expect(view.advice).toMatch(/Wait for a fresh 30-second window/);
  });

  it('refuses a short or non-base32 secret, and a device name already used', async () => {
    expect(await codeOf(app.prepareEnrollment({ accountId: '210987654321', device: 'x', secret: 'JBSWY3DPEHPK3PXP' }))).toBe('VALIDATION');
    await expect(app.prepareEnrollment({ accountId: '210987654321', device: 'x', secret: 'JBSWY3DPEHPK3PX1JBSWY3DP' })).rejects.toThrow(/not base32/);
    expect(await codeOf(app.prepareEnrollment({ accountId: '123456789012', device: 'root-mfa', secret: SEED }))).toBe('CONFLICT');
  });

  it('generates a seed here only on request, shown as base32 and otpauth URI during enrollment', async () => {
    const view = await app.prepareEnrollment({ accountId: '210987654321', device: 'hw-authenticator', generate: true });
    expect(view.generated?.base32).toMatch(/^[A-Z2-7]{32}$/);
    expect(view.generated?.otpauthUri).toMatch(/^otpauth:\/\/totp\/.*secret=/);
    await app.cancelEnrollment();
    expect(await codeOf(app.getEnrollmentCodes())).toBe('SESSION');
  });
});
