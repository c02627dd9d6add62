// A torn last audit line (a crash or power cut while writing) is AUDIT_TORN, never INTEGRITY, and
// `breakglass audit repair` brings back unlock and verify, keeping the cut bytes and auditing itself.

import { createHash } from 'node:crypto';
import { appendFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuiltCli as run } from '../support/cli.js';

const PW = 'torn audit vault passphrase';
const MFA = 'torn audit mfa passphrase';
let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bg-torn-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function makeSet(name: string): string {
  const dir = join(root, name);
  expect(run(['init', dir, '--kdf-profile', 'test'], [PW, PW, MFA, MFA]).code).toBe(0);
  const add = run(['account', 'add', dir, '--account', '123456789012', '--name', 'Torn', '--class', 'excluded', '--email', 'root@example.com'], [PW, 'Torn-Root-Pass-123']);
  expect(add.stderr).toBe('');
  return dir;
}

describe('a torn last audit line', () => {
  it.each([
    ['no newline', '{"actor":[],"at":"2026-'],
    ['garbage after a power cut', '\0\0\0\0\0\0\0\0\n'],
  ])('(%s) is AUDIT_TORN, and repair restores unlock and verify', async (name, tail) => {
    const dir = makeSet(name.replace(/\W/g, '-'));
    const log = join(dir, 'audit-log.jsonl');
    const before = await readFile(log);
    await appendFile(log, tail);
    const list = run(['account', 'list', dir], [PW]);
    expect(list.code).toBe(1);
    expect(list.stderr).toMatch(/cut short \(a crash or power cut while writing.*breakglass audit repair .*\[AUDIT_TORN\]\n$/s);
    expect(list.stderr).not.toMatch(/INTEGRITY/);
    const verify = run(['audit', 'verify', dir]);
    expect(verify.code).toBe(1);
    expect(verify.stderr).toMatch(/\[AUDIT_TORN\]\n$/);

    const repair = run(['audit', 'repair', dir, '--actor', 'Ana Lima']);
    expect(repair.stderr).toBe('');
    expect(repair.code).toBe(0);
    const side = (await readdir(dir)).filter((f) => f.startsWith('audit-log.jsonl.torn-'));
    expect(side).toHaveLength(1);
    const cut = await readFile(join(dir, side[0]!));
    expect(cut.toString('latin1')).toBe(tail);
    const repaired = await readFile(log);
    expect(repaired.subarray(0, before.length).equals(before)).toBe(true);
    const last = JSON.parse(repaired.toString('utf8').trimEnd().split('\n').pop()!);
    expect(last).toMatchObject({
      event: 'audit.repair',
      actor: ['Ana Lima'],
      details: { tornFile: side[0], tornBytes: cut.length, tornSha256: createHash('sha256').update(cut).digest('hex') },
    });
    expect(run(['audit', 'verify', dir]).code).toBe(0);
    const again = run(['account', 'list', dir], [PW]);
    expect(again.stderr).toBe('');
    expect(again.stdout).toContain('123456789012');
    // Nothing left to repair.
    expect(run(['audit', 'repair', dir]).stderr).toMatch(/nothing to repair.*\[VALIDATION\]/);
  });

  it('refuses to "repair" damage that is not a torn last line, and leaves the log as it is', async () => {
    const dir = makeSet('edited');
    const log = join(dir, 'audit-log.jsonl');
    const lines = (await readFile(log, 'utf8')).split('\n');
    lines[0] = lines[0]!.replace('"actor":[', '"actor":["Mallory",');
    await writeFile(log, lines.join('\n') + '{"cut');
    const damaged = await readFile(log);
    const repair = run(['audit', 'repair', dir]);
    expect(repair.code).toBe(1);
    expect(repair.stderr).toMatch(/not repaired: the damage is not only the last line.*\[INTEGRITY\]/);
    expect((await readFile(log)).equals(damaged)).toBe(true);
    expect((await readdir(dir)).some((f) => f.includes('.torn-'))).toBe(false);
  });
});
