// Many `breakglass` processes changing one vault set at once: the vault-set write lock lets none of them
// lose another's change, and the audit chain stays one chain. FORMAT.md §10.7; DESIGN §3 (invariant 9).

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuiltCli, startBuiltCli, type CliResult } from '../support/cli.js';

const PW = 'concurrent writers vault passphrase';
const MFA = 'concurrent writers mfa passphrase';
const WRITERS = 8;
const ROUNDS = 3;
let root: string;
let dir: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bg-concurrent-'));
  dir = join(root, 'set');
  expect(runBuiltCli(['init', dir, '--kdf-profile', 'test'], [PW, PW, MFA, MFA]).code).toBe(0);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function accountId(round: number, writer: number): string {
  return String(100_000_000_000 + round * 100 + writer);
}

function addAccount(id: string): Promise<CliResult> {
  return startBuiltCli(
    ['account', 'add', dir, '--account', id, '--name', `Writer ${id}`, '--class', 'excluded', '--email', `root+${id}@example.com`],
    [PW, `Root-Password-${id}`],
  );
}

describe('concurrent CLI writers on one vault set', () => {
  it('keeps every change a process reported, and refuses the others with BUSY or CONFLICT', async () => {
    const added: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const ids = Array.from({ length: WRITERS }, (_, writer) => accountId(round, writer));
      const results = await Promise.all(ids.map((id) => addAccount(id)));
      results.forEach((result, i) => {
        if (result.code === 0) {
          expect(result.stdout).toContain(`Added account ${ids[i]}`);
          added.push(ids[i]!);
        } else {
          // A loser says why and changed nothing; it never says "Added".
          expect(result.code).toBe(1);
          expect(result.stdout).not.toContain('Added');
          expect(result.stderr).toMatch(/Another Breakglass process is changing this vault set.*\[BUSY\]|The password vault changed on disk.*\[CONFLICT\]/s);
        }
      });
    }
    expect(added.length).toBeGreaterThan(0);
    const list = runBuiltCli(['account', 'list', dir], [PW]);
    expect(list.code).toBe(0);
    for (const id of added) expect(list.stdout).toContain(id);
    // Every append chained to the line before it: no two processes read the same head.
    const verify = runBuiltCli(['audit', 'verify', dir]);
    expect(verify.stderr).toBe('');
    expect(verify.code).toBe(0);
    const log = runBuiltCli(['audit', 'list', dir]);
    expect(log.code).toBe(0);
    for (const id of added) expect(log.stdout).toContain(id);
  }, 120_000);
});
