// A command run under a real pseudo-terminal with util-linux `script`, typed at like a custodian: each
// answer is sent only once the output shows the text it answers (no timing). DESIGN §2 (src/cli).

import { spawn } from 'node:child_process';

export const SCRIPT = '/usr/bin/script';

/** One answer: sent (once) when the output after the previous answer contains `when`. */
export interface PtyStep {
  readonly when: string;
  readonly send: string;
}

export interface PtyResult {
  readonly code: number | null;
  /** Everything the terminal showed (stdout and stderr of the command, with its escape sequences). */
  readonly output: string;
}

/** Quotes one word for `sh -c`. */
export function shellWord(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Runs `sh -c COMMAND` on a pseudo-terminal (stdin, stdout and stderr are the terminal), answering `steps` in order. */
export function runInPty(command: string, steps: readonly PtyStep[], env: Readonly<Record<string, string>> = {}): Promise<PtyResult> {
  return new Promise((done, fail) => {
    const child = spawn(SCRIPT, ['-qec', command, '/dev/null'], { env: { ...process.env, TERM: 'xterm', ...env } });
    let output = '';
    let next = 0;
    let from = 0;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      for (let step = steps[next], at = step ? output.indexOf(step.when, from) : -1; step && at >= 0; step = steps[next], at = step ? output.indexOf(step.when, from) : -1) {
        next += 1;
        from = at + step.when.length;
        child.stdin.write(step.send);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.on('error', fail);
    child.on('close', (code) => done({ code, output }));
  });
}
