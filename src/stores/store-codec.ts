// Turns the two store documents into sealed container bytes and back: which document is public, which is
// the encrypted payload, and how a new generation is sealed. Spec: docs/FORMAT.md §2–§3.

import { decodeCanonicalJson, encodeCanonicalJson, type JsonValue } from '../crypto/canonical-json.js';
import { NONCE_LENGTH } from '../crypto/aead.js';
import { openPayload, sealContainer, type ContainerHeader, type KeySlot, type ParsedContainer, MAX_GENERATION } from '../crypto/container.js';
import type { StoreKind } from '../shared/store-kind.js';
import { wipe } from '../crypto/wipe.js';
import { BreakglassError } from '../errors.js';
import type { Rng } from '../shared/determinism.js';
import { decodeCustodyRecord, type CustodyRecord } from './custody-record.js';
import { documentError, expectFields, expectSchema } from './document-shape.js';
import { decodeSeedMetadata, decodeSeedSecrets, SEEDS_SCHEMA, type SeedMetadata, type SeedStoreDocuments } from './seeds.js';
import { decodeVaultDocument, VAULT_SCHEMA, type VaultDocument } from './vault.js';

export interface PublicDocument {
  readonly custody: CustodyRecord;
  /** MFA seed store only: device metadata. */
  readonly seeds?: SeedMetadata;
}

/** Reads a store's public document (custodian register; MFA device metadata): no key needed. */
export function readPublicDocument(parsed: ParsedContainer): PublicDocument {
  const kind = parsed.header.kind;
  const what = kind === 'password-vault' ? 'password vault public document' : 'MFA seed store metadata';
  const json = decodeCanonicalJson(parsed.header.publicDocument, what);
  if (kind === 'password-vault') {
    const f = expectFields(json, what, ['schema', 'custodians', 'overrides']);
    expectSchema(f, what, VAULT_SCHEMA);
    return { custody: decodeCustodyRecord(f, what) };
  }
  const f = expectFields(json, what, ['schema', 'accounts', 'custodians', 'overrides']);
  expectSchema(f, what, SEEDS_SCHEMA);
  return { custody: decodeCustodyRecord(f, what), seeds: decodeSeedMetadata({ schema: SEEDS_SCHEMA, accounts: f.accounts } as JsonValue) };
}

/** The custody record, checked against the header: exactly n share holders when there is a shares slot. */
export function readCustody(parsed: ParsedContainer): CustodyRecord {
  const { custody } = readPublicDocument(parsed);
  const slot = parsed.header.slots.find((s) => s.type === 'shares');
  const holders = custody.custodians.filter((c) => c.shareIndex !== null).length;
  if (holders !== (slot && slot.type === 'shares' ? slot.commitments.length : 0)) {
    throw documentError('custodian register', `${holders} share holders for ${slot && slot.type === 'shares' ? slot.commitments.length : 0} shares`);
  }
  return custody;
}

/** Reads the seed store's device metadata from its header: no key needed. */
export function readSeedMetadata(parsed: ParsedContainer): SeedMetadata {
  const { seeds } = readPublicDocument(parsed);
  if (!seeds) throw new TypeError('not an MFA seed store');
  return seeds;
}

function decryptPayload(parsed: ParsedContainer, dataKey: Uint8Array, what: string) {
  const plaintext = openPayload(parsed, dataKey);
  try {
    return decodeCanonicalJson(plaintext, what);
  } finally {
    wipe(plaintext);
  }
}

export function decryptVault(parsed: ParsedContainer, dataKey: Uint8Array): VaultDocument {
  readPublicDocument(parsed);
  return decodeVaultDocument(decryptPayload(parsed, dataKey, 'password vault payload'));
}

export function decryptSeedStore(parsed: ParsedContainer, dataKey: Uint8Array): SeedStoreDocuments {
  const metadata = readSeedMetadata(parsed);
  const secrets = decodeSeedSecrets(decryptPayload(parsed, dataKey, 'MFA seed store payload'), metadata);
  return { metadata, secrets };
}

export type StoreDocuments =
  | { readonly kind: 'password-vault'; readonly vault: VaultDocument; readonly custody: CustodyRecord }
  | { readonly kind: 'mfa-seeds'; readonly seeds: SeedStoreDocuments; readonly custody: CustodyRecord };

function documentBytes(docs: StoreDocuments): { publicDocument: Uint8Array; payload: Uint8Array } {
  const custody = { custodians: docs.custody.custodians, overrides: docs.custody.overrides };
  if (docs.kind === 'password-vault') {
    return { publicDocument: encodeCanonicalJson({ schema: VAULT_SCHEMA, ...custody }), payload: encodeCanonicalJson(docs.vault) };
  }
  return {
    publicDocument: encodeCanonicalJson({ ...docs.seeds.metadata, ...custody }),
    payload: encodeCanonicalJson(docs.seeds.secrets),
  };
}

/** Everything about a generation except its documents: who may open it and which share sets are revoked. */
export interface GenerationFrame {
  readonly kind: StoreKind;
  readonly setId: Uint8Array;
  readonly generation: number;
  readonly slots: readonly KeySlot[];
  readonly revokedShareSets: readonly Uint8Array[];
}

/** The frame of the generation after `header`, with the same slots unless `changes` replace them. */
export function nextGeneration(header: ContainerHeader, changes: Partial<Pick<GenerationFrame, 'slots' | 'revokedShareSets'>> = {}): GenerationFrame {
  if (header.generation >= MAX_GENERATION) {
    throw new BreakglassError('CONFLICT', 'This store has reached the last generation number; create a new vault set.');
  }
  return {
    kind: header.kind,
    setId: header.setId,
    generation: header.generation + 1,
    slots: changes.slots ?? header.slots,
    revokedShareSets: changes.revokedShareSets ?? header.revokedShareSets,
  };
}

/** Seals documents into a complete store file for `frame`, with a fresh payload nonce. */
export function sealStore(frame: GenerationFrame, docs: StoreDocuments, dataKey: Uint8Array, nowMs: number, rng: Rng): Uint8Array {
  if (docs.kind !== frame.kind) throw new TypeError(`documents of ${docs.kind} cannot be sealed as ${frame.kind}`);
  const { publicDocument, payload } = documentBytes(docs);
  try {
    return sealContainer({
      header: {
        version: 1,
        kind: frame.kind,
        setId: frame.setId,
        generation: frame.generation,
        sealedAt: Math.floor(nowMs / 1000),
        slots: frame.slots,
        revokedShareSets: frame.revokedShareSets,
        publicDocument,
        payloadNonce: rng.bytes(NONCE_LENGTH),
      },
      dataKey,
      payload,
    });
  } finally {
    wipe(payload);
  }
}
