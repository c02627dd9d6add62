// The terminal's alternate screen (ESC[?1049h … ESC[?1049l) for a secret shown at a TTY: what is drawn
// there never reaches the scrollback, and an interrupted process still leaves it. README "password reveal".

/** Switches to the alternate screen (the normal screen and its scrollback are kept aside). */
export const ALTERNATE_SCREEN_ON = '\u001b[?1049h';
/** Returns to the normal screen as it was before ALTERNATE_SCREEN_ON. */
export const ALTERNATE_SCREEN_OFF = '\u001b[?1049l';
/** Cursor home, then erase the whole (current) screen. */
export const CLEAR_SCREEN = '\u001b[H\u001b[2J';

/** A terminal on stdout that can show text on its alternate screen (only present when stdout is a TTY). */
export interface TerminalScreen {
  /**
   * Writes `enter` (which switches to the alternate screen) and returns the function that writes `leave`
   * (which switches back). If the process is interrupted (SIGINT, SIGTERM, SIGHUP) before that, `leave`
   * is written first, then the signal ends the process as it would have.
   */
  open(enter: string, leave: string): () => void;
}

interface RawWriter {
  write(text: string): unknown;
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** The alternate screen of the terminal `stream` (process.stdout when it is a TTY). */
export function ttyScreen(stream: RawWriter): TerminalScreen {
  return {
    open(enter, leave) {
      let open = true;
      const close = (): void => {
        if (!open) return;
        open = false;
        for (const signal of SIGNALS) process.off(signal, onSignal);
        stream.write(leave);
      };
      const onSignal = (signal: NodeJS.Signals): void => {
        try {
          close();
        } catch {
          // A hung-up terminal (SIGHUP) may refuse the write; there is no screen left to clear then.
        }
        process.kill(process.pid, signal); // no handler is left: the signal's default action ends the process
      };
      for (const signal of SIGNALS) process.on(signal, onSignal);
      stream.write(enter);
      return close;
    },
  };
}
