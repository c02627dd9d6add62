// Small building blocks every screen uses: an error shown where the custodian is looking, a busy
// indicator for slow steps (KDF, export, PDF), and a hook that runs one API call at a time.

import { useCallback, useState, type ReactNode } from 'react';
import { ApiFailure, messageOf } from './api.js';

export function ErrorNote({ error, testId = 'error' }: { readonly error: unknown; readonly testId?: string }) {
  if (error === null || error === undefined) return null;
  const code = error instanceof ApiFailure ? error.code : undefined;
  return (
    <div className="note note-error" role="alert" data-testid={testId} data-code={code}>
      {messageOf(error)}
    </div>
  );
}

export function Busy({ label }: { readonly label: string }) {
  return (
    <div className="busy" role="status" aria-live="polite" data-testid="busy">
      <progress aria-label={label} />
      <span>{label}</span>
    </div>
  );
}

export function Section({ title, children, testId }: { readonly title: string; readonly children: ReactNode; readonly testId?: string }) {
  return (
    <section className="card" data-testid={testId}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

/** Runs async actions one at a time, keeping the last error and a busy label for the UI. */
export function useAction() {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const run = useCallback(async <T,>(label: string, action: () => Promise<T>): Promise<T | undefined> => {
    setBusy(label);
    setError(null);
    try {
      return await action();
    } catch (caught) {
      setError(caught);
      return undefined;
    } finally {
      setBusy(null);
    }
  }, []);
  return { busy, error, setError, run };
}
