// The drive manifest (BREAKGLASS/manifest.json) and drive marker (BREAKGLASS/drive.json): what a drive
// holds, with every file's SHA-256 and a checksum over every field, readable without any key. FORMAT.md §14.

import { bytesToHex } from '@noble/hashes/utils.js';
import { decodeCanonicalJson, encodeCanonicalJson } from '../crypto/canonical-json.js';
import { sha256Digest } from '../crypto/digest.js';
import { STORE_KINDS, type StoreKind } from '../shared/store-kind.js';
import { BreakglassError } from '../errors.js';
import { hasControlCharacters } from '../stores/account-fields.js';
import { documentError, expectFields } from '../stores/document-shape.js';
import { isTimestamp } from '../shared/timestamps.js';

export const DRIVE_FOLDER = 'BREAKGLASS';
export const MANIFEST_FILE = 'manifest.json';
export const MARKER_FILE = 'drive.json';
/** The manifest schema export writes: 2 adds `checksum` and lists drive.json in `files` (§14.2). */
export const MANIFEST_SCHEMA = 2;
/** The first manifest schema: still read, its identity and metadata fields unchecked. */
export const LEGACY_MANIFEST_SCHEMA = 1;
export const MARKER_SCHEMA = 1;

export interface DriveFacts {
  /** The random id Breakglass wrote to BREAKGLASS/drive.json on first use. */
  readonly markerId: string;
  readonly serial: string | null;
  readonly uuid: string | null;
  readonly label: string | null;
  /** The custodian-assigned name, e.g. "PW-A onsite". */
  readonly name: string;
}

export interface ManifestFile {
  readonly sha256: string;
  readonly size: number;
}

export interface DriveManifest {
  readonly schema: typeof MANIFEST_SCHEMA | typeof LEGACY_MANIFEST_SCHEMA;
  readonly storeKind: StoreKind;
  readonly setId: string;
  readonly generation: number;
  /** The store file's name in BREAKGLASS/ and its fingerprint. */
  readonly store: { readonly file: string; readonly sha256: string; readonly size: number };
  /** Every other file written (audit log copy, recovery kit), by path relative to BREAKGLASS/. */
  readonly files: Readonly<Record<string, ManifestFile>>;
  readonly drive: DriveFacts;
  readonly exportedAt: string;
  readonly appVersion: string;
  readonly allowFixed: boolean;
}

export interface DriveMarker {
  readonly schema: typeof MARKER_SCHEMA;
  readonly markerId: string;
  readonly name: string;
  readonly createdAt: string;
}

const HEX64 = /^[0-9a-f]{64}$/;
const HEX32 = /^[0-9a-f]{32}$/;

/** SHA-256 (hex) of the canonical JSON of every manifest field but `checksum` (§14.2). */
export function manifestChecksum(fields: object): string {
  const { checksum: _checksum, ...rest } = fields as Record<string, unknown>;
  void _checksum;
  return bytesToHex(sha256Digest(encodeCanonicalJson(rest)));
}

/** The manifest as written: schema 2 gains its `checksum`; a schema-1 manifest is written as it was. */
export function encodeManifest(manifest: DriveManifest): Uint8Array {
  if (manifest.schema === LEGACY_MANIFEST_SCHEMA) return encodeCanonicalJson(manifest);
  return encodeCanonicalJson({ ...manifest, checksum: manifestChecksum(manifest) });
}

function nullableText(value: unknown): string | null {
  if (value === null) return null;
  if (typeof value === 'string' && value.length <= 256) return value;
  throw new TypeError('bad text');
}

function manifestFile(value: unknown, what: string): ManifestFile {
  const f = expectFields(value, what, ['sha256', 'size']);
  if (typeof f.sha256 !== 'string' || !HEX64.test(f.sha256) || !Number.isSafeInteger(f.size) || (f.size as number) < 0) {
    throw documentError(what, 'bad hash or size');
  }
  return { sha256: f.sha256, size: f.size as number };
}

