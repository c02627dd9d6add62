// `breakglass password reveal` at a terminal: the bytes the pure builder writes, and the command's flow
// over a fake terminal — Enter or the reveal time ends it, the notice never holds the password.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REVEAL_SECONDS, revealScreenOutput } from '../../../src/cli/reveal-screen.js';
import { runCli, EXIT_OK } from '../../../src/cli/run.js';
import { lineSecretSource, terminalSecretSource, type SecretSource } from '../../../src/cli/secret-input.js';
import { ALTERNATE_SCREEN_OFF, ALTERNATE_SCREEN_ON, CLEAR_SCREEN, type TerminalScreen } from '../../../src/cli/terminal-screen.js';
import { runCliInProcess } from '../../support/cli.js';
import { testPorts } from '../../support/ports.js';

const PW = 'reveal screen vault passphrase';
const MFA = 'reveal screen mfa passphrase';
const PASSWORD = 'O0l1-Root-Pass-99';
const ACCOUNT = '123456789012';
let root: string;
let dir: string;
let invocation = 0;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bg-reveal-'));
  dir = join(root, 'set');
  const ports = () => testPorts(`reveal ${invocation++}`);
  expect((await runCliInProcess(['init', dir, '--kdf-profile', 'test', '--require-run', 'off'], { ports: ports(), stdin: [PW, PW, MFA, MFA] })).code).toBe(EXIT_OK);
  const add = await runCliInProcess(
    ['account', 'add', dir, '--account', ACCOUNT, '--name', 'Management', '--class', 'management', '--email', 'root@example.com'],
    { ports: ports(), stdin: [PW, PASSWORD] },
  );
  expect(add.stderr).toBe('');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A terminal screen that records what was written, in order, and calls `onOpen` once the password is shown. */
function recordingScreen(onOpen: () => void = () => {}) {
  const writes: string[] = [];
  const screen: TerminalScreen = {
    open(enter, leave) {
      writes.push(enter);
      onOpen();
      let open = true;
      return () => {
        if (open) writes.push(leave);
        open = false;
      };
    },
  };
  return { screen, writes };
}

/** A sleep that never ends by itself: only its abort signal ends it (the reveal time never runs out). */
const sleepUntilAborted = (_ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => signal?.addEventListener('abort', () => resolve(), { once: true }));

async function reveal(secrets: SecretSource, screen: TerminalScreen, sleep: (ms: number, signal?: AbortSignal) => Promise<void>) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['password', 'reveal', dir, '--account', ACCOUNT], {
    ports: testPorts(`reveal ${invocation++}`),
    secrets,
    screen,
    out: (text) => (stdout += text),
    err: (text) => (stderr += text),
    sleep,
  });
  return { code, stdout, stderr };
}

/** A fake terminal whose custodian types the vault passphrase when asked; `raw` records raw-mode switches. */
function terminalTypingPassphrase() {
  const input = new PassThrough() as PassThrough & { isTTY: boolean; setRawMode(mode: boolean): void };
  const raw: boolean[] = [];
  input.isTTY = true;
  input.setRawMode = (mode) => void raw.push(mode);
  const prompts = new PassThrough();
  prompts.on('data', (chunk: Buffer) => {
    if (chunk.toString().startsWith('Passphrase for the password vault')) input.write(`${PW}\r`);
  });
  return { input, raw, prompts };
}

