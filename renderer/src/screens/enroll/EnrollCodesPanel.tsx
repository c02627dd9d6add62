// Enrollment step 2 and 3, the AWS "Assign MFA device" flow: MFA code 1 and MFA code 2 to type into AWS,
// the window they are in, a generated seed shown once, then sealing it into the MFA seed store. docs/FORMAT.md §11.2.

import { useMemo } from 'react';
import type { EnrollmentView } from '../../../../src/app/api.js';
import { Busy } from '../../components/Busy.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { useFocusWhenShown } from '../../components/focus.js';
import { groupCode } from '../../components/format.js';
import { qrSvgDataUrl } from '../../components/qr.js';
import { Section } from '../../components/Section.js';
import { useAction } from '../../components/useAction.js';
import { CodeWindow } from '../totp/CodeWindow.js';
import { MfaUnlockFields, useMfaUnlock } from './mfa-unlock.js';

export function EnrollCodesPanel({
  view,
  unlock,
  action,
  onConfirm,
  onCancel,
}: {
  readonly view: EnrollmentView;
  readonly unlock: ReturnType<typeof useMfaUnlock>;
  readonly action: ReturnType<typeof useAction>;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
}) {
  const codesRef = useFocusWhenShown<HTMLDivElement>(true);
  const qr = useMemo(() => (view.generated ? qrSvgDataUrl(view.generated.otpauthUri) : null), [view.generated]);
  return (
    <Section title="2. Type these codes into AWS" testId="enroll-codes-card">
      <p className="muted">
        Account <strong>{view.accountId}</strong> · device <strong>{view.device}</strong> · {view.algorithm}, {view.digits} digits, {view.period} s
      </p>
      <div ref={codesRef} tabIndex={-1} className="enroll-codes" aria-label="MFA code 1 and MFA code 2">
        <div>
          <div className="code-label">MFA code 1</div>
          <div className="code-big" data-testid="enroll-code1" data-code={view.mfaCode1}>
            {groupCode(view.mfaCode1)}
          </div>
        </div>
        <div>
          <div className="code-label">MFA code 2</div>
          <div className="code-big" data-testid="enroll-code2" data-code={view.mfaCode2}>
            {groupCode(view.mfaCode2)}
          </div>
        </div>
      </div>
      <CodeWindow period={view.period} secondsLeft={view.secondsLeft} low={view.waitForFreshWindow} label="Seconds left for MFA code 1" secondsTestId="enroll-seconds">
        {`${view.secondsLeft} s left for MFA code 1`}
      </CodeWindow>
      {view.waitForFreshWindow && (
        <p className="note note-error" role="alert" data-testid="enroll-advice">
          {view.advice ?? 'Fewer than 5 seconds left: wait for a fresh window before typing the codes.'}
        </p>
      )}
      <dl className="facts">
        <dt>Serial (ARN)</dt>
        <dd className="mono" data-testid="enroll-arn">
          {view.serialArn}
        </dd>
      </dl>
      {view.generated && (
        <div className="generated-seed" data-testid="enroll-generated">
          <p className="note note-warning">A seed was generated here. Configure the authenticator now: this is the only time it is shown.</p>
          <dl className="facts">
            <dt>Base32</dt>
            <dd className="mono break" data-testid="enroll-base32">
              {view.generated.base32}
            </dd>
            <dt>otpauth URI</dt>
            <dd className="mono break" data-testid="enroll-uri">
              {view.generated.otpauthUri}
            </dd>
          </dl>
          {qr && <img className="qr-image" src={qr} alt="QR code of the otpauth URI" data-testid="enroll-qr" />}
        </div>
      )}
      <h3 className="step-heading">3. After AWS accepted both codes</h3>
      <MfaUnlockFields unlock={unlock} prefix="enroll" />
      <div className="button-row">
        <button type="button" className="button-primary" onClick={onConfirm} disabled={action.busy !== null} data-testid="enroll-confirm">
          Confirm: seal into the MFA seed store
        </button>
        <button type="button" className="button-secondary" onClick={onCancel} disabled={action.busy !== null} data-testid="enroll-cancel">
          Cancel and wipe
        </button>
      </div>
      {action.busy && <Busy label={action.busy} />}
      <ErrorNote error={action.error} testId="enroll-error" />
    </Section>
  );
}
