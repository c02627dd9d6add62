// `breakglass import keepass|seeds` and `export-kdbx` as custodians run them: KDBX 3.1 from keepassxc-cli,
// KDBX 4 from kdbxweb, exports read back by keepassxc-cli and oathtool, and every refusal writing nothing.

import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../support/cli.js';
import { keepassxc, keepassxcList, keepassxcShow, makeKdbx31, makeKdbx4, oathtoolCode, oathtoolTool, type TestEntry } from '../support/kdbx.js';
import { testPorts } from '../support/ports.js';
import { itWithTools } from '../support/tools.js';

const PW = 'migration vault passphrase';
const MFA = 'migration mfa passphrase';
const KP = 'legacy keepass password';
const SEED_A = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const SEED_B = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const SEED_C = 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43UOV3HO6DZPIYTEMZU';

const ENTRIES: readonly TestEntry[] = [
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

let root: string;
let ports: ReturnType<typeof testPorts>;

function cli(argv: readonly string[], stdin: readonly string[]) {
  return runCliInProcess(argv, { ports, stdin });
}

async function newSet(name: string): Promise<string> {
  const dir = join(root, name);
  const result = await cli(['init', dir, '--kdf-profile', 'test'], [PW, PW, MFA, MFA]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return dir;
}

async function auditEvents(dir: string): Promise<{ event: string; store: string | null; details: Record<string, unknown>; actor: string[] }[]> {
  return (await readFile(join(dir, 'audit-log.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bg-migration-'));
  ports = testPorts('migration');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('import keepass', () => {
  it('previews a KDBX 4 (Argon2id, ChaCha20) database and writes nothing without --yes', async () => {
    const dir = await newSet('preview');
    const file = join(root, 'preview.kdbx');
    await writeFile(file, await makeKdbx4(KP, ENTRIES));
    const before = await auditEvents(dir);
    const result = await cli(['import', 'keepass', dir, file, '--class', 'excluded'], [PW, KP]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/KDBX 4\.\d \(Argon2id, ChaCha20\)/);
    expect(result.stdout).toMatch(/Recycle bin: 1 entry left out\. Entries without an account id: 1\./);
    expect(result.stdout).toMatch(/111122223333\s+excluded\s+add\s+add root-mfa/);
    expect(result.stdout).toMatch(/444455556666\s+excluded\s+add \(rotate\)\s+add imported-mfa/);
    expect(result.stdout).toMatch(/Someone forgot the id\s+—\s+—\s+skip\s+—\s+no account id/);
    expect(result.stdout).toMatch(/WARNING: This KeePass database kept both factors together/);
    expect(result.stdout).toMatch(/Nothing was written: this was the preview/);
    expect(result.stdout).not.toContain('Xy7!kq');
    expect(result.stdout).not.toContain(SEED_A);
    const after = await auditEvents(dir);
    expect(after.filter((e) => e.event.startsWith('migration'))).toEqual([]);
    expect(after.length).toBe(before.length + 2); // the unlock and the lock of the vault only
  });
});

