// The documents the Print screen offers, each with what it is for. docs/FORMAT.md §13.3–13.6.

import type { PrintDocumentKind } from '../../../../src/app/api.js';

export const DOCUMENTS: readonly { readonly kind: PrintDocumentKind; readonly title: string; readonly about: string }[] = [
  { kind: 'shares', title: 'Custodian share sheets', about: 'One sheet per share issued in this session, for its custodian’s envelope. Never previewed on screen.' },
  { kind: 'emergency', title: 'Emergency sheet', about: 'What the store is, where every copy is, who the custodians are, and the break-glass procedure.' },
  { kind: 'paper-backup', title: 'Paper backup', about: 'The encrypted store itself as numbered QR codes, for when every USB copy failed.' },
  { kind: 'spec', title: 'Recovery specification', about: 'FORMAT.md printed, so the safe alone is enough to rebuild a decoder.' },
];
