// The one dispatcher every desktop host uses: unknown methods and malformed payloads are refused before
// the app sees them, results are values, errors never carry stacks, and share words never leave.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { API_METHODS, createBreakglassApp, ERROR_CODES, type BreakglassApi } from '../../../src/app/index.js';
import { createDispatcher, toApiError } from '../../../main/ipc/dispatch.js';
import { FOREIGN_FRAME_RESULT } from '../../../main/electron/ipc.js';
import { INPUT_SCHEMAS, validateInput } from '../../../main/ipc/schemas.js';
import { BreakglassError } from '../../../src/errors.js';
import { testPorts } from '../../support/ports.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'bg-ipc-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const custody = (names: readonly string[]) => ({ shares: { threshold: 2, custodians: names.map((name) => ({ name })) } });

describe('ipc schemas', () => {
  it('has exactly one schema per API method', () => {
    expect(Object.keys(INPUT_SCHEMAS).sort()).toEqual([...API_METHODS].sort());
  });

  it('accepts the payloads the API takes', () => {
    expect(validateInput('unlockStore', { store: 'mfa-seeds', secret: { shares: ['a b c'] }, actors: ['Ana'] })).toEqual({
      store: 'mfa-seeds',
      secret: { shares: ['a b c'] },
      actors: ['Ana'],
    });
    expect(validateInput('getStatus', undefined)).toBeUndefined();
    const drill = { people: { lead: 'A', witness: 'B' }, secrets: {}, signIns: [{ accountId: '123456789012', outcome: 'failed', at: '10:05' }] };
    expect(validateInput('runDrill', drill)).toEqual(drill);
    expect(validateInput('addMfaDevice', { type: 'security-key', accountId: '123456789012', name: 'yubikey', serial: 'YK1', location: 'safe B' })).toMatchObject({
      type: 'security-key',
    });
    const close = { run: 1, outcome: 'done', rotate: false, seedsExposed: [{ accountId: '123456789012' }, { accountId: '210987654321', device: 'root-mfa-1' }] };
    expect(validateInput('closeRun', close)).toEqual(close);
    expect(validateInput('checkSeedsExposed', { run: 1, seedsExposed: [] })).toEqual({ run: 1, seedsExposed: [] });
  });

  it.each([
    ['unlockStore', { store: 'both', secret: { passphrase: 'x' } }, /unlockStore: store must be "password-vault" or "mfa-seeds"/],
    ['unlockStore', { store: 'mfa-seeds', secret: { passphrase: 'x', shares: [] } }, /unlockStore: secret must be \{ passphrase \} or \{ shares \}/],
    ['openVaultSet', { dir: '   ' }, /openVaultSet: dir must not be empty/],
    ['openVaultSet', { dir: '/tmp', extra: 1 }, /openVaultSet: extra/],
    ['getStatus', { sneaky: true }, /getStatus: input/],
    ['startTotpSession', { accountId: '123456789012', durationSeconds: 3600 }, /durationSeconds must be at most 900/],
    ['verifyShare', { share: 'w'.repeat(5_000) }, /verifyShare: share is longer than 2048 characters/],
    ['printDocument', { document: 'everything', store: 'mfa-seeds' }, /printDocument: document must be shares, emergency, paper-backup or spec/],
    ['generatePassword', { length: 4 }, /generatePassword: length must be at least 8/],
    ['listDirectory', { path: `/${'d'.repeat(1_100)}` }, /listDirectory: path is longer than 1024 characters/],
    ['listDirectory', { path: '/tmp', read: true }, /listDirectory: read/],
    ['listDirectory', { start: 7 }, /listDirectory: start/],
    ['closeRun', { run: 1, outcome: 'x', rotate: false, seedsExposed: [{ accountId: '123456789012', serial: 'x' }] }, /closeRun: seedsExposed.*serial/],
    ['checkSeedsExposed', { run: 1 }, /checkSeedsExposed: seedsExposed/],
    ['runDrill', { people: { lead: 'A', witness: 'B' }, secrets: {}, signIns: [{ accountId: '123456789012', outcome: 'maybe' }] }, /runDrill: signIns.*must be "ok" or "failed"/],
    ['runDrill', { people: { lead: 'A', witness: 'B' }, secrets: {}, signIns: [{ accountId: '123456789012', outcome: 'ok', by: 'me' }] }, /runDrill: signIns.*by/],
  ] as const)('refuses a bad %s payload with a message naming the field', (method, payload, message) => {
    expect(() => validateInput(method, payload)).toThrow(message);
  });
});

