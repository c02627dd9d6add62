#!/usr/bin/env node
// Entry point of the `breakglass` executable: wires the real terminal, stdin and system ports into runCli.

import { systemPorts } from '../app/index.js';
import { runCli } from './run.js';
import { stdinSecretSource } from './secret-input.js';
import { ttyScreen } from './terminal-screen.js';

// A reader that stops early (`breakglass audit list DIR | head -5`) closes the pipe: like standard tools,
// stop quietly with status 0 instead of dying on EPIPE with a stack trace. A closed stderr only silences
// further messages; the exit status still says whether the command succeeded.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
process.stderr.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

const code = await runCli(process.argv.slice(2), {
  ports: systemPorts(),
  secrets: stdinSecretSource(),
  ...(process.stdout.isTTY ? { screen: ttyScreen(process.stdout) } : {}),
  out: (text) => process.stdout.write(text),
  err: (text) => void (process.stderr.destroyed || process.stderr.write(text)),
});
process.exitCode = code;
