// The one root password that may be on the clipboard, waiting to be cleared: only its SHA-256 is kept (wiped
// when done), and the clipboard is emptied only while it still holds that password. DESIGN §3.4 and §3.12.

import { equalBytes } from '@noble/ciphers/utils.js';
import { sha256Digest as sha256 } from '../crypto/digest.js';
import { wipe } from '../crypto/wipe.js';
import type { ClipboardPort } from './ports.js';

/** Why a password cannot be copied here: said by the refused copy and, before any press, by the status. */
export const NO_CLIPBOARD_MESSAGE = 'This workstation has no clipboard tool the app can use (wl-copy, xclip or xsel): install xclip, or use Reveal instead.';

interface CopiedPassword {
  readonly timer: ReturnType<typeof setTimeout>;
  readonly digest: Uint8Array;
}

function textDigest(text: string): Uint8Array {
  const bytes = new TextEncoder().encode(text);
  try {
    return sha256(bytes);
  } finally {
    wipe(bytes);
  }
}

export class PendingClipboardClear {
  private copied: CopiedPassword | undefined;

  constructor(private readonly clipboard: ClipboardPort | undefined) {}

  /**
   * The clipboard now holds the password whose SHA-256 is `digest` (this object owns it): it is cleared
   * after `seconds`. A new copy replaces the pending one: its timer and digest go.
   */
  hold(digest: Uint8Array, seconds: number): void {
    const previous = this.copied;
    if (previous) {
      clearTimeout(previous.timer);
      wipe(previous.digest);
    }
    const timer = setTimeout(() => void this.clear(), seconds * 1000);
    this.copied = { timer, digest };
  }

  /**
   * Forgets the pending copy (timer and digest) at once, then empties the clipboard if it still holds
   * that password (or cannot be read back: then it is emptied to be safe). Never throws.
   */
  async clear(): Promise<void> {
    const copied = this.copied;
    if (!copied) return;
    this.copied = undefined;
    clearTimeout(copied.timer);
    const clipboard = this.clipboard;
    try {
      if (!clipboard) return;
      let holds = true;
      try {
        holds = equalBytes(textDigest(await clipboard.readText()), copied.digest);
      } catch {
        holds = true;
      }
      if (holds) await clipboard.writeText('');
    } catch {
      // nothing to report to: the clipboard tool failed; the custodian was told when it is cleared
    } finally {
      wipe(copied.digest);
    }
  }
}
