// findElectronBinary: resolves the binary as the electron package's index.js does (path.txt + dist/, or
// ELECTRON_OVERRIDE_DIST_PATH), and says "not installed" instead of throwing when anything is missing.

import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findElectronBinary } from '../../../main/electron/detect.js';

let root: string;
let pkg: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'bg-electron-detect-'));
  pkg = join(root, 'node_modules', 'electron');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function fakePackage(options: { pathTxt?: string; binary?: string } = {}): Promise<void> {
  await mkdir(pkg, { recursive: true });
  await writeFile(join(pkg, 'package.json'), JSON.stringify({ name: 'electron', version: '41.7.1', main: 'index.js' }));
  if (options.pathTxt !== undefined) await writeFile(join(pkg, 'path.txt'), options.pathTxt);
  if (options.binary !== undefined) {
    const file = join(pkg, 'dist', options.binary);
    await mkdir(join(file, '..'), { recursive: true });
    await writeFile(file, '#!/bin/sh\n');
    await chmod(file, 0o755);
  }
}

describe('findElectronBinary', () => {
  it('returns dist/<path.txt> when the package and its binary are installed', async () => {
    await fakePackage({ pathTxt: 'electron', binary: 'electron' });
    expect(findElectronBinary(root, {})).toBe(join(pkg, 'dist', 'electron'));
  });

  it('follows a nested path.txt (the macOS app bundle layout)', async () => {
    const inner = 'Electron.app/Contents/MacOS/Electron';
    await fakePackage({ pathTxt: inner, binary: inner });
    expect(findElectronBinary(root, {})).toBe(join(pkg, 'dist', inner));
  });

  it('returns undefined when the electron package is not installed', () => {
    expect(findElectronBinary(root, {})).toBeUndefined();
  });

  it('returns undefined when the binary download was skipped (no path.txt)', async () => {
    await fakePackage();
    expect(findElectronBinary(root, {})).toBeUndefined();
  });

  it('returns undefined when path.txt names a binary that is not there', async () => {
    await fakePackage({ pathTxt: 'electron' });
    expect(findElectronBinary(root, {})).toBeUndefined();
  });

  it('returns undefined when path.txt names a directory', async () => {
    await fakePackage({ pathTxt: 'electron' });
    await mkdir(join(pkg, 'dist', 'electron'), { recursive: true });
    expect(findElectronBinary(root, {})).toBeUndefined();
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH like electron/index.js', async () => {
    await fakePackage({ pathTxt: 'electron' });
    const override = join(root, 'custom-dist');
    await mkdir(override, { recursive: true });
    await writeFile(join(override, 'electron'), '#!/bin/sh\n');
    expect(findElectronBinary(root, { ELECTRON_OVERRIDE_DIST_PATH: override })).toBe(join(override, 'electron'));
    expect(findElectronBinary(root, { ELECTRON_OVERRIDE_DIST_PATH: join(root, 'missing') })).toBeUndefined();
  });

  it('never requires the electron package (its index.js throws when the binary is absent)', async () => {
    await fakePackage();
    await writeFile(join(pkg, 'index.js'), "throw new Error('required');\n");
    expect(() => findElectronBinary(root, {})).not.toThrow();
  });

  it('looks in the project root by default', () => {
    const projectRoot = join(import.meta.dirname, '..', '..', '..');
    expect(findElectronBinary()).toBe(findElectronBinary(projectRoot, process.env));
  });
});
