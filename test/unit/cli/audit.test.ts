import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXIT_FAILED, EXIT_OK } from '../../../src/cli/run.js';
import { runCliInProcess } from '../../support/cli.js';
import { testPorts } from '../../support/ports.js';

const PW = 'audit test vault passphrase';
const MFA = 'audit test mfa passphrase';
let root: string;
let dir: string;
let n = 0;

const cli = (argv: string[], lines: readonly string[] = []) => runCliInProcess(argv, { ports: testPorts(`audit ${n++}`), stdin: lines });

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'bg-audit-cli-'));
  dir = join(root, 'set');
  await cli(['init', dir, '--kdf-profile', 'test', '--require-run', 'off', '--as', 'Ana Lima'], [PW, PW, MFA, MFA]);
  await cli(['account', 'add', dir, '--account', '123456789012', '--name', 'Mgmt', '--class', 'management', '--email', 'root@example.com', '--as', 'Ana Lima'], [PW, 'Audit-Root-Pass-1']);
  await cli(['password', 'reveal', dir, '--account', '123456789012', '--as', 'Ana Lima, Ben Okafor'], [PW]);
  await cli(['account', 'list', dir], ['a wrong passphrase']);
  await cli(['seed', 'add', dir, '--account', '123456789012', '--device', 'root-mfa'], [MFA, 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP']);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('cli audit', () => {
  it('records every step with who and which generation, and never a secret', async () => {
    const list = await cli(['audit', 'list', dir]);
    expect(list.code).toBe(EXIT_OK);
    const lines = list.stdout.trim().split('\n');
    expect(lines.map((l) => l.split(' ')[2])).toEqual([
      'vault-set.create',
      'store.unlock',
      'account.add',
      'store.lock',
      'store.unlock',
      'password.reveal',
      'store.lock',
      'store.unlock-failed',
      'store.unlock',
      'mfa.add',
      'store.lock',
    ]);
    expect(lines[5]).toMatch(/password.reveal password-vault gen 2 by Ana Lima, Ben Okafor — accountId=123456789012/);
    expect(lines[7]).toMatch(/refusal=AUTH/);
    const raw = await readFile(join(dir, 'audit-log.jsonl'), 'utf8');
    for (const secret of [PW, MFA, 'Audit-Root-Pass-1', 'JBSWY3DPEHPK3PXP', 'a wrong passphrase']) expect(raw).not.toContain(secret);
  });

  it('verifies an intact chain and reports the first broken link when a line is edited or removed', async () => {
    const ok = await cli(['audit', 'verify', dir]);
    expect(ok.stdout).toMatch(/Audit log intact: 11 entries/);
    const path = join(dir, 'audit-log.jsonl');
    const original = await readFile(path, 'utf8');
    await writeFile(path, original.replace('"accountId":"123456789012"', '"accountId":"999999999999"'));
    const edited = await cli(['audit', 'verify', dir]);
    expect(edited.code).toBe(EXIT_FAILED);
    expect(edited.stderr).toMatch(/broken at line 4: line 4's prev is not the hash of line 3.*\[INTEGRITY\]/);
    const lines = original.split('\n');
    lines.splice(5, 1);
    await writeFile(path, lines.join('\n'));
    expect((await cli(['audit', 'verify', dir])).stderr).toMatch(/broken at line 6/);
  });

  it('catches an edited last line only with the head recorded earlier', async () => {
    const head = /Head: #\d+ ([0-9a-f]{64})/.exec((await cli(['audit', 'verify', dir])).stdout)![1]!;
    const path = join(dir, 'audit-log.jsonl');
    const original = await readFile(path, 'utf8');
    await writeFile(path, original.replace(/"event":"store.lock"(?![\s\S]*"event":"store.lock")/, '"event":"store.unlock"'));
    expect((await cli(['audit', 'verify', dir])).code).toBe(EXIT_OK);
    const withHead = await cli(['audit', 'verify', dir, '--expected-head', head]);
    expect(withHead.code).toBe(EXIT_FAILED);
    expect(withHead.stderr).toMatch(/line 11 is not the recorded head/);
  });
});
