// recover.py under test: whether /usr/bin/python3 can run it (in CI a missing package is a failure naming
// it, elsewhere a skip), running it over a file, and what a refusal must look like (FORMAT.md §8, §12.4:
// one line on stderr naming the code, no traceback, exit 1).

import { spawnSync } from 'node:child_process';
import { expect } from 'vitest';
import { PYTHON, runRecoverPy, type CliResult } from './cli.js';

// Computed once: can the system Python run recover.py?
const probe = spawnSync(PYTHON, ['-c', 'import nacl.bindings, argon2.low_level'], { encoding: 'utf8' });
export const RECOVER_PY_MISSING =
  probe.status === 0
    ? undefined
    : `${PYTHON} cannot import nacl and argon2 (${(probe.stderr || String(probe.error)).trim().split('\n').pop()}): ` +
      'install the Debian packages python3-nacl and python3-argon2';
/** Outside CI a workstation without the packages skips; in CI the tests run and fail, naming them. */
export const SKIP_RECOVER_PY = RECOVER_PY_MISSING !== undefined && !process.env.CI;
if (SKIP_RECOVER_PY) console.warn(`recover.py tests skipped: ${RECOVER_PY_MISSING}`);

export const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

export function recover(file: string, stdin: string, options: string[] = []): CliResult {
  return runRecoverPy([...options, file], stdin);
}

export function expectRefusal(run: CliResult, pattern: RegExp): void {
  expect(run.stdout).toBe('');
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(run.stderr).toMatch(pattern);
  expect(run.stderr).not.toMatch(/Traceback/);
  expect(run.code).toBe(1);
}

/** A JSON value with every object's keys sorted, to compare with a vector's canonical text. */
export function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortDeep((value as Record<string, unknown>)[key])]),
  );
}
