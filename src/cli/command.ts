// What every CLI command shares: its declaration (usage, options), the context it runs in, usage errors
// (exit code 2) and the unlock step that reads a store's passphrase.

import type { BreakglassApi, StoreKind } from '../app/index.js';
import type { SecretSource } from './secret-input.js';
import type { TerminalScreen } from './terminal-screen.js';

/** `multiple`: a string option that may be given more than once (its value is then a list). */
export type OptionSpec = { readonly type: 'string' | 'boolean'; readonly short?: string; readonly multiple?: boolean };

export interface CommandSpec {
  /** "account list" */
  readonly name: string;
  /** "DIR [--json]" */
  readonly usage: string;
  readonly summary: string;
  /** Extra help lines: what stdin must hold, examples. */
  readonly details?: readonly string[];
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Number of positional arguments after the command words: [min, max]. */
  readonly positionals: readonly [number, number];
  run(context: CommandContext): Promise<void>;
}

export interface CommandContext {
  readonly app: BreakglassApi;
  readonly values: Readonly<Record<string, string | boolean | readonly (string | boolean)[] | undefined>>;
  readonly positionals: readonly string[];
  readonly secrets: SecretSource;
  /** Present only when stdout is a terminal: its alternate screen, for a secret that must not stay in the scrollback. */
  readonly screen?: TerminalScreen;
  out(text: string): void;
  err(text: string): void;
  /** Waits `ms` milliseconds (a timer; the tests' clock in tests); resolves early when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function stringOption(context: CommandContext, name: string): string | undefined {
  const value = context.values[name];
  return typeof value === 'string' ? value : undefined;
}

/** Every value of a string option declared with `multiple: true`, in order ([] when it is not given). */
export function stringListOption(context: CommandContext, name: string): string[] {
  const value = context.values[name];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' ? [value] : [];
}

/** `--bag INDEX=BAG`, repeatable: the tamper-evident bag each share's sheet is sealed in (`drill record`, `print shares`). */
export function bagOptions(context: CommandContext): { index: number; bag: string }[] {
  return stringListOption(context, 'bag').map((pair) => {
    const m = /^(\d{1,3})=(.+)$/.exec(pair.trim());
    if (!m) throw new UsageError(`--bag must be INDEX=BAG (e.g. 2=TB-004512), got ${JSON.stringify(pair)}`);
    return { index: Number(m[1]), bag: m[2] as string };
  });
}

export function requiredOption(context: CommandContext, name: string): string {
  const value = stringOption(context, name);
  if (value === undefined || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

export function integerOption(context: CommandContext, name: string): number | undefined {
  const value = stringOption(context, name);
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`--${name} must be a whole number, got ${JSON.stringify(value)}`);
  return Number(value);
}

export function flag(context: CommandContext, name: string): boolean {
  return context.values[name] === true;
}

export function storeOption(context: CommandContext): StoreKind {
  const value = requiredOption(context, 'store');
  if (value === 'password') return 'password-vault';
  if (value === 'mfa') return 'mfa-seeds';
  throw new UsageError(`--store must be "password" or "mfa", got ${JSON.stringify(value)}`);
}

/** Options every command that unlocks a store takes. */
export const UNLOCK_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  'unlock-with': { type: 'string' },
  as: { type: 'string' },
};

/** The custodians present, as entered with --as "Alice, Bob" (for the audit log). */
export function actors(context: CommandContext): string[] {
  const value = stringOption(context, 'as');
  return value === undefined ? [] : value.split(',').map((name) => name.trim()).filter((name) => name !== '');
}

/**
 * Refuses a destructive step that a script did not confirm with `--yes`. Call it before any secret is
 * read or store unlocked, so an unconfirmed run reads nothing and leaves no audit entry.
 */
export function requireConfirmable(context: CommandContext, question: string): void {
  if (!flag(context, 'yes') && !context.secrets.interactive) throw new UsageError(`${question} Re-run with --yes to confirm in a script.`);
}

/** Asks for confirmation of a destructive step; `--yes` answers it in scripts. */
export async function confirm(context: CommandContext, question: string, expected: string): Promise<void> {
  if (flag(context, 'yes')) return;
  requireConfirmable(context, question);
  const answer = await context.secrets.ask(`${question} Type ${expected} to confirm: `);
  if (answer.trim() !== expected) throw new UsageError('Not confirmed: nothing was changed.');
}
