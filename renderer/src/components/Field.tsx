// A labelled form field: the label above, the control, then a hint or a problem in plain words.
// DESIGN §3.8 (bad input gets a message naming what is wrong).

import type { ReactNode } from 'react';

export function Field({
  label,
  htmlFor,
  hint,
  problem,
  children,
  className,
}: {
  readonly label: ReactNode;
  readonly htmlFor: string;
  readonly hint?: ReactNode;
  readonly problem?: string | null;
  readonly children: ReactNode;
  readonly className?: string;
}) {
  return (
    <div className={`field${problem ? ' field-problem' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={htmlFor}>{label}</label>
      {children}
      {problem ? (
        <span className="field-message" id={`${htmlFor}-problem`}>
          {problem}
        </span>
      ) : hint ? (
        <span className="field-hint" id={`${htmlFor}-hint`}>
          {hint}
        </span>
      ) : null}
    </div>
  );
}