describe('ipc dispatcher', () => {
  it('calls the app and returns { ok, value }', async () => {
    const app = createBreakglassApp(testPorts('ipc'));
    const dispatch = createDispatcher(app);
    const dir = join(root, 'set');
    const created = await dispatch('createVaultSet', [{ dir, kdfProfile: 'test', password: custody(['Ana', 'Ben', 'Chen']), mfa: custody(['Dana', 'Eli', 'Fay']) }]);
    expect(created.ok).toBe(true);
    const status = await dispatch('getStatus', []);
    expect(status).toMatchObject({ ok: true, value: { dir } });
  });

  it('strips share words and QR text from issued shares before they reach the renderer', async () => {
    const app = createBreakglassApp(testPorts('ipc'));
    const dispatch = createDispatcher(app);
    const result = await dispatch('createVaultSet', [{ dir: join(root, 'set'), kdfProfile: 'test', password: custody(['Ana', 'Ben', 'Chen']), mfa: custody(['Dana', 'Eli', 'Fay']) }]);
    if (!result.ok) throw new Error(result.error.message);
    const shares = (result.value as { issuedShares: Record<string, unknown>[] }).issuedShares;
    expect(shares).toHaveLength(6);
    for (const share of shares) {
      expect(share).not.toHaveProperty('words');
      expect(share).not.toHaveProperty('qrText');
      expect(share).toMatchObject({ custodian: expect.any(String), index: expect.any(Number) });
    }
    expect(JSON.stringify(result)).not.toMatch(/BGS1:/);
  });

  it('refuses unknown methods, extra arguments and invalid payloads without calling the app', async () => {
    const spy = vi.fn();
    const app = new Proxy({} as BreakglassApi, { get: () => spy });
    const dispatch = createDispatcher(app);
    expect(await dispatch('constructor', [])).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: 'Unknown request "constructor".' } });
    expect(await dispatch('__proto__', [])).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await dispatch('getStatus', [undefined, 'two'])).toMatchObject({ ok: false, error: { message: 'getStatus takes at most one argument.' } });
    expect(await dispatch('lockStore', [{ store: 'all' }])).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(spy).not.toHaveBeenCalled();
  });

  it('returns the app error code and message, and never a stack for unexpected errors', async () => {
    const app = createBreakglassApp(testPorts('ipc'));
    const dispatch = createDispatcher(app);
    const missing = await dispatch('openVaultSet', [{ dir: join(root, 'nothing-here') }]);
    expect(missing.ok).toBe(false);
    if (!missing.ok) {
      expect(missing.error.code).not.toBe('INTERNAL');
      expect(missing.error.message.length).toBeGreaterThan(10);
    }
    const unexpected = toApiError(new Error('boom at /secret/path.ts:12'));
    expect(unexpected.code).toBe('INTERNAL');
    expect(unexpected.message).not.toMatch(/boom|path\.ts/);
    expect(toApiError(new BreakglassError('AUTH', 'Wrong passphrase.'))).toEqual({ code: 'AUTH', message: 'Wrong passphrase.' });
    const detail = { kind: 'swapped', words: [3, 4] } as const;
    expect(toApiError(new BreakglassError('SHARE_CHECKSUM', 'share: Words 3 and 4 look swapped.', { field: 'share', detail }))).toEqual({
      code: 'SHARE_CHECKSUM',
      message: 'share: Words 3 and 4 look swapped.',
      field: 'share',
      detail,
    });
  });

  it('carries a mistyped share word as fields (word, typed, expected) that survive the trip to the renderer', async () => {
    const app = createBreakglassApp(testPorts('ipc'));
    const created = await app.createVaultSet({ dir: join(root, 'set'), kdfProfile: 'test', password: custody(['Ana', 'Ben', 'Chen']), mfa: custody(['Dana', 'Eli', 'Fay']) });
    const words = created.issuedShares.find((share) => share.store === 'password-vault')!.words;
    const typed = [...words];
    typed[9] = words[9] === 'zoo' ? 'zone' : 'zoo';
    const result = await createDispatcher(app)('verifyShare', [{ share: typed.join(' '), store: 'password-vault' }]);
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'SHARE_CHECKSUM',
        message: expect.stringMatching(/Word 10 looks wrong/),
        field: 'share',
        detail: { kind: 'word', word: 10, typed: typed[9], expected: words[9] },
      },
    });
    // Both hosts pass results by value (Electron's structured clone, Playwright's JSON): the detail stays.
    expect(structuredClone(result)).toEqual(result);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it('sends only codes of ERROR_CODES, each one in docs/FORMAT.md §8', async () => {
    const format = await readFile(new URL('../../../docs/FORMAT.md', import.meta.url), 'utf8');
    const section = format.slice(format.indexOf('## 8. Error codes'), format.indexOf('## 9. '));
    const documented = [...section.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect([...documented].sort()).toEqual([...ERROR_CODES].sort());
    const crossing = [FOREIGN_FRAME_RESULT.ok ? '' : FOREIGN_FRAME_RESULT.error.code, toApiError(new Error('x')).code, toApiError(new TypeError('x')).code];
    for (const code of crossing) expect(ERROR_CODES).toContain(code);
  });
});
