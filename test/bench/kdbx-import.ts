// Benchmark: importing a 2,000-entry KDBX 4 database (Argon2id) through the app — open, map, preview and the
// vault's one atomic save — against the KDF time of that database alone. FORMAT.md §16.1.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { nativeArgon2 } from '../../src/app/argon2-raw.js';
import { createBreakglassApp, systemPorts } from '../../src/app/index.js';
import { makeKdbx4, type TestEntry } from '../support/kdbx.js';

export interface KdbxImportSamples {
  readonly entries: number;
  /** Preview + confirm of the vault part, ms per run. */
  readonly importMs: readonly number[];
  /** The database's Argon2id alone, ms per run. */
  readonly kdfMs: readonly number[];
}

const MEMORY_KIB = 64 * 1024;
const ITERATIONS = 2;

export async function measureKdbxImport(runs: number, count = 2000): Promise<KdbxImportSamples> {
  const root = await mkdtemp(join(tmpdir(), 'bg-bench-kdbx-'));
  try {
    const entries: TestEntry[] = Array.from({ length: count }, (_, i) => {
      const id = String(100000000000 + i);
      return { title: `Account ${id}`, userName: `aws-root+${i}@example.com`, password: `Bench!Pass${i}#word`, notes: `entry ${i}` };
    });
    const file = join(root, 'bench.kdbx');
    await writeFile(file, await makeKdbx4('bench master password', entries, { memoryKiB: MEMORY_KIB, iterations: ITERATIONS }));
    const importMs: number[] = [];
    const kdfMs: number[] = [];
    for (let run = 0; run < runs; run++) {
      const startKdf = performance.now();
      await nativeArgon2({ password: new Uint8Array(32), salt: new Uint8Array(32), memoryKiB: MEMORY_KIB, iterations: ITERATIONS, parallelism: 1, length: 32, type: 'argon2id', version: 0x13 });
      kdfMs.push(performance.now() - startKdf);
      const app = createBreakglassApp(systemPorts({ hostName: 'bench' }));
      const dir = join(root, `set-${run}`);
      await app.createVaultSet({ dir, kdfProfile: 'test', password: { passphrase: 'bench vault passphrase' }, mfa: { passphrase: 'bench mfa passphrase' } });
      await app.unlockStore({ store: 'password-vault', secret: { passphrase: 'bench vault passphrase' } });
      const start = performance.now();
      const preview = await app.previewKeepassImport({ file, masterPassword: 'bench master password', defaultClass: 'excluded' });
      const result = await app.confirmImport({ store: 'password-vault' });
      importMs.push(performance.now() - start);
      if (preview.vault.added !== count || result.counts.added !== count) throw new Error(`imported ${result.counts.added} of ${count} entries`);
      await app.lockAll();
    }
    return { entries: count, importMs, kdfMs };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
