// The built `breakglass` executable as custodians and scripts run it: a real process, secrets on stdin,
// exit codes, clean error messages, and files that bad input never modifies.

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuiltCli as run } from '../support/cli.js';

const PW = 'process test vault passphrase';
const MFA = 'process test mfa passphrase';
let root: string;
let dir: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bg-proc-'));
  dir = join(root, 'set');
  expect(run(['init', dir, '--kdf-profile', 'test', '--require-run', 'off'], [PW, PW, MFA, MFA]).code).toBe(0);
  const add = run(
    ['account', 'add', dir, '--account', '123456789012', '--name', 'Management', '--class', 'management', '--email', 'root@example.com'],
    [PW, 'Root-Password-123'],
  );
  expect(add.stderr).toBe('');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('breakglass executable', () => {
  it('prints help with exit 0 and says how secrets are read', () => {
    const help = run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/one per line from stdin/);
  });

  it('reveals a password on stdout and nothing else', () => {
    const reveal = run(['password', 'reveal', dir, '--account', '123456789012'], [PW]);
    expect(reveal).toMatchObject({ code: 0, stdout: 'Root-Password-123\n', stderr: '' });
  });

  it('exits 1 with one clear line, no stack trace, on a wrong passphrase', () => {
    const result = run(['account', 'list', dir], ['wrong passphrase entirely']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/wrong passphrase for the password vault/i);
  });

  it('exits 2 on a usage error', () => {
    expect(run(['account', 'list']).code).toBe(2);
    expect(run(['account', 'list', dir, '--password', 'x']).code).toBe(2);
  });

  it('never modifies a damaged, truncated or hostile file it refuses', async () => {
    const path = join(dir, 'password-vault.bgv');
    const good = await readFile(path);
    const variants: [string, Buffer, RegExp][] = [
      ['flipped', Buffer.concat([good.subarray(0, 30), Buffer.from([good[30]! ^ 1]), good.subarray(31)]), /header is damaged/],
      ['truncated', good.subarray(0, good.length - 10), /cut short/],
      ['version', Buffer.concat([good.subarray(0, 8), Buffer.from([9]), good.subarray(9)]), /format version 9/],
    ];
    try {
      for (const [label, bytes, message] of variants) {
        await writeFile(path, bytes);
        const result = run(['account', 'list', dir], [PW]);
        expect(result.code, label).toBe(1);
        expect(result.stderr, label).toMatch(message);
        expect(await readFile(path), label).toEqual(bytes);
      }
    } finally {
      await writeFile(path, good);
    }
  });

  it('finishes promptly instead of hanging when stdin holds too few secrets', () => {
    const started = Date.now();
    const result = run(['account', 'list', dir], []);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/stdin ended/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
