// Typed IPC for the Electron shell: one ipcMain handler per API method (channel `breakglass:<method>`),
// each answering only the app window's own top frame, then the shared dispatcher. DESIGN §4.

import type { BrowserWindow, IpcMain, IpcMainInvokeEvent } from 'electron';
import { API_METHODS, type ApiMethod, type ApiResult } from '../../src/app/index.js';
import type { Dispatch } from '../ipc/dispatch.js';
import { isAppUrl } from './hardening.js';

export const CHANNEL_PREFIX = 'breakglass:';

/** Events the main process sends to the window; the preload re-dispatches each as a window event of the same name. */
export const WINDOW_EVENTS = {
  drivesChanged: 'breakglass:drives-changed',
  locked: 'breakglass:locked',
} as const;

export function channelFor(method: ApiMethod): string {
  return `${CHANNEL_PREFIX}${method}`;
}

export const FOREIGN_FRAME_RESULT: ApiResult<never> = Object.freeze({
  ok: false,
  error: Object.freeze({ code: 'FOREIGN_FRAME', message: 'This request did not come from the Breakglass window, so it was refused.' }),
});

/** The sender is the app window's own top frame, showing app://breakglass — not an iframe, not another window. */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>, win: BrowserWindow | undefined): boolean {
  if (!win || win.isDestroyed()) return false;
  const frame = event.senderFrame;
  return frame !== null && event.sender === win.webContents && frame === win.webContents.mainFrame && isAppUrl(frame.url);
}

/**
 * Registers one handler per API method and returns a function that removes them all. Foreign senders get
 * FOREIGN_FRAME; everything else goes to `dispatch`, which validates the payload and never throws.
 */
export function registerIpc(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, getWindow: () => BrowserWindow | undefined, dispatch: Dispatch): () => void {
  for (const method of API_METHODS) {
    ipcMain.handle(channelFor(method), async (event, ...args: unknown[]) => {
      if (!isTrustedSender(event, getWindow())) return FOREIGN_FRAME_RESULT;
      try {
        return await dispatch(method, args);
      } catch {
        return { ok: false, error: { code: 'INTERNAL', message: 'Something unexpected went wrong; nothing was saved by the failed step.' } } satisfies ApiResult<never>;
      }
    });
  }
  return () => {
    for (const method of API_METHODS) ipcMain.removeHandler(channelFor(method));
  };
}
