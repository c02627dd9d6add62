// An account's root password: hidden until revealed (for 30 s, recorded in the audit log), and copied by
// the app in the host process, which clears the clipboard after 30 s or on lock. DESIGN §3.4.

import { useEffect, useState } from 'react';
import { call } from '../../api.js';
import { CLIPBOARD_SECONDS, clipboardState, copyPassword, formatClockTime, onClipboardState, type ClipboardState } from '../../components/clipboard.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { actorsInput } from '../../components/names.js';
import { Section } from '../../components/Section.js';
import { StoreBadge } from '../../components/StoreBadge.js';
import { useAction } from '../../components/useAction.js';
import { actorsFor, useAppState } from '../../state.js';
import type { RevealedPassword } from '../../../../src/app/api.js';

const REVEAL_SECONDS = 30;

function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = window.setInterval(() => setNow(Date.now()), 250);
    return () => window.clearInterval(timer);
  }, [active]);
  return now;
}

function useClipboardState(): ClipboardState {
  const [state, setState] = useState<ClipboardState>(clipboardState);
  useEffect(() => onClipboardState(setState), []);
  return state;
}

/** The parent remounts it (a new `key`) when the password may have changed: a reveal never outlives that. */
export function PasswordPanel({ accountId }: { readonly accountId: string }) {
  const { status, actors, present, workstation } = useAppState();
  // Said before any press: a host without a clipboard tool cannot copy, and the button says so beside it.
  const noClipboard = workstation && !workstation.clipboard.available ? (workstation.clipboard.reason ?? 'This workstation cannot copy to the clipboard: use Reveal instead.') : null;
  const unlocked = status?.stores['password-vault'].unlockedAt !== undefined;
  const [revealed, setRevealed] = useState<(RevealedPassword & { until: number }) | null>(null);
  const secret = useAction();
  const clipState = useClipboardState();
  const clip: ClipboardState = clipState.kind !== 'idle' && clipState.accountId === accountId ? clipState : { kind: 'idle' };
  const [copying, setCopying] = useState(false);
  const now = useNow(revealed !== null || clip.kind === 'copied');

  // The reveal ends after 30 s, or at once when the vault is locked or the account changes.
  useEffect(() => {
    if (revealed && (now >= revealed.until || !unlocked)) setRevealed(null);
  }, [now, revealed, unlocked]);
  useEffect(() => () => setRevealed(null), [accountId]);

  const reveal = () =>
    void secret.run('Opening the password', async () => {
      const shown = await call('revealPassword', { accountId });
      setRevealed({ ...shown, until: Date.now() + REVEAL_SECONDS * 1000 });
    });

  // The app copies from the host process: the password does not come to this window to be copied.
  const copy = () => {
    setCopying(true);
    void copyPassword(accountId, actorsInput(actorsFor({ actors, present }, 'password-vault'))).finally(() => setCopying(false));
  };

  // Another 30 s from now (never more than 30 s ahead): typing a long password by hand takes time.
  const extend = () => setRevealed((current) => (current ? { ...current, until: Date.now() + REVEAL_SECONDS * 1000 } : current));
  const secondsLeft = revealed ? Math.min(REVEAL_SECONDS, Math.max(0, Math.ceil((revealed.until - now) / 1000))) : 0;
  const clipPassed = clip.kind === 'copied' && now >= clip.clearsAt;

  return (
    <Section title="Root password" testId="detail-password">
      <p className="section-store">
        <StoreBadge store="password-vault" withLabel />
      </p>
      {revealed ? (
        <div className="reveal" data-testid="reveal-panel">
          <output className="secret-text password-groups" data-testid="revealed-password" aria-label={`Root password, ${revealed.groups.length} groups`}>
            {revealed.groups.map((group, i) => (
              <span key={i} className="password-group" data-testid="password-group">
                {group}
              </span>
            ))}
          </output>
          {revealed.legend.length > 0 && (
            <ul className="password-legend" data-testid="password-legend" aria-label="Look-alike characters in this password">
              {revealed.legend.map(({ char, name }) => (
                <li key={char}>
                  <code className="password-legend-char">{char}</code> {name}
                </li>
              ))}
            </ul>
          )}
          <div className="reveal-meta">
            <progress className="countdown" max={REVEAL_SECONDS} value={secondsLeft} aria-hidden="true" />
            <span data-testid="reveal-countdown">Hidden in {secondsLeft} s</span>
          </div>
        </div>
      ) : (
        <p className="muted">Hidden. Revealing it is recorded in the audit log.</p>
      )}
      <div className="button-row">
        {revealed ? (
          <>
            <button type="button" className="button-secondary" data-testid="reveal-hide" onClick={() => setRevealed(null)}>
              Hide now
            </button>
            <button type="button" className="button-secondary" data-testid="reveal-extend" onClick={extend}>
              Keep shown {REVEAL_SECONDS} s more
            </button>
          </>
        ) : (
          <button type="button" className="button-primary" data-testid="reveal-password" disabled={secret.busy !== null} onClick={reveal}>
            Reveal for {REVEAL_SECONDS} s
          </button>
        )}
        <button
          type="button"
          className="button-secondary"
          data-testid="copy-password"
          disabled={copying || noClipboard !== null}
          aria-describedby={noClipboard ? 'copy-unavailable' : undefined}
          onClick={copy}
        >
          Copy (cleared after {CLIPBOARD_SECONDS} s)
        </button>
        {noClipboard && (
          <span className="copy-unavailable" id="copy-unavailable" data-testid="copy-unavailable">
            Copy is off here. {noClipboard}
          </span>
        )}
      </div>
      <p className="clipboard-status" data-testid="copy-status" data-state={clipPassed ? 'cleared' : clip.kind} role="status">
        {copying
          ? 'Copying…'
          : clip.kind === 'copied'
            ? clipPassed
              ? `The clipboard was cleared at ${formatClockTime(clip.clearsAt)} (unless you copied something else since).`
              : `Copied; the clipboard is cleared at ${formatClockTime(clip.clearsAt)}. Paste it into the AWS sign-in page now.`
            : clip.kind === 'cleared'
              ? 'The clipboard was cleared.'
              : clip.kind === 'failed'
                ? clip.reason
                : ''}
      </p>
      <ErrorNote error={secret.error} testId="reveal-error" />
    </Section>
  );
}
