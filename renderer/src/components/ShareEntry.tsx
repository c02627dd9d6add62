// One custodian's share, typed word by word (54 inputs with BIP-39 autocomplete; unique four-letter
// prefixes are expanded, unknown words are marked at once) or pasted (words or BGS1: QR text). When the
// share is complete it is checked alone with verifyShare, and the result or the likely wrong word is
// shown right under the words. A scanned share sheet (image or PDF page) can be read instead: its QR text
// fills the paste field and the same check runs. The parent clears it by remounting (a new `key`). FORMAT.md §12.3–12.4, §13.5.

import { useCallback, useEffect, useMemo, useRef, useState, type ClipboardEvent, type KeyboardEvent, type ReactNode } from 'react';
import type { ShareVerification, StoreKind } from '../../../src/app/api.js';
import { ApiFailure, call, messageOf } from '../api.js';
import { expandWord, isQrText, SHARE_WORD_COUNT, shareTextFromWords, splitShareWords, wordState, WORDS } from '../words.js';
import { STORE_IN_SENTENCE } from './stores.js';
import { formatTimestamp } from './format.js';

export interface VerifiedShare {
  /** The share as typed (54 expanded words or the BGS1: text), sent to unlockStore. */
  readonly text: string;
  readonly verification: ShareVerification;
}

type Check =
  | { readonly state: 'idle' }
  | { readonly state: 'checking'; readonly text: string }
  | { readonly state: 'valid'; readonly text: string; readonly verification: ShareVerification }
  | { readonly state: 'invalid'; readonly text: string; readonly error: unknown };

/** The length of a complete BGS1: text: prefix + base32 of 70 + 4 bytes. */
const QR_TEXT_LENGTH = 5 + Math.ceil(((70 + 4) * 8) / 5);
const DATALIST_ID = 'bip39-words';

function blankWords(): string[] {
  return Array.from({ length: SHARE_WORD_COUNT }, () => '');
}

/** Word positions (0-based) the app's check named as wrong: the word it locates, or the two that look swapped. */
function suspectWords(error: unknown): Set<number> {
  const detail = error instanceof ApiFailure ? error.detail : undefined;
  if (detail?.kind === 'word' || detail?.kind === 'unknown-word') return new Set([detail.word - 1]);
  if (detail?.kind === 'swapped') return new Set(detail.words.map((w) => w - 1));
  return new Set();
}

