// The clipboard port of the Electron host: electron's `clipboard` module in the main process, so the app
// copies a password without the renderer (whose permissions are all denied) ever holding it. DESIGN §2.

import type { Clipboard } from 'electron';
import type { ClipboardPort } from '../../src/app/index.js';

/** Wraps electron's (synchronous) clipboard as the app's ClipboardPort: the system clipboard, not the selection. */
export function electronClipboardPort(clipboard: Pick<Clipboard, 'writeText' | 'readText'>): ClipboardPort {
  return {
    async writeText(text) {
      clipboard.writeText(text, 'clipboard');
    },
    async readText() {
      return clipboard.readText('clipboard');
    },
  };
}
