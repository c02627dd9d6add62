// Errors carry their next step as a structured action that each front end words itself: what crosses to
// the app names no CLI flag or command, and the CLI still names its flags and commands.

import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBreakglassApp, type BreakglassApi } from '../../../src/app/index.js';
import type { ErrorAction, ErrorActionKind } from '../../../src/errors.js';
import { createDispatcher } from '../../../main/ipc/dispatch.js';
import { cliActionText, cliErrorText } from '../../../src/cli/error-actions.js';
import { appActionText } from '../../../renderer/src/components/error-actions.js';
import { testPorts } from '../../support/ports.js';

const CLI_WORDS = /(^|[\s("'])--[a-z]|breakglass [a-z]/;

// One sample of every action: the Record makes the compiler refuse a kind without a sample.
const SAMPLES: Record<ErrorActionKind, ErrorAction> = {
  'generate-password': { kind: 'generate-password' },
  'choose-device': { kind: 'choose-device', devices: ['root-mfa', 'backup'] },
  'list-accounts': { kind: 'list-accounts' },
  'list-devices': { kind: 'list-devices' },
  'create-vault-set': { kind: 'create-vault-set' },
  'verify-audit-log': { kind: 'verify-audit-log', dir: '/srv/set' },
  'repair-audit-log': { kind: 'repair-audit-log', dir: '/srv/set' },
  'verify-drive': { kind: 'verify-drive', mountPoint: '/media/PW-A' },
  'list-drives': { kind: 'list-drives' },
  'allow-older': { kind: 'allow-older' },
  'allow-fixed': { kind: 'allow-fixed' },
  'give-mount-point': { kind: 'give-mount-point' },
  'allow-large-share-set': { kind: 'allow-large-share-set', max: 16 },
};

let root: string;
let api: BreakglassApi;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'bg-actions-'));
  api = createBreakglassApp(testPorts('actions'));
});
afterEach(async () => {
  await api.lockAll();
  await rm(root, { recursive: true, force: true });
});

describe('error actions', () => {
  it('words every action for the app without a CLI flag or command, and for the CLI with one', () => {
    for (const action of Object.values(SAMPLES)) {
      expect(appActionText(action), action.kind).not.toMatch(CLI_WORDS);
      expect(appActionText(action), action.kind).toMatch(/\.$/);
      expect(cliActionText(action), action.kind).toMatch(CLI_WORDS);
    }
  });

  it('sends app-facing API errors with a structured action and a message that names no CLI flag', async () => {
    const dispatch = createDispatcher(api);
    const empty = await dispatch('openVaultSet', [{ dir: join(root, 'nothing-here') }]);
    expect(empty.ok).toBe(false);
    if (empty.ok) return;
    expect(empty.error.action).toEqual({ kind: 'create-vault-set' });
    expect(empty.error.message).not.toMatch(CLI_WORDS);
    expect(cliErrorText(empty.error)).toMatch(/breakglass init/);

    const dir = join(root, 'set');
    await api.createVaultSet({ dir, kdfProfile: 'test', password: { passphrase: 'password custodians passphrase' }, mfa: { passphrase: 'mfa custodians other passphrase' } });
    await api.unlockStore({ store: 'password-vault', secret: { passphrase: 'password custodians passphrase' } });
    const short = await dispatch('addAccount', [{ accountId: '123456789012', name: 'Prod', accountClass: 'management', email: 'root@example.com', password: 'Ab1!x' }]);
    expect(short.ok).toBe(false);
    if (short.ok) return;
    expect(short.error).toMatchObject({ code: 'VALIDATION', field: 'password', action: { kind: 'generate-password' } });
    expect(short.error.message).not.toMatch(CLI_WORDS);
    expect(`${short.error.message} ${appActionText(short.error.action!)}`).toMatch(/Generate a password/);
    expect(cliErrorText(short.error)).toMatch(/--generate-password/);

    const missing = await dispatch('getAccount', [{ accountId: '999999999999' }]);
    expect(missing.ok || missing.error.action).toEqual({ kind: 'list-accounts' });
    expect(missing.ok || cliErrorText(missing.error)).toMatch(/breakglass account list/);
  });

  it('leaves no CLI flag or command in a message written outside the CLI and the printed documents', async () => {
    // Printed documents (src/print, and the runbooks in src/runs/runbook.ts) address the reader of paper, who
    // may have only the CLI; the CLI's own messages may name its flags. AWS CLI commands (`aws …`, run on the
    // connected admin workstation, in runbooks, task lists and inventory findings) are content, not our flags.
    // Everything else reaches the app too and must carry an action instead.
    const srcRoot = join(import.meta.dirname, '../../../src');
    const skip = new Set(['cli', 'print']);
    const documents = new Set(['runs/runbook.ts']);
    const awsCommand = /(^[`'](aws |--[a-z-]+ )|aws [a-z0-9-]+ [a-z-]+ .*--)/;
    const offenders: string[] = [];
    const walk = async (folder: string): Promise<void> => {
      for (const entry of await readdir(folder, { withFileTypes: true })) {
        const path = join(folder, entry.name);
        if (entry.isDirectory()) {
          if (!skip.has(relative(srcRoot, path))) await walk(path);
        } else if (entry.name.endsWith('.ts') && !['system-clipboard.ts', 'installed-package.ts'].includes(entry.name) && !documents.has(relative(srcRoot, path))) {
          (await readFile(path, 'utf8')).split('\n').forEach((line, i) => {
            const code = line.trim();
            if (code.startsWith('//') || code.startsWith('*') || code.startsWith('/*')) return;
            for (const literal of code.match(/'[^']*'|`[^`]*`/g) ?? []) {
              if (CLI_WORDS.test(literal) && !awsCommand.test(literal)) offenders.push(`${relative(srcRoot, path)}:${i + 1}: ${literal}`);
            }
          });
        }
      }
    };
    await walk(srcRoot);
    expect(offenders).toEqual([]);
  });
});
