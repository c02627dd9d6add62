// Copying a secret to the clipboard for a limited time: after `seconds` the clipboard is emptied if it
// still holds the secret (or if that cannot be read, to be safe). The timer lives outside any screen, so
// leaving the screen does not leave the password on the clipboard.

export const CLIPBOARD_SECONDS = 30;

let pending: { timer: number; value: string } | null = null;
const listeners = new Set<(state: ClipboardState) => void>();

export type ClipboardState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'copied'; readonly clearsAt: number }
  | { readonly kind: 'cleared' }
  | { readonly kind: 'kept'; readonly reason: string }
  | { readonly kind: 'failed'; readonly reason: string };

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

/** Why the clipboard cannot be used here, or null when it can. */
export function clipboardUnavailable(): string | null {
  if (typeof navigator === 'undefined' || !navigator.clipboard || typeof navigator.clipboard.writeText !== 'function') {
    return 'This window has no clipboard access. Reveal the password and type it instead.';
  }
  return null;
}

async function clearIfStillHeld(value: string): Promise<void> {
  pending = null;
  let holds: boolean;
  try {
    holds = (await navigator.clipboard.readText()) === value;
  } catch {
    holds = true; // cannot read it back (permission denied): clear to be safe
  }
  if (!holds) {
    publish({ kind: 'kept', reason: 'The clipboard holds something else now; it was left alone.' });
    return;
  }
  try {
    await navigator.clipboard.writeText('');
    publish({ kind: 'cleared' });
  } catch (error) {
    publish({ kind: 'failed', reason: `The clipboard could not be cleared (${(error as Error).message}). Copy something harmless to overwrite it.` });
  }
}

/** Writes `value` to the clipboard and schedules its removal; throws with a plain reason if it cannot. */
export async function copyForLimitedTime(value: string, seconds = CLIPBOARD_SECONDS): Promise<void> {
  const unavailable = clipboardUnavailable();
  if (unavailable) throw new Error(unavailable);
  if (pending) window.clearTimeout(pending.timer);
  try {
    await navigator.clipboard.writeText(value);
  } catch (error) {
    const denied = error instanceof DOMException && error.name === 'NotAllowedError';
    throw new Error(
      denied
        ? 'This window is not allowed to use the clipboard (the host denies it). Reveal the password and type it instead.'
        : `Could not copy to the clipboard (${(error as Error).message}). Reveal the password and type it instead.`,
      { cause: error },
    );
  }
  const timer = window.setTimeout(() => void clearIfStillHeld(value), seconds * 1000);
  pending = { timer, value };
  publish({ kind: 'copied', clearsAt: Date.now() + seconds * 1000 });
}

/** Clears at once (e.g. when the stores are locked). */
export async function clearClipboardNow(): Promise<void> {
  if (!pending) return;
  window.clearTimeout(pending.timer);
  await clearIfStillHeld(pending.value);
}
