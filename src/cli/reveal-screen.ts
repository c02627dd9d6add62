// `breakglass password reveal` at a terminal: the password on the alternate screen until Enter or the
// reveal time, then only a notice on the normal screen, so the scrollback never holds it. README.

import { displaySafe, type RevealedPassword } from '../app/index.js';
import type { CommandContext } from './command.js';
import { ALTERNATE_SCREEN_OFF, ALTERNATE_SCREEN_ON, CLEAR_SCREEN, type TerminalScreen } from './terminal-screen.js';

/** How long a password stays on the alternate screen without a key press (as in the app). */
export const REVEAL_SECONDS = 30;

export interface RevealScreenOptions {
  readonly seconds: number;
  /** True when stdin is the terminal, so Enter can hide the password early. */
  readonly enterHides: boolean;
}

export type RevealEnd = 'enter' | 'time';

export interface RevealScreenOutput {
  /** Switches to the alternate screen and draws the password there. */
  readonly enter: string;
  /** Erases the alternate screen and switches back to the normal one. */
  readonly leave: string;
  /** What the normal screen says afterwards (never the password). */
  notice(end: RevealEnd): string;
}

/** The bytes written to the terminal for one reveal (pure: the tests read them as they are). */
export function revealScreenOutput(revealed: RevealedPassword, options: RevealScreenOptions): RevealScreenOutput {
  const lines = [
    `Root password of account ${revealed.accountId}, in groups (the spaces between groups are not part of it):`,
    '',
    `    ${revealed.groups.join('  ')}`,
    '',
    ...(revealed.legend.length > 0 ? ['Look-alike characters in it:', ...revealed.legend.map(({ char, name }) => `    ${char}  ${name}`), ''] : []),
    options.enterHides
      ? `Press Enter when you have typed it: it is hidden then, or in ${options.seconds} s at the latest.`
      : `It is hidden in ${options.seconds} s.`,
  ];
  const body = displaySafe(lines.join('\n')).replace(/\n/g, '\r\n');
  return {
    enter: `${ALTERNATE_SCREEN_ON}${CLEAR_SCREEN}${body}\r\n`,
    leave: `${CLEAR_SCREEN}${ALTERNATE_SCREEN_OFF}`,
    notice: (end) =>
      `The root password of account ${revealed.accountId} was shown on the terminal's alternate screen and cleared ` +
      `${end === 'enter' ? 'when Enter was pressed' : `after ${options.seconds} s`}; it is not in the scrollback.\n`,
  };
}

/** Shows `revealed` on the alternate screen of `screen` until Enter (when stdin is the terminal) or the reveal time. */
export async function revealOnScreen(context: CommandContext, screen: TerminalScreen, revealed: RevealedPassword): Promise<void> {
  const { waitForEnter } = context.secrets;
  const output = revealScreenOutput(revealed, { seconds: REVEAL_SECONDS, enterHides: waitForEnter !== undefined });
  const stop = new AbortController();
  const close = screen.open(output.enter, output.leave);
  let end: RevealEnd;
  try {
    const timeUp = context.sleep(REVEAL_SECONDS * 1000, stop.signal).then((): RevealEnd => 'time');
    const enter = waitForEnter ? [waitForEnter(stop.signal).then((): RevealEnd => 'enter')] : [];
    end = await Promise.race([timeUp, ...enter]);
  } finally {
    stop.abort();
    close();
  }
  context.out(output.notice(end));
}
