// Copying a root password: the app does it in the host process (call('copyPassword')) and empties the
// clipboard after 30 s or on lock, so this window never holds the password and needs no clipboard
// permission. DESIGN §3.4.

import { call, messageOf } from '../api.js';

export const CLIPBOARD_SECONDS = 30;

export type ClipboardState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'copied'; readonly accountId: string; readonly clearsAt: number }
  | { readonly kind: 'cleared'; readonly accountId: string }
  | { readonly kind: 'failed'; readonly accountId: string; readonly reason: string };

const listeners = new Set<(state: ClipboardState) => void>();
let state: ClipboardState = { kind: 'idle' };

function publish(next: ClipboardState): void {
  state = next;
  for (const listener of listeners) listener(next);
}

export function clipboardState(): ClipboardState {
  return state;
}

export function onClipboardState(listener: (state: ClipboardState) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** "14:05:09": a local wall-clock time, as the workstation's own clock shows it. */
export function formatClockTime(ms: number): string {
  const date = new Date(ms);
  return [date.getHours(), date.getMinutes(), date.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

/** Asks the app to copy one account's password; the outcome (or the app's plain error) is published. */
export async function copyPassword(accountId: string, actors: { readonly actors?: readonly string[] } = {}): Promise<ClipboardState> {
  try {
    const { clearsAt } = await call('copyPassword', { accountId, clearAfterSeconds: CLIPBOARD_SECONDS, ...actors });
    const at = Date.parse(clearsAt);
    publish({ kind: 'copied', accountId, clearsAt: Number.isNaN(at) ? Date.now() + CLIPBOARD_SECONDS * 1000 : at });
  } catch (error) {
    publish({ kind: 'failed', accountId, reason: messageOf(error) });
  }
  return state;
}

/** After Lock all: the app has emptied the clipboard (it does so whenever the password vault is locked). */
export async function clearClipboardNow(): Promise<void> {
  if (state.kind === 'copied') publish({ kind: 'cleared', accountId: state.accountId });
}
