// `breakglass enroll` and `breakglass totp` as a custodian runs them, held against Debian's oathtool.

import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { CLI_BIN, runBuiltCli as run } from '../support/cli.js';
import { findTool, itWithTools } from '../support/tools.js';

const PW = 'totp cli vault passphrase';
const MFA = 'totp cli mfa passphrase';
const SEED = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const oathtool = findTool('oathtool', ['--version'], 'oathtool');
let root: string;
let dir: string;

function oath(at: string, extra: string[] = []): string {
  const now = at.replace('T', ' ').replace('Z', ' UTC');
  return spawnSync('oathtool', ['--totp', ...extra, '-b', '--now', now, '-'], { input: SEED, encoding: 'utf8' }).stdout.trim();
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bg-totp-cli-'));
  dir = join(root, 'set');
  expect(run(['init', dir, '--kdf-profile', 'test', '--require-run', 'off'], [PW, PW, MFA, MFA]).code).toBe(0);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('totp and enroll commands', () => {
  itWithTools([oathtool])('enrolls a pasted AWS secret, printing MFA code 1 and 2 that oathtool agrees with', () => {
    const result = run(['enroll', dir, '--account', '123456789012', '--device', 'root-mfa', '--json', '--as', 'Dana Kim'], [MFA, SEED.toLowerCase()]);
    // In the last 5 s of a window it first waits for the next one, and says so.
    expect(result.stderr).toMatch(/^(Only \d s are left in this 30-second window: waiting \d s for a fresh one before showing the codes…\n)?$/);
    const view = JSON.parse(result.stdout.slice(0, result.stdout.lastIndexOf('}') + 1));
    const now = new Date();
    const windowStart = Math.floor(now.getTime() / 30_000) * 30_000;
    const codes = [oath(new Date(windowStart - 30_000).toISOString()), oath(new Date(windowStart).toISOString()), oath(new Date(windowStart + 30_000).toISOString())];
    expect(codes).toContain(view.mfaCode1);
    expect(codes).toContain(view.mfaCode2);
    expect(result.code).toBe(0);
  });

  itWithTools([oathtool])('prints previous, current and next codes once with --json, equal to oathtool at the stated instant', () => {
    const result = run(['totp', dir, '--account', '123456789012', '--json', '--offset=-90s'], [MFA]);
    expect(result.stderr).toBe('');
    const view = JSON.parse(result.stdout);
    expect(view.current).toBe(oath(view.codesUtc));
    expect(view.previous).toBe(oath(new Date(Date.parse(view.codesUtc) - 30_000).toISOString()));
    expect(view.next).toBe(oath(new Date(Date.parse(view.codesUtc) + 30_000).toISOString()));
    expect(Date.parse(view.workstationUtc) - Date.parse(view.codesUtc)).toBe(90_000);
  });

  itWithTools([oathtool])('ends the session on Ctrl-C, wipes the seed and logs start, offset and end', async () => {
    const child = spawnSync('bash', ['-c', `printf '%s\\n' '${MFA}' | timeout -s INT 2 ${process.execPath} ${CLI_BIN} totp ${dir} --account 123456789012`], { encoding: 'utf8' });
    expect(child.stdout).toMatch(/CURRENT\s+\d{3} \d{3}/);
    expect(child.stdout).toMatch(/Session ended: the seed was wiped\./);
    const log = await readFile(join(dir, 'audit-log.jsonl'), 'utf8');
    expect(log).toMatch(/"reason":"ended".*"event":"totp.session-end"/);
    expect(log).toMatch(/"event":"totp.clock-offset"/);
    expect(log).toMatch(/"actor":\["Dana Kim"\].*"event":"mfa.enroll"/);
    expect(log).not.toContain(SEED);
  });
});
