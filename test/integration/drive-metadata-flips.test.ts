// Every bit flip of a drive's drive.json and manifest.json is caught by `breakglass drives verify`: exit
// non-zero with a typed error, never "Verified." (FORMAT.md §14.2: schema-2 checksum, drive.json in files).
// Run through the CLI entry point in process; a directory stands in for the USB drive.

import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBreakglassApp } from '../../src/app/index.js';
import { decodeManifest, encodeManifest } from '../../src/drives/manifest.js';
import { runCliInProcess } from '../support/cli.js';
import { directoryDrivesPort } from '../support/directory-drives.js';
import { testPorts } from '../support/ports.js';

let root: string;
const drive = () => join(root, 'drives', 'A');
const folder = () => join(drive(), 'BREAKGLASS');
const ports = () => ({ ...testPorts('metadata flips'), drives: directoryDrivesPort((name) => join(root, 'drives', name), ['A']) });

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bg-metadata-flips-'));
  await mkdir(drive(), { recursive: true });
  const app = createBreakglassApp(ports());
  await app.createVaultSet({ dir: join(root, 'set'), kdfProfile: 'test', password: { passphrase: 'flips pw passphrase' }, mfa: { passphrase: 'flips mfa passphrase' } });
  await app.exportStore({ store: 'password-vault', mountPoint: drive(), driveName: 'PW-A onsite' });
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const verify = () => runCliInProcess(['drives', 'verify', drive(), '--dir', join(root, 'set')], { ports: ports() });

/** Runs verify with each single-bit flip of FILE in turn and returns what was not caught. */
async function uncaughtFlips(file: string): Promise<{ tried: number; missed: string[] }> {
  const path = join(folder(), file);
  const original = new Uint8Array(await readFile(path));
  const missed: string[] = [];
  let tried = 0;
  try {
    for (let i = 0; i < original.length; i++) {
      for (let bit = 0; bit < 8; bit++) {
        const flipped = original.slice();
        flipped[i] = (flipped[i] as number) ^ (1 << bit);
        await writeFile(path, flipped);
        const result = await verify();
        tried++;
        const typed = /\[[A-Z_]+\]\n$/.test(result.stderr) && !result.stderr.includes('unexpected internal error');
        if (result.code === 0 || !typed || result.stdout.includes('Verified.')) missed.push(`byte ${i} bit ${bit}: exit ${result.code} ${result.stderr.trim()}`);
      }
    }
  } finally {
    await writeFile(path, original);
  }
  return { tried, missed };
}

describe('drives verify and damage to the drive bookkeeping', () => {
  it('verifies the intact export, whose manifest is schema 2 and lists drive.json', async () => {
    const result = await verify();
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('Verified.');
    const manifest = decodeManifest(new Uint8Array(await readFile(join(folder(), 'manifest.json'))));
    expect(manifest.schema).toBe(2);
    expect(Object.keys(manifest.files)).toContain('drive.json');
  });

  it('catches every bit flip of drive.json', async () => {
    const { tried, missed } = await uncaughtFlips('drive.json');
    expect(tried).toBeGreaterThan(500);
    expect(missed).toEqual([]);
  }, 120_000);

  it('catches every bit flip of manifest.json, identity and metadata fields included', async () => {
    const { tried, missed } = await uncaughtFlips('manifest.json');
    expect(tried).toBeGreaterThan(4000);
    expect(missed).toEqual([]);
  }, 300_000);

  it('still reads a schema-1 manifest, with an unchecked-metadata warning', async () => {
    const path = join(folder(), 'manifest.json');
    const original = await readFile(path);
    try {
      const manifest = decodeManifest(new Uint8Array(original));
      const { 'drive.json': _marker, ...files } = manifest.files;
      void _marker;
      await writeFile(path, encodeManifest({ ...manifest, schema: 1, files }));
      const result = await verify();
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/WARN manifest\.json has the first manifest schema: its drive identity and metadata fields carry no checksum/);
      expect(result.stdout).toContain('Verified.');
      // Export upgrades it: the marker is rewritten and the manifest is schema 2 again.
      const app = createBreakglassApp(ports());
      await app.openVaultSet({ dir: join(root, 'set') });
      await app.exportStore({ store: 'password-vault', mountPoint: drive() });
      expect(decodeManifest(new Uint8Array(await readFile(path))).schema).toBe(2);
    } finally {
      await writeFile(path, original);
    }
  });
});
