// copyPassword: the root password goes to the clipboard from the app (host process), never through the
// renderer, and is emptied after N seconds unless the custodian copied something else; locking empties it.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBreakglassApp, type BreakglassApp, type ClipboardPort } from '../../../src/app/index.js';
import { testPorts, type TestClock } from '../../support/ports.js';
import { errorOf } from '../../support/errors.js';

const PW = 'password custodians passphrase';
const MFA = 'mfa custodians different passphrase';
const PASSWORD = 'Correct-Horse-Battery-Staple-42!';
const OTHER_PASSWORD = 'Another-Root-Password-For-Dev-7#';
const ACCOUNT = { accountId: '123456789012', name: 'Prod', accountClass: 'management', email: 'root@example.com', password: PASSWORD };
const OTHER = { accountId: '210987654321', name: 'Dev', accountClass: 'excluded', email: 'dev@example.com', password: OTHER_PASSWORD };

/** A clipboard in memory; `failRead`/`failWrite` make the next calls reject like a broken tool. */
class FakeClipboard implements ClipboardPort {
  text = 'what the custodian had before';
  readonly writes: string[] = [];
  failRead = false;
  failWrite = false;
  async writeText(text: string): Promise<void> {
    if (this.failWrite) throw new Error('Error: Can\u2019t open display: :0');
    this.writes.push(text);
    this.text = text;
  }
  async readText(): Promise<string> {
    if (this.failRead) throw new Error('Error: target STRING not available');
    return this.text;
  }
}

let dir: string;
let clock: TestClock;
let clipboard: FakeClipboard;
let app: BreakglassApp;

beforeEach(async () => {
  dir = join(await mkdtemp(join(tmpdir(), 'bg-copy-')), 'set');
  clipboard = new FakeClipboard();
  const ports = testPorts('copy');
  clock = ports.clock;
  app = createBreakglassApp({ ...ports, clipboard });
  await app.createVaultSet({ dir, kdfProfile: 'test', password: { passphrase: PW }, mfa: { passphrase: MFA } });
  await app.unlockStore({ store: 'password-vault', secret: { passphrase: PW }, actors: ['Ana Lima'] });
  await app.addAccount(ACCOUNT);
  await app.addAccount(OTHER);
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});

afterEach(async () => {
  vi.useRealTimers();
  await rm(join(dir, '..'), { recursive: true, force: true });
});

