// The migration CLI tests' shared ground: a KeePass database's entries as custodians keep them (ids in a
// custom field, the title or the URL; TOTP in all three field styles), the vault set they go into, and
// the CLI calls that read the result back. Used by migration-cli.test.ts and migration-seeds-cli.test.ts.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { runCliInProcess } from './cli.js';
import type { TestEntry } from './kdbx.js';
import { testPorts } from './ports.js';

export const PW = 'migration vault passphrase';
export const MFA = 'migration mfa passphrase';
export const KP = 'legacy keepass password';
export const SEED_A = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
export const SEED_B = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
export const SEED_C = 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43UOV3HO6DZPIYTEMZU';

export const ENTRIES: readonly TestEntry[] = [
  {
    title: 'Org management',
    userName: 'aws-root+mgmt@example.com',
    password: 'Xy7!kq#Lm9$pQw2@',
    url: 'https://111122223333.signin.aws.amazon.com/console',
    notes: 'Safe A, envelope 1',
    fields: { '*otp': `otpauth://totp/Amazon%20Web%20Services:root-mfa@111122223333?secret=${SEED_A}%3D%3D%3D%3D&period=30&digits=6&algorithm=SHA1` },
  },
  { title: 'Log archive', userName: 'aws-root+logs@example.com', password: 'weakpass', fields: { 'AWS Account': '4444-5555-6666', 'TOTP Seed': SEED_B, 'TOTP Settings': '30;6' } },
  { title: 'Security tooling 777788889999', userName: 'aws-root+sec@example.com', password: 'Gq8#vR2!mZ6^tL0&', fields: { 'TimeOtp-Secret-Base32': SEED_C, 'TimeOtp-Algorithm': 'HMAC-SHA-1' } },
  { title: 'Someone forgot the id', userName: 'aws-root+x@example.com', password: 'Pz5$wQ9!rT3@yU7#' },
  { title: 'Deleted 121212121212', userName: 'aws-root+old@example.com', password: 'Old!pass9Word#1', recycled: true },
];

/** A temporary root for one test file (made before its tests, removed after) and the CLI run in-process over it. */
export function migrationHarness(label: string) {
  let root = '';
  let ports: ReturnType<typeof testPorts>;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), `bg-${label}-`));
    ports = testPorts(label);
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  function cli(argv: readonly string[], stdin: readonly string[]) {
    return runCliInProcess(argv, { ports, stdin });
  }

  async function newSet(name: string): Promise<string> {
    const dir = join(root, name);
    const result = await cli(['init', dir, '--kdf-profile', 'test', '--require-run', 'off'], [PW, PW, MFA, MFA]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    return dir;
  }

  async function auditEvents(dir: string): Promise<{ event: string; store: string | null; details: Record<string, unknown>; actor: string[] }[]> {
    return (await readFile(join(dir, 'audit-log.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
  }

  async function reveal(dir: string, accountId: string): Promise<string> {
    const result = await cli(['password', 'reveal', dir, '--account', accountId], [PW]);
    expect(result.code).toBe(0);
    return result.stdout.trim();
  }

  async function accounts(dir: string): Promise<{ accountId: string; name: string; accountClass: string; email: string; notes: string }[]> {
    const result = await cli(['account', 'list', dir, '--json'], [PW]);
    expect(result.code).toBe(0);
    return JSON.parse(result.stdout);
  }

  async function devices(dir: string): Promise<{ accountId: string; name: string; algorithm: string; digits: number; period: number }[]> {
    const result = await cli(['seed', 'list', dir, '--json'], []);
    expect(result.code).toBe(0);
    return JSON.parse(result.stdout);
  }

  async function codes(dir: string, accountId: string): Promise<string> {
    const result = await cli(['totp', dir, '--account', accountId, '--json'], [MFA]);
    expect(result.code).toBe(0);
    return JSON.parse(result.stdout).current;
  }

  return { root: () => root, cli, newSet, auditEvents, reveal, accounts, devices, codes };
}
