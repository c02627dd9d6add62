import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBreakglassApp, type BreakglassApp, type IssuedShare } from '../../../src/app/index.js';
import { BreakglassError } from '../../../src/errors.js';
import { testPorts } from '../../support/ports.js';
import { codeOf } from '../../support/errors.js';

const PW_GROUP = [{ name: 'Ana Lima', role: 'Security' }, { name: 'Ben Okafor', role: 'Platform' }, { name: 'Chen Wei' }];
const MFA_GROUP = [{ name: 'Dana Kim' }, { name: 'Eli Cohen' }, { name: 'Fatma Yilmaz' }];
const ACCOUNT = { accountId: '123456789012', name: 'Management', accountClass: 'management', email: 'root@example.com', password: 'Root-Password-1!' };

let root: string;
let dir: string;
let app: BreakglassApp;


const text = (share: IssuedShare) => share.words.join(' ');

async function createSet(extra: Partial<Parameters<BreakglassApp['createVaultSet']>[0]> = {}) {
  return app.createVaultSet({
    dir,
    kdfProfile: 'test',
    password: { shares: { threshold: 2, custodians: PW_GROUP } },
    mfa: { shares: { threshold: 2, custodians: MFA_GROUP }, passphrase: 'mfa fallback passphrase' },
    actors: ['Ana Lima'],
    ...extra,
  });
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'bg-custody-'));
  dir = join(root, 'set');
  app = createBreakglassApp(testPorts('custody'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('custody (app)', () => {
  it('issues one share per custodian per store, with distinct share sets, and records the registers', async () => {
    const created = await createSet();
    expect(created.issuedShares.map((s) => [s.store, s.index, s.custodian])).toEqual([
      ['password-vault', 1, 'Ana Lima'],
      ['password-vault', 2, 'Ben Okafor'],
      ['password-vault', 3, 'Chen Wei'],
      ['mfa-seeds', 1, 'Dana Kim'],
      ['mfa-seeds', 2, 'Eli Cohen'],
      ['mfa-seeds', 3, 'Fatma Yilmaz'],
    ]);
    expect(new Set(created.issuedShares.map((s) => s.shareSetId)).size).toBe(2);
    const report = await app.getSegregationReport();
    expect(report.smallestCoalition.size).toBe(3); // 2 password shareholders + the MFA passphrase
    expect(report.sharedCustodians).toEqual([]);
    expect(report.stores['password-vault'].custodians.map((c) => c.shareIndex)).toEqual([1, 2, 3]);
    expect(report.stores['mfa-seeds']).toMatchObject({ passphrase: true, shares: { threshold: 2, count: 3 } });
  });

  it('opens the vault with any two shares and names the holders in the audit log', async () => {
    const { issuedShares } = await createSet();
    const pw = issuedShares.filter((s) => s.store === 'password-vault');
    await app.unlockStore({ store: 'password-vault', secret: { shares: [text(pw[2]!), pw[0]!.qrText] } });
    await app.addAccount(ACCOUNT);
    expect((await app.revealPassword({ accountId: ACCOUNT.accountId })).password).toBe(ACCOUNT.password);
    const log = await readFile(join(dir, 'audit-log.jsonl'), 'utf8');
    expect(log).toMatch(/"actor":\["Chen Wei","Ana Lima"\].*"event":"store.unlock"/);
  });

  it('refuses shares of the other store, one share, and a typo — each by name', async () => {
    const { issuedShares } = await createSet();
    const pw = issuedShares.filter((s) => s.store === 'password-vault');
    const mfa = issuedShares.filter((s) => s.store === 'mfa-seeds');
    expect(await codeOf(app.unlockStore({ store: 'password-vault', secret: { shares: [text(pw[0]!), text(mfa[1]!)] } }))).toBe('FOREIGN_SHARE');
    expect(await codeOf(app.unlockStore({ store: 'password-vault', secret: { shares: [text(pw[0]!)] } }))).toBe('QUORUM');
    const typo = [...pw[1]!.words];
    typo[3] = typo[3] === 'zoo' ? 'zone' : 'zoo';
    await expect(app.unlockStore({ store: 'password-vault', secret: { shares: [text(pw[0]!), typo.join(' ')] } })).rejects.toThrow(
      /share 2: .*Word 4 looks wrong/,
    );
  });

  it('verifies one share alone without any key, naming its custodian', async () => {
    const { issuedShares } = await createSet();
    const share = issuedShares[4]!;
    const result = await app.verifyShare({ file: join(dir, 'mfa-seeds.bgv'), share: text(share) });
    expect(result).toMatchObject({ valid: true, store: 'mfa-seeds', index: 2, count: 3, threshold: 2, custodian: 'Eli Cohen' });
    expect(await codeOf(app.verifyShare({ file: join(dir, 'password-vault.bgv'), share: text(share) }))).toBe('FOREIGN_SHARE');
  });

  it('refuses a person in both groups unless an override with a reason is given, and records the override', async () => {
    const overlapping = { shares: { threshold: 2, custodians: [{ name: 'dana  KIM' }, ...PW_GROUP.slice(1)] } };
    const refused = createSet({ password: overlapping });
    await expect(refused).rejects.toThrow(/dana KIM would be a custodian of both/);
    await expect(readFile(join(dir, 'password-vault.bgv'))).rejects.toThrow();
    await createSet({ password: overlapping, segregationOverride: { reason: 'Two-person branch office until Q3 hiring' } });
    const report = await app.getSegregationReport();
    expect(report.sharedCustodians).toEqual(['dana KIM']);
    expect(report.stores['password-vault'].overrides[0]).toMatchObject({ reason: 'Two-person branch office until Q3 hiring', custodians: ['dana KIM'] });
    expect(report.stores['mfa-seeds'].overrides).toHaveLength(1);
    const log = await readFile(join(dir, 'audit-log.jsonl'), 'utf8');
    expect(log).toMatch(/"event":"custody.override"/);
    expect(log).toContain('Two-person branch office until Q3 hiring');
  });

  it('rotates: new data key and share set, old shares revoked by name, old file an older generation', async () => {
    const { issuedShares } = await createSet();
    const pw = issuedShares.filter((s) => s.store === 'password-vault');
    await app.unlockStore({ store: 'password-vault', secret: { shares: [text(pw[0]!), text(pw[1]!)] } });
    await app.addAccount(ACCOUNT);
    await copyFile(join(dir, 'password-vault.bgv'), join(root, 'old-copy.bgv'));
    const before = await app.inspectStore({ file: join(dir, 'password-vault.bgv') });
    const rotated = await app.rotateCustody({
      store: 'password-vault',
      custody: { shares: { threshold: 2, custodians: [{ name: 'Ana Lima' }, { name: 'Gus Novak' }, { name: 'Hana Sato' }] } },
    });
    expect(rotated.revokedShareSet).toBe(pw[0]!.shareSetId);
    expect(rotated.generation).toBe(before.generation + 1);
    expect(rotated.issuedShares[0]!.shareSetId).not.toBe(pw[0]!.shareSetId);
    await app.lockAll();
    await expect(app.unlockStore({ store: 'password-vault', secret: { shares: [text(pw[0]!), text(pw[1]!)] } })).rejects.toThrow(
      /this share belongs to revoked share set/,
    );
    const fresh = rotated.issuedShares;
    await app.unlockStore({ store: 'password-vault', secret: { shares: [text(fresh[1]!), text(fresh[2]!)] } });
    expect((await app.revealPassword({ accountId: ACCOUNT.accountId })).password).toBe(ACCOUNT.password);
    const old = await app.inspectStore({ file: join(root, 'old-copy.bgv') });
    expect(old.generation).toBeLessThan(rotated.generation);
    // The data key changed: the old copy's boxes and payload are not readable with the new shares.
    expect(await codeOf(app.verifyShare({ file: join(root, 'old-copy.bgv'), share: text(fresh[0]!) }))).toBe('FOREIGN_SHARE');
  });

  it('rotates a passphrase-only store to a new data key with a new passphrase', async () => {
    await app.createVaultSet({ dir, kdfProfile: 'test', password: { passphrase: 'first vault passphrase' }, mfa: { passphrase: 'the mfa passphrase' } });
    await app.unlockStore({ store: 'password-vault', secret: { passphrase: 'first vault passphrase' } });
    await app.addAccount(ACCOUNT);
    const result = await app.rotateCustody({ store: 'password-vault', custody: { passphrase: 'second vault passphrase' } });
    expect(result.issuedShares).toEqual([]);
    await app.lockAll();
    expect(await codeOf(app.unlockStore({ store: 'password-vault', secret: { passphrase: 'first vault passphrase' } }))).toBe('AUTH');
    await app.unlockStore({ store: 'password-vault', secret: { passphrase: 'second vault passphrase' } });
    expect((await app.revealPassword({ accountId: ACCOUNT.accountId })).password).toBe(ACCOUNT.password);
  });

  it('refuses a rotation that would put an MFA custodian into the password group', async () => {
    const { issuedShares } = await createSet();
    const pw = issuedShares.filter((s) => s.store === 'password-vault');
    await app.unlockStore({ store: 'password-vault', secret: { shares: [text(pw[0]!), text(pw[1]!)] } });
    const result = app.rotateCustody({ store: 'password-vault', custody: { shares: { threshold: 2, custodians: [{ name: 'Eli Cohen' }, { name: 'X Y' }] } } });
    expect(await codeOf(result)).toBe('SEGREGATION');
  });

  it('refuses custody with no way to open a store, and impossible thresholds', async () => {
    expect(await codeOf(app.createVaultSet({ dir, kdfProfile: 'test', password: {}, mfa: { passphrase: 'the mfa passphrase' } }))).toBe('VALIDATION');
    expect(
      await codeOf(app.createVaultSet({ dir, kdfProfile: 'test', password: { shares: { threshold: 4, custodians: PW_GROUP } }, mfa: { passphrase: 'the mfa passphrase' } })),
    ).toBe('VALIDATION');
  });

  it('allows more than 16 shares only with the explicit opt-in, and never more than 255', async () => {
    const group = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => ({ name: `${prefix} ${i + 1}` }));
    const mfa = { passphrase: 'the mfa passphrase' };
    const refused = await app.createVaultSet({ dir, kdfProfile: 'test', password: { shares: { threshold: 3, custodians: group(17, 'Holder') } }, mfa }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BreakglassError);
    expect((refused as BreakglassError).message).toMatch(/3-of-17 .*more than 16 shares need an explicit opt-in/);
    expect((refused as BreakglassError).action).toEqual({ kind: 'allow-large-share-set', max: 16 });
    expect(
      await codeOf(app.createVaultSet({ dir, kdfProfile: 'test', password: { shares: { threshold: 2, custodians: group(256, 'Holder'), allowLargeSet: true } }, mfa })),
    ).toBe('VALIDATION');
    const created = await app.createVaultSet({ dir, kdfProfile: 'test', password: { shares: { threshold: 3, custodians: group(17, 'Holder'), allowLargeSet: true } }, mfa });
    expect(created.issuedShares.filter((s) => s.store === 'password-vault').map((s) => s.count)).toEqual(Array(17).fill(17));
    const sixteen = createBreakglassApp(testPorts('custody-16'));
    const at16 = await sixteen.createVaultSet({ dir: join(root, 'set16'), kdfProfile: 'test', password: { shares: { threshold: 2, custodians: group(16, 'Holder') } }, mfa });
    expect(at16.issuedShares).toHaveLength(16);
  });
});
