// Generates the container test vectors of FORMAT.md §7 deterministically (seeded randomness, fixed clock).
// `npm run vectors` writes them and every other family; each family's test checks its files still match.

import { readdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { encodeCanonicalJson } from '../../src/crypto/canonical-json.js';
import { openPayload, parseContainer, sealContainer } from '../../src/crypto/container.js';
import { STORE_KINDS, type StoreKind } from '../../src/shared/store-kind.js';
import { seededRng } from '../support/ports.js';
import { writeAuditVectors } from './generate-audit.js';
import { writeManifestVectors } from './generate-manifest.js';
import { writePaperVectors } from './generate-paper.js';
import { payloadText, writeShareVectors } from './generate-shares.js';
import { buildSeedStore, buildVault, openEverything } from '../support/stores.js';
import { flipByte, headerLength, PASSPHRASE_SLOT, patchU32, recomputeChecksums } from '../support/tamper.js';
import { base64Data, base64Lines, parseTestVector, readTestVector, readTestVectors, renderTestVector, vectorDir, writeTestVectors, type TestVector, type VectorFamily } from '../support/vectors.js';

export interface Vector {
  readonly name: string;
  readonly expect: string;
  readonly kind: StoreKind;
  readonly passphrase: string;
  readonly comment: string;
  readonly payload?: string;
  readonly file: Uint8Array;
}

export const CONTAINER_VECTORS: VectorFamily = {
  name: 'container',
  expect: ['ok', 'AUTH', 'INTEGRITY header', 'INTEGRITY payload', 'INTEGRITY', 'TRUNCATED', 'UNSUPPORTED_VERSION', 'KDF_PARAMS', 'WRONG_STORE', 'FORMAT'],
  keys: { kind: { required: true, values: STORE_KINDS }, passphrase: { required: true }, payload: {} },
};

const NOW = Date.UTC(2026, 10, 22, 12, 0, 0);
const VAULT_PASSPHRASE = 'vault correct horse battery staple';
const SEEDS_PASSPHRASE = 'seeds tulip lantern orbit meadow';

export async function buildVectors(): Promise<Vector[]> {
  const rng = seededRng('breakglass test vectors v1');
  const setId = rng.bytes(16);
  const issuedAt = '2026-11-22T12:00:00Z';
  const vault = await buildVault({
    rng,
    nowMs: NOW,
    passphrase: VAULT_PASSPHRASE,
    setId,
    generation: 3,
    custody: {
      custodians: [
        { name: 'Αλίκη Παπαδοπούλου', role: 'Security lead', contact: 'alice@example.com', shareIndex: null, issuedAt },
        { name: 'Björn Ødegård', role: 'Cloud platform', contact: '', shareIndex: null, issuedAt },
      ],
      overrides: [],
    },
  });
  const seeds = await buildSeedStore({
    rng,
    nowMs: NOW,
    passphrase: SEEDS_PASSPHRASE,
    setId,
    generation: 2,
    custody: { custodians: [{ name: 'Carol Díaz', role: 'Finance', contact: '+1 555 0100', shareIndex: null, issuedAt }], overrides: [] },
  });
  const payloadOf = async (file: Uint8Array, kind: StoreKind, passphrase: string): Promise<string> =>
    new TextDecoder().decode(encodeCanonicalJson((await openEverything(file, kind, passphrase)).payload));
  const v = vault.bytes;
  const h = headerLength(v);
  const vaultCase = (name: string, expect: string, comment: string, file: Uint8Array): Vector => ({
    name,
    expect,
    kind: 'password-vault',
    passphrase: VAULT_PASSPHRASE,
    comment,
    file,
  });
  const nonCanonicalPublic = (() => {
    // A properly sealed vault (valid checksums and tag) whose public document has a space in it.
    const parsed = parseContainer(v, 'password-vault');
    const payload = openPayload(parsed, vault.dataKey);
    const header = { ...parsed.header, publicDocument: new TextEncoder().encode('{"schema": 1}') };
    return sealContainer({ header, dataKey: vault.dataKey, payload });
  })();
  return [
    {
      ...vaultCase('001-password-vault', 'ok', 'A password vault with two accounts (one named in Greek and Cyrillic), generation 3, test KDF profile.', v),
      payload: await payloadOf(v, 'password-vault', VAULT_PASSPHRASE),
    },
    {
      name: '002-mfa-seeds',
      expect: 'ok',
      kind: 'mfa-seeds',
      passphrase: SEEDS_PASSPHRASE,
      comment: 'The MFA seed store of the same vault set: two virtual devices (SHA1/6, SHA256/8) and a hardware token.',
      payload: await payloadOf(seeds.bytes, 'mfa-seeds', SEEDS_PASSPHRASE),
      file: seeds.bytes,
    },
    { ...vaultCase('003-wrong-passphrase', 'AUTH', 'Vector 001 with the MFA store’s passphrase: the slot does not unwrap.', v), passphrase: SEEDS_PASSPHRASE },
    vaultCase('004-flipped-header-byte', 'INTEGRITY header', 'Vector 001 with one bit of the vault-set id flipped (offset 20).', flipByte(v, 20)),
    vaultCase('005-flipped-payload-byte', 'INTEGRITY payload', 'Vector 001 with one bit of the ciphertext flipped.', flipByte(v, h + 10)),
    vaultCase('006-truncated', 'TRUNCATED', 'Vector 001 without its last 100 bytes.', v.slice(0, v.length - 100)),
    vaultCase('007-unknown-version', 'UNSUPPORTED_VERSION', 'Vector 001 with format version 2.', patchVersion(v, 2)),
    vaultCase(
      '008-oversized-kdf-memory',
      'KDF_PARAMS',
      'Vector 001 asking for 64 GiB of Argon2 memory, checksums recomputed: refused before any allocation.',
      recomputeChecksums(patchU32(v, PASSPHRASE_SLOT.memory, 64 * 1024 * 1024)),
    ),
    vaultCase(
      '009-oversized-kdf-iterations',
      'KDF_PARAMS',
      'Vector 001 asking for 1,000,000 Argon2 passes, checksums recomputed.',
      recomputeChecksums(patchU32(v, PASSPHRASE_SLOT.iterations, 1_000_000)),
    ),
    vaultCase('010-seed-store-as-vault', 'WRONG_STORE', 'Vector 002 (the MFA seed store) opened where the password vault is expected.', seeds.bytes),
    vaultCase(
      '011-forged-checksums',
      'INTEGRITY',
      'Vector 001 with a ciphertext bit flipped and both checksums recomputed: only the AEAD tag catches it.',
      recomputeChecksums(flipByte(v, h + 10)),
    ),
    vaultCase('012-trailing-bytes', 'FORMAT', 'Vector 001 with one extra zero byte at the end.', concat(v, Uint8Array.of(0))),
    vaultCase('013-not-a-store', 'FORMAT', 'A PNG signature: not a Breakglass store at all.', Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Uint8Array(24))),
    vaultCase(
      '014-non-canonical-public-document',
      'FORMAT',
      'Vector 001 resealed (valid checksums and tag) with the public document {"schema": 1}, which is not canonical JSON.',
      nonCanonicalPublic,
    ),
    vaultCase(
      '015-short-salt',
      'KDF_PARAMS',
      'Vector 001 declaring an 8-byte salt, checksums recomputed.',
      recomputeChecksums(patchByte(v, PASSPHRASE_SLOT.saltLength, 8)),
    ),
    vaultCase(
      '016-kdf-cost-above-bound',
      'KDF_PARAMS',
      'Vector 001 asking for 4 GiB of Argon2 memory (allowed) with 3 passes: 12 GiB x passes, above the 8 GiB cost bound; checksums recomputed.',
      recomputeChecksums(patchU32(patchU32(v, PASSPHRASE_SLOT.memory, 4 * 1024 * 1024), PASSPHRASE_SLOT.iterations, 3)),
    ),
  ];
}

