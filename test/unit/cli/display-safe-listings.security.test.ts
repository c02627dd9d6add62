// Listings print stored names and notes with bidi controls and invisible characters shown as ⟨U+XXXX⟩
// (text written before such characters were refused), and --json writes them as \u escapes: the same
// value, nothing hidden on the terminal. Run through the CLI entry point in process. FORMAT.md §2.3.

import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBreakglassApp } from '../../../src/app/index.js';
import { parseContainer } from '../../../src/crypto/container.js';
import { unlockWithPassphrase } from '../../../src/crypto/passphrase-slot.js';
import { decodeVaultDocument } from '../../../src/stores/vault.js';
import { decryptVault, nextGeneration, readCustody, sealStore } from '../../../src/stores/store-codec.js';
import type { JsonValue } from '../../../src/crypto/canonical-json.js';
import { runCliInProcess } from '../../support/cli.js';
import { directoryDrivesPort } from '../../support/directory-drives.js';
import { seededRng, testPorts } from '../../support/ports.js';

const PASS = 'display safe passphrase';
const RAW = /[\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/u;
let root: string;
const dir = () => join(root, 'set');
const LABEL = 'PW\u200b-A';
const ports = () => ({ ...testPorts('display-safe listings'), drives: directoryDrivesPort((name) => join(root, 'drives', name), [LABEL]) });
const cli = (argv: string[], stdin: readonly string[] = []) => runCliInProcess(argv, { ports: ports(), stdin });

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bg-display-safe-'));
  await mkdir(join(root, 'drives', LABEL), { recursive: true });
  const app = createBreakglassApp(ports());
  await app.createVaultSet({ dir: dir(), kdfProfile: 'test', password: { passphrase: PASS }, mfa: { passphrase: 'display safe mfa passphrase' } });
  await app.unlockStore({ store: 'password-vault', secret: { passphrase: PASS } });
  await app.addAccount({ accountId: '123456789012', name: 'Prod', accountClass: 'excluded', email: 'root@example.com', password: 'Display-Safe-Pass-1', notes: 'plain' });
  // Rewrite the store as an older version could have: names and notes holding bidi and invisible characters.
  const path = join(dir(), 'password-vault.bgv');
  const parsed = parseContainer(new Uint8Array(await readFile(path)), 'password-vault');
  const key = await unlockWithPassphrase(parsed.header, PASS);
  const json = JSON.parse(JSON.stringify(decryptVault(parsed, key))) as { accounts: { name: string; notes: string }[] };
  json.accounts[0]!.name = 'Prod \u202eTSET';
  json.accounts[0]!.notes = 'call\u2066 Ana';
  const custody = readCustody(parsed);
  const forged = {
    ...custody,
    custodians: [...custody.custodians, { name: 'Ana \u200dLima', role: 'CISO\u200b', contact: '', shareIndex: null, issuedAt: '2026-11-22T08:00:00Z' }],
  };
  const vault = decodeVaultDocument(json as unknown as JsonValue);
  await writeFile(path, sealStore(nextGeneration(parsed.header), { kind: 'password-vault', vault, custody: forged }, key, Date.UTC(2026, 10, 22, 9), seededRng('forge')));
  // A generation written behind the app's back has no audit entry: the next unlock records it (FORMAT.md §10.9).
  await app.lockAll();
  expect((await app.unlockStore({ store: 'password-vault', secret: { passphrase: PASS } })).unaudited?.generation).toBe(3);
  await app.lockAll();
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('CLI listings of stored text (security)', () => {
  it('account list and account show print ⟨U+XXXX⟩, never the raw characters', async () => {
    const list = await cli(['account', 'list', dir()], [PASS]);
    expect(list.stderr).toBe('');
    expect(list.stdout).toContain('Prod ⟨U+202E⟩TSET');
    expect(list.stdout).not.toMatch(RAW);
    const show = await cli(['account', 'show', dir(), '--account', '123456789012'], [PASS]);
    expect(show.stdout).toContain('Prod ⟨U+202E⟩TSET');
    expect(show.stdout).toContain('call⟨U+2066⟩ Ana');
    expect(show.stdout).not.toMatch(RAW);
  });

  it('custodians list prints the custodian and role escaped', async () => {
    const list = await cli(['custodians', 'list', join(dir(), 'password-vault.bgv')]);
    expect(list.stdout).toContain('Ana ⟨U+200D⟩Lima');
    expect(list.stdout).toContain('CISO⟨U+200B⟩');
    expect(list.stdout).not.toMatch(RAW);
  });

  it('drives list prints a drive label escaped', async () => {
    const list = await cli(['drives', 'list', dir()]);
    expect(list.stdout).toContain('PW⟨U+200B⟩-A');
    expect(list.stdout).not.toMatch(RAW);
  });

  it('--json keeps the exact value, written as \\u escapes', async () => {
    const show = await cli(['account', 'show', dir(), '--account', '123456789012', '--json'], [PASS]);
    expect(show.stdout).not.toMatch(RAW);
    expect(show.stdout).toContain('Prod \\u202eTSET');
    expect((JSON.parse(show.stdout) as { name: string }).name).toBe('Prod \u202eTSET');
  });
});