/** Parses a manifest; FORMAT (naming the drive folder) when it is not one Breakglass wrote. */
export function decodeManifest(bytes: Uint8Array): DriveManifest {
  const what = 'drive manifest';
  const json = decodeCanonicalJson(bytes, what);
  const schema = (json as { schema?: unknown } | null)?.schema;
  if (schema !== MANIFEST_SCHEMA && schema !== LEGACY_MANIFEST_SCHEMA) throw documentError(what, `schema ${String(schema)}`);
  const keys = ['schema', 'storeKind', 'setId', 'generation', 'store', 'files', 'drive', 'exportedAt', 'appVersion', 'allowFixed'];
  const f = expectFields(json, what, schema === MANIFEST_SCHEMA ? [...keys, 'checksum'] : keys);
  if (schema === MANIFEST_SCHEMA) {
    if (typeof f.checksum !== 'string' || !HEX64.test(f.checksum)) throw documentError(what, 'bad checksum');
    if (f.checksum !== manifestChecksum(f)) throw documentError(what, 'checksum does not match its fields: the manifest was damaged or edited');
  }
  if (!STORE_KINDS.includes(f.storeKind as StoreKind)) throw documentError(what, 'unknown store kind');
  if (typeof f.setId !== 'string' || !HEX32.test(f.setId)) throw documentError(what, 'bad set id');
  if (!Number.isSafeInteger(f.generation) || (f.generation as number) < 1) throw documentError(what, 'bad generation');
  const store = expectFields(f.store, `${what} store`, ['file', 'sha256', 'size']);
  if (typeof store.file !== 'string' || !/^[\w.-]+\.bgv$/.test(store.file)) throw documentError(what, 'bad store file name');
  const storeFile = manifestFile({ sha256: store.sha256, size: store.size }, `${what} store`);
  const files: Record<string, ManifestFile> = {};
  for (const [name, value] of Object.entries(expectFields(f.files, `${what} files`, [], Object.keys(f.files ?? {})))) {
    if (!/^[\w.-]+(\/[\w.-]+)?$/.test(name) || name.includes('..')) throw documentError(what, `bad file name ${JSON.stringify(name)}`);
    files[name] = manifestFile(value, `${what} file ${name}`);
  }
  const d = expectFields(f.drive, `${what} drive`, ['markerId', 'serial', 'uuid', 'label', 'name']);
  let drive: DriveFacts;
  try {
    if (typeof d.markerId !== 'string' || !HEX32.test(d.markerId) || typeof d.name !== 'string') throw new TypeError('bad marker');
    drive = { markerId: d.markerId, serial: nullableText(d.serial), uuid: nullableText(d.uuid), label: nullableText(d.label), name: d.name };
  } catch {
    throw documentError(what, 'bad drive facts');
  }
  if (!isTimestamp(f.exportedAt) || typeof f.appVersion !== 'string' || typeof f.allowFixed !== 'boolean') {
    throw documentError(what, 'bad export time, version or flag');
  }
  if (schema === MANIFEST_SCHEMA && files[MARKER_FILE] === undefined) throw documentError(what, `${MARKER_FILE} is not listed in files`);
  return {
    schema,
    storeKind: f.storeKind as StoreKind,
    setId: f.setId,
    generation: f.generation as number,
    store: { file: store.file, ...storeFile },
    files,
    drive,
    exportedAt: f.exportedAt,
    appVersion: f.appVersion,
    allowFixed: f.allowFixed,
  };
}

export function encodeMarker(marker: DriveMarker): Uint8Array {
  return encodeCanonicalJson(marker);
}

export function decodeMarker(bytes: Uint8Array): DriveMarker {
  const what = 'drive marker (BREAKGLASS/drive.json)';
  const f = expectFields(decodeCanonicalJson(bytes, what), what, ['schema', 'markerId', 'name', 'createdAt']);
  if (f.schema !== MARKER_SCHEMA || typeof f.markerId !== 'string' || !HEX32.test(f.markerId)) throw documentError(what, 'bad id');
  if (typeof f.name !== 'string' || !isTimestamp(f.createdAt)) throw documentError(what, 'bad name or time');
  return { schema: MARKER_SCHEMA, markerId: f.markerId, name: f.name, createdAt: f.createdAt };
}

/** "PW-A onsite" style names: 1–64 printable characters. */
export function checkDriveName(value: unknown): string {
  const text = typeof value === 'string' ? value.trim().replace(/\s+/g, ' ') : '';
  if (text.length === 0 || [...text].length > 64 || hasControlCharacters(text, false)) {
    throw new BreakglassError('VALIDATION', `Invalid drive name ${JSON.stringify(value)}: give 1–64 printable characters, e.g. "PW-A onsite".`, {
      field: 'driveName',
    });
  }
  return text;
}
