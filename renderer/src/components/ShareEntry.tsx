// One custodian's share, typed word by word (54 inputs with BIP-39 autocomplete; unique four-letter
// prefixes expanded, unknown words marked at once), pasted (words or BGS1: text) or read from a scanned
// sheet (its text kept in a masked field, never shown). A complete share is checked alone with
// verifyShare, and the result — or the word the checksum names — is shown above the words. The one share entry of every screen that asks for shares; the parent
// clears it by remounting (a new `key`). docs/FORMAT.md §12.3–12.4, §13.5.

import { useCallback, useEffect, useRef, useState, type ClipboardEvent, type KeyboardEvent } from 'react';
import type { ShareVerification, StoreKind } from '../../../src/app/api.js';
import { ApiFailure, call, messageOf } from '../api.js';
import { expandWord, isQrText, SHARE_WORD_COUNT, splitShareWords, WORDS } from '../words.js';
import { useShareWords } from './share-words.js';
import { ShareStatus, suspectWords, type ShareCheck } from './ShareStatus.js';
import { ChooseButton, SCAN_EXTENSIONS } from './ChooseButton.js';

/** The refusals of a share as such (not of a typo): other store or vault set, revoked share set, altered. */
const REFUSED_CODES: ReadonlySet<string> = new Set(['FOREIGN_SHARE', 'REVOKED_SHARE', 'TAMPERED_SHARE']);

export interface VerifiedShare {
  /** The share as typed (54 expanded words or the BGS1: text), sent to unlock the store. */
  readonly text: string;
  readonly verification: ShareVerification;
}

