// Reads secrets (passphrases, passwords, seeds, shares) the only two ways the CLI accepts them: typed at
// the terminal without echo, or one per line on stdin when stdin is not a terminal. Never argv or env.

import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { BreakglassError } from '../app/index.js';

export interface SecretSource {
  /** True when secrets are typed at a terminal (prompts are shown, nothing is echoed). */
  readonly interactive: boolean;
  /** Reads one secret; `prompt` is shown on the terminal only. */
  read(prompt: string): Promise<string>;
  /** Reads one visible answer (confirmations); from stdin lines when not interactive. */
  ask(prompt: string): Promise<string>;
  /**
   * Only at a terminal: resolves true when Enter (or Ctrl-C / Ctrl-D) is pressed, false when `signal`
   * aborts first. Nothing typed is echoed or kept.
   */
  waitForEnter?(signal: AbortSignal): Promise<boolean>;
  close(): void;
}

const END_OF_INPUT = 'stdin';

/** True for the error a line source throws when stdin has no more lines (not a custodian's Ctrl-C). */
export function isEndOfInput(error: unknown): boolean {
  return error instanceof BreakglassError && error.code === 'CANCELLED' && error.field === END_OF_INPUT;
}

function cancelled(): BreakglassError {
  return new BreakglassError('CANCELLED', 'Cancelled: nothing was changed.');
}

/** Secrets from a non-terminal stdin, one per line, in the order the command documents. */
export function lineSecretSource(input: Readable): SecretSource {
  const lines = createInterface({ input, crlfDelay: Infinity, terminal: false });
  // readline has decoded each chunk when this listener runs (it listens first): the raw bytes of the
  // secrets read from stdin are then zeroed.
  input.on('data', (chunk: Buffer | string) => {
    if (typeof chunk !== 'string') chunk.fill(0);
  });
  const iterator = lines[Symbol.asyncIterator]();
  let count = 0;
  const next = async (what: string): Promise<string> => {
    const { value, done } = await iterator.next();
    if (done) {
      throw new BreakglassError(
        'CANCELLED',
        `stdin ended before ${what} (line ${count + 1}): give each secret on its own line, in the order "breakglass help" lists.`,
        { field: END_OF_INPUT },
      );
    }
    count += 1;
    return String(value).replace(/\r$/, '');
  };
  return {
    interactive: false,
    read: (prompt) => next(prompt.replace(/:\s*$/, '').toLowerCase()),
    ask: (prompt) => next(prompt.replace(/:\s*$/, '').toLowerCase()),
    close: () => lines.close(),
  };
}

interface TtyInput extends Readable {
  isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
}

/** Secrets typed at a terminal: raw mode, no echo; Backspace edits, Ctrl-C / Ctrl-D cancel. */
export function terminalSecretSource(input: TtyInput, prompts: Writable): SecretSource {
  const readRaw = (prompt: string, echo: boolean): Promise<string> =>
    new Promise((resolve, reject) => {
      let value = '';
      const finish = (error?: BreakglassError): void => {
        input.off('data', onData);
        input.setRawMode?.(false);
        input.pause();
        prompts.write('\n');
        if (error) reject(error);
        else resolve(value);
      };
      const onData = (chunk: Buffer | string): void => {
        try {
          readChunk(chunk.toString('utf8'));
        } finally {
          if (typeof chunk !== 'string') chunk.fill(0); // the typed bytes do not outlive their decoding
        }
      };
      const readChunk = (text: string): void => {
        for (const ch of text) {
          if (ch === '\r' || ch === '\n') return finish();
          if (ch === '\u0003' || ch === '\u0004') return finish(cancelled());
          if (ch === '\u007f' || ch === '\b') {
            const chars = [...value];
            if (chars.length > 0 && echo) prompts.write('\b \b');
            value = chars.slice(0, -1).join('');
          } else if (ch >= ' ') {
            value += ch;
            if (echo) prompts.write(ch);
          }
        }
      };
      // Raw mode (no echo) is on before the prompt shows, so nothing typed as soon as it shows is echoed.
      input.setRawMode?.(true);
      prompts.write(prompt);
      input.resume();
      input.on('data', onData);
    });
  const waitForEnter = (signal: AbortSignal): Promise<boolean> =>
    new Promise((resolve) => {
      if (signal.aborted) return resolve(false);
      const finish = (pressed: boolean): void => {
        input.off('data', onData);
        signal.removeEventListener('abort', onAbort);
        input.setRawMode?.(false);
        input.pause();
        resolve(pressed);
      };
      const onAbort = (): void => finish(false);
      const onData = (chunk: Buffer | string): void => {
        const text = chunk.toString('utf8');
        if (typeof chunk !== 'string') chunk.fill(0);
        if ([...text].some((ch) => ch === '\r' || ch === '\n' || ch === '\u0003' || ch === '\u0004')) finish(true);
      };
      input.setRawMode?.(true);
      input.resume();
      input.on('data', onData);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  return {
    interactive: true,
    read: (prompt) => readRaw(prompt, false),
    ask: (prompt) => readRaw(prompt, true),
    waitForEnter,
    close: () => input.pause(),
  };
}

export function stdinSecretSource(): SecretSource {
  const stdin = process.stdin as TtyInput;
  return stdin.isTTY ? terminalSecretSource(stdin, process.stderr) : lineSecretSource(process.stdin);
}
