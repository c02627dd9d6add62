// Every audit entry names the people present: the check of one share (`shares.verify`) and a clock
// offset set during a TOTP session (`totp.clock-offset`) used to record nobody. docs/FORMAT.md §10.2.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBreakglassApp, type BreakglassApp, type IssuedShare } from '../../../src/app/index.js';
import { TestClock, testPorts } from '../../support/ports.js';

const PW_GROUP = [{ name: 'Ana Lima' }, { name: 'Ben Okafor' }, { name: 'Chen Wei' }];
const MFA_GROUP = [{ name: 'Dana Kim' }, { name: 'Eli Cohen' }, { name: 'Fatma Yilmaz' }];
const SEED = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBV';
const ACCOUNT = '123456789012';

let root: string;
let dir: string;
let app: BreakglassApp;
let issued: readonly IssuedShare[];

const words = (share: IssuedShare) => share.words.join(' ');
const mfaShares = () => issued.filter((s) => s.store === 'mfa-seeds');
const pwShares = () => issued.filter((s) => s.store === 'password-vault');

async function entries(): Promise<{ event: string; actor: string[]; details: Record<string, unknown> }[]> {
  return (await readFile(join(dir, 'audit-log.jsonl'), 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'bg-present-'));
  dir = join(root, 'set');
  app = createBreakglassApp(testPorts('present', new TestClock(Date.UTC(2026, 10, 22, 10, 0, 7))));
  ({ issuedShares: issued } = await app.createVaultSet({
    dir,
    kdfProfile: 'test',
    password: { shares: { threshold: 2, custodians: PW_GROUP } },
    mfa: { shares: { threshold: 2, custodians: MFA_GROUP } },
    actors: ['Ana Lima'],
  }));
  const [first, second] = mfaShares();
  await app.unlockStore({ store: 'mfa-seeds', secret: { shares: [words(first!), words(second!)] }, actors: ['Dana Kim', 'Eli Cohen'] });
  await app.addMfaDevice({ type: 'virtual', accountId: ACCOUNT, name: 'root-mfa', seed: SEED });
  await app.lockAll();
});
afterEach(async () => {
  await app.lockAll();
  await rm(root, { recursive: true, force: true });
});

describe('shares.verify names who checked the share', () => {
  it('records the names given for the check', async () => {
    await app.verifyShare({ store: 'password-vault', share: words(pwShares()[1]!), actors: ['Ben Okafor', 'Zoe Auditor'] });
    expect((await entries()).filter((e) => e.event === 'shares.verify').map((e) => e.actor)).toEqual([['Ben Okafor', 'Zoe Auditor']]);
  });

  it('records the share’s holder when nobody was named', async () => {
    await app.verifyShare({ store: 'mfa-seeds', share: words(mfaShares()[2]!) });
    expect((await entries()).filter((e) => e.event === 'shares.verify').map((e) => e.actor)).toEqual([['Fatma Yilmaz']]);
  });
});

describe('totp.clock-offset names the MFA-side people', () => {
  const start = (actors: readonly string[]) => {
    const [first, second] = mfaShares();
    return app.startTotpSession({ accountId: ACCOUNT, secret: { shares: [words(first!), words(second!)] }, actors, offset: '+1' });
  };

  it('records the session’s people on an offset set at the start and one set later without names', async () => {
    await start(['Dana Kim', 'Eli Cohen']);
    await app.setTotpOffset({ offset: '-90s' });
    const offsets = (await entries()).filter((e) => e.event === 'totp.clock-offset');
    expect(offsets.map((e) => [e.details.offsetSeconds, e.actor])).toEqual([
      [60, ['Dana Kim', 'Eli Cohen']],
      [-90, ['Dana Kim', 'Eli Cohen']],
    ]);
  });

  it('records the names given for the offset step when there are any', async () => {
    await start(['Dana Kim', 'Eli Cohen']);
    await app.setTotpOffset({ offset: '+30s', actors: ['Eli Cohen'] });
    expect((await entries()).filter((e) => e.event === 'totp.clock-offset').at(-1)?.actor).toEqual(['Eli Cohen']);
  });
});

describe('no entry of these kinds records nobody when names were given', () => {
  it('drives unlock, TOTP session, offset and share check with names and finds every entry named', async () => {
    const [a, b] = pwShares();
    const [d, e] = mfaShares();
    await app.unlockStore({ store: 'password-vault', secret: { shares: [words(a!), words(b!)] }, actors: ['Ana Lima', 'Ben Okafor'] });
    await app.startTotpSession({ accountId: ACCOUNT, secret: { shares: [words(d!), words(e!)] }, actors: ['Dana Kim', 'Eli Cohen'] });
    await app.setTotpOffset({ offset: '+1' });
    await app.endTotpSession();
    await app.verifyShare({ store: 'mfa-seeds', share: words(e!), actors: ['Eli Cohen'] });
    await app.lockAll();
    const kinds = ['store.unlock', 'totp.session-start', 'totp.clock-offset', 'shares.verify'];
    const listed = (await entries()).filter((entry) => kinds.includes(entry.event));
    expect(new Set(listed.map((entry) => entry.event))).toEqual(new Set(kinds));
    expect(listed.filter((entry) => entry.actor.length === 0)).toEqual([]);
    // The MFA-side entries carry the MFA custodians, never the password custodians.
    const mfaSide = listed.filter((entry) => entry.event.startsWith('totp.'));
    expect(mfaSide.flatMap((entry) => entry.actor).filter((name) => PW_GROUP.some((p) => p.name === name))).toEqual([]);
  });
});
