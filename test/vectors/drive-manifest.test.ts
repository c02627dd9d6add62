// Holds the drive-manifest reader (decodeManifest) and the keyless drive check (verifyDrive) against the
// vectors of FORMAT.md §14.2 and §14.4 (test/vectors/drive-manifest), and checks they are what the generator writes.

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { base64 } from '@scure/base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeManifest, DRIVE_FOLDER, encodeManifest, MANIFEST_FILE, MARKER_FILE } from '../../src/drives/manifest.js';
import { verifyDrive } from '../../src/drives/verify.js';
import { BreakglassError } from '../../src/errors.js';
import { readTestVectors, readTestVectorText, type TestVector } from '../support/vectors.js';
import { readContainerVector } from './generate.js';
import { buildManifestVectors, MANIFEST_VECTORS, renderManifestVector } from './generate-manifest.js';

const vectors = readTestVectors(MANIFEST_VECTORS);
const encoder = new TextEncoder();

/** What verify says about each vector that is not intact. */
const FINDINGS: Record<string, RegExp> = {
  '002-wrong-vault-set.txt': /^This drive holds a store of another vault set \(8eed91eab752870b2ae1cbb4151603b6\), not this one \(a5a5a5/,
  '003-store-sha256-mismatch.txt': /^The password vault file on this drive does not match its manifest \(SHA-256 or size differs\)/,
  '004-header-disagrees.txt': /^The password vault header \(set 8eed91eab752870b2ae1cbb4151603b6, generation 3\) disagrees with the manifest/,
  '005-unknown-schema.txt': /^manifest\.json is damaged \(.*schema 3.*\)/,
  '006-non-canonical.txt': /^manifest\.json is damaged \(.*\)/,
  '007-missing-file.txt': /^recovery\/README\.txt is missing from the drive/,
  '008-unknown-key.txt': /^manifest\.json is damaged \(.*unexpected "comment".*\)/,
  '009-path-outside-folder.txt': /^manifest\.json is damaged \(.*bad file name "\.\.\/README\.txt".*\)/,
  '010-bad-sha256.txt': /^manifest\.json is damaged \(.*bad hash or size.*\)/,
  '011-copied-folder.txt': /^This folder was written for another drive \(its marker differs from the manifest\)/,
  '012-checksum-mismatch.txt': /^manifest\.json is damaged \(.*checksum does not match its fields.*\)/,
  '013-schema-1-manifest.txt': /^manifest\.json has the first manifest schema: its drive identity and metadata fields carry no checksum/,
  '014-damaged-marker.txt': /^drive\.json does not match its manifest: it is damaged \(the drive marker/,
  '015-marker-not-listed.txt': /^manifest\.json is damaged \(.*drive\.json is not listed in files.*\)/,
};

/** Whether a vector's manifest is of the first schema, which verify always flags as unchecked-metadata. */
function legacySchema(data: string): boolean {
  try {
    return (JSON.parse(data) as { schema?: unknown }).schema === 1;
  } catch {
    return false;
  }
}

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bg-manifest-vectors-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A drive (a folder) holding the vector's BREAKGLASS/: the store, its other files, drive.json and manifest.json. */
async function driveOf(vector: TestVector): Promise<string> {
  const mount = await mkdtemp(join(root, 'drive-'));
  const folder = join(mount, DRIVE_FOLDER);
  const [family, name] = vector.one('store').split('/') as [string, string];
  expect(family).toBe('container');
  const store = readContainerVector(name);
  const put = async (path: string, bytes: Uint8Array) => {
    await mkdir(dirname(join(folder, path)), { recursive: true });
    await writeFile(join(folder, path), bytes);
  };
  await put(`${store.kind}.bgv`, store.file);
  for (const line of vector.all('file')) {
    const [path, content] = line.split(' ') as [string, string];
    await put(path, base64.decode(content));
  }
  const marker = vector.optional('marker');
  if (marker !== undefined) await put(MARKER_FILE, encoder.encode(marker));
  await put(MANIFEST_FILE, encoder.encode(vector.data));
  return mount;
}

describe('drive-manifest vectors', () => {
  it('cover a valid manifest, each manifest refusal and each finding of a keyless verify', () => {
    expect([...new Set(vectors.map(({ vector }) => vector.expect))].sort()).toEqual([...MANIFEST_VECTORS.expect].sort());
    expect(Object.keys(FINDINGS).sort()).toEqual(vectors.filter(({ vector }) => vector.expect !== 'ok').map(({ name }) => name));
  });

  it('are exactly what the generator writes', () => {
    const built = buildManifestVectors();
    expect(built.map((v) => `${v.name}.txt`)).toEqual(vectors.map(({ name }) => name));
    for (const vector of built) expect(readTestVectorText(MANIFEST_VECTORS, `${vector.name}.txt`), vector.name).toBe(renderManifestVector(vector));
  });

  for (const { name, vector } of vectors) {
    it(`decodes and verifies ${name} as expected`, async () => {
      const bytes = encoder.encode(vector.data);
      let decoded = 'ok';
      try {
        expect(encodeManifest(decodeManifest(bytes))).toEqual(bytes);
      } catch (error) {
        if (!(error instanceof BreakglassError)) throw error;
        decoded = error.code;
      }
      expect(decoded).toBe(vector.expect === 'FORMAT' ? 'FORMAT' : 'ok');

      const result = await verifyDrive(await driveOf(vector), { setId: vector.one('set-id') });
      const reported = result.findings.filter((finding) => finding.level !== 'ok');
      const kinds = reported.map((finding) => finding.kind);
      const main = vector.expect === 'ok' ? [] : [vector.expect === 'FORMAT' ? 'damaged' : vector.expect];
      const legacy = legacySchema(vector.data) && vector.expect !== 'unchecked-metadata' ? ['unchecked-metadata'] : [];
      expect(kinds).toEqual([...legacy, ...main]);
      expect(result.ok).toBe(reported.every((finding) => finding.level === 'warning'));
      if (vector.expect !== 'ok') expect(reported.at(-1)?.message).toMatch(FINDINGS[name] ?? /^$/);
      if (result.ok) {
        const store = readContainerVector(vector.one('store').split('/')[1]!);
        expect(result.storeFile).toEqual(store.file);
        expect(result.store).toMatchObject({ kind: 'password-vault', setId: '8eed91eab752870b2ae1cbb4151603b6', generation: 3 });
      }
    });
  }
});
