// The status bar's source: the air-gap state from the network interfaces, which stores are unlocked and
// for how long, the running TOTP session, pending issued shares and the printers.

import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBreakglassApp, type AppPorts } from '../../../src/app/index.js';
import { testPorts } from '../../support/ports.js';

type Interfaces = ReturnType<NonNullable<AppPorts['host']>['networkInterfaces']>;

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'bg-ws-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function appWith(interfaces: Interfaces, printers: readonly string[] = []) {
  const ports = testPorts('workstation');
  const app = createBreakglassApp({
    ...ports,
    host: { name: 'system Chromium host', networkInterfaces: () => interfaces },
    printer: { list: async () => printers, print: async (_pdf, queue) => ({ job: 'job-1', queue }) },
  });
  return { app, clock: ports.clock };
}

describe('workstation status', () => {
  it('reports the air gap intact when only loopback is up', async () => {
    const { app } = appWith({ lo: [{ address: '127.0.0.1', internal: true }, { address: '::1', internal: true }] }, ['office-laser']);
    expect(await app.getWorkstationStatus()).toEqual({
      network: { airGapped: true, interfaces: [] },
      host: 'system Chromium host',
      dir: null,
      unlocked: [],
      totpSession: null,
      issuedSharesPending: [],
      issuedSharesHeld: [],
      printers: ['office-laser'],
      kdfProfiles: ['strong', 'test'],
      lockTriggers: [],
      clipboard: { available: false, reason: expect.stringMatching(/no clipboard tool the app can use/) },
    });
  });

  it('passes on what the host port says it locks on, for the Settings screen', async () => {
    const lockTriggers = [
      { trigger: 'suspend (logind, D-Bus)', active: true },
      { trigger: "the desktop's screen saver (D-Bus)", active: false, reason: 'no desktop session bus' },
    ];
    const app = createBreakglassApp({ ...testPorts('workstation'), host: { name: 'system Chromium host', networkInterfaces: () => ({}), lockTriggers: () => lockTriggers } });
    expect((await app.getWorkstationStatus()).lockTriggers).toEqual(lockTriggers);
  });

  it('offers only the strong KDF profile where the host says so, and refuses the test profile there', async () => {
    const app = createBreakglassApp({ ...testPorts('workstation'), kdfProfiles: ['strong'] });
    expect((await app.getWorkstationStatus()).kdfProfiles).toEqual(['strong']);
    const attempt = app.createVaultSet({ dir: join(root, 'set'), kdfProfile: 'test', password: { passphrase: 'correct horse battery staple' }, mfa: { passphrase: 'another long passphrase' } });
    await expect(attempt).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/"test" key-derivation profile is not offered here/) });
    await expect(readdir(root)).resolves.toEqual([]);
  });

  it('names every non-loopback interface with an address as breaking the air gap', async () => {
    const { app } = appWith({
      lo: [{ address: '127.0.0.1', internal: true }],
      eth0: [{ address: '192.168.1.20', internal: false }, { address: 'fe80::1', internal: false }],
      wlan0: [],
    });
    const status = await app.getWorkstationStatus();
    expect(status.network).toEqual({ airGapped: false, interfaces: [{ name: 'eth0', addresses: ['192.168.1.20', 'fe80::1'] }] });
  });

  it('shows which store is unlocked and for how long, and the shares still to print', async () => {
    const { app, clock } = appWith({});
    const dir = join(root, 'set');
    await app.createVaultSet({
      dir,
      kdfProfile: 'test',
      password: { passphrase: 'correct horse battery staple' },
      mfa: { shares: { threshold: 2, custodians: [{ name: 'Dana' }, { name: 'Eli' }] } },
    });
    await app.unlockStore({ store: 'password-vault', secret: { passphrase: 'correct horse battery staple' } });
    clock.advance(95);
    const status = await app.getWorkstationStatus();
    expect(status.dir).toBe(dir);
    expect(status.unlocked).toEqual([{ store: 'password-vault', since: expect.any(String), seconds: 95 }]);
    expect(status.issuedSharesPending).toEqual(['mfa-seeds']);
    await app.lockAll();
    await app.discardIssuedShares();
    const after = await app.getWorkstationStatus();
    expect(after.unlocked).toEqual([]);
    expect(after.issuedSharesPending).toEqual([]);
  });

  it('ends the "share sheets to print" reminder once a store’s issued sheets are saved or printed, not on a preview', async () => {
    const { app } = appWith({}, ['office-laser']);
    await app.createVaultSet({
      dir: join(root, 'set'),
      kdfProfile: 'test',
      password: { shares: { threshold: 2, custodians: [{ name: 'Ana' }, { name: 'Ben' }] } },
      mfa: { shares: { threshold: 2, custodians: [{ name: 'Dana' }, { name: 'Eli' }] } },
    });
    expect((await app.getWorkstationStatus()).issuedSharesPending).toEqual(['password-vault', 'mfa-seeds']);
    await app.printDocument({ document: 'shares', store: 'password-vault' }); // a preview: nothing left the app
    expect((await app.getWorkstationStatus()).issuedSharesPending).toEqual(['password-vault', 'mfa-seeds']);
    const saved = await app.printDocument({ document: 'shares', store: 'password-vault', outFile: join(root, 'sheets.pdf') });
    expect(saved.files).toHaveLength(2);
    expect((await app.getWorkstationStatus()).issuedSharesPending).toEqual(['mfa-seeds']);
    await app.printDocument({ document: 'shares', store: 'mfa-seeds', printer: 'office-laser' });
    expect((await app.getWorkstationStatus()).issuedSharesPending).toEqual([]);
    expect((await app.getWorkstationStatus()).issuedSharesHeld).toEqual(['password-vault', 'mfa-seeds']);
    // The shares stay for a reprint (a jammed printer) until discarded.
    await expect(app.printDocument({ document: 'shares', store: 'mfa-seeds', printer: 'office-laser' })).resolves.toMatchObject({ printer: 'office-laser' });
    await app.discardIssuedShares();
    await expect(app.printDocument({ document: 'shares', store: 'mfa-seeds' })).rejects.toThrow(/No MFA seed store shares were issued in this session/);
  });
});
