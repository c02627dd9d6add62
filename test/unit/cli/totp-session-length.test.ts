// The TOTP login session length in one unit in every front end: whole minutes, 1–15 (default 5), in the
// CLI's --help, its refusals, its codes screen, the app's TOTP login screen and the README. FORMAT.md §11.4.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBreakglassApp, SESSION_LENGTH_MINUTES } from '../../../src/app/index.js';
import { renderCodes } from '../../../src/cli/commands/totp.js';
import { formatDuration } from '../../../src/cli/output.js';
import { EXIT_OK, EXIT_USAGE } from '../../../src/cli/run.js';
import { MAX_SESSION_SECONDS, DEFAULT_SESSION_SECONDS } from '../../../src/totp/session.js';
import { SESSION_MINUTES } from '../../../renderer/src/components/session-length.js';
import { runCliInProcess } from '../../support/cli.js';
import { testPorts } from '../../support/ports.js';

const MFA = 'session length mfa passphrase';
let root: string;
let dir: string;
let invocation = 0;
const cli = (argv: string[]) => runCliInProcess(argv, { ports: testPorts(`session length ${invocation++}`), stdin: [] });

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bg-session-length-'));
  dir = join(root, 'set');
  const app = createBreakglassApp(testPorts('session length setup'));
  await app.createVaultSet({ dir, kdfProfile: 'test', password: { passphrase: 'session length vault passphrase' }, mfa: { passphrase: MFA } });
  await app.unlockStore({ store: 'mfa-seeds', secret: { passphrase: MFA } });
  await app.addMfaDevice({ type: 'virtual', accountId: '123456789012', name: 'root-mfa', seed: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' });
  await app.lockAll();
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('TOTP session length', () => {
  it('is whole minutes 1–15, default 5, in the core, the app and the README alike', async () => {
    expect(SESSION_LENGTH_MINUTES).toEqual({ least: 1, standard: DEFAULT_SESSION_SECONDS / 60, most: MAX_SESSION_SECONDS / 60 });
    expect(SESSION_MINUTES).toEqual(SESSION_LENGTH_MINUTES);
    const readme = await readFile(new URL('../../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain('`--duration MINUTES`, at most\n15)');
    expect(readme).toContain('whole minutes, 1 to 15, default 5');
    expect(readme).not.toMatch(/default 300 s|at most 900\)/);
  });

  it('says minutes in the CLI help, never seconds', async () => {
    const help = await cli(['totp', '--help']);
    expect(help.code).toBe(EXIT_OK);
    expect(help.stdout).toContain('--duration MINUTES');
    expect(help.stdout).toContain('--duration MINUTES is the session length in whole minutes, 1 to 15 (default 5)');
    expect(help.stdout).not.toMatch(/300 s|at most 900/);
  });

  it.each(['0', '16', '300', '2.5', '5m', '-3'])('refuses --duration %s with the range in minutes', async (value) => {
    const result = await cli(['totp', dir, '--account', '123456789012', `--duration=${value}`]);
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr).toContain(`--duration "${value}" is not a session length: give whole minutes from 1 to 15 (default 5), e.g. --duration 10.`);
    expect(result.stderr).not.toMatch(/seconds/);
  });

  it('shows the time left in minutes and seconds, as the app does', async () => {
    const ports = testPorts('session length codes');
    const app = createBreakglassApp(ports);
    await app.openVaultSet({ dir });
    const view = await app.startTotpSession({ accountId: '123456789012', secret: { passphrase: MFA }, durationSeconds: 10 * 60 });
    try {
      expect(renderCodes(view)).toContain('; session ends in 10 min 00 s\n');
      ports.clock.advance(73);
      expect(renderCodes(await app.getTotpCodes())).toContain('; session ends in 8 min 47 s\n');
    } finally {
      await app.endTotpSession();
    }
    expect([formatDuration(45), formatDuration(287), formatDuration(7500)]).toEqual(['45 s', '4 min 47 s', '2 h 05 min']);
  });

  it('words the core refusal with the limits in minutes', async () => {
    const app = createBreakglassApp(testPorts('session length core'));
    await app.openVaultSet({ dir });
    await expect(app.startTotpSession({ accountId: '123456789012', secret: { passphrase: MFA }, durationSeconds: 901 })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('a session lasts at most 15 minutes (900 seconds) and at least 30 seconds; the default is 5 minutes'),
    });
  });
});
