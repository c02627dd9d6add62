// Referee tools from Debian (oathtool, argon2, python3-nacl, zbarimg, …): find them, and decide what a
// test does when one is missing — skip with the reason locally, FAIL naming the package in CI (CI=true).

import { spawnSync } from 'node:child_process';
import { it } from 'vitest';

export const IN_CI = process.env.CI === 'true' || process.env.CI === '1';

export interface Tool {
  readonly available: boolean;
  /** "argon2 (Debian package argon2)" */
  readonly description: string;
}

export function findTool(command: string, args: readonly string[], debPackage: string): Tool {
  const result = spawnSync(command, args, { stdio: 'ignore' });
  return { available: result.error === undefined, description: `${command} (Debian package ${debPackage})` };
}

/** A Python module importable by /usr/bin/python3. */
export function findPythonModules(modules: readonly string[], debPackages: readonly string[]): Tool {
  const result = spawnSync('/usr/bin/python3', ['-c', modules.map((m) => `import ${m}`).join('; ')], { stdio: 'ignore' });
  return {
    available: result.status === 0,
    description: `/usr/bin/python3 with ${modules.join(', ')} (Debian packages ${debPackages.join(', ')})`,
  };
}

/**
 * `it` when every tool is there; otherwise a skipped test locally, and in CI a failing test whose
 * message names what to install.
 */
export function itWithTools(tools: readonly Tool[]): typeof it {
  const missing = tools.filter((t) => !t.available);
  if (missing.length === 0) return it;
  const reason = `missing referee tool: ${missing.map((t) => t.description).join('; ')} — apt-get install it`;
  if (IN_CI) {
    return ((name: string) =>
      it(name, () => {
        throw new Error(reason);
      })) as unknown as typeof it;
  }
  return ((name: string) => it.skip(`${name} [skipped: ${reason}]`, () => undefined)) as unknown as typeof it;
}