function patchVersion(file: Uint8Array, version: number): Uint8Array {
  return patchByte(file, 8, version);
}

function patchByte(file: Uint8Array, offset: number, value: number): Uint8Array {
  const copy = file.slice();
  copy[offset] = value;
  return copy;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

export function renderVector(vector: Vector): string {
  const header: [string, string][] = [
    ['expect', vector.expect],
    ['kind', vector.kind],
    ['passphrase', vector.passphrase],
    ['comment', vector.comment],
  ];
  if (vector.payload !== undefined) header.push(['payload', vector.payload]);
  return renderTestVector(header, base64Lines(vector.file));
}

export interface ParsedVector {
  readonly expect: string;
  readonly kind: StoreKind;
  readonly passphrase: string;
  readonly comment: string;
  readonly payload?: string;
  readonly file: Uint8Array;
}

function containerVector(vector: TestVector): ParsedVector {
  const payload = vector.optional('payload');
  return {
    expect: vector.expect,
    kind: vector.one('kind') as StoreKind,
    passphrase: vector.one('passphrase'),
    comment: vector.comments.join(' '),
    ...(payload !== undefined ? { payload } : {}),
    file: base64Data(vector),
  };
}

/** One container vector's text, read strictly (test/support/vectors.ts). */
export function parseVector(text: string, file = 'a container vector'): ParsedVector {
  return containerVector(parseTestVector(text, CONTAINER_VECTORS, file));
}

/** One checked-in container vector by file name. */
export function readContainerVector(name: string): ParsedVector {
  return containerVector(readTestVector(CONTAINER_VECTORS, name));
}

/** Every checked-in container vector, by file name. */
export function readContainerVectors(): { readonly name: string; readonly vector: ParsedVector }[] {
  return readTestVectors(CONTAINER_VECTORS).map(({ name, vector }) => ({ name, vector: containerVector(vector) }));
}

async function main(): Promise<void> {
  const containerDir = vectorDir(CONTAINER_VECTORS);
  for (const name of readdirSync(containerDir)) if (name.endsWith('.txt')) unlinkSync(join(containerDir, name));
  writeTestVectors(CONTAINER_VECTORS, (await buildVectors()).map((vector) => ({ name: vector.name, text: renderVector(vector) })));
  await writeShareVectors(async (file, shares) => payloadText((await openEverything(file, 'password-vault', { shares })).payload));
  writePaperVectors();
  writeAuditVectors();
  writeManifestVectors();
}

if (process.argv.includes('--write')) await main();
