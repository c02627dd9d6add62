// Runs a drive's own recover.py with the system Python (/usr/bin/python3) for the drill's path without the
// app: secrets go on its stdin only, its stdout is returned as bytes for the drill to count and wipe. FORMAT.md §16.2.

import { spawn } from 'node:child_process';
import type { RecoverPyRunner } from '../drill/copy-checks.js';

export const SYSTEM_PYTHON = '/usr/bin/python3';

export function systemRecoverPy(python = SYSTEM_PYTHON): RecoverPyRunner {
  return {
    run: (script, storeFile, stdin) =>
      new Promise((resolve) => {
        const child = spawn(python, [script, storeFile], { stdio: ['pipe', 'pipe', 'pipe'], env: { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8' } });
        const out: Buffer[] = [];
        let err = '';
        child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
        child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
        child.on('error', (error: NodeJS.ErrnoException) => {
          resolve({ code: null, stdout: new Uint8Array(0), stderr: '', missing: error.code === 'ENOENT' ? `${python} is not installed: Debian package python3` : error.message });
        });
        child.on('close', (code) => {
          const stdout = new Uint8Array(Buffer.concat(out));
          for (const chunk of out) chunk.fill(0);
          resolve({ code, stdout, stderr: err });
        });
        child.stdin.on('error', () => undefined);
        child.stdin.end(Buffer.from(stdin));
      }),
  };
}
