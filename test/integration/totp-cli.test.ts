// `breakglass enroll` and `breakglass totp` as a custodian runs them, held against Debian's oathtool.

import { spawn, spawnSync } from 'node:child_process';
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

  itWithTools([oathtool])('takes --trusted-time HH:MM:SS (UTC) and computes the offset against the workstation clock', () => {
    // Two minutes ahead of now; the CLI reads its clock a little later, so the offset is at most 120 s.
    const trusted = new Date(Date.now() + 120_000).toISOString().slice(11, 19);
    const result = run(['totp', dir, '--account', '123456789012', '--json', '--trusted-time', trusted], [MFA]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^The workstation is (1 min \d+|2 min 0) s behind the trusted clock\. Clock offset \+\d+s? for this session\.\n$/);
    const view = JSON.parse(result.stdout);
    expect(view.offsetSeconds).toBeGreaterThan(60);
    expect(view.offsetSeconds).toBeLessThanOrEqual(120);
    expect(Date.parse(view.codesUtc) - Date.parse(view.workstationUtc)).toBe(view.offsetSeconds * 1000);
    expect(view.current).toBe(oath(view.codesUtc));
  });

  itWithTools([oathtool])('refuses a bad --trusted-time, and --trusted-time with --offset, in words', () => {
    for (const [time, message] of [
      ['25:00:00', /hours run 0–23/],
      ['9:14', /seconds are needed/],
      ['abc', /“abc” is not a time/],
    ] as const) {
      const result = run(['totp', dir, '--account', '123456789012', '--json', '--trusted-time', time], [MFA]);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(message);
      expect(result.stdout).toBe('');
    }
    const both = run(['totp', dir, '--account', '123456789012', '--json', '--trusted-time', '09:14:05', '--offset', '+2'], [MFA]);
    expect(both.code).not.toBe(0);
    expect(both.stderr).toMatch(/either --offset or --trusted-time/);
  });

  itWithTools([oathtool])('ends the session on Ctrl-C, wipes the seed and logs start, offset and end', async () => {
    // Ctrl-C once the first codes are on screen (not after a fixed time: a busy machine may not have drawn them yet).
    const cli = spawn(process.execPath, [CLI_BIN, 'totp', dir, '--account', '123456789012'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    cli.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (/CURRENT\s+\d{3} \d{3}/.test(stdout) && !cli.killed) cli.kill('SIGINT');
    });
    cli.stderr.resume();
    cli.stdin.end(`${MFA}\n`);
    await new Promise<void>((resolve) => cli.on('close', () => resolve()));
    const child = { stdout };
    expect(child.stdout).toMatch(/CURRENT\s+\d{3} \d{3}/);
    expect(child.stdout).toMatch(/Session ended: the seed was wiped\./);
    const log = await readFile(join(dir, 'audit-log.jsonl'), 'utf8');
    expect(log).toMatch(/"reason":"ended".*"event":"totp.session-end"/);
    expect(log).toMatch(/"event":"totp.clock-offset"/);
    expect(log).toMatch(/"actor":\["Dana Kim"\].*"event":"mfa.enroll"/);
    expect(log).not.toContain(SEED);
  });
});
