import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, helpText } from '../../../src/cli/run.js';
import { runCliInProcess } from '../../support/cli.js';
import { TestClock, testPorts } from '../../support/ports.js';

const PW = 'password group passphrase';
const MFA = 'mfa group passphrase here';

let root: string;
let invocation = 0;
let dir: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'bg-cli-'));
  dir = join(root, 'set');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const cli = (argv: string[], stdinLines: readonly string[] = []) => runCliInProcess(argv, { ports: testPorts(`cli ${invocation++}`), stdin: stdinLines });

async function init(): Promise<void> {
  const result = await cli(['init', dir, '--kdf-profile', 'test', '--require-run', 'off'], [PW, PW, MFA, MFA]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(EXIT_OK);
}

describe('cli', () => {
  it('prints help listing every command and exits 0 for --help, 2 with no arguments', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(EXIT_OK);
    for (const command of ['init', 'inspect', 'account add', 'account list', 'account show', 'account remove', 'password reveal', 'seed add', 'seed list']) {
      expect(help.stdout).toContain(`breakglass ${command} `);
    }
    expect(help.stdout).toMatch(/never taken from arguments or environment variables/);
    expect((await cli([])).code).toBe(EXIT_USAGE);
    expect((await cli(['help', 'account', 'add'])).stdout).toMatch(/^Usage: breakglass account add DIR --account ID/);
  });

  it('exits 2 with the usage line for unknown commands, unknown options and missing arguments', async () => {
    const unknown = await cli(['frobnicate']);
    expect(unknown.code).toBe(EXIT_USAGE);
    expect(unknown.stderr).toMatch(/unknown command "frobnicate"/);
    const badOption = await cli(['account', 'list', dir, '--passphrase', 'hunter2hunter2']);
    expect(badOption.code).toBe(EXIT_USAGE);
    expect(badOption.stderr).toMatch(/Usage: breakglass account list/);
    expect((await cli(['account', 'add', dir])).stderr).toMatch(/--account is required/);
    expect((await cli(['inspect'])).code).toBe(EXIT_USAGE);
    expect((await cli(['init', dir, '--kdf-profile', 'fast'])).stderr).toMatch(/--kdf-profile must be "strong" or "test"/);
  });

  it('creates a vault set from four stdin lines and refuses mismatched or equal passphrases', async () => {
    const mismatch = await cli(['init', dir, '--kdf-profile', 'test'], [PW, PW + 'x', MFA, MFA]);
    expect(mismatch.code).toBe(EXIT_FAILED);
    expect(mismatch.stderr).toMatch(/two entries of the password vault passphrase differ/);
    const equal = await cli(['init', dir, '--kdf-profile', 'test'], [PW, PW, PW, PW]);
    expect(equal.code).toBe(EXIT_FAILED);
    expect(equal.stderr).toMatch(/must have different passphrases.*\[SEGREGATION\]/);
    await init();
    const again = await cli(['init', dir, '--kdf-profile', 'test'], [PW, PW, MFA, MFA]);
    expect(again.code).toBe(EXIT_FAILED);
    expect(again.stderr).toMatch(/already exists/);
  });

  it('reports missing stdin lines instead of hanging', async () => {
    const result = await cli(['init', dir, '--kdf-profile', 'test'], [PW, PW]);
    expect(result.code).toBe(EXIT_FAILED);
    expect(result.stderr).toMatch(/stdin ended before/);
  });

  it('runs the account workflow with text and --json output', async () => {
    await init();
    const add = await cli(
      ['account', 'add', dir, '--account', '123456789012', '--name', 'Prod', '--class', 'management', '--email', 'root@example.com'],
      [PW, 'Root-Password-123'],
    );
    expect(add).toMatchObject({ code: EXIT_OK, stderr: '' });
    const gen = await cli(
      ['account', 'add', dir, '--account', '000000000007', '--name', 'Logs', '--class', 'excluded', '--email', 'logs@example.com', '--generate-password'],
      [PW],
    );
    expect(gen.stdout).toMatch(/password reveal .* --account 000000000007/);
    const list = await cli(['account', 'list', dir, '--json'], [PW]);
    expect(JSON.parse(list.stdout).map((a: { accountId: string }) => a.accountId)).toEqual(['000000000007', '123456789012']);
    expect(list.stdout).not.toContain('Root-Password-123');
    const table = await cli(['account', 'list', dir], [PW]);
    expect(table.stdout).toMatch(/^ACCOUNT ID\s+CLASS\s+NAME\s+ROOT EMAIL\s+MFA\n000000000007\s+excluded\s+Logs/);
    const show = await cli(['account', 'show', dir, '--account', '123456789012'], [PW]);
    expect(show.stdout).toMatch(/Root email:\s+root@example.com/);
    const reveal = await cli(['password', 'reveal', dir, '--account', '123456789012'], [PW]);
    expect(reveal.stdout).toBe('Root-Password-123\n');
    const revealGen = await cli(['password', 'reveal', dir, '--account', '000000000007'], [PW]);
    expect(revealGen.stdout.trim()).toHaveLength(32);
    const update = await cli(['account', 'update', dir, '--account', '123456789012', '--new-password'], [PW, 'Changed-Password-9']);
    expect(update.code).toBe(EXIT_OK);
    expect((await cli(['password', 'reveal', dir, '--account', '123456789012'], [PW])).stdout).toBe('Changed-Password-9\n');
    const noConfirm = await cli(['account', 'remove', dir, '--account', '123456789012'], [PW]);
    expect(noConfirm.code).toBe(EXIT_USAGE);
    expect(noConfirm.stderr).toMatch(/--yes/);
    expect((await cli(['account', 'remove', dir, '--account', '123456789012', '--yes'], [PW])).stdout).toMatch(/generation \d+/);
  });

  it('names the field for invalid input and loses nothing', async () => {
    await init();
    const before = await readFile(join(dir, 'password-vault.bgv'));
    const cases: [string[], string[], RegExp][] = [
      [['--account', '12345', '--name', 'P', '--class', 'management', '--email', 'r@example.com'], [PW, 'Root-Password-1'], /exactly 12 digits/],
      [['--account', '123456789012', '--name', 'P', '--class', 'member', '--email', 'r@example.com'], [PW, 'Root-Password-1'], /account class/],
      [['--account', '123456789012', '--name', 'P', '--class', 'management', '--email', 'nope'], [PW, 'Root-Password-1'], /root email/],
      [['--account', '123456789012', '--name', 'P', '--class', 'management', '--email', 'r@example.com'], [PW, 'weakpassword'], /at least three of/],
    ];
    for (const [args, stdin, message] of cases) {
      const result = await cli(['account', 'add', dir, ...args], stdin);
      expect(result.code).toBe(EXIT_FAILED);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
    expect(await readFile(join(dir, 'password-vault.bgv'))).toEqual(before);
  });

  it('says "wrong passphrase for the password vault" without a stack trace, exit 1', async () => {
    await init();
    const result = await cli(['account', 'list', dir], ['not the passphrase']);
    expect(result.code).toBe(EXIT_FAILED);
    expect(result.stderr).toMatch(/^breakglass: Wrong passphrase for the password vault\..*\[AUTH\]\n$/);
  });

  it('lists MFA devices without the passphrase and records hardware tokens', async () => {
    await init();
    const add = await cli(['seed', 'add', dir, '--account', '123456789012', '--device', 'root-mfa'], [MFA, 'jbsw y3dp ehpk 3pxp jbsw y3dp ehpk 3pxp']);
    expect(add).toMatchObject({ code: EXIT_OK, stderr: '' });
    const hw = await cli(
      ['seed', 'add', dir, '--account', '123456789012', '--device', 'token', '--type', 'hardware-totp', '--serial', 'GAHT123', '--location', 'Safe A'],
      [MFA],
    );
    expect(hw.code).toBe(EXIT_OK);
    const list = await cli(['seed', 'list', dir, '--json']);
    expect(JSON.parse(list.stdout).map((d: { name: string }) => d.name)).toEqual(['root-mfa', 'token']);
    expect(list.stdout).not.toMatch(/JBSW/i);
    expect((await cli(['seed', 'list', dir])).stdout).toMatch(/arn:aws:iam::123456789012:mfa\/root-mfa/);
    const badSeed = await cli(['seed', 'add', dir, '--account', '123456789012', '--device', 'x'], [MFA, 'JBSWY3DPEHPK3PX1']);
    expect(badSeed.stderr).toMatch(/not base32/);
    const wrongFlags = await cli(['seed', 'add', dir, '--account', '123456789012', '--device', 'x', '--serial', 'S']);
    expect(wrongFlags.code).toBe(EXIT_USAGE);
  });

  it('inspects a store without a key, as text and JSON, and refuses a damaged one by name', async () => {
    await init();
    const file = join(dir, 'mfa-seeds.bgv');
    const text = await cli(['inspect', file]);
    expect(text.stdout).toMatch(/Store:\s+MFA seed store \(format version 1\)/);
    expect(text.stdout).toMatch(/Generation:\s+1/);
    expect(text.stdout).toMatch(/Fingerprint:\s+SHA-256 [0-9a-f]{64}/);
    const json = JSON.parse((await cli(['inspect', file, '--json'])).stdout);
    expect(json).toMatchObject({ kind: 'mfa-seeds', generation: 1, formatVersion: 1 });
    const bytes = await readFile(file);
    await writeFile(join(root, 'cut.bgv'), bytes.subarray(0, 100));
    const cut = await cli(['inspect', join(root, 'cut.bgv')]);
    expect(cut.code).toBe(EXIT_FAILED);
    expect(cut.stderr).toMatch(/cut short.*\[TRUNCATED\]/);
    expect((await cli(['inspect', join(root, 'missing.bgv')])).stderr).toMatch(/does not exist.*\[NOT_FOUND\]/);
  });

  it('refuses the seed store given where the vault is expected', async () => {
    await init();
    const other = join(root, 'swapped');
    const { mkdir, copyFile } = await import('node:fs/promises');
    await mkdir(other);
    await copyFile(join(dir, 'mfa-seeds.bgv'), join(other, 'password-vault.bgv'));
    const result = await cli(['account', 'list', other], [PW]);
    expect(result.code).toBe(EXIT_FAILED);
    expect(result.stderr).toMatch(/This file is the MFA seed store, not the password vault.*\[WRONG_STORE\]/);
  });

  it('keeps help text in sync with the command table', () => {
    expect(helpText()).toMatch(/Exit codes: 0 done, 1 refused or failed/);
  });

  it('enroll waits for a fresh window when fewer than 5 seconds are left, also from a pipe, and then shows that window\'s codes', async () => {
    await init();
    const clock = new TestClock(Date.UTC(2026, 11, 1, 9, 0, 27)); // 3 s left in the window
    const waited: number[] = [];
    const { code, stdout: out, stderr: err } = await runCliInProcess(['enroll', dir, '--account', '123456789012', '--device', 'root-mfa', '--json'], {
      ports: testPorts('cli enroll wait', clock),
      stdin: [MFA, 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'],
      sleep: async (ms) => {
        waited.push(ms);
        clock.advance(ms / 1000);
      },
    });
    expect(code).toBe(EXIT_OK);
    expect(waited).toEqual([4_000]);
    expect(err).toBe('Only 3 s are left in this 30-second window: waiting 4 s for a fresh one before showing the codes…\n');
    const view = JSON.parse(out.slice(0, out.lastIndexOf('}') + 1));
    expect(view).toMatchObject({ secondsLeft: 29, waitForFreshWindow: false });
  });
});
