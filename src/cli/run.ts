// The `breakglass` command line: finds the command, parses its options strictly, runs it against the app
// API and maps the outcome to an exit code (0 ok, 1 refused/failed with a message, 2 usage).

import { parseArgs } from 'node:util';
import { BreakglassError, createBreakglassApp, displaySafe, type AppPorts } from '../app/index.js';
import { UsageError, type CommandSpec } from './command.js';
import { cliErrorText } from './error-actions.js';
import { accountCommands } from './commands/account.js';
import { auditCommands } from './commands/audit.js';
import { custodyCommands } from './commands/custody.js';
import { driveCommands } from './commands/drives.js';
import { drillCommands } from './commands/drill.js';
import { importCommands } from './commands/import.js';
import { initCommand } from './commands/init.js';
import { inspectCommand } from './commands/inspect.js';
import { inventoryCommands } from './commands/inventory.js';
import { printCommands } from './commands/print.js';
import { runCommands } from './commands/run.js';
import { seedCommands } from './commands/seed.js';
import { totpCommands } from './commands/totp.js';
import type { SecretSource } from './secret-input.js';
import type { TerminalScreen } from './terminal-screen.js';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export const COMMANDS: readonly CommandSpec[] = [initCommand, inspectCommand, ...accountCommands, ...seedCommands, ...custodyCommands, ...auditCommands, ...driveCommands, ...totpCommands, ...printCommands, ...runCommands, ...drillCommands, ...inventoryCommands, ...importCommands];

export interface CliIo {
  readonly ports: AppPorts;
  readonly secrets: SecretSource;
  /** Only when stdout is a terminal (main.ts: process.stdout.isTTY); absent for pipes and files. */
  readonly screen?: TerminalScreen;
  out(text: string): void;
  err(text: string): void;
  /** Waits (default: a timer); tests pass one that moves their clock instead. Resolves early when `signal` aborts. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** A timer that resolves after `ms`, or as soon as `signal` aborts (so a finished wait keeps no timer alive). */
function timerSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

function findCommand(words: readonly string[]): { command: CommandSpec; rest: string[] } | undefined {
  const matches = COMMANDS.filter((c) => {
    const parts = c.name.split(' ');
    return parts.every((part, i) => words[i] === part);
  });
  const command = matches.sort((a, b) => b.name.length - a.name.length)[0];
  return command ? { command, rest: words.slice(command.name.split(' ').length) } : undefined;
}

export function helpText(): string {
  const lines = [
    'breakglass — offline custody of AWS root credentials (password vault + MFA seed store)',
    '',
    'Usage: breakglass COMMAND [ARGS] [OPTIONS]',
    '',
    'Secrets (passphrases, passwords, seeds) are never taken from arguments or environment variables:',
    'they are typed at the terminal without echo, or read one per line from stdin when stdin is not a',
    'terminal, in the order each command lists.',
    '',
    'Commands:',
  ];
  for (const command of COMMANDS) {
    lines.push(`  breakglass ${command.name} ${command.usage}`, `      ${command.summary}`);
    for (const detail of command.details ?? []) lines.push(`      ${detail}`);
  }
  lines.push(
    '',
    'Exit codes: 0 done, 1 refused or failed (the message says why and what to do), 2 usage error.',
    'Run "breakglass help COMMAND" for one command.',
  );
  return lines.join('\n') + '\n';
}

function commandHelp(command: CommandSpec): string {
  return [`Usage: breakglass ${command.name} ${command.usage}`, '', command.summary, ...(command.details ?? [])].join('\n') + '\n';
}

/** Runs one invocation; never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const words = [...argv];
  if (words.length === 0 || words[0] === 'help' || words[0] === '--help' || words[0] === '-h') {
    const topic = words.length > 1 ? findCommand(words.slice(1)) : undefined;
    io.out(topic ? commandHelp(topic.command) : helpText());
    return words.length === 0 ? EXIT_USAGE : EXIT_OK;
  }
  if (words[0] === '--version') {
    io.out('breakglass 0.1.0 (store format version 1)\n');
    return EXIT_OK;
  }
  const found = findCommand(words);
  if (!found) {
    io.err(`breakglass: unknown command "${words.slice(0, 2).join(' ')}". Run "breakglass --help" for the list.\n`);
    return EXIT_USAGE;
  }
  const { command, rest } = found;
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(commandHelp(command));
    return EXIT_OK;
  }
  const app = createBreakglassApp(io.ports);
  let reported: string | undefined;
  const report = (error: BreakglassError): number => {
    reported = displaySafe(`breakglass: ${cliErrorText(error)} [${error.code}]\n`);
    io.err(reported);
    return EXIT_FAILED;
  };
  const code = await runCommandIn(app, command, rest, io, report);
  try {
    // Locking writes the store.lock entries: a failure there fails the command (the log must not miss one).
    await app.lockAll();
  } catch (error) {
    const line =
      error instanceof BreakglassError
        ? displaySafe(`breakglass: ${cliErrorText(error)} [${error.code}]\n`)
        : `breakglass: unexpected internal error while locking: ${displaySafe((error as Error)?.message ?? String(error))}\n`;
    if (line !== reported) io.err(line);
    return EXIT_FAILED;
  } finally {
    io.secrets.close();
  }
  return code;
}

async function runCommandIn(
  app: ReturnType<typeof createBreakglassApp>,
  command: CommandSpec,
  rest: string[],
  io: CliIo,
  report: (error: BreakglassError) => number,
): Promise<number> {
  try {
    const parsed = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true });
    const [min, max] = command.positionals;
    if (parsed.positionals.length < min || parsed.positionals.length > max) {
      throw new UsageError(`expected ${min === max ? min : `${min}–${max}`} argument(s) (${command.usage})`);
    }
    await command.run({
      app,
      values: parsed.values,
      positionals: parsed.positionals,
      secrets: io.secrets,
      ...(io.screen ? { screen: io.screen } : {}),
      out: (text) => io.out(displaySafe(text)),
      err: (text) => io.err(displaySafe(text)),
      sleep: io.sleep ?? timerSleep,
    });
    return EXIT_OK;
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      io.err(displaySafe(`breakglass ${command.name}: ${error.message}\nUsage: breakglass ${command.name} ${command.usage}\n`));
      return EXIT_USAGE;
    }
    if (error instanceof BreakglassError) return report(error);
    io.err(
      `breakglass: unexpected internal error: ${displaySafe((error as Error)?.message ?? String(error))}\n` +
        'Nothing was saved by the failed step. Please report this with the command you ran (never include secrets).\n',
    );
    return EXIT_FAILED;
  }
}
