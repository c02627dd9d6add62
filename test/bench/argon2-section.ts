// Benchmark section(s) split out of run.ts; see run.ts for the table and verdicts.

import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import os from 'node:os';
import { deriveKeyFromPassphrase, STRONG_PARAMS, type KdfParams } from '../../src/crypto/kdf.js';
import { ARGON2_CLI, type BenchRow, type BenchSection, GiB, QUICK, formatMs, formatSamples, median, ratioRow, timeAsync, timeSync, toHex, unmeasuredRow } from './bench-common.js';

// ---------------------------------------------------------------------------------------------------
// Section 1: Argon2id, ours (native `argon2` npm package) vs the phc-winner-argon2 CLI

export interface KdfCase {
  readonly label: string;
  readonly params: KdfParams;
  readonly runs: number;
  /** Below this much total RAM the case is skipped. */
  readonly minTotalMemory?: number;
}

export const KDF_CASES: readonly KdfCase[] = [
  { label: 'Argon2id 64 MiB t=3 p=4', params: { memoryKiB: 64 * 1024, iterations: 3, parallelism: 4 }, runs: QUICK ? 2 : 5 },
  { label: 'Argon2id 2 GiB t=1 p=4 (strong)', params: STRONG_PARAMS, runs: QUICK ? 1 : 5, minTotalMemory: 6 * GiB },
];
export const KDF_MAX_RATIO = 1.05;
export const CLI_STARTUP_RUNS = QUICK ? 3 : 11;

/** One run of the CLI with the password on stdin (never argv); wall time includes process startup. */
export function runArgon2Cli(password: Uint8Array, salt: string, params: KdfParams): { ms: number; key: Uint8Array } {
  const args = [salt, '-id', '-v', '13', '-t', String(params.iterations), '-k', String(params.memoryKiB), '-p', String(params.parallelism), '-l', '32', '-r'];
  const { ms, value: result } = timeSync(() => spawnSync(ARGON2_CLI, args, { input: password, encoding: 'utf8' }));
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${ARGON2_CLI} exited with ${result.status ?? result.signal}: ${result.stderr.trim()}`);
  const hex = result.stdout.trim();
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error(`${ARGON2_CLI} printed ${JSON.stringify(result.stdout)}, not 32 bytes of hex`);
  return { ms, key: Uint8Array.from(Buffer.from(hex, 'hex')) };
}

export async function runOurArgon2(password: Uint8Array, salt: string, params: KdfParams): Promise<{ ms: number; key: Uint8Array }> {
  const saltBytes = new TextEncoder().encode(salt);
  const { ms, value: key } = await timeAsync(() => deriveKeyFromPassphrase(password, saltBytes, params));
  return { ms, key };
}

/** A printable password (the CLI reads raw stdin bytes; printable keeps failures readable) and an ASCII salt. */
export function freshInputs(): { password: Uint8Array; salt: string } {
  return { password: new TextEncoder().encode(randomBytes(24).toString('base64url')), salt: randomBytes(16).toString('hex') };
}

export function describeParams(p: KdfParams): string {
  return `m=${p.memoryKiB} KiB t=${p.iterations} p=${p.parallelism}`;
}

export function assertSameKey(ours: Uint8Array, other: Uint8Array, what: string): void {
  if (ours.length !== 32 || toHex(ours) !== toHex(other)) {
    throw new Error(`Argon2id outputs DIFFER (${what}): ours ${toHex(ours)}, other ${toHex(other)}`);
  }
}

export const argon2Section: BenchSection = {
  key: 'argon2',
  title: 'Argon2id KEK derivation (FORMAT.md §4.1)',
  async run() {
    const rows: BenchRow[] = [];
    const notes: string[] = [];
    const cliInstalled = existsSync(ARGON2_CLI);
    if (cliInstalled) {
      const { password, salt } = freshInputs();
      const startup: number[] = [];
      for (let i = 0; i < CLI_STARTUP_RUNS; i++) {
        startup.push(runArgon2Cli(password, salt, { memoryKiB: 8, iterations: 1, parallelism: 1 }).ms);
      }
      notes.push(
        `argon2 CLI process startup (-k 8 -t 1 -p 1): ${formatMs(median(startup))} ms, median of ${CLI_STARTUP_RUNS}; ` +
          'it is included in the reference times, so it slightly flatters our ratio.',
      );
    }

    const verified: string[] = [];
    for (const kdfCase of KDF_CASES) {
      const name = `${kdfCase.label}, median of ${kdfCase.runs}`;
      const totalMemory = os.totalmem();
      if (kdfCase.minTotalMemory !== undefined && totalMemory < kdfCase.minTotalMemory) {
        rows.push(
          unmeasuredRow(name, 'SKIP', `skipped: needs ≥ ${kdfCase.minTotalMemory / GiB} GiB of RAM, this machine has ${(totalMemory / GiB).toFixed(1)} GiB`),
        );
        continue;
      }
      const { password, salt } = freshInputs();
      process.stderr.write(`bench: ${kdfCase.label}: warm-up, then ×${kdfCase.runs}${cliInstalled ? ' (ours and CLI interleaved)' : ''}…\n`);
      // Untimed warm-up of each side, which is also the correctness check: same password and salt must give
      // the same 32 bytes. It matters on VMs with free-page reporting, where the first touch of memory that
      // was freed a while ago faults through the hypervisor and costs seconds of system time at 2 GiB.
      const expected = (await runOurArgon2(password, salt, kdfCase.params)).key;
      if (cliInstalled) {
        assertSameKey(expected, runArgon2Cli(password, salt, kdfCase.params).key, `${describeParams(kdfCase.params)}, ours vs argon2 CLI`);
        verified.push(describeParams(kdfCase.params));
      }
      const ourSamples: number[] = [];
      const cliSamples: number[] = [];
      const oursOnce = async (): Promise<void> => {
        const { ms, key } = await runOurArgon2(password, salt, kdfCase.params);
        assertSameKey(key, expected, `${kdfCase.label}, ours vs ours`);
        ourSamples.push(ms);
      };
      const cliOnce = (): void => {
        const { ms, key } = runArgon2Cli(password, salt, kdfCase.params);
        assertSameKey(expected, key, `${kdfCase.label}, ours vs argon2 CLI`);
        cliSamples.push(ms);
      };
      for (let i = 0; i < kdfCase.runs; i++) {
        // Alternate who goes first (ABBA…) so neither side always runs on a warmer or cooler machine.
        if (!cliInstalled) await oursOnce();
        else if (i % 2 === 0) {
          await oursOnce();
          cliOnce();
        } else {
          cliOnce();
          await oursOnce();
        }
      }
      if (!cliInstalled) {
        rows.push(
          unmeasuredRow(name, 'FAIL', 'argon2 CLI not installed (apt-get install argon2)', { oursMs: median(ourSamples), referenceName: 'argon2 CLI' }),
        );
        continue;
      }
      rows.push(ratioRow(name, median(ourSamples), 'argon2 CLI', median(cliSamples), KDF_MAX_RATIO));
      notes.push(`${kdfCase.label} samples (ms): ours ${formatSamples(ourSamples)}; CLI ${formatSamples(cliSamples)}.`);
    }
    if (verified.length > 0) {
      notes.unshift(
        `Argon2id outputs match: ours = argon2 CLI (32 bytes) at ${verified.join(' and at ')}, checked on an untimed ` +
          'warm-up run of each before timing; every timed run is compared too.',
      );
    }
    return { rows, notes };
  },
};

