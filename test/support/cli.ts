// The command lines the project ships, run as tests need them: the built `breakglass` as a real process
// (argv, stdin, env, cwd) or in-process over test ports, and recover.py (FORMAT.md §13.6). DESIGN §2 (src/cli).

import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { runCli, type CliIo } from '../../src/cli/run.js';
import { lineSecretSource } from '../../src/cli/secret-input.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/dist\/$/, '/');
/** The built executable (`npm run build`), also when this module runs from dist/test/support/. */
export const CLI_BIN = join(ROOT, 'dist/src/cli/main.js');
/** The independent decryptor copied to every drive, and the system Python it runs on. */
export const RECOVER_PY = join(ROOT, 'assets/recovery/recover.py');
export const PYTHON = '/usr/bin/python3';

export interface CliResult {
  /** The exit code; null only when the process was ended by a signal. */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** What a command reads on stdin: lines (each given a "\n"), or a text passed exactly as it is. */
export type CliStdin = string | readonly string[];

export function stdinText(stdin: CliStdin): string {
  return typeof stdin === 'string' ? stdin : stdin.map((line) => `${line}\n`).join('');
}

export interface CliProcessOptions {
  /** Variables set on top of the test's own environment. */
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
}

/** Runs COMMAND ARGS… to its end, stdin given at once. */
export function runCommand(command: string, args: readonly string[], stdin: CliStdin = [], options: CliProcessOptions = {}): CliResult {
  const result = spawnSync(command, args, {
    input: stdinText(stdin),
    encoding: 'utf8',
    ...(options.env ? { env: { ...process.env, ...options.env } } : {}),
    ...(options.cwd ? { cwd: options.cwd } : {}),
  });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs `node dist/src/cli/main.js ARGV…`. */
export function runBuiltCli(argv: readonly string[], stdin: CliStdin = [], options: CliProcessOptions = {}): CliResult {
  return runCommand(process.execPath, [CLI_BIN, ...argv], stdin, options);
}

/** Starts `node dist/src/cli/main.js ARGV…` without waiting, so several can run at once; resolves at its end. */
export function startBuiltCli(argv: readonly string[], stdin: CliStdin = [], options: CliProcessOptions = {}): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI_BIN, ...argv], {
      ...(options.env ? { env: { ...process.env, ...options.env } } : {}),
      ...(options.cwd ? { cwd: options.cwd } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
    child.stdin.end(stdinText(stdin));
  });
}

/** Runs `python3 assets/recovery/recover.py ARGS…`. */
export function runRecoverPy(args: readonly string[], stdin: CliStdin = ''): CliResult {
  return runCommand(PYTHON, [RECOVER_PY, ...args], stdin);
}

export interface CliInProcessOptions {
  readonly ports: CliIo['ports'];
  readonly stdin?: CliStdin;
  /** Replaces the CLI's timer (a test moves its clock instead of waiting). */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Runs one invocation through runCli (src/cli/run.ts) with stdin as its secret source. */
export async function runCliInProcess(argv: readonly string[], options: CliInProcessOptions): Promise<CliResult & { readonly code: number }> {
  let stdout = '';
  let stderr = '';
  const input = new PassThrough();
  input.end(stdinText(options.stdin ?? []));
  const code = await runCli(argv, {
    ports: options.ports,
    secrets: lineSecretSource(input),
    out: (text) => (stdout += text),
    err: (text) => (stderr += text),
    ...(options.sleep ? { sleep: options.sleep } : {}),
  });
  return { code, stdout, stderr };
}

/** A `--custodians FILE` text for `breakglass init`: three password custodians, three MFA custodians, no overlap. */
export const CUSTODIANS_FILE = `[password]
Ana Lima, Security lead
Ben Okafor, Platform
Chen Wei, Audit
[mfa]
Dana Kim, Finance
Eli Cohen, Legal
Fatma Yilmaz, Ops
`;
