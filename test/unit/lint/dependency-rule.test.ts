// eslint.config.js holds the dependency rule (DESIGN §2) and Clock-and-Rng-only (DESIGN §4): deliberate
// violations at virtual paths are errors, the allowed forms are clean, and a scratch violation fails `eslint .`.

import { spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** The rules `code` breaks when it sits at `path` (relative to the repository root): "rule: message" each. */
async function errors(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, path) });
  if (!result) throw new Error(`ESLint returned no result for ${path}`);
  return result.messages.filter((message) => message.severity === 2).map((message) => `${message.ruleId ?? 'parse'}: ${message.message}`);
}

/** Asserts the code is an error of `rule` (other rules may also flag it). */
async function expectBroken(path: string, code: string, rule: string): Promise<void> {
  const found = await errors(path, code);
  expect(
    found.some((error) => error.startsWith(`${rule}: `)),
    `${path} breaks ${rule} with:\n${code}\n(errors: ${JSON.stringify(found)})`,
  ).toBe(true);
}

describe('the dependency rule (DESIGN §2)', () => {
  it('refuses a value import from src/app in the renderer', async () => {
    await expectBroken('renderer/src/probe.tsx', "import { API_METHODS } from '../../src/app/index.js';\nexport const n = API_METHODS.length;\n", '@typescript-eslint/no-restricted-imports');
    await expectBroken('renderer/src/screens/probe.tsx', "import { groupHex } from '../../../src/app/index.js';\nexport const g = groupHex;\n", '@typescript-eslint/no-restricted-imports');
  });

  it('refuses any import, even of types, from src/ outside src/app in the renderer', async () => {
    await expectBroken('renderer/src/probe.ts', "import type { Clock } from '../../src/shared/determinism.js';\nexport type C = Clock;\n", '@typescript-eslint/no-restricted-imports');
    await expectBroken('renderer/src/probe.ts', "import type { ParseOptions } from '../../src/crypto/container.js';\nexport type P = ParseOptions;\n", '@typescript-eslint/no-restricted-imports');
    await expectBroken('renderer/src/probe.ts', "import { parseContainer } from '../../src/crypto/container.js';\nexport const p = parseContainer;\n", '@typescript-eslint/no-restricted-imports');
  });

  it('lets the renderer import types from src/app', async () => {
    expect(await errors('renderer/src/probe.tsx', "import type { BreakglassBridge } from '../../src/app/index.js';\nexport type B = BreakglassBridge;\n")).toEqual([]);
    expect(await errors('renderer/src/screens/probe.tsx', "import type { ApiResult } from '../../../src/app/bridge.js';\nexport type R = ApiResult<number>;\n")).toEqual([]);
    expect(await errors('renderer/src/probe.ts', "import { type HostInfo } from '../../src/app/index.js';\nexport type H = HostInfo;\n")).toEqual([]);
  });

  it('refuses a mixed import (a type and a value) from src/app in the renderer', async () => {
    await expectBroken('renderer/src/probe.ts', "import { type HostInfo, API_METHODS } from '../../src/app/index.js';\nexport const m: [HostInfo?, typeof API_METHODS] = [undefined, API_METHODS];\n", '@typescript-eslint/no-restricted-imports');
  });

  it('refuses main/ anything from src/ but src/app/index.js', async () => {
    await expectBroken('main/electron/probe.ts', "import { openStore } from '../../src/stores/store-codec.js';\nexport const o = openStore;\n", 'no-restricted-imports');
    await expectBroken('main/probe.ts', "import type { Clock } from '../src/shared/determinism.js';\nexport type C = Clock;\n", 'no-restricted-imports');
    await expectBroken('main/ipc/probe.ts', "import { BreakglassError } from '../../src/errors.js';\nexport const e = BreakglassError;\n", 'no-restricted-imports');
    await expectBroken('main/electron/probe.cts', "import { API_METHODS } from '../../src/app/bridge.js';\nexport const m = API_METHODS;\n", 'no-restricted-imports');
  });

  it('lets main/ import src/app/index.js and electron', async () => {
    expect(
      await errors('main/electron/probe.ts', "import { app } from 'electron';\nimport { API_METHODS } from '../../src/app/index.js';\nexport const m = [app, API_METHODS];\n"),
    ).toEqual([]);
  });

  it('refuses an inner module importing src/app', async () => {
    await expectBroken('src/custody/probe.ts', "import { createBreakglassApp } from '../app/index.js';\nexport const c = createBreakglassApp;\n", 'no-restricted-imports');
    await expectBroken('src/stores/probe.ts', "import type { BreakglassApi } from '../app/api.js';\nexport type A = BreakglassApi;\n", 'no-restricted-imports');
  });
});