describe('reveal-screen', () => {
  it('builds the alternate-screen output: grouped password and legend inside, only a notice outside', () => {
    const output = revealScreenOutput(
      { accountId: ACCOUNT, password: PASSWORD, style: 'symbols', groups: ['O0l1', '-Roo', 't-Pa', 'ss-9', '9'], legend: [{ char: '0', name: 'zero (digit)' }] },
      { seconds: 30, enterHides: true },
    );
    expect(output.enter.startsWith(ALTERNATE_SCREEN_ON + CLEAR_SCREEN)).toBe(true);
    expect(output.enter).toContain('O0l1  -Roo  t-Pa  ss-9  9');
    expect(output.enter).toContain('0  zero (digit)');
    expect(output.enter).toMatch(/Press Enter .* in 30 s at the latest/);
    expect(output.enter).not.toContain(ALTERNATE_SCREEN_OFF);
    expect(output.leave).toBe(CLEAR_SCREEN + ALTERNATE_SCREEN_OFF);
    for (const end of ['enter', 'time'] as const) {
      expect(output.notice(end)).toMatch(/shown on the terminal's alternate screen and cleared .*not in the scrollback/);
      expect(output.notice(end)).not.toMatch(/O0l1|Root-Pass/);
      expect(output.notice(end)).not.toContain('\u001b');
    }
    expect(output.notice('time')).toContain('after 30 s');
    const timed = revealScreenOutput({ accountId: ACCOUNT, password: 'x', style: 'symbols', groups: ['x'], legend: [] }, { seconds: 30, enterHides: false });
    expect(timed.enter).not.toMatch(/Enter|Look-alike/);
    expect(timed.enter).toContain('It is hidden in 30 s.');
  });

  it('escapes control characters of the shown text but keeps its own escape sequences', () => {
    const output = revealScreenOutput({ accountId: ACCOUNT, password: 'a\u001b[2Jb', style: 'symbols', groups: ['a\u001b[2Jb'], legend: [] }, { seconds: 5, enterHides: false });
    expect(output.enter.split('\u001b')).toHaveLength(4); // ON, and CLEAR's two sequences: none from the password
  });

  it('hides the password when the reveal time runs out, with stdin not a terminal', async () => {
    const { screen, writes } = recordingScreen();
    const stdin = new PassThrough();
    stdin.end(`${PW}\n`);
    const waits: number[] = [];
    const result = await reveal(lineSecretSource(stdin), screen, async (ms) => void waits.push(ms));
    expect(result.code).toBe(EXIT_OK);
    expect(waits).toEqual([REVEAL_SECONDS * 1000]);
    expect(writes).toHaveLength(2);
    expect(writes[0]).toContain('O0l1  -Roo');
    expect(writes[0]).toContain(`It is hidden in ${REVEAL_SECONDS} s.`);
    expect(writes[1]).toBe(CLEAR_SCREEN + ALTERNATE_SCREEN_OFF);
    expect(result.stdout).toMatch(/cleared after 30 s; it is not in the scrollback\.\n$/);
    expect(result.stdout + result.stderr).not.toContain(PASSWORD);
  });

  it('hides the password when Enter is pressed at the terminal, before the reveal time', async () => {
    const { input, raw, prompts } = terminalTypingPassphrase();
    const { screen, writes } = recordingScreen(() => setImmediate(() => input.write('\r')));
    const result = await reveal(terminalSecretSource(input, prompts), screen, sleepUntilAborted);
    expect(result.code).toBe(EXIT_OK);
    expect(writes).toHaveLength(2);
    expect(writes[0]).toMatch(/Press Enter when you have typed it/);
    expect(writes[1]).toBe(CLEAR_SCREEN + ALTERNATE_SCREEN_OFF);
    expect(result.stdout).toMatch(/cleared when Enter was pressed; it is not in the scrollback\.\n$/);
    expect(result.stdout).not.toContain(PASSWORD);
    expect(raw.at(-1)).toBe(false);
    expect(input.listenerCount('data')).toBe(0);
  });

  it('stops waiting for Enter when the reveal time runs out first, leaving raw mode', async () => {
    const { input, raw, prompts } = terminalTypingPassphrase();
    const { screen, writes } = recordingScreen();
    const result = await reveal(terminalSecretSource(input, prompts), screen, async () => {});
    expect(result.code).toBe(EXIT_OK);
    expect(writes[1]).toBe(CLEAR_SCREEN + ALTERNATE_SCREEN_OFF);
    expect(result.stdout).toMatch(/cleared after 30 s/);
    expect(raw).toEqual([true, false, true, false]);
    expect(input.listenerCount('data')).toBe(0);
  });

  it('prints the password alone on stdout when stdout is not a terminal (no screen)', async () => {
    const result = await runCliInProcess(['password', 'reveal', dir, '--account', ACCOUNT], { ports: testPorts(`reveal ${invocation++}`), stdin: [PW] });
    expect(result).toMatchObject({ code: EXIT_OK, stdout: `${PASSWORD}\n`, stderr: '' });
  });
});