describe('copyPassword', () => {
  it('writes the password to the clipboard and says when it is cleared (30 s by default)', async () => {
    const result = await app.copyPassword({ accountId: ACCOUNT.accountId });
    expect(clipboard.text).toBe(PASSWORD);
    expect(result).toEqual({ accountId: ACCOUNT.accountId, clearsAt: new Date(clock.ms + 30_000).toISOString().replace(/\.\d{3}Z$/, 'Z') });
    expect(vi.getTimerCount()).toBe(1);
  });

  it('empties the clipboard after 30 s when it still holds the password', async () => {
    await app.copyPassword({ accountId: ACCOUNT.accountId });
    await vi.advanceTimersByTimeAsync(29_999);
    expect(clipboard.text).toBe(PASSWORD);
    await vi.advanceTimersByTimeAsync(1);
    expect(clipboard.text).toBe('');
    expect(clipboard.writes).toEqual([PASSWORD, '']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('leaves the clipboard alone when the custodian copied something else meanwhile', async () => {
    await app.copyPassword({ accountId: ACCOUNT.accountId });
    clipboard.text = 'an AWS console URL the custodian copied';
    await vi.advanceTimersByTimeAsync(30_000);
    expect(clipboard.text).toBe('an AWS console URL the custodian copied');
    expect(clipboard.writes).toEqual([PASSWORD]);
  });

  it('empties the clipboard anyway when it cannot be read back (to be safe)', async () => {
    await app.copyPassword({ accountId: ACCOUNT.accountId });
    clipboard.failRead = true;
    await vi.advanceTimersByTimeAsync(30_000);
    expect(clipboard.writes).toEqual([PASSWORD, '']);
  });

  it('uses clearAfterSeconds when given and refuses values outside 5–120 whole seconds', async () => {
    await app.copyPassword({ accountId: ACCOUNT.accountId, clearAfterSeconds: 5 });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(clipboard.text).toBe('');
    for (const seconds of [4, 121, 30.5, Number.NaN, '30' as unknown as number]) {
      const error = await errorOf(app.copyPassword({ accountId: ACCOUNT.accountId, clearAfterSeconds: seconds }));
      expect(error.code).toBe('VALIDATION');
      expect(error.field).toBe('clearAfterSeconds');
    }
    expect(clipboard.writes).toEqual([PASSWORD, '']);
  });

  it('empties the clipboard and forgets the timer when the password vault is locked', async () => {
    await app.copyPassword({ accountId: ACCOUNT.accountId });
    await app.lockStore({ store: 'password-vault' });
    expect(clipboard.text).toBe('');
    expect(vi.getTimerCount()).toBe(0);
    // the forgotten timer does not fire later over whatever the custodian copies next
    clipboard.text = PASSWORD;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(clipboard.text).toBe(PASSWORD);
  });

  it('empties the clipboard on lockAll, but not when only the MFA seed store is locked', async () => {
    await app.unlockStore({ store: 'mfa-seeds', secret: { passphrase: MFA } });
    await app.copyPassword({ accountId: ACCOUNT.accountId });
    await app.lockStore({ store: 'mfa-seeds' });
    expect(clipboard.text).toBe(PASSWORD);
    await app.lockAll();
    expect(clipboard.text).toBe('');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('replaces a pending copy: one timer, which clears the newer password', async () => {
    await app.copyPassword({ accountId: ACCOUNT.accountId });
    await vi.advanceTimersByTimeAsync(20_000);
    await app.copyPassword({ accountId: OTHER.accountId });
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(clipboard.text).toBe(OTHER_PASSWORD);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(clipboard.text).toBe('');
  });

  it('is refused with AUTH while the password vault is locked, and nothing is copied', async () => {
    await app.lockStore({ store: 'password-vault' });
    const error = await errorOf(app.copyPassword({ accountId: ACCOUNT.accountId }));
    expect(error.code).toBe('AUTH');
    expect(error.message).toMatch(/password vault is locked/i);
    expect(clipboard.writes).toEqual([]);
  });

  it('is refused with NOT_FOUND and a plain message on a workstation without a clipboard port', async () => {
    const bare = createBreakglassApp(testPorts('bare'));
    await bare.openVaultSet({ dir });
    await bare.unlockStore({ store: 'password-vault', secret: { passphrase: PW } });
    const error = await errorOf(bare.copyPassword({ accountId: ACCOUNT.accountId }));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toBe('This workstation has no clipboard tool the app can use (wl-copy, xclip or xsel): install xclip, or use Reveal instead.');
    await bare.lockAll();
  });

  it('reports a clipboard tool failure as IO, schedules nothing, and names Reveal as the way out', async () => {
    clipboard.failWrite = true;
    const error = await errorOf(app.copyPassword({ accountId: ACCOUNT.accountId }));
    expect(error.code).toBe('IO');
    expect(error.message).toMatch(/Can’t open display.*use Reveal instead/);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('refuses an unknown account with NOT_FOUND', async () => {
    expect((await errorOf(app.copyPassword({ accountId: '999999999999' }))).code).toBe('NOT_FOUND');
    expect(clipboard.writes).toEqual([]);
  });

  it('records password.copy in the audit log with the account and actors, never the password', async () => {
    await app.copyPassword({ accountId: ACCOUNT.accountId, actors: ['Ana Lima', 'Ben Okafor'] });
    await app.copyPassword({ accountId: OTHER.accountId });
    const { entries, verification } = await app.listAuditLog();
    expect(verification).toMatchObject({ ok: true });
    const copies = entries.filter((entry) => entry.event === 'password.copy');
    expect(copies).toHaveLength(2);
    expect(copies[0]).toMatchObject({
      actor: ['Ana Lima', 'Ben Okafor'],
      store: 'password-vault',
      details: { accountId: ACCOUNT.accountId, clearAfterSeconds: 30 },
    });
    expect(copies[1]).toMatchObject({ actor: ['Ana Lima'], details: { accountId: OTHER.accountId } });
    const log = await readFile(join(dir, 'audit-log.jsonl'), 'utf8');
    expect(log).not.toContain(PASSWORD);
    expect(log).not.toContain(OTHER_PASSWORD);
  });
});
