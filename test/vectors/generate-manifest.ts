// Generates the drive-manifest vectors of FORMAT.md §14.2 and §14.4 (test/vectors/drive-manifest): a drive's
// BREAKGLASS/ folder around container vector 001, and what decodeManifest and verifyDrive make of it.

import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { base64 } from '@scure/base';
import { encodeCanonicalJson } from '../../src/crypto/canonical-json.js';
import { encodeManifest, encodeMarker, manifestChecksum, MARKER_FILE, type DriveManifest, type DriveMarker } from '../../src/drives/manifest.js';
import { renderTestVector, writeTestVectors, type VectorFamily } from '../support/vectors.js';
import { readContainerVector } from './generate.js';

/**
 * expect: ok (verifyDrive finds nothing to warn about), FORMAT (decodeManifest refuses manifest.json, so
 * verify calls the manifest damaged), or the one finding verifyDrive reports (§14.4): damaged, missing,
 * foreign (errors), copied or unchecked-metadata (warnings; a schema-1 manifest always adds the latter). `store:` names the container vector whose file the drive holds,
 * `file:` lines the other files (PATH BASE64), `marker:` drive.json, `set-id:` the workstation's vault set;
 * the data is manifest.json, byte for byte.
 */
export const MANIFEST_VECTORS: VectorFamily = {
  name: 'drive-manifest',
  expect: ['ok', 'FORMAT', 'damaged', 'missing', 'foreign', 'copied', 'unchecked-metadata'],
  keys: { store: { required: true }, file: { repeatable: true }, marker: {}, 'set-id': { required: true } },
};

export interface ManifestVector {
  readonly name: string;
  readonly expect: string;
  readonly comment: string;
  readonly setId: string;
  readonly marker: DriveMarker;
  /** Files beside the store, by path under BREAKGLASS/. */
  readonly files: Readonly<Record<string, Uint8Array>>;
  /** manifest.json as written on the drive. */
  readonly manifest: string;
}

export const MANIFEST_STORE_VECTOR = '001-password-vault.txt';
const README_PATH = 'recovery/README.txt';
const README = new TextEncoder().encode('Breakglass recovery kit: FORMAT.md describes every byte; recover.py decrypts a store from it alone.\n');
const MARKER: DriveMarker = { schema: 1, markerId: '3c0f6b1e9a5d47c28e1f0a2b4c6d8e90', name: 'PW-A onsite', createdAt: '2026-11-22T09:00:00Z' };

const hex256 = (bytes: Uint8Array): string => bytesToHex(sha256(bytes));
const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

