// Builds complete store files in memory from the real core functions (no app, no disk), for unit tests
// and vector generation; plus a helper that opens a file and every box in it back into plain JSON.

import { base32nopad } from '@scure/base';
import { decodeCanonicalJson, encodeCanonicalJson, type JsonValue } from '../../src/crypto/canonical-json.js';
import { parseContainer, type ContainerHeader, type KeySlot } from '../../src/crypto/container.js';
import { TEST_PARAMS, type KdfParams } from '../../src/crypto/kdf.js';
import { createPassphraseSlot, unlockWithPassphrase } from '../../src/crypto/passphrase-slot.js';
import { unlockWithShares } from '../../src/custody/shares-slot.js';
import { openSecret, type SecretBox } from '../../src/crypto/secret-box.js';
import type { StoreKind } from '../../src/shared/store-kind.js';
import type { Rng } from '../../src/shared/determinism.js';
import { addMfaDevice, EMPTY_SEED_METADATA, EMPTY_SEED_SECRETS, type NewDeviceInput, type SeedStoreDocuments } from '../../src/stores/seeds.js';
import { decryptSeedStore, decryptVault, sealStore, type GenerationFrame, type StoreDocuments } from '../../src/stores/store-codec.js';
import { EMPTY_CUSTODY, type CustodyRecord } from '../../src/stores/custody-record.js';
import { formatTimestamp } from '../../src/shared/timestamps.js';
import { addVaultAccount, EMPTY_VAULT, type AccountInput, type SealContext, type VaultDocument } from '../../src/stores/vault.js';

export const SAMPLE_ACCOUNTS: readonly (AccountInput & { password: string })[] = [
  {
    accountId: '012345678901',
    name: 'Organization management',
    accountClass: 'management',
    email: 'aws-root+mgmt@example.com',
    notes: 'Root MFA: virtual device root-mfa-1.\nSupport plan: Business.',
    password: 'k7#Qp2!vZx9$Lm4&Rt8*Wy3^Ne6(Hs1)',
  },
  {
    accountId: '210987654321',
    name: 'Λογαριασμός ασφαλείας — Безопасность',
    accountClass: 'excluded',
    email: 'aws-root+security@example.org',
    notes: '',
    password: 'Correct-Horse-Battery-Staple-42',
  },
];

export const SAMPLE_DEVICES: readonly { input: NewDeviceInput; seedBase32?: string }[] = [
  {
    input: { type: 'virtual', accountId: '012345678901', name: 'root-mfa-1', enabledAt: '2026-01-15T10:00:00Z' },
    seedBase32: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
  },
  {
    input: { type: 'hardware-totp', accountId: '012345678901', name: 'gemalto-token', serial: 'GAHT12345678', location: 'Safe A, shelf 2' },
  },
  {
    input: { type: 'virtual', accountId: '210987654321', name: 'root-mfa', algorithm: 'SHA256', digits: 8, period: 30 },
    seedBase32: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
  },
];

export interface BuiltStore {
  readonly bytes: Uint8Array;
  readonly dataKey: Uint8Array;
  readonly setId: Uint8Array;
}

export interface BuildOptions {
  readonly rng: Rng;
  readonly nowMs: number;
  readonly passphrase: string;
  readonly setId?: Uint8Array;
  readonly kdf?: KdfParams;
  readonly generation?: number;
  readonly custody?: CustodyRecord;
}

async function frameFor(kind: StoreKind, options: BuildOptions, dataKey: Uint8Array, setId: Uint8Array): Promise<GenerationFrame> {
  const slot: KeySlot = await createPassphraseSlot(options.passphrase, dataKey, kind, setId, options.kdf ?? TEST_PARAMS, options.rng);
  return { kind, setId, generation: options.generation ?? 1, slots: [slot], revokedShareSets: [] };
}

export async function buildVault(options: BuildOptions, accounts = SAMPLE_ACCOUNTS): Promise<BuiltStore & { doc: VaultDocument }> {
  const setId = options.setId ?? options.rng.bytes(16);
  const dataKey = options.rng.bytes(32);
  const frame = await frameFor('password-vault', options, dataKey, setId);
  const context: SealContext = { setId, dataKey, rng: options.rng, now: formatTimestamp(options.nowMs) };
  let doc: VaultDocument = EMPTY_VAULT;
  for (const { password, ...input } of accounts) doc = addVaultAccount(doc, input, password, context);
  const docs: StoreDocuments = { kind: 'password-vault', vault: doc, custody: options.custody ?? EMPTY_CUSTODY };
  return { bytes: sealStore(frame, docs, dataKey, options.nowMs, options.rng), dataKey, setId, doc };
}

export async function buildSeedStore(options: BuildOptions, devices = SAMPLE_DEVICES): Promise<BuiltStore & { docs: SeedStoreDocuments }> {
  const setId = options.setId ?? options.rng.bytes(16);
  const dataKey = options.rng.bytes(32);
  const frame = await frameFor('mfa-seeds', options, dataKey, setId);
  const context: SealContext = { setId, dataKey, rng: options.rng, now: formatTimestamp(options.nowMs) };
  let docs: SeedStoreDocuments = { metadata: EMPTY_SEED_METADATA, secrets: EMPTY_SEED_SECRETS };
  for (const { input, seedBase32 } of devices) {
    docs = addMfaDevice(docs, input, seedBase32 ? base32nopad.decode(seedBase32) : undefined, context).docs;
  }
  return { bytes: sealStore(frame, { kind: 'mfa-seeds', seeds: docs, custody: options.custody ?? EMPTY_CUSTODY }, dataKey, options.nowMs, options.rng), dataKey, setId, docs };
}

function replaceBoxes(value: JsonValue, open: (box: SecretBox, entryId: string) => string, entryId = ''): JsonValue {
  if (Array.isArray(value)) return value.map((item) => replaceBoxes(item, open, entryId));
  if (value === null || typeof value !== 'object') return value;
  if (Object.keys(value).sort().join(',') === 'ct,nonce') return { secret: open(value as unknown as SecretBox, entryId) };
  const out: { [key: string]: JsonValue } = {};
  const ownId = typeof value.accountId === 'string' ? value.accountId : entryId;
  for (const [key, item] of Object.entries(value)) {
    out[key] = replaceBoxes(item as JsonValue, open, /^[0-9a-f]{32}$/.test(key) ? key : ownId);
  }
  return out;
}

/**
 * Opens a store file with its passphrase and returns its payload with every box replaced by
 * {"secret": …} (passwords as text, seeds as base32) — the form recorded in test vectors (FORMAT.md §7).
 */
export async function openEverything(
  bytes: Uint8Array,
  kind: StoreKind,
  unlock: string | { readonly shares: readonly string[] },
): Promise<{ header: ContainerHeader; payload: JsonValue }> {
  const parsed = parseContainer(bytes, kind);
  const dataKey = typeof unlock === 'string' ? await unlockWithPassphrase(parsed.header, unlock) : await unlockWithShares(parsed.header, unlock.shares);
  const document =
    kind === 'password-vault' ? decryptVault(parsed, dataKey) : (decryptSeedStore(parsed, dataKey).secrets as unknown);
  const json = decodeCanonicalJson(encodeCanonicalJson(document), 'payload');
  const payload = replaceBoxes(json, (box, entryId) => {
    const secret = openSecret(dataKey, box, { kind, setId: parsed.header.setId, entryId });
    return kind === 'password-vault' ? new TextDecoder().decode(secret) : base32nopad.encode(secret);
  });
  return { header: parsed.header, payload };
}