export function ShareEntry({
  store,
  onChange,
  autoFocus = false,
  label = 'Share',
  refusal,
}: {
  readonly store: StoreKind;
  onChange(share: VerifiedShare | null): void;
  readonly autoFocus?: boolean;
  readonly label?: string;
  /** Why the parent refuses this otherwise valid share (e.g. already entered): shown instead of "accepted". */
  readonly refusal?: string;
}) {
  const [words, setWords] = useState<string[]>(blankWords);
  const [paste, setPaste] = useState('');
  const [extra, setExtra] = useState(0);
  const [check, setCheck] = useState<Check>({ state: 'idle' });
  const [scanPath, setScanPath] = useState('');
  const [scanning, setScanning] = useState(false);
  const inputs = useRef<(HTMLInputElement | null)[]>([]);
  const sequence = useRef(0);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  const qrMode = isQrText(paste);
  const states = useMemo(() => words.map(wordState), [words]);
  const unknown = states.flatMap((s, i) => (s === 'unknown' ? [i] : []));
  const known = states.filter((s) => s === 'known').length;
  const text = qrMode ? paste.trim() : shareTextFromWords(words);
  const ready = qrMode ? paste.trim().length >= QR_TEXT_LENGTH : known === SHARE_WORD_COUNT;

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

  /** Puts typed or pasted words into the grid from `start`, expanding prefixes of all but the last. */
  const placeWords = (start: number, parts: readonly string[], expandLast: boolean) => {
    setPaste('');
    setExtra(0);
    setWords((current) => {
      const next = [...current];
      parts.forEach((part, k) => {
        const position = start + k;
        if (position >= SHARE_WORD_COUNT) return;
        const isLast = k === parts.length - 1;
        next[position] = !isLast || expandLast ? (expandWord(part) ?? part.toLowerCase()) : part;
      });
      return next;
    });
  };

  const onWordInput = (index: number, value: string) => {
    if (/[\s,;]/.test(value)) {
      // A separator typed or several words pasted: spread them and move on.
      const parts = splitShareWords(value);
      if (parts.length === 0) {
        placeWords(index, [''], false);
        return;
      }
      placeWords(index, parts, true);
      focusWord(index + parts.length);
      return;
    }
    placeWords(index, [value], false);
  };

  const onWordKey = (index: number, event: KeyboardEvent<HTMLInputElement>) => {
    const value = event.currentTarget.value;
    if (event.key === 'Enter') {
      event.preventDefault();
      const expanded = expandWord(value);
      if (expanded) placeWords(index, [expanded], true);
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
      setPaste(pasted.trim());
      return;
    }
    const parts = splitShareWords(pasted);
    if (parts.length > 1) {
      event.preventDefault();
      placeWords(index, parts, true);
      focusWord(index + parts.length);
    }
  };

  const onPasteArea = (value: string) => {
    setPaste(value);
    if (isQrText(value)) {
      setWords(blankWords());
      setExtra(0);
      return;
    }
    const parts = splitShareWords(value);
    const next = blankWords();
    parts.slice(0, SHARE_WORD_COUNT).forEach((part, i) => {
      next[i] = expandWord(part) ?? part.toLowerCase();
    });
    setWords(next);
    setExtra(Math.max(0, parts.length - SHARE_WORD_COUNT));
  };

  /** Reads the share's QR code from a scanned sheet and enters its text like a paste; the usual check follows. */
  const scan = async () => {
    const image = scanPath.trim();
    if (image === '') {
      setCheck({ state: 'invalid', text: '', error: new Error('Give the path of the scanned share sheet (PNG, JPEG or the printed PDF page) first.') });
      return;
    }
    setScanning(true);
    try {
      const { share } = await call('scanShareSheet', { image, store });
      onPasteArea(share);
    } catch (error) {
      sequence.current++;
      setCheck({ state: 'invalid', text: '', error });
      onChangeRef.current(null);
    } finally {
      setScanning(false);
    }
  };

  const clear = () => {
    setWords(blankWords());
    setPaste('');
    setExtra(0);
    focusWord(0);
  };

  const suspects = check.state === 'invalid' ? suspectWords(check.error) : new Set<number>();

  let statusState: string;
  let status: ReactNode;
  if (check.state === 'valid' && refusal) {
    statusState = 'refused';
    status = (
      <>
        <strong>This share cannot be used here:</strong> {refusal}
      </>
    );
  } else if (check.state === 'valid') {
    const v = check.verification;
    statusState = 'valid';
    status = (
      <>
        <strong>Share accepted:</strong> share {v.index} of {v.count} of the {STORE_IN_SENTENCE[v.store]} (any {v.threshold} open it)
        {v.custodian ? (
          <>
            {' '}
            — custodian <strong data-testid="share-custodian">{v.custodian}</strong>
          </>
        ) : null}
        {v.issuedAt ? <span className="muted">, issued {formatTimestamp(v.issuedAt)}</span> : null}.
      </>
    );
  } else if (check.state === 'invalid') {
    statusState = 'invalid';
    const code = check.error instanceof ApiFailure ? check.error.code : undefined;
    status = (
      <>
        <strong>{code === 'FOREIGN_SHARE' || code === 'REVOKED_SHARE' ? 'This share does not open this store:' : 'This share is not right yet:'}</strong>{' '}
        {messageOf(check.error)}
      </>
    );
  } else if (check.state === 'checking') {
    statusState = 'checking';
    status = 'Checking the share…';
  } else if (!qrMode && unknown.length > 0) {
    statusState = 'unknown-word';
    status = (
      <>
        <strong>Not in the word list:</strong>{' '}
        {unknown
          .slice(0, 4)
          .map((i) => `word ${i + 1} “${words[i]?.trim()}”`)
          .join(', ')}
        {unknown.length > 4 ? ` and ${unknown.length - 4} more` : ''}. Check {unknown.length === 1 ? 'it' : 'them'} against the sheet.
      </>
    );
  } else if (qrMode) {
    statusState = 'incomplete';
    status = `QR text: ${paste.trim().length} of ${QR_TEXT_LENGTH} characters.`;
  } else if (extra > 0) {
    statusState = 'incomplete';
    status = `That was ${SHARE_WORD_COUNT + extra} words; a share has ${SHARE_WORD_COUNT}. Check for a repeated line.`;
  } else {
    statusState = 'incomplete';
    status = `${known} of ${SHARE_WORD_COUNT} words entered.`;
  }

  return (
    <div className="share-entry" data-testid="share-entry">
      <datalist id={DATALIST_ID}>
        {WORDS.map((word) => (
          <option key={word} value={word} />
        ))}
      </datalist>
      <fieldset className="word-grid-fieldset" disabled={qrMode}>
        <legend>{label}: type the 54 words from the sheet</legend>
        <p className="field-hint">
          The first four letters of each word are enough. Space or Enter moves to the next word.
        </p>
        <ol className="word-grid">
          {words.map((word, i) => {
            const state = states[i] ?? 'empty';
            const suspect = suspects.has(i);
            return (
              <li key={i} className={`word-cell word-${state}${suspect ? ' word-suspect' : ''}`}>
                <label htmlFor={`share-word-${i}`} className="word-number">
                  {i + 1}
                </label>
                <input
                  id={`share-word-${i}`}
                  data-testid={`share-word-${i}`}
                  ref={(el) => {
                    inputs.current[i] = el;
                  }}
                  type="text"
                  list={DATALIST_ID}
                  autoComplete="off"
                  autoCapitalize="off"
                  spellCheck={false}
                  autoFocus={autoFocus && i === 0}
                  aria-label={`Word ${i + 1}`}
                  aria-invalid={state === 'unknown' || suspect ? true : undefined}
                  data-state={state}
                  value={word}
                  onChange={(e) => onWordInput(i, e.target.value)}
                  onKeyDown={(e) => onWordKey(i, e)}
                  onPaste={(e) => onWordPaste(i, e)}
                  onBlur={(e) => {
                    const expanded = expandWord(e.target.value);
                    if (expanded && expanded !== e.target.value) placeWords(i, [expanded], true);
                  }}
                />
              </li>
            );
          })}
        </ol>
      </fieldset>

      <div className="field share-paste">
        <label htmlFor="share-paste">Or paste the whole share (54 words, or the BGS1: text from the QR code)</label>
        <textarea
          id="share-paste"
          data-testid="share-paste"
          rows={2}
          autoComplete="off"
          spellCheck={false}
          value={paste}
          onChange={(e) => onPasteArea(e.target.value)}
        />
      </div>

      <div className="field share-scan">
        <label htmlFor="share-scan-path">Or read it from a scanned sheet (path of a PNG or JPEG scan, 150 dpi or more, or of the printed PDF page)</label>
        <div className="button-row">
          <input
            id="share-scan-path"
            data-testid="share-scan-path"
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
          <button type="button" className="button-secondary" data-testid="share-scan" disabled={scanning} onClick={() => void scan()}>
            {scanning ? 'Reading the QR code…' : 'Read from a scanned sheet'}
          </button>
        </div>
      </div>

      <div className={`share-status share-status-${statusState}`} data-testid="share-status" data-state={statusState} role="status" aria-live="polite">
        {status}
      </div>

      <div className="button-row">
        <button type="button" className="button-secondary" data-testid="share-verify" disabled={check.state === 'checking'} onClick={() => void verify(text)}>
          Check this share
        </button>
        <button type="button" className="button-quiet" data-testid="share-clear" onClick={clear}>
          Clear words
        </button>
      </div>
    </div>
  );
}
