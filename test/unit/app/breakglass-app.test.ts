import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBreakglassApp, type BreakglassApp } from '../../../src/app/index.js';
import { testPorts } from '../../support/ports.js';
import { codeOf } from '../../support/errors.js';

const PW = 'password custodians passphrase';
const MFA = 'mfa custodians different passphrase';
const ACCOUNT = { accountId: '123456789012', name: 'Prod', accountClass: 'management', email: 'root@example.com' };
const SEED = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

let dir: string;
let app: BreakglassApp;


beforeEach(async () => {
  dir = join(await mkdtemp(join(tmpdir(), 'bg-app-')), 'set');
  app = createBreakglassApp(testPorts('app'));
});
afterEach(async () => {
  await rm(join(dir, '..'), { recursive: true, force: true });
});

async function createSet(): Promise<void> {
  await app.createVaultSet({ dir, kdfProfile: 'test', password: { passphrase: PW }, mfa: { passphrase: MFA } });
}

describe('breakglass-app', () => {
  it('creates both stores with one set id, generation 1 and mode 0700 directory', async () => {
    await createSet();
    const status = await app.getStatus();
    const vault = status.stores['password-vault'].inspection!;
    const seeds = status.stores['mfa-seeds'].inspection!;
    expect(vault.setId).toBe(seeds.setId);
    expect(status.setId).toBe(vault.setId);
    expect([vault.generation, seeds.generation]).toEqual([1, 1]);
    expect(vault.fingerprint).not.toBe(seeds.fingerprint);
    const { stat } = await import('node:fs/promises');
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
  });

  it('gives each store its own data key: one store’s passphrase never opens the other', async () => {
    await createSet();
    expect(await codeOf(app.unlockStore({ store: 'password-vault', secret: { passphrase: MFA } }))).toBe('AUTH');
    expect(await codeOf(app.unlockStore({ store: 'mfa-seeds', secret: { passphrase: PW } }))).toBe('AUTH');
  });

  it('refuses equal passphrases for the two stores with SEGREGATION and creates nothing', async () => {
    const result = app.createVaultSet({ dir, kdfProfile: 'test', password: { passphrase: PW }, mfa: { passphrase: PW } });
    expect(await codeOf(result)).toBe('SEGREGATION');
    await expect(readFile(join(dir, 'password-vault.bgv'))).rejects.toThrow();
  });

  it('refuses to create over an existing vault set and leaves it untouched', async () => {
    await createSet();
    const before = await readFile(join(dir, 'password-vault.bgv'));
    const other = createBreakglassApp(testPorts('other'));
    const result = other.createVaultSet({ dir, kdfProfile: 'test', password: { passphrase: PW + 'x' }, mfa: { passphrase: MFA + 'x' } });
    expect(await codeOf(result)).toBe('CONFLICT');
    expect(await readFile(join(dir, 'password-vault.bgv'))).toEqual(before);
  });

  it('refuses short passphrases and unknown KDF profiles with VALIDATION', async () => {
    expect(await codeOf(app.createVaultSet({ dir, kdfProfile: 'test', password: { passphrase: 'short' }, mfa: { passphrase: MFA } }))).toBe(
      'VALIDATION',
    );
    expect(await codeOf(app.createVaultSet({ dir, kdfProfile: 'fast' as never, password: { passphrase: PW }, mfa: { passphrase: MFA } }))).toBe(
      'VALIDATION',
    );
  });

  it('says which store is locked when an operation needs it', async () => {
    await createSet();
    await expect(app.listAccounts()).rejects.toThrow(/password vault is locked/);
    await expect(app.addMfaDevice({ type: 'virtual', accountId: '123456789012', name: 'x', seed: SEED })).rejects.toThrow(
      /MFA seed store is locked/,
    );
  });

  it('adds, lists, shows, updates, reveals and removes accounts, one generation per change', async () => {
    await createSet();
    await app.unlockStore({ store: 'password-vault', secret: { passphrase: PW } });
    await app.addAccount({ ...ACCOUNT, password: 'First-Password-1' });
    const generated = await app.addAccount({ ...ACCOUNT, accountId: '000000000042', accountClass: 'excluded', generatePasswordLength: 40 });
    expect(generated.generatedPassword).toHaveLength(40);
    expect((await app.listAccounts()).map((a) => a.accountId)).toEqual(['000000000042', '123456789012']);
    expect((await app.revealPassword({ accountId: '000000000042' })).password).toBe(generated.generatedPassword);
    await app.updateAccount({ accountId: '123456789012', notes: 'moved to safe B', password: 'Second-Password-2' });
    expect((await app.getAccount({ accountId: '123456789012' })).notes).toBe('moved to safe B');
    expect((await app.revealPassword({ accountId: '123456789012' })).password).toBe('Second-Password-2');
    expect((await app.removeAccount({ accountId: '000000000042' })).generation).toBe(5);
    expect((await app.getStatus()).stores['password-vault'].inspection?.generation).toBe(5);
  });

  it('refuses a password and a generated one together, and an absent one', async () => {
    await createSet();
    await app.unlockStore({ store: 'password-vault', secret: { passphrase: PW } });
    expect(await codeOf(app.addAccount({ ...ACCOUNT, password: 'First-Password-1', generatePasswordLength: 32 }))).toBe('VALIDATION');
    expect(await codeOf(app.addAccount({ ...ACCOUNT }))).toBe('VALIDATION');
    expect(await codeOf(app.generatePassword({ length: 8 }))).toBe('VALIDATION');
  });

  it('lists MFA devices without any key and cross-references them on accounts', async () => {
    await createSet();
    await app.unlockStore({ store: 'mfa-seeds', secret: { passphrase: MFA } });
    await app.addMfaDevice({ type: 'virtual', accountId: '123456789012', name: 'root-mfa', seed: SEED.toLowerCase() });
    await app.addMfaDevice({ type: 'hardware-totp', accountId: '123456789012', name: 'token', serial: 'GAHT1', location: 'Safe A' });
    await app.lockAll();
    const fresh = createBreakglassApp(testPorts('fresh'));
    await fresh.openVaultSet({ dir });
    expect((await fresh.listMfaDevices()).map((d) => d.name)).toEqual(['root-mfa', 'token']);
    await fresh.unlockStore({ store: 'password-vault', secret: { passphrase: PW } });
    await fresh.addAccount({ ...ACCOUNT, password: 'First-Password-1' });
    expect((await fresh.getAccount({ accountId: '123456789012' })).mfaDevices).toEqual(['root-mfa (virtual)', 'token (hardware-totp)']);
  });

  it('refuses to save over a generation written by someone else since unlock (CONFLICT), losing nothing', async () => {
    await createSet();
    const other = createBreakglassApp(testPorts('other'));
    await other.openVaultSet({ dir });
    await app.unlockStore({ store: 'password-vault', secret: { passphrase: PW } });
    await other.unlockStore({ store: 'password-vault', secret: { passphrase: PW } });
    await other.addAccount({ ...ACCOUNT, password: 'First-Password-1' });
    const result = app.addAccount({ ...ACCOUNT, accountId: '000000000001', password: 'First-Password-1' });
    await expect(result).rejects.toThrow(/changed on disk since it was unlocked/);
    const check = createBreakglassApp(testPorts('check'));
    await check.openVaultSet({ dir });
    await check.unlockStore({ store: 'password-vault', secret: { passphrase: PW } });
    expect((await check.listAccounts()).map((a) => a.accountId)).toEqual(['123456789012']);
  });

  it('reports a damaged store in the status and refuses to unlock it, leaving the file as it was', async () => {
    await createSet();
    const path = join(dir, 'password-vault.bgv');
    const bytes = await readFile(path);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 40) ^ 0xff, bytes.length - 40);
    await writeFile(path, bytes);
    const status = await app.getStatus();
    expect(status.stores['password-vault'].problem?.code).toBe('INTEGRITY');
    expect(await codeOf(app.unlockStore({ store: 'password-vault', secret: { passphrase: PW } }))).toBe('INTEGRITY');
    expect(await readFile(path)).toEqual(bytes);
  });

  it('refuses two stores of different vault sets in one directory (WRONG_STORE)', async () => {
    await createSet();
    const otherDir = join(dir, '..', 'other');
    await createBreakglassApp(testPorts('b')).createVaultSet({ dir: otherDir, kdfProfile: 'test', password: { passphrase: PW }, mfa: { passphrase: MFA } });
    await writeFile(join(dir, 'mfa-seeds.bgv'), await readFile(join(otherDir, 'mfa-seeds.bgv')));
    expect(await codeOf(app.getStatus())).toBe('WRONG_STORE');
  });

  it('reports NOT_FOUND for a directory without stores', async () => {
    expect(await codeOf(app.openVaultSet({ dir: tmpdir() }))).toBe('NOT_FOUND');
    expect(await codeOf(app.listAccounts())).toBe('NOT_FOUND');
  });

  it('wipes the data key on lock', async () => {
    await createSet();
    await app.unlockStore({ store: 'password-vault', secret: { passphrase: PW } });
    const key = (app as unknown as { session: { unlocked: Map<string, { dataKey: Uint8Array }> } }).session.unlocked.get('password-vault')!.dataKey;
    expect(key.some((b) => b !== 0)).toBe(true);
    await app.lockStore({ store: 'password-vault' });
    expect(key.every((b) => b === 0)).toBe(true);
  });
});
