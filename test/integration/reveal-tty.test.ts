// The built `breakglass password reveal` on a real pseudo-terminal (util-linux `script`): the password is
// drawn on the alternate screen only, and after the leave sequence the normal screen never shows it.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALTERNATE_SCREEN_OFF, ALTERNATE_SCREEN_ON } from '../../src/cli/terminal-screen.js';
import { CLI_BIN, runBuiltCli } from '../support/cli.js';
import { runInPty, shellWord } from '../support/pty.js';

const PW = 'pty reveal vault passphrase';
const MFA = 'pty reveal mfa passphrase';
const PASSWORD = 'Pty-Root-Password-7531';
const ACCOUNT = '123456789012';
let root: string;
let dir: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bg-pty-'));
  dir = join(root, 'set');
  expect(runBuiltCli(['init', dir, '--kdf-profile', 'test', '--require-run', 'off'], [PW, PW, MFA, MFA]).code).toBe(0);
  const add = runBuiltCli(['account', 'add', dir, '--account', ACCOUNT, '--name', 'Management', '--class', 'management', '--email', 'root@example.com'], [PW, PASSWORD]);
  expect(add.stderr).toBe('');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const revealCommand = (): string => [process.execPath, CLI_BIN, 'password', 'reveal', dir, '--account', ACCOUNT].map(shellWord).join(' ');

describe('password reveal at a terminal', () => {
  it('shows the password on the alternate screen until Enter, then only a notice on the normal screen', async () => {
    const result = await runInPty(revealCommand(), [
      { when: 'Passphrase for the password vault: ', send: `${PW}\r` },
      { when: 'Press Enter when you have typed it', send: '\r' },
    ]);
    expect(result.code).toBe(0);
    const on = result.output.indexOf(ALTERNATE_SCREEN_ON);
    const off = result.output.indexOf(ALTERNATE_SCREEN_OFF);
    expect(on).toBeGreaterThanOrEqual(0);
    expect(off).toBeGreaterThan(on);
    const before = result.output.slice(0, on);
    const alternate = result.output.slice(on, off);
    const after = result.output.slice(off);
    expect(alternate).toContain('Pty-  Root  -Pas  swor  d-75  31');
    expect(before).not.toContain(PASSWORD.slice(0, 8));
    for (const group of [PASSWORD, 'Pty-', 'Root', '-Pas', 'd-75', '7531']) expect(after).not.toContain(group);
    expect(after).toMatch(/was shown on the terminal's alternate screen and cleared when Enter was pressed; it is not in the scrollback\./);
    expect(result.output.split(ALTERNATE_SCREEN_ON)).toHaveLength(2);
  });

  it('keeps printing the password alone when stdout is a file, even with stdin at the terminal', async () => {
    const file = join(root, 'revealed.txt');
    const result = await runInPty(`${revealCommand()} > ${shellWord(file)}`, [{ when: 'Passphrase for the password vault: ', send: `${PW}\r` }]);
    expect(result.code).toBe(0);
    expect(result.output).not.toContain(ALTERNATE_SCREEN_ON);
    expect(result.output).not.toContain(PASSWORD);
    expect(await readFile(file, 'utf8')).toBe(`${PASSWORD}\n`);
  });
});
