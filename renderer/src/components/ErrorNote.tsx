// An error shown where the custodian is looking: the app's plain message, and its code (a data attribute
// for tests and styles, never parsed). DESIGN §3.8 (bad input gets a clear message naming what to do).

import { ApiFailure, messageOf } from '../api.js';

export function ErrorNote({ error, testId = 'error' }: { readonly error: unknown; readonly testId?: string }) {
  if (error === null || error === undefined) return null;
  const code = error instanceof ApiFailure ? error.code : undefined;
  return (
    <div className="note note-error" role="alert" data-testid={testId} data-code={code}>
      {messageOf(error)}
    </div>
  );
}
