// The one line under a share's words that says where it stands: accepted (with its custodian), refused
// here, not right yet (the app's message), being checked, unknown words, or how much is entered.
// docs/FORMAT.md §12.3–12.4.

import type { ReactNode } from 'react';
import type { ShareVerification } from '../../../src/app/api.js';
import { ApiFailure, messageOf } from '../api.js';
import { SHARE_WORD_COUNT } from '../words.js';
import { formatTimestamp } from './format.js';
import { QR_TEXT_LENGTH, type ShareWords } from './share-words.js';
import { STORE_IN_SENTENCE } from './stores.js';

export type ShareCheck =
  | { readonly state: 'idle' }
  | { readonly state: 'checking'; readonly text: string }
  | { readonly state: 'valid'; readonly text: string; readonly verification: ShareVerification }
  | { readonly state: 'invalid'; readonly text: string; readonly error: unknown };

/** Word positions (0-based) the app's check named as wrong: the word it locates, or the two that look swapped. */
export function suspectWords(check: ShareCheck): Set<number> {
  const detail = check.state === 'invalid' && check.error instanceof ApiFailure ? check.error.detail : undefined;
  if (detail?.kind === 'word' || detail?.kind === 'unknown-word') return new Set([detail.word - 1]);
  if (detail?.kind === 'swapped') return new Set(detail.words.map((w) => w - 1));
  return new Set();
}

export function ShareStatus({
  check,
  entry,
  refusal,
  prefix,
}: {
  readonly check: ShareCheck;
  readonly entry: ShareWords;
  readonly refusal: string | undefined;
  /** Test ids: `${prefix}-status`, `${prefix}-custodian`. */
  readonly prefix: string;
}) {
  const { words, unknown, qrMode, paste, extra, known } = entry;
  let state: string;
  let text: ReactNode;
  if (check.state === 'valid' && refusal) {
    state = 'refused';
    text = (
      <>
        <strong>This share cannot be used here:</strong> {refusal}
      </>
    );
  } else if (check.state === 'valid') {
    const v = check.verification;
    state = 'valid';
    text = (
      <>
        <strong>Share accepted:</strong> share {v.index} of {v.count} of the {STORE_IN_SENTENCE[v.store]} (any {v.threshold} open it)
        {v.custodian ? (
          <>
            {' '}
            — custodian <strong data-testid={`${prefix}-custodian`}>{v.custodian}</strong>
          </>
        ) : null}
        {v.issuedAt ? <span className="muted">, issued {formatTimestamp(v.issuedAt)}</span> : null}.
      </>
    );
  } else if (check.state === 'invalid') {
    state = 'invalid';
    const code = check.error instanceof ApiFailure ? check.error.code : undefined;
    text = (
      <>
        <strong>{code === 'FOREIGN_SHARE' || code === 'REVOKED_SHARE' ? 'This share does not open this store:' : 'This share is not right yet:'}</strong>{' '}
        {messageOf(check.error)}
      </>
    );
  } else if (check.state === 'checking') {
    state = 'checking';
    text = 'Checking the share…';
  } else if (!qrMode && unknown.length > 0) {
    state = 'unknown-word';
    text = (
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
    state = 'incomplete';
    text = `QR text: ${paste.trim().length} of ${QR_TEXT_LENGTH} characters.`;
  } else if (extra > 0) {
    state = 'incomplete';
    text = `That was ${SHARE_WORD_COUNT + extra} words; a share has ${SHARE_WORD_COUNT}. Check for a repeated line.`;
  } else {
    state = 'incomplete';
    text = `${known} of ${SHARE_WORD_COUNT} words entered.`;
  }
  return (
    <div className={`share-status share-status-${state}`} data-testid={`${prefix}-status`} data-state={state} role="status" aria-live="polite">
      {text}
    </div>
  );
}
