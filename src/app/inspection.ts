// Describes a parsed store header for people and for JSON output: kind, set id, generation, KDF, slots,
// fingerprint. Nothing here needs or touches a key. FORMAT.md §2.1 and §2.2.

import { bytesToHex } from '@noble/hashes/utils.js';
import type { ParsedContainer } from '../crypto/container.js';
import { describeKdfParams } from '../crypto/kdf.js';
import { storeKindLabel } from '../shared/store-kind.js';
import { readSeedMetadata } from '../stores/store-codec.js';
import { formatTimestamp } from '../shared/timestamps.js';
import type { KeySlotInfo, StoreInspection } from './api.js';

export function describeStore(file: string, parsed: ParsedContainer): StoreInspection {
  const { header } = parsed;
  const slots = header.slots.map((slot): KeySlotInfo =>
    slot.type === 'passphrase'
      ? { type: 'passphrase', kdf: { ...slot.kdf, label: describeKdfParams(slot.kdf) }, saltLength: slot.salt.length }
      : { type: 'shares', shareSetId: bytesToHex(slot.shareSetId), threshold: slot.threshold, shares: slot.commitments.length },
  );
  const inspection: StoreInspection = {
    file,
    kind: header.kind,
    label: storeKindLabel(header.kind),
    formatVersion: header.version,
    setId: bytesToHex(header.setId),
    generation: header.generation,
    sealedAt: formatTimestamp(header.sealedAt * 1000),
    fileSize: parsed.fileLength,
    fingerprint: bytesToHex(parsed.fingerprint),
    slots,
    revokedShareSets: header.revokedShareSets.map((id) => bytesToHex(id)),
  };
  if (header.kind !== 'mfa-seeds') return inspection;
  const metadata = readSeedMetadata(parsed);
  const devices = metadata.accounts.flatMap((a) => a.devices);
  return {
    ...inspection,
    mfa: { accounts: metadata.accounts.length, devices: devices.length, virtualDevices: devices.filter((d) => d.type === 'virtual').length },
  };
}

/** Groups a 32-hex-digit id in fours for reading aloud and comparing on paper. */
export function groupHex(hex: string): string {
  return hex.replace(/(.{4})(?=.)/g, '$1 ');
}
