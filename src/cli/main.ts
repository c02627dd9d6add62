#!/usr/bin/env node
// Entry point of the `breakglass` executable: wires the real terminal, stdin and system ports into runCli.

import { systemPorts } from '../app/index.js';
import { runCli } from './run.js';
import { stdinSecretSource } from './secret-input.js';

const code = await runCli(process.argv.slice(2), {
  ports: systemPorts(),
  secrets: stdinSecretSource(),
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
});
process.exitCode = code;