export function buildManifestVectors(): ManifestVector[] {
  const store = readContainerVector(MANIFEST_STORE_VECTOR);
  const setId = '8eed91eab752870b2ae1cbb4151603b6';
  const markerBytes = encodeMarker(MARKER);
  const legacy: DriveManifest = {
    schema: 1,
    storeKind: 'password-vault',
    setId,
    generation: 3,
    store: { file: 'password-vault.bgv', sha256: hex256(store.file), size: store.file.length },
    files: { [README_PATH]: { sha256: hex256(README), size: README.length } },
    drive: { markerId: MARKER.markerId, name: MARKER.name, serial: 'SN-0001', uuid: 'b7e4c2a0-5d1f-4e3a-9c8b-0f2e4d6a8c1e', label: 'BREAKGLASS' },
    exportedAt: '2026-11-22T10:03:00Z',
    appVersion: '0.1.0',
    allowFixed: false,
  };
  const manifest: DriveManifest = { ...legacy, schema: 2, files: { [MARKER_FILE]: { sha256: hex256(markerBytes), size: markerBytes.length }, ...legacy.files } };
  const valid = text(encodeManifest(manifest));
  const withChecksum = { ...manifest, checksum: manifestChecksum(manifest) };
  /** The manifest with some fields replaced and its checksum recomputed: well formed, but wrong. */
  const altered = (fields: Record<string, unknown>): string => text(encodeCanonicalJson({ ...manifest, ...fields, checksum: manifestChecksum({ ...manifest, ...fields }) }));
  const vector = (name: string, expect: string, comment: string, manifestText: string, more: Partial<ManifestVector> = {}): ManifestVector => ({
    name,
    expect,
    comment,
    setId,
    marker: MARKER,
    files: { [README_PATH]: README },
    manifest: manifestText,
    ...more,
  });
  const { schema, storeKind, ...rest } = withChecksum;
  const { [MARKER_FILE]: _marker, ...filesWithoutMarker } = manifest.files;
  void _marker;
  return [
    vector('001-valid-manifest', 'ok', `The manifest (schema 2) of an export of ${`container/${MANIFEST_STORE_VECTOR}`} (password vault, generation 3) with a recovery README.`, valid),
    vector('002-wrong-vault-set', 'foreign', 'Vector 001 verified on a workstation that holds vault set a5a5…a5.', valid, { setId: 'a5'.repeat(16) }),
    vector(
      '003-store-sha256-mismatch',
      'damaged',
      'Vector 001 with the store’s SHA-256 in the manifest replaced by that of the README (checksum recomputed): the store file does not match.',
      altered({ store: { ...manifest.store, sha256: hex256(README) } }),
    ),
    vector('004-header-disagrees', 'damaged', 'Vector 001 with generation 4 in the manifest (checksum recomputed); the store’s header says 3.', altered({ generation: 4 })),
    vector('005-unknown-schema', 'FORMAT', 'Vector 001 with schema 3: a manifest version this reader does not know.', altered({ schema: 3 })),
    vector('006-non-canonical', 'FORMAT', 'Vector 001 with its keys unsorted (schema and storeKind first): not canonical JSON.', JSON.stringify({ schema, storeKind, ...rest })),
    vector('007-missing-file', 'missing', 'Vector 001 on a drive whose recovery/README.txt is gone.', valid, { files: {} }),
    vector('008-unknown-key', 'FORMAT', 'Vector 001 with an extra "comment" key.', text(encodeCanonicalJson({ ...withChecksum, comment: 'hand-edited' }))),
    vector(
      '009-path-outside-folder',
      'FORMAT',
      'Vector 001 listing its README as "../README.txt", outside BREAKGLASS/.',
      altered({ files: { [MARKER_FILE]: manifest.files[MARKER_FILE], '../README.txt': manifest.files[README_PATH] } }),
    ),
    vector(
      '010-bad-sha256',
      'FORMAT',
      'Vector 001 with the store’s SHA-256 in upper-case hex.',
      altered({ store: { ...manifest.store, sha256: manifest.store.sha256.toUpperCase() } }),
    ),
    vector(
      '011-copied-folder',
      'copied',
      'A schema-1 manifest on a drive whose drive.json holds another marker id: the folder was copied there (schema 1 cannot tell this from damage to drive.json).',
      text(encodeManifest(legacy)),
      { marker: { ...MARKER, markerId: '77'.repeat(16) } },
    ),
    vector(
      '012-checksum-mismatch',
      'FORMAT',
      'Vector 001 with the drive name changed to "PW-B offsite" and the checksum left as it was: damage to an identity field.',
      text(encodeCanonicalJson({ ...withChecksum, drive: { ...manifest.drive, name: 'PW-B offsite' } })),
    ),
    vector(
      '013-schema-1-manifest',
      'unchecked-metadata',
      'Vector 001 as the first manifest schema wrote it (no checksum, drive.json not listed): still read, with a warning that its metadata is unchecked.',
      text(encodeManifest(legacy)),
    ),
    vector('014-damaged-marker', 'damaged', 'Vector 001 on a drive whose drive.json names the drive "PW-A 0nsite": it no longer matches its SHA-256.', valid, {
      marker: { ...MARKER, name: 'PW-A 0nsite' },
    }),
    vector(
      '015-marker-not-listed',
      'FORMAT',
      'Vector 001 without drive.json in its files (checksum recomputed): schema 2 requires the marker to be covered.',
      altered({ files: filesWithoutMarker }),
    ),
  ];
}

export function renderManifestVector(vector: ManifestVector): string {
  const header: [string, string][] = [
    ['expect', vector.expect],
    ['comment', vector.comment],
    ['store', `container/${MANIFEST_STORE_VECTOR}`],
    ...Object.entries(vector.files).map(([path, bytes]): [string, string] => ['file', `${path} ${base64.encode(bytes)}`]),
    ['marker', text(encodeMarker(vector.marker))],
    ['set-id', vector.setId],
  ];
  return renderTestVector(header, vector.manifest);
}

export function writeManifestVectors(): void {
  writeTestVectors(MANIFEST_VECTORS, buildManifestVectors().map((vector) => ({ name: vector.name, text: renderManifestVector(vector) })));
}
