// Checking one share alone, e.g. in the quarterly drill: nothing is opened and the check is recorded.
// docs/FORMAT.md §12.4 (a single share can be verified alone).

import { useState, type FormEvent } from 'react';
import type { ShareVerification, StoreKind } from '../../../../src/app/api.js';
import { call } from '../../api.js';
import { Busy } from '../../components/Busy.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { Field } from '../../components/Field.js';
import { formatTimestamp } from '../../components/format.js';
import { Section } from '../../components/Section.js';
import { StoreBadge } from '../../components/StoreBadge.js';
import { StoreSelect } from '../../components/StoreSelect.js';
import { useAction } from '../../components/useAction.js';

export function CheckSharePanel() {
  const [verifyStore, setVerifyStore] = useState<StoreKind>('password-vault');
  const [shareText, setShareText] = useState('');
  const [verified, setVerified] = useState<ShareVerification | null>(null);
  const verify = useAction();

  const submitVerify = (event: FormEvent) => {
    event.preventDefault();
    setVerified(null);
    void verify.run('Checking the share', async () => {
      if (shareText.trim().length === 0) throw new Error('Type or paste the share (54 words or its BGS1: text) first.');
      const result = await call('verifyShare', { share: shareText.trim(), store: verifyStore });
      setVerified(result);
      setShareText(''); // the words are not kept on screen once checked
    });
  };

  return (
    <Section title="Check one share" testId="custody-verify">
      <p className="field-hint">A custodian can check their share alone, e.g. in the quarterly drill. Nothing is opened; the check is recorded.</p>
      <form onSubmit={submitVerify} noValidate>
        <div className="form-grid">
          <Field label="Store" htmlFor="custody-verify-store">
            <StoreSelect
              id="custody-verify-store"
              value={verifyStore}
              onChange={(next) => {
                setVerifyStore(next);
                setVerified(null);
              }}
            />
          </Field>
        </div>
        <Field label="The share: 54 words (four letters each are enough) or the BGS1: text" htmlFor="custody-verify-text">
          <textarea
            id="custody-verify-text"
            data-testid="custody-verify-text"
            rows={4}
            spellCheck={false}
            autoComplete="off"
            value={shareText}
            onChange={(e) => {
              setShareText(e.target.value);
              setVerified(null);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                e.currentTarget.form?.requestSubmit();
              }
            }}
          />
        </Field>
        <div className="button-row">
          <button type="submit" className="button-primary" data-testid="custody-verify-submit" disabled={verify.busy !== null}>
            Check share
          </button>
          <span className="muted small">Ctrl+Enter in the text also checks it.</span>
        </div>
      </form>
      {verify.busy ? <Busy label={verify.busy} /> : null}
      <ErrorNote error={verify.error} testId="custody-verify-error" />
      {verified ? (
        <p className="note note-ok" role="status" data-testid="custody-verify-result">
          ✓ Valid: share {verified.index} of {verified.count} of the <StoreBadge store={verified.store} withLabel /> (any {verified.threshold} open it), generation{' '}
          {verified.generation}
          {verified.custodian ? `, issued to ${verified.custodian}` : ''}
          {verified.issuedAt ? ` on ${formatTimestamp(verified.issuedAt)}` : ''}.
        </p>
      ) : null}
    </Section>
  );
}