describe('Clock and Rng only (DESIGN §4)', () => {
  const violations: readonly (readonly [string, string])[] = [
    ['export const t = Date.now();\n', 'no-restricted-properties'],
    ['export const now = Date.now;\n', 'no-restricted-properties'],
    ['export const r = Math.random();\n', 'no-restricted-properties'],
    ['export const d = new Date();\n', 'no-restricted-syntax'],
    ['export const d = new Date;\n', 'no-restricted-syntax'],
    ['export const s = Date();\n', 'no-restricted-syntax'],
    ["import { randomBytes } from 'node:crypto';\nexport const b = randomBytes(16);\n", 'no-restricted-imports'],
    ["import { randomBytes as draw } from 'crypto';\nexport const b = draw(16);\n", 'no-restricted-imports'],
    ["import { randomBytes } from '@noble/hashes/utils.js';\nexport const b = randomBytes(16);\n", 'no-restricted-imports'],
    ["import { randomUUID } from 'node:crypto';\nexport const id = randomUUID();\n", 'no-restricted-imports'],
    ['export const b = globalThis.crypto.getRandomValues(new Uint8Array(16));\n', 'no-restricted-syntax'],
    ['export const b = crypto.randomUUID();\n', 'no-restricted-syntax'],
  ];

  for (const file of ['src/stores/probe.ts', 'src/crypto/probe.ts', 'src/custody/probe.ts', 'src/totp/probe.ts', 'src/drives/probe.ts', 'src/print/probe.ts', 'src/audit/probe.ts', 'src/errors.ts', 'src/shared/determinism.ts', 'src/shared/probe.ts']) {
    it(`refuses the system clock and every other source of randomness in ${file}`, async () => {
      for (const [code, rule] of violations) await expectBroken(file, code, rule);
    });
  }

  it('refuses a namespace import of node:crypto and its randomBytes', async () => {
    const found = await errors('src/stores/probe.ts', "import * as nodeCrypto from 'node:crypto';\nexport const b = nodeCrypto.randomBytes(16);\n");
    expect(found.some((error) => error.startsWith('no-restricted-imports: '))).toBe(true);
    expect(found.some((error) => error.startsWith('no-restricted-syntax: '))).toBe(true);
  });

  it('lets inner modules build a date from a Clock reading, and use hashes', async () => {
    expect(
      await errors(
        'src/stores/probe.ts',
        [
          "import { createHash } from 'node:crypto';",
          "import { bytesToHex } from '@noble/hashes/utils.js';",
          "import type { Clock, Rng } from '../ports.js';",
          'export const at = (clock: Clock): string => new Date(clock.now()).toISOString();',
          'export const epoch = Date.UTC(2026, 0, 1) + Date.parse("2026-01-01T00:00:00Z");',
          "export const id = (rng: Rng): string => bytesToHex(rng.bytes(16)) + createHash('sha256').digest('hex');",
          '',
        ].join('\n'),
      ),
    ).toEqual([]);
  });

  it('leaves the system clock and randomness to src/app, which implements Clock and Rng', async () => {
    expect(
      await errors('src/app/probe.ts', "import { randomBytes } from 'node:crypto';\nexport const clock = { now: () => Date.now() };\nexport const rng = { bytes: (n: number) => new Uint8Array(randomBytes(n)) };\n"),
    ).toEqual([]);
  });
});

describe('npm run lint', () => {
  it('fails on a deliberate violation in a scratch file, and passes once it is gone', async () => {
    // `eslint .` with this repository's config, over a scratch tree (the real tree is never written to).
    const work = await mkdtemp(join(tmpdir(), 'bg-lint-'));
    try {
      await cp(join(root, 'eslint.config.js'), join(work, 'eslint.config.js'));
      await cp(join(root, 'package.json'), join(work, 'package.json'));
      await symlink(join(root, 'node_modules'), join(work, 'node_modules'), 'dir');
      await mkdir(join(work, 'src', 'stores'), { recursive: true });
      const lint = () => spawnSync(process.execPath, [join(root, 'node_modules/eslint/bin/eslint.js'), '.'], { cwd: work, encoding: 'utf8' });

      await writeFile(join(work, 'src/stores/scratch.ts'), 'export const savedAt = Date.now();\n');
      const failed = lint();
      expect(failed.status).toBe(1);
      expect(failed.stdout).toContain('src/stores/scratch.ts');
      expect(failed.stdout).toContain('no-restricted-properties');

      await writeFile(join(work, 'src/stores/scratch.ts'), 'export const savedAt = (ms: number): Date => new Date(ms);\n');
      const passed = lint();
      expect(passed.stdout + passed.stderr).toBe('');
      expect(passed.status).toBe(0);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }, 60_000);
});
