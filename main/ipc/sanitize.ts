// What must not cross to the renderer even though the app returns it: issued shares' words and QR text
// (share sheets are printed by the host process, DESIGN §3.4). Everything else passes unchanged.

import type { ApiMethod } from '../../src/app/index.js';

function withoutShareSecrets(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || !('issuedShares' in value)) return value;
  const { issuedShares, ...rest } = value as { issuedShares: readonly Record<string, unknown>[] };
  return {
    ...rest,
    issuedShares: issuedShares.map(({ words: _words, qrText: _qrText, ...share }) => share),
  };
}

export function sanitizeForRenderer(method: ApiMethod, value: unknown): unknown {
  if (method === 'createVaultSet' || method === 'rotateCustody') return withoutShareSecrets(value);
  return value;
}