export function ShareEntry({
  store,
  onChange,
  prefix = 'share',
  autoFocus = false,
  label = 'Share',
  refusal,
  onRefused,
}: {
  readonly store: StoreKind;
  onChange(share: VerifiedShare | null): void;
  /** Ids and test ids: `${prefix}-word-0` … `-word-53`, `-paste`, `-scan-path`, `-scan`, `-status`, `-verify`, `-clear`. */
  readonly prefix?: string;
  readonly autoFocus?: boolean;
  readonly label?: string;
  /** Why the parent refuses this otherwise valid share (e.g. already entered): shown instead of "accepted". */
  readonly refusal?: string;
  /**
   * Called when the app's check refuses a complete share for what it is — of the other store, of another
   * vault set, of a revoked share set, altered — rather than for a typo still being fixed: the drill keeps
   * such a share as an exception of its own.
   */
  onRefused?(text: string, reason: string): void;
}) {
  const entry = useShareWords();
  const [check, setCheck] = useState<ShareCheck>({ state: 'idle' });
  const [scanPath, setScanPath] = useState('');
  const [scanning, setScanning] = useState(false);
  const inputs = useRef<(HTMLInputElement | null)[]>([]);
  const sequence = useRef(0);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const onRefusedRef = useRef(onRefused);
  onRefusedRef.current = onRefused;
  const { words, states, qrMode, text, ready } = entry;
  const datalist = `${prefix}-bip39-words`;

  const verify = useCallback(
    async (shareText: string) => {
      const id = ++sequence.current;
      if (shareText.trim().length === 0) {
        setCheck({ state: 'invalid', text: shareText, error: new Error('Type the 54 words of the share (or paste its BGS1: text) first.') });
        return;
      }
      setCheck({ state: 'checking', text: shareText });
      try {
        const verification = await call('verifyShare', { share: shareText, store });
        if (id !== sequence.current) return;
        setCheck({ state: 'valid', text: shareText, verification });
        onChangeRef.current({ text: shareText, verification });
      } catch (error) {
        if (id !== sequence.current) return;
        setCheck({ state: 'invalid', text: shareText, error });
        onChangeRef.current(null);
        if (error instanceof ApiFailure && REFUSED_CODES.has(error.code)) onRefusedRef.current?.(shareText, messageOf(error));
      }
    },
    [store],
  );

  // Whatever changes, the last verification no longer holds; a complete share is checked at once.
  useEffect(() => {
    sequence.current++;
    setCheck({ state: 'idle' });
    onChangeRef.current(null);
    if (!ready) return;
    const timer = window.setTimeout(() => void verify(text), 120);
    return () => window.clearTimeout(timer);
  }, [text, ready, verify]);

  const focusWord = (index: number) => {
    const target = inputs.current[Math.max(0, Math.min(SHARE_WORD_COUNT - 1, index))];
    target?.focus();
    target?.select();
  };

  const onWordInput = (index: number, value: string) => {
    if (/[\s,;]/.test(value)) {
      // A separator typed or several words pasted: spread them and move on.
      const parts = splitShareWords(value);
      if (parts.length === 0) {
        entry.place(index, [''], false);
        return;
      }
      entry.place(index, parts, true);
      focusWord(index + parts.length);
      return;
    }
    entry.place(index, [value], false);
  };

  const onWordKey = (index: number, event: KeyboardEvent<HTMLInputElement>) => {
    const value = event.currentTarget.value;
    if (event.key === 'Enter') {
      event.preventDefault();
      const expanded = expandWord(value);
      if (expanded) entry.place(index, [expanded], true);
      if (index < SHARE_WORD_COUNT - 1) focusWord(index + 1);
      else if (ready) void verify(text);
    } else if (event.key === 'Backspace' && value === '' && index > 0) {
      event.preventDefault();
      focusWord(index - 1);
    }
  };

  const onWordPaste = (index: number, event: ClipboardEvent<HTMLInputElement>) => {
    const pasted = event.clipboardData.getData('text');
    if (isQrText(pasted)) {
      event.preventDefault();
      entry.pasteAll(pasted.trim());
      return;
    }
    const parts = splitShareWords(pasted);
    if (parts.length > 1) {
      event.preventDefault();
      entry.place(index, parts, true);
      focusWord(index + parts.length);
    }
  };

  /** Reads the share's QR code from a scanned sheet and enters its text like a paste; the usual check follows. */
  const scan = async () => {
    const image = scanPath.trim();
    if (image === '') {
      setCheck({ state: 'invalid', text: '', error: new Error('Give the path of the scanned share sheet (PNG, JPEG or the printed PDF page) first, or press Choose… to find it.') });
      return;
    }
    setScanning(true);
    try {
      const { share } = await call('scanShareSheet', { image, store });
      entry.pasteAll(share);
    } catch (error) {
      sequence.current++;
      setCheck({ state: 'invalid', text: '', error });
      onChangeRef.current(null);
    } finally {
      setScanning(false);
    }
  };

  const suspects = suspectWords(check);

  return (
    <div className="share-entry" data-testid={`${prefix}-entry`}>
      <datalist id={datalist}>
        {WORDS.map((word) => (
          <option key={word} value={word} />
        ))}
      </datalist>
      {/* Above the words, in the flow: never over an input. */}
      <ShareStatus check={check} entry={entry} refusal={refusal} prefix={prefix} />
      <fieldset className="word-grid-fieldset" disabled={qrMode}>
        <legend>{label}: type the 54 words from the sheet</legend>
        <p className="field-hint">The first four letters of each word are enough. Space or Enter moves to the next word.</p>
        <ol className="word-grid">
          {words.map((word, i) => {
            const state = states[i] ?? 'empty';
            const suspect = suspects.has(i);
            return (
              <li key={i} className={`word-cell word-${state}${suspect ? ' word-suspect' : ''}`}>
                <label htmlFor={`${prefix}-word-${i}`} className="word-number">
                  {i + 1}
                </label>
                <input
                  id={`${prefix}-word-${i}`}
                  data-testid={`${prefix}-word-${i}`}
                  ref={(el) => {
                    inputs.current[i] = el;
                  }}
                  type="text"
                  list={datalist}
                  autoComplete="off"
                  autoCapitalize="off"
                  spellCheck={false}
                  autoFocus={autoFocus && i === 0}
                  aria-label={`Word ${i + 1}`}
                  aria-invalid={state === 'unknown' || suspect ? true : undefined}
                  data-state={state}
                  data-suspect={suspect ? 'true' : undefined}
                  value={word}
                  onChange={(e) => onWordInput(i, e.target.value)}
                  onKeyDown={(e) => onWordKey(i, e)}
                  onPaste={(e) => onWordPaste(i, e)}
                  onBlur={(e) => {
                    const expanded = expandWord(e.target.value);
                    if (expanded && expanded !== e.target.value) entry.place(i, [expanded], true);
                  }}
                />
              </li>
            );
          })}
        </ol>
      </fieldset>

      <div className="field share-paste">
        <label htmlFor={`${prefix}-paste`}>Or paste the whole share (54 words, or the BGS1: text from the QR code)</label>
        {/* Masked: a pasted or scanned share (words or BGS1: text) never sits readable in a box. */}
        <input
          id={`${prefix}-paste`}
          data-testid={`${prefix}-paste`}
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={entry.paste}
          onChange={(e) => entry.pasteAll(e.target.value)}
        />
      </div>

      <div className="field share-scan">
        <label htmlFor={`${prefix}-scan-path`}>Or read it from a scanned sheet (path of a PNG or JPEG scan, 150 dpi or more, or of the printed PDF page)</label>
        <div className="button-row">
          <input
            id={`${prefix}-scan-path`}
            data-testid={`${prefix}-scan-path`}
            type="text"
            autoComplete="off"
            spellCheck={false}
            value={scanPath}
            onChange={(e) => setScanPath(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                void scan();
              }
            }}
          />
          <ChooseButton testId={`${prefix}-scan-choose`} title="Choose the scanned share sheet" mode="file" extensions={SCAN_EXTENSIONS} value={scanPath} onChange={setScanPath} />
          <button type="button" className="button-secondary" data-testid={`${prefix}-scan`} disabled={scanning} onClick={() => void scan()}>
            {scanning ? 'Reading the QR code…' : 'Read from a scanned sheet'}
          </button>
        </div>
      </div>

      <div className="button-row">
        <button type="button" className="button-secondary" data-testid={`${prefix}-verify`} disabled={check.state === 'checking'} onClick={() => void verify(text)}>
          Check this share
        </button>
        <button
          type="button"
          className="button-quiet"
          data-testid={`${prefix}-clear`}
          onClick={() => {
            entry.clear();
            focusWord(0);
          }}
        >
          Clear words
        </button>
      </div>
    </div>
  );
}
