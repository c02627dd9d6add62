// Kills a process that is saving the vault, at random instants, over and over, and shows that the store
// always opens at the last acknowledged generation or the one after it, and that .prev opens too.

import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBreakglassApp } from '../../src/app/index.js';
import { parseContainer } from '../../src/crypto/container.js';
import { unlockWithPassphrase } from '../../src/crypto/passphrase-slot.js';
import { previousPath, readStoreFile, storePath } from '../../src/stores/files.js';
import { decryptVault } from '../../src/stores/store-codec.js';
import { seededRng, testPorts } from '../support/ports.js';

const CHILD = new URL('../../dist/test/fixtures/save-loop.js', import.meta.url).pathname;
const PASS = 'crash test passphrase one';
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bg-crash-'));
  const app = createBreakglassApp(testPorts('crash'));
  await app.createVaultSet({ dir, kdfProfile: 'test', password: { passphrase: PASS }, mfa: { passphrase: 'crash test mfa passphrase' } });
  await app.unlockStore({ store: 'password-vault', secret: { passphrase: PASS } });
  await app.addAccount({ accountId: '123456789012', name: 'Crash', accountClass: 'excluded', email: 'root@example.com', password: 'Crash-Test-Pass-1' });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function openGeneration(path: string): Promise<number> {
  const parsed = parseContainer(await readStoreFile(path), 'password-vault');
  const key = await unlockWithPassphrase(parsed.header, PASS);
  decryptVault(parsed, key);
  return parsed.header.generation;
}

/** Runs 100 saves and kills the child `delayMs` after it reports ready (never, if undefined). */
function runAndKill(delayMs: number | undefined): Promise<{ acknowledged: number[]; savingMs: number }> {
  return new Promise((resolve) => {
    let readyAt = 0;
    let timer: NodeJS.Timeout | undefined;
    const child = spawn(process.execPath, [CHILD, dir, '100'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const acknowledged: number[] = [];
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (line === 'ready') {
          readyAt = performance.now();
          if (delayMs !== undefined) timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
        } else acknowledged.push(Number(line.replace('saved ', '')));
      }
    });
    child.stdin.end(PASS + '\n');
    child.on('exit', () => {
      clearTimeout(timer);
      resolve({ acknowledged, savingMs: performance.now() - readyAt });
    });
  });
}

describe('crash during save', () => {
  it('always leaves the old or the new generation when killed at random points during 100 saves', async () => {
    const random = seededRng('kill points');
    const calibration = await runAndKill(undefined);
    expect(calibration.acknowledged).toHaveLength(100);
    let last = await openGeneration(storePath(dir, 'password-vault'));
    let kills = 0;
    for (let round = 0; round < 15; round++) {
      const fraction = (((random.bytes(1)[0] as number) << 8) | (random.bytes(1)[0] as number)) / 65536;
      // Kill points fall in the first 80% of a calibrated run: later runs may be faster than the first.
      const { acknowledged } = await runAndKill(fraction * calibration.savingMs * 0.8);
      const before = acknowledged.length > 0 ? acknowledged[acknowledged.length - 1]! : last;
      const now = await openGeneration(storePath(dir, 'password-vault'));
      expect([before, before + 1], `round ${round}: acknowledged ${before}, found ${now}`).toContain(now);
      // .prev is the generation before, or — when the kill fell between linking .prev and the final
      // rename — the same generation as the store.
      if (now > 1) expect([now - 1, now]).toContain(await openGeneration(previousPath(storePath(dir, 'password-vault'))));
      if (acknowledged.length < 100) kills++;
      last = now;
    }
    expect(kills, 'most rounds must really be killed mid-run').toBeGreaterThanOrEqual(10);
    expect(last).toBeGreaterThan(100);
    const leftovers = (await readdir(dir)).filter((name) => name.includes('.tmp-'));
    for (const name of leftovers) expect(name).toMatch(/^\.password-vault\.bgv\.tmp-\d+-(new|prev)\d+$/);
  }, 120_000);
});
