// `rotate` cannot skip the segregation check by the other store's file being missing: it refuses, or —
// with an explicit reason — rotates and records the unchecked rotation in the audit log; and `custodians
// list` never calls an overlap "recorded override" when no override names those people.

import { mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXIT_FAILED, EXIT_OK } from '../../../src/cli/run.js';
import { CUSTODIANS_FILE as CUSTODIANS, runCliInProcess } from '../../support/cli.js';
import { testPorts } from '../../support/ports.js';

// Dana Kim, an MFA custodian, would join the password group.
const OVERLAPPING = `[password]
Ana Lima, Security lead
Dana Kim, Finance
Chen Wei, Audit
`;

let root: string;
let dir: string;
let invocation = 0;
const cli = (argv: string[], stdin: readonly string[] = []) => runCliInProcess(argv, { ports: testPorts(`rotate segregation ${invocation++}`), stdin });
const vault = () => join(dir, 'password-vault.bgv');
const mfa = () => join(dir, 'mfa-seeds.bgv');

async function shareWords(file: string): Promise<string> {
  return [...(await readFile(file, 'utf8')).matchAll(/\d+\. (\w+)/g)].map((m) => m[1]).join(' ');
}

let passwordShares: string[];
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'bg-rotate-segregation-'));
  dir = join(root, 'set');
  await writeFile(join(root, 'custodians.txt'), CUSTODIANS);
  await writeFile(join(root, 'overlapping.txt'), OVERLAPPING);
  const init = await cli([
    'init', dir, '--kdf-profile', 'test', '--password-custody', 'shares:2-of-3', '--mfa-custody', 'shares:2-of-3',
    '--custodians', join(root, 'custodians.txt'), '--shares-out', join(root, 'shares'),
  ]);
  expect(init.stderr).toBe('');
  passwordShares = (await readdir(join(root, 'shares'))).filter((n) => n.startsWith('password-vault')).sort().map((n) => join(root, 'shares', n));
  await rename(mfa(), join(root, 'mfa-seeds.bgv.away'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const rotate = async (extra: string[], out: string) =>
  cli(['rotate', vault(), '--custodians', join(root, 'overlapping.txt'), '--shares-out', join(root, out), ...extra], [
    await shareWords(passwordShares[0]!),
    await shareWords(passwordShares[1]!),
  ]);

describe('rotate without the other store', () => {
  it('refuses to rotate custody while the MFA seed store (its custodian register) is missing', async () => {
    const before = await readFile(vault());
    const result = await rotate([], 'new-shares');
    expect(result.code).toBe(EXIT_FAILED);
    expect(result.stderr).toMatch(/The MFA seed store is missing from this vault set, so its custodians cannot be checked .* nothing was changed.*\[SEGREGATION\]/s);
    expect(await readFile(vault())).toEqual(before);
  });

  it('rotates with an explicit reason, records it in the audit log, and custodians list then says NO override was recorded', async () => {
    const result = await rotate(['--without-other-register', 'MFA store lost in the fire, rebuilding'], 'new-shares');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(EXIT_OK);
    const log = await readFile(join(dir, 'audit-log.jsonl'), 'utf8');
    const entry = log.split('\n').find((line) => line.includes('"custody.override"'));
    expect(entry).toMatch(/"reason":"MFA store lost in the fire, rebuilding"/);
    expect(entry).toMatch(/"unchecked":"the MFA seed store was missing"/);

    await rename(join(root, 'mfa-seeds.bgv.away'), mfa());
    const list = await cli(['custodians', 'list', vault()]);
    expect(list.stdout).toMatch(/Smallest coalition that can open both stores: 3 people \(.*with NO recorded override \(Dana Kim\)\)/);
    expect(list.stdout).not.toMatch(/\(recorded override\)/);
  });

  it('refuses a reason too short to mean anything', async () => {
    const result = await rotate(['--without-other-register', 'lost'], 'new-shares');
    expect(result.code).toBe(EXIT_FAILED);
    expect(result.stderr).toMatch(/\[SEGREGATION\]/);
  });
});
