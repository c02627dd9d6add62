// The CLI's own words: errors name its flags and commands, the session length is in minutes like the
// app's and the README's, password styles are chosen with --password-style, and init points to enroll.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../../../src/cli/run.js';
import { runCliInProcess } from '../../support/cli.js';
import { testPorts } from '../../support/ports.js';

const PW = 'cli wording vault passphrase';
const MFA = 'cli wording mfa passphrase';
let root: string;
let dir: string;
let invocation = 0;
const cli = (argv: string[], stdinLines: readonly string[] = []) => runCliInProcess(argv, { ports: testPorts(`wording ${invocation++}`), stdin: stdinLines });

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'bg-cli-wording-'));
  dir = join(root, 'set');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('cli wording', () => {
  it('names enroll after init, words error actions with flags, and generates in the chosen style', async () => {
    const init = await cli(['init', dir, '--kdf-profile', 'test', '--require-run', 'off'], [PW, PW, MFA, MFA]);
    expect(init.code).toBe(EXIT_OK);
    expect(init.stdout).toMatch(/"breakglass enroll"/);
    expect(init.stdout).not.toMatch(/seed add/);

    const missing = await cli(['account', 'show', dir, '--account', '999999999999'], [PW]);
    expect(missing.code).toBe(EXIT_FAILED);
    expect(missing.stderr).toMatch(/no account 999999999999\. List the accounts with "breakglass account list DIR"\. \[NOT_FOUND\]/);

    const short = await cli(['account', 'add', dir, '--account', '123456789012', '--name', 'Prod', '--class', 'management', '--email', 'r@example.com'], [PW, 'Ab1!x']);
    expect(short.code).toBe(EXIT_FAILED);
    expect(short.stderr).toMatch(/Use --generate-password/);

    const words = await cli(['account', 'add', dir, '--account', '123456789012', '--name', 'Prod', '--class', 'management', '--email', 'r@example.com', '--password-style', 'words', '--generate-password'], [PW]);
    expect(words.code).toBe(EXIT_OK);
    const shown = await cli(['password', 'reveal', dir, '--account', '123456789012'], [PW]);
    expect(shown.stdout).toMatch(/^([A-Z][a-z]+[0-9]){14}[A-Z][a-z]+\n$/);
    expect((await cli(['password', 'generate', '--password-style', 'unambiguous'])).stdout).toMatch(/^[A-HJ-NP-Za-km-np-z2-9]{36}\n$/);
    expect((await cli(['password', 'generate', '--password-style', 'fancy'])).code).toBe(EXIT_USAGE);
  });

  it('takes the TOTP session length in minutes (1–15), as the app does', async () => {
    const result = await cli(['totp', dir, '--account', '123456789012', '--duration', '300']);
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr).toMatch(/give whole minutes from 1 to 15 \(default 5\)/);
  });
});
