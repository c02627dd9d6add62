// electron-builder.yml: valid against electron-builder's own schema (app-builder-lib's validator, parsed
// with the js-yaml it uses), and every packaging rule pinned. DESIGN §5.

import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
// Resolve app-builder-lib and js-yaml the way electron-builder does (they are its dependencies).
const requireFromBuilder = createRequire(createRequire(join(root, 'package.json')).resolve('electron-builder/package.json'));
const requireFromLib = createRequire(requireFromBuilder.resolve('app-builder-lib/package.json'));
const yaml = requireFromLib('js-yaml') as { load(text: string): unknown };
const { validateConfiguration } = requireFromLib('./out/util/config/config.js') as {
  validateConfiguration(config: unknown, debugLogger: { isEnabled: boolean; add(key: string, value: unknown): void }): Promise<void>;
};

const text = readFileSync(join(root, 'electron-builder.yml'), 'utf8');
const config = yaml.load(text) as Record<string, unknown> & {
  directories: { output: string };
  extraMetadata: { main: string };
  files: string[];
  extraResources: { from: string; to: string }[];
  electronFuses: Record<string, boolean>;
  linux: { target: string[]; category: string; maintainer: string };
  mac: { target: string[] };
  win: { target: string[] };
};
const quiet = { isEnabled: false, add: () => undefined };

describe('electron-builder.yml', () => {
  it("passes electron-builder's own configuration schema", async () => {
    await expect(validateConfiguration(config, quiet)).resolves.toBeUndefined();
  });

  it('would be rejected by that schema if it had an unknown key (the validator is live)', async () => {
    await expect(validateConfiguration({ ...config, electronFusez: {} }, quiet)).rejects.toThrow(/electronFusez/);
  });

  it('names the app and writes packages to release/', () => {
    expect(config.appId).toBe('com.breakglass.vault');
    expect(config.productName).toBe('Breakglass Vault');
    expect(config.directories.output).toBe('release');
  });

  it('starts the Electron shell entry, which the build produces beside its preload', () => {
    expect(config.extraMetadata.main).toBe('dist/main/electron/main.js');
    expect(existsSync(join(root, 'main', 'electron', 'main.ts'))).toBe(true);
    expect(existsSync(join(root, 'main', 'electron', 'preload.cts'))).toBe(true);
  });

  it('packs dist/ and package.json, without tests or source maps, into an asar', () => {
    expect(config.files).toEqual(expect.arrayContaining(['package.json', 'dist/**/*', '!dist/test{,/**/*}', '!**/*.map']));
    expect(config.asar).toBe(true);
  });

  it('ships the recovery kit (independent decryptor and spec) as extra resources', () => {
    expect(config.extraResources).toEqual([expect.objectContaining({ from: 'assets/recovery', to: 'recovery' })]);
    expect(existsSync(join(root, 'assets', 'recovery', 'recover.py'))).toBe(true);
  });

  it('does not rebuild native modules and never publishes or updates itself', () => {
    expect(config.npmRebuild).toBe(false);
    expect(config.publish).toBeNull();
    expect(text).not.toMatch(/electron-updater|autoUpdate/i);
  });

  it('flips the Electron fuses: no run-as-node, NODE_OPTIONS or inspect; asar integrity and asar-only loading on', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('builds AppImage and deb for Linux (Utility, with a maintainer), dmg for macOS, nsis for Windows', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.linux.category).toBe('Utility');
    expect(config.linux.maintainer).toMatch(/\S+ <[^>]+@[^>]+>/);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.win.target).toEqual(['nsis']);
  });
});
