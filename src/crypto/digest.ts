// SHA-256 of whole files (checksums, fingerprints, manifests): Node's OpenSSL binding, audited and about
// ten times faster than a JavaScript SHA-256 on 50 MB stores. Keyed primitives stay with @noble (DESIGN §3.1).

import { createHash } from 'node:crypto';

export function sha256Digest(...parts: Uint8Array[]): Uint8Array {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
}
