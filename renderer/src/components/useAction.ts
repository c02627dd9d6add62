// Runs a screen's API calls one at a time, keeping the last error and a busy label for the UI: the one
// way every screen calls the app. DESIGN §4 (results are values; errors are shown, not thrown).

import { useCallback, useState } from 'react';

export function useAction() {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const run = useCallback(async <T>(label: string, action: () => Promise<T>): Promise<T | undefined> => {
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
