// Checking one share alone, e.g. in the quarterly drill, in the same share grid as Unlock: nothing is
// opened, the check is recorded, and the words leave the screen once checked. docs/FORMAT.md §12.4.

import { useState } from 'react';
import type { ShareVerification, StoreKind } from '../../../../src/app/api.js';
import { Field } from '../../components/Field.js';
import { formatTimestamp } from '../../components/format.js';
import { Section } from '../../components/Section.js';
import { ShareEntry } from '../../components/ShareEntry.js';
import { StoreBadge } from '../../components/StoreBadge.js';
import { StoreSelect } from '../../components/StoreSelect.js';

export function CheckSharePanel() {
  const [verifyStore, setVerifyStore] = useState<StoreKind>('password-vault');
  const [verified, setVerified] = useState<ShareVerification | null>(null);
  // Bumped when a share was checked: its words are not kept on screen.
  const [entryKey, setEntryKey] = useState(0);

  return (
    <Section title="Check one share" testId="custody-verify">
      <p className="field-hint">A custodian can check their share alone, e.g. in the quarterly drill. Nothing is opened; the check is recorded.</p>
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
      {verified ? (
        <p className="note note-ok" role="status" data-testid="custody-verify-result">
          ✓ Valid: share {verified.index} of {verified.count} of the <StoreBadge store={verified.store} withLabel /> (any {verified.threshold} open it), generation{' '}
          {verified.generation}
          {verified.custodian ? `, issued to ${verified.custodian}` : ''}
          {verified.issuedAt ? ` on ${formatTimestamp(verified.issuedAt)}` : ''}. Its words were cleared from the screen.
        </p>
      ) : null}
      <ShareEntry
        key={`${verifyStore}-${entryKey}`}
        prefix="custody-share"
        store={verifyStore}
        label="The share to check"
        onChange={(share) => {
          if (!share) return;
          setVerified(share.verification);
          setEntryKey((k) => k + 1);
        }}
      />
    </Section>
  );
}
