// Runs a crash-test child (test/fixtures/*-kill.ts, built to dist/) that kills itself just before its
// killAt-th file-system change (test/fixtures/kill-points.ts), and reads what it reported.

import { spawnSync } from 'node:child_process';

export interface KillRun {
  /** Whether the child died by SIGKILL (the kill point was reached). */
  readonly killed: boolean;
  /** The changes the child counted, when it ran to the end (printed as "changes N"); undefined when killed. */
  readonly changes: number | undefined;
  readonly stderr: string;
}

export function runKillChild(child: string, args: readonly string[], killAt: number, input?: string): KillRun {
  const result = spawnSync(process.execPath, [child, ...args, String(killAt)], { encoding: 'utf8', ...(input === undefined ? {} : { input }) });
  const match = /changes (\d+)/.exec(result.stdout);
  return { killed: result.signal === 'SIGKILL', changes: match ? Number(match[1]) : undefined, stderr: result.stderr };
}
