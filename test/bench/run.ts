// Performance benchmark: Breakglass timed against reference tools measured in the same run, as one table.
// Spec: docs/FORMAT.md §4.1 (Argon2id key-encryption key) and §2 (reading and opening a store file).
//
// Run with `npm run bench`. Environment:
//   BENCH_QUICK=1  far fewer repetitions, for smoke-testing the bench itself only: the numbers are too
//                  noisy to quote.
// Exit status: 1 when a row FAILs (reference tool missing, outputs that differ, an exception), else 0.
// A MISSed target is reported in the table but is not fatal.
//
// Adding rows (Shamir split/combine, drive export vs cp+sync+sha256sum, printing, UI start…): write a
// BenchSection whose run() returns rows built with ratioRow/absoluteRow/infoRow, and append it to SECTIONS.

import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import os, { tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import { NONCE_LENGTH } from '../../src/crypto/aead.js';
import { parseContainer, wrapDataKey, type PassphraseSlot } from '../../src/crypto/container.js';
import { deriveKeyFromPassphrase, STRONG_PARAMS, type KdfParams } from '../../src/crypto/kdf.js';
import { sealSecret } from '../../src/crypto/secret-box.js';
import type { Rng } from '../../src/shared/determinism.js';
import { generateRootPassword } from '../../src/stores/password-policy.js';
import { decryptVault, sealStore, type GenerationFrame } from '../../src/stores/store-codec.js';
import { EMPTY_CUSTODY } from '../../src/stores/custody-record.js';
import { exportToDrive } from '../../src/drives/export.js';
import { EMPTY_REGISTER } from '../../src/drives/register.js';
import { combineShareValues, splitKey } from '../../src/custody/shamir.js';
import { shareToWords } from '../../src/custody/share-codec.js';
import { createSharesSlot, unlockWithShares } from '../../src/custody/shares-slot.js';
import { formatTimestamp } from '../../src/shared/timestamps.js';
import { checkAccountInput, openVaultPassword, VAULT_SCHEMA, type VaultAccount, type VaultDocument } from '../../src/stores/vault.js';
import { popplerRasterizer, renderPaperBackup, restorePaperBackup } from '../../src/print/index.js';
import { measureHostStart } from './host-start.js';
import { benchFullDrill, DRILL_ACCOUNTS, DRILL_MAX_MS } from './drill-bench.js';
import { encodeCanonicalJson } from '../../src/crypto/canonical-json.js';
import { mergeInventory } from '../../src/inventory/merge.js';
import { parseInventoryInput } from '../../src/inventory/recognise.js';
import { buildInventoryReport } from '../../src/inventory/rules.js';
import { credentialReportCsv, describeOrganizationJson, listAccountsJson, MANAGEMENT_ID } from '../support/aws-inventory.js';
import { measureKdbxImport } from './kdbx-import.js';
import { SCAN_CONDITIONS, scanUnder } from '../support/scan-conditions.js';

const QUICK = process.env.BENCH_QUICK === '1';
const ARGON2_CLI = '/usr/bin/argon2';
const GiB = 1024 ** 3;

// ---------------------------------------------------------------------------------------------------
// Rows, sections and verdicts

type Verdict = 'PASS' | 'MISS' | 'FAIL' | 'SKIP' | 'INFO';

interface BenchRow {
  readonly name: string;
  readonly oursMs: number | null;
  /** The tool measured alongside, or '—' when the target is absolute. */
  readonly referenceName: string;
  readonly referenceMs: number | null;
  /** oursMs / referenceMs. */
  readonly ratio: number | null;
  readonly target: string;
  readonly verdict: Verdict;
  /** Why a row was skipped or failed; printed under it. */
  readonly detail?: string;
}

interface SectionResult {
  readonly rows: BenchRow[];
  /** Footnotes printed under the table. */
  readonly notes: string[];
}

interface BenchSection {
  /** Short name for `--only <key>[,<key>…]`. */
  readonly key: string;
  readonly title: string;
  run(): Promise<SectionResult>;
}

function ratioRow(name: string, oursMs: number, referenceName: string, referenceMs: number, maxRatio: number): BenchRow {
  const ratio = oursMs / referenceMs;
  return { name, oursMs, referenceName, referenceMs, ratio, target: `≤ ${maxRatio.toFixed(2)}`, verdict: ratio <= maxRatio ? 'PASS' : 'MISS' };
}

function absoluteRow(name: string, oursMs: number, maxMs: number): BenchRow {
  return { name, oursMs, referenceName: '—', referenceMs: null, ratio: null, target: `≤ ${maxMs} ms`, verdict: oursMs <= maxMs ? 'PASS' : 'MISS' };
}

function infoRow(name: string, oursMs: number): BenchRow {
  return { name, oursMs, referenceName: '—', referenceMs: null, ratio: null, target: '—', verdict: 'INFO' };
}

function unmeasuredRow(name: string, verdict: 'FAIL' | 'SKIP', detail: string, partial: Partial<BenchRow> = {}): BenchRow {
  return { name, oursMs: null, referenceName: '—', referenceMs: null, ratio: null, target: '—', verdict, detail, ...partial };
}

// ---------------------------------------------------------------------------------------------------
// Measuring

const benchRng: Rng = { bytes: (length) => new Uint8Array(randomBytes(length)) };

function median(samples: readonly number[]): number {
  if (samples.length === 0) throw new RangeError('median of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function timeSync<T>(fn: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = fn();
  return { ms: performance.now() - start, value };
}

async function timeAsync<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

function formatMs(ms: number | null): string {
  if (ms === null) return '—';
  return ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(3);
}

function formatSamples(samples: readonly number[]): string {
  return samples.map((ms) => formatMs(ms)).join(', ');
}

function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

// ---------------------------------------------------------------------------------------------------
// Section 1: Argon2id, ours (native `argon2` npm package) vs the phc-winner-argon2 CLI

interface KdfCase {
  readonly label: string;
  readonly params: KdfParams;
  readonly runs: number;
  /** Below this much total RAM the case is skipped. */
  readonly minTotalMemory?: number;
}

const KDF_CASES: readonly KdfCase[] = [
  { label: 'Argon2id 64 MiB t=3 p=4', params: { memoryKiB: 64 * 1024, iterations: 3, parallelism: 4 }, runs: QUICK ? 2 : 5 },
  { label: 'Argon2id 2 GiB t=1 p=4 (strong)', params: STRONG_PARAMS, runs: QUICK ? 1 : 5, minTotalMemory: 6 * GiB },
];
const KDF_MAX_RATIO = 1.05;
const CLI_STARTUP_RUNS = QUICK ? 3 : 11;

/** One run of the CLI with the password on stdin (never argv); wall time includes process startup. */
function runArgon2Cli(password: Uint8Array, salt: string, params: KdfParams): { ms: number; key: Uint8Array } {
  const args = [salt, '-id', '-v', '13', '-t', String(params.iterations), '-k', String(params.memoryKiB), '-p', String(params.parallelism), '-l', '32', '-r'];
  const { ms, value: result } = timeSync(() => spawnSync(ARGON2_CLI, args, { input: password, encoding: 'utf8' }));
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${ARGON2_CLI} exited with ${result.status ?? result.signal}: ${result.stderr.trim()}`);
  const hex = result.stdout.trim();
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error(`${ARGON2_CLI} printed ${JSON.stringify(result.stdout)}, not 32 bytes of hex`);
  return { ms, key: Uint8Array.from(Buffer.from(hex, 'hex')) };
}

async function runOurArgon2(password: Uint8Array, salt: string, params: KdfParams): Promise<{ ms: number; key: Uint8Array }> {
  const saltBytes = new TextEncoder().encode(salt);
  const { ms, value: key } = await timeAsync(() => deriveKeyFromPassphrase(password, saltBytes, params));
  return { ms, key };
}

/** A printable password (the CLI reads raw stdin bytes; printable keeps failures readable) and an ASCII salt. */
function freshInputs(): { password: Uint8Array; salt: string } {
  return { password: new TextEncoder().encode(randomBytes(24).toString('base64url')), salt: randomBytes(16).toString('hex') };
}

function describeParams(p: KdfParams): string {
  return `m=${p.memoryKiB} KiB t=${p.iterations} p=${p.parallelism}`;
}

function assertSameKey(ours: Uint8Array, other: Uint8Array, what: string): void {
  if (ours.length !== 32 || toHex(ours) !== toHex(other)) {
    throw new Error(`Argon2id outputs DIFFER (${what}): ours ${toHex(ours)}, other ${toHex(other)}`);
  }
}

const argon2Section: BenchSection = {
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

// ---------------------------------------------------------------------------------------------------
// Section 2: opening a large password vault once the data key is known (no KDF)

const VAULT_ACCOUNTS = 5_000;
const VAULT_OPEN_RUNS = QUICK ? 3 : 20;
const VAULT_OPEN_MAX_MS = 50;
const REVEAL_RUNS = QUICK ? 5 : 50;

interface BuiltVault {
  readonly bytes: Uint8Array;
  readonly dataKey: Uint8Array;
  readonly setId: Uint8Array;
  readonly passwords: ReadonlyMap<string, string>;
}

/**
 * A sealed vault of `count` accounts built from the real validation and sealing code. The document is
 * assembled directly (ids generated in ascending order) rather than by `count` calls of addVaultAccount,
 * which copies and re-sorts the list on every add. The slot wraps the data key under a random stand-in
 * KEK with the strong parameters, so no KDF runs.
 */
function buildLargeVault(count: number, notesLength = 0): BuiltVault {
  const setId = benchRng.bytes(16);
  const dataKey = benchRng.bytes(32);
  const nowMs = Date.now();
  const now = formatTimestamp(nowMs);
  const passwords = new Map<string, string>();
  const accounts: VaultAccount[] = [];
  for (let i = 0; i < count; i++) {
    const accountId = String(10_000_000 + i * 150_000_007).padStart(12, '0');
    const n = String(i + 1).padStart(4, '0');
    const password = generateRootPassword(benchRng);
    const fields = checkAccountInput(
      {
        accountId,
        name: `Workload ${n} — team ${i % 40}`,
        accountClass: i === 0 ? 'management' : 'excluded',
        email: `aws-root+acct${n}@example.com`,
        notes:
          notesLength > 0
            ? `Runbook ${n}: `.padEnd(notesLength, 'lorem ipsum dolor sit amet ')
            : i % 3 === 0
              ? `Root MFA: virtual device root-mfa-${n}.\nOwner: platform team ${i % 40}.`
              : '',
      },
      password,
    );
    const secret = new TextEncoder().encode(password);
    const box = sealSecret(dataKey, secret, { kind: 'password-vault', setId, entryId: accountId }, benchRng);
    secret.fill(0);
    accounts.push({ ...fields, password: box, createdAt: now, updatedAt: now });
    passwords.set(accountId, password);
  }
  const vault: VaultDocument = { schema: VAULT_SCHEMA, accounts };
  const nonce = benchRng.bytes(NONCE_LENGTH);
  const slot: PassphraseSlot = {
    type: 'passphrase',
    kdf: STRONG_PARAMS,
    salt: benchRng.bytes(32),
    nonce,
    wrappedKey: wrapDataKey(benchRng.bytes(32), dataKey, nonce, 'password-vault', setId, 'passphrase'),
  };
  const frame: GenerationFrame = { kind: 'password-vault', setId, generation: 1, slots: [slot], revokedShareSets: [] };
  const bytes = sealStore(frame, { kind: 'password-vault', vault, custody: EMPTY_CUSTODY }, dataKey, nowMs, benchRng);
  return { bytes, dataKey, setId, passwords };
}

const vaultSection: BenchSection = {
  key: 'vault-open',
  title: `Opening a ${VAULT_ACCOUNTS.toLocaleString('en-US')}-account password vault after the KDF (FORMAT.md §2.4)`,
  async run() {
    process.stderr.write(`bench: building a ${VAULT_ACCOUNTS}-account vault…\n`);
    const built = timeSync(() => buildLargeVault(VAULT_ACCOUNTS));
    const { bytes, dataKey, setId, passwords } = built.value;
    const open = (): VaultDocument => decryptVault(parseContainer(bytes, 'password-vault'), dataKey);

    const cold = timeSync(open);
    if (cold.value.accounts.length !== VAULT_ACCOUNTS) throw new Error(`the vault opened with ${cold.value.accounts.length} accounts`);
    const samples: number[] = [];
    let doc = cold.value;
    for (let i = 0; i < VAULT_OPEN_RUNS; i++) {
      const run = timeSync(open);
      samples.push(run.ms);
      doc = run.value;
    }

    const target = doc.accounts[Math.floor(VAULT_ACCOUNTS / 2)] as VaultAccount;
    const revealSamples: number[] = [];
    for (let i = 0; i < REVEAL_RUNS; i++) {
      const { ms, value: secret } = timeSync(() => openVaultPassword(doc, target.accountId, { dataKey, setId }));
      revealSamples.push(ms);
      const ok = new TextDecoder().decode(secret) === passwords.get(target.accountId);
      secret.fill(0);
      if (!ok) throw new Error(`openVaultPassword returned the wrong password for ${target.accountId}`);
    }

    const size = `${bytes.length.toLocaleString('en-US')} bytes (${(bytes.length / 1024 ** 2).toFixed(2)} MiB)`;
    return {
      rows: [
        absoluteRow(`parse + decrypt vault, first call (cold)`, cold.ms, VAULT_OPEN_MAX_MS),
        absoluteRow(`parse + decrypt vault, median of ${VAULT_OPEN_RUNS}`, median(samples), VAULT_OPEN_MAX_MS),
        infoRow(`reveal one password (account #${Math.floor(VAULT_ACCOUNTS / 2) + 1}), median of ${REVEAL_RUNS}`, median(revealSamples)),
      ],
      notes: [
        `vault file: ${VAULT_ACCOUNTS.toLocaleString('en-US')} accounts, ${size}; built and sealed in ${formatMs(built.ms)} ms (not timed above). ` +
          'Timed: parseContainer(bytes, "password-vault") + decryptVault(parsed, dataKey).',
        `parse + decrypt samples (ms): ${formatSamples(samples)}.`,
      ],
    };
  },
};

// ---------------------------------------------------------------------------------------------------
// Section 3: Shamir split + combine of a 16-of-16 set (custody, FORMAT.md §12)

const SHAMIR_RUNS = QUICK ? 3 : 15;
const SHAMIR_MAX_MS = 50;

const shamirSection: BenchSection = {
  key: 'shamir',
  title: 'Custody: Shamir 16-of-16 split + combine (FORMAT.md §12)',
  async run() {
    const raw: number[] = [];
    const full: number[] = [];
    for (let i = 0; i < SHAMIR_RUNS; i++) {
      const key = benchRng.bytes(32);
      const { ms, value } = await timeAsync(async () => combineShareValues(await splitKey(key, 16, 16)));
      if (toHex(value) !== toHex(key)) throw new Error('16-of-16 split + combine did not give the key back');
      raw.push(ms);
      // The whole custody path: new shares slot, 16 shares as words, every check, combine and unwrap.
      const dataKey = benchRng.bytes(32);
      const setId = benchRng.bytes(16);
      const run = await timeAsync(async () => {
        const { slot, shares } = await createSharesSlot(dataKey, 'password-vault', setId, 16, 16, benchRng);
        const header = {
          version: 1,
          kind: 'password-vault' as const,
          setId,
          generation: 1,
          sealedAt: 0,
          slots: [slot],
          revokedShareSets: [],
          publicDocument: new Uint8Array(),
          payloadNonce: benchRng.bytes(24),
        };
        return unlockWithShares(header, shares.map((share) => shareToWords(share).join(' ')));
      });
      if (toHex(run.value) !== toHex(dataKey)) throw new Error('16 shares did not unwrap the data key');
      full.push(run.ms);
    }
    return {
      rows: [
        absoluteRow(`split + combine a 32-byte key, 16-of-16, median of ${SHAMIR_RUNS}`, median(raw), SHAMIR_MAX_MS),
        absoluteRow(`shares slot + 16 shares as words + all checks + unwrap`, median(full), SHAMIR_MAX_MS),
      ],
      notes: [`Shamir samples (ms): split+combine ${formatSamples(raw)}; full path ${formatSamples(full)}.`],
    };
  },
};

// ---------------------------------------------------------------------------------------------------
// Section 4: export + read-back of a 50 MB store vs cp + sync + sha256sum (drives, FORMAT.md §14)

const EXPORT_RUNS = QUICK ? 1 : 3;
const EXPORT_MIN_RATIO = 0.95;

const exportSection: BenchSection = {
  key: 'export',
  title: 'Drives: export + read-back of a 50 MB store vs cp + sync + sha256sum, same filesystem (FORMAT.md §14)',
  async run() {
    process.stderr.write('bench: building a ~50 MB vault…\n');
    const { bytes } = buildLargeVault(5_000, 10_000);
    const work = mkdtempSync(join(tmpdir(), 'bg-bench-export-'));
    try {
      const source = join(work, 'password-vault.bgv');
      writeFileSync(source, bytes);
      const ours: number[] = [];
      const theirs: number[] = [];
      for (let i = 0; i < EXPORT_RUNS; i++) {
        const target = join(work, `ours-${i}`);
        mkdirSync(target);
        const run = await timeAsync(() =>
          exportToDrive({
            target: { mountPoint: target, serial: `BENCH-${i}`, uuid: null, label: null, removable: true },
            driveName: `bench ${i}`,
            allowFixed: false,
            storeFile: bytes,
            extraFiles: [],
            register: EMPTY_REGISTER,
            appVersion: 'bench',
            now: formatTimestamp(Date.now()),
            rng: benchRng,
          }),
        );
        ours.push(run.ms);
        const dest = join(work, `cp-${i}.bgv`);
        const start = performance.now();
        const cp = spawnSync('cp', [source, dest]);
        const sync = spawnSync('sync', [dest]);
        const sum = spawnSync('sha256sum', [dest], { encoding: 'utf8' });
        theirs.push(performance.now() - start);
        if (cp.status !== 0 || sync.status !== 0 || !sum.stdout.startsWith(run.value.manifest.store.sha256)) {
          throw new Error('reference cp + sync + sha256sum failed or disagreed with our SHA-256');
        }
      }
      const mb = bytes.length / 1e6;
      const ourThroughput = mb / (median(ours) / 1000);
      const refThroughput = mb / (median(theirs) / 1000);
      const ratio = ourThroughput / refThroughput;
      return {
        rows: [
          {
            name: `export ${mb.toFixed(1)} MB + read-back (throughput MB/s), median of ${EXPORT_RUNS}`,
            oursMs: median(ours),
            referenceName: 'cp+sync+sha256sum',
            referenceMs: median(theirs),
            ratio,
            target: `throughput ≥ ${EXPORT_MIN_RATIO}×`,
            verdict: ratio >= EXPORT_MIN_RATIO ? 'PASS' : 'MISS',
          },
        ],
        notes: [
          `export throughput ${ourThroughput.toFixed(0)} MB/s vs reference ${refThroughput.toFixed(0)} MB/s (ratio here is throughput ours/reference, higher is better); ` +
            `samples ours ${formatSamples(ours)} ms, reference ${formatSamples(theirs)} ms; target directory on ${tmpdir()}.`,
        ],
      };
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  },
};

// ---------------------------------------------------------------------------------------------------
// Paper backup of a 500-account vault: print (render the PDF) and restore it from the PDF, against
// pdftoppm + zbarimg doing the restore's reading (rasterise at 150 dpi, decode every QR code).

const PAPER_ACCOUNTS = 500;
const PAPER_RUNS = QUICK ? 1 : 3;
const PAPER_RENDER_MAX_MS = 5_000;
const PAPER_RESTORE_MAX_RATIO = 1.5;
const PAPER_RESTORE_MAX_MS = 10_000;

function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const paperSection: BenchSection = {
  key: 'paper',
  title: `Paper backup of a ${PAPER_ACCOUNTS}-account vault: print and restore (FORMAT.md §13)`,
  async run() {
    for (const tool of ['pdftoppm', 'zbarimg']) {
      if (spawnSync(tool, ['-h']).error) {
        return { rows: [unmeasuredRow('paper backup', 'FAIL', `${tool} is missing: apt-get install poppler-utils zbar-tools`)], notes: [] };
      }
    }
    const { bytes } = buildLargeVault(PAPER_ACCOUNTS);
    const work = mkdtempSync(join(tmpdir(), 'bg-bench-paper-'));
    try {
      const renders: number[] = [];
      const restores: number[] = [];
      const references: number[] = [];
      let pages = 0;
      let chunks = 0;
      for (let i = 0; i < PAPER_RUNS; i++) {
        const rendered = await timeAsync(() => renderPaperBackup(bytes, undefined, { paper: 'A4', printedAt: formatTimestamp(Date.now()) }));
        renders.push(rendered.ms);
        ({ pages, chunks } = rendered.value);
        const pdf = rendered.value.pdf;
        const restored = await timeAsync(() => restorePaperBackup([{ name: 'backup.pdf', bytes: pdf }], { rasterizer: popplerRasterizer() }));
        if (sha256Hex(restored.value.file) !== sha256Hex(bytes)) throw new Error('the restored paper backup differs from the store file');
        restores.push(restored.ms);

        const pdfPath = join(work, `backup-${i}.pdf`);
        writeFileSync(pdfPath, pdf);
        const start = performance.now();
        const raster = spawnSync('pdftoppm', ['-r', '150', '-gray', '-png', pdfPath, join(work, `page-${i}`)]);
        const pngs = readdirSync(work).filter((f) => f.startsWith(`page-${i}-`)).map((f) => join(work, f));
        const zbar = spawnSync('zbarimg', ['--quiet', '--raw', ...pngs], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
        references.push(performance.now() - start);
        const found = zbar.stdout.split('\n').filter((line) => line.startsWith('BGP1:')).length;
        if (raster.status !== 0 || found < chunks * 0.95) throw new Error(`reference pdftoppm + zbarimg read ${found} of ${chunks} codes`);
      }
      return {
        rows: [
          absoluteRow(`print: render ${pages} pages (${chunks} QR codes, ${(bytes.length / 1024).toFixed(0)} KiB), median of ${PAPER_RUNS}`, median(renders), PAPER_RENDER_MAX_MS),
          absoluteRow(`restore from the PDF (150 dpi), median of ${PAPER_RUNS}`, median(restores), PAPER_RESTORE_MAX_MS),
          ratioRow(`restore from the PDF (150 dpi) vs reading it with zbar`, median(restores), 'pdftoppm+zbarimg', median(references), PAPER_RESTORE_MAX_RATIO),
        ],
        notes: [
          `paper: render ${formatSamples(renders)} ms; restore ${formatSamples(restores)} ms; reference ${formatSamples(references)} ms. ` +
            'The restore also checks every chunk and the whole file; the reference only reads the codes.',
        ],
      };
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  },
};

// ---------------------------------------------------------------------------------------------------
// Paper restore from real-world scans: decode rate per condition (pdftoppm pages bent by ImageMagick).

const scanSection: BenchSection = {
  key: 'scan-conditions',
  title: 'Paper restore from scans under real-world conditions: codes read per condition (FORMAT.md §13)',
  async run() {
    if (spawnSync('convert', ['-version']).error) return { rows: [unmeasuredRow('scan conditions', 'FAIL', 'convert is missing: apt-get install imagemagick')], notes: [] };
    const { bytes } = buildLargeVault(40);
    const work = mkdtempSync(join(tmpdir(), 'bg-bench-scans-'));
    try {
      const { pdf, chunks } = await renderPaperBackup(bytes, undefined, { paper: 'A4', printedAt: formatTimestamp(Date.now()) });
      const rows: BenchRow[] = [];
      for (const condition of SCAN_CONDITIONS) {
        const scans = await scanUnder(condition, pdf, work);
        const name = `${condition.name}: codes read`;
        try {
          const run = await timeAsync(() => restorePaperBackup(scans, {}));
          const read = run.value.scans.reduce((sum, scan) => sum + scan.codes, 0);
          const exact = sha256Hex(run.value.file) === sha256Hex(bytes);
          rows.push({ ...infoRow(`${name} ${read} of ${chunks} (${((100 * read) / chunks).toFixed(0)}%), restore`, run.ms), target: '100%, exact', verdict: read === chunks && exact ? 'PASS' : 'MISS' });
        } catch (error) {
          rows.push(unmeasuredRow(name, 'FAIL', error instanceof Error ? error.message : String(error)));
        }
      }
      return { rows, notes: [`scan conditions: a ${chunks}-code paper backup, pages rendered by pdftoppm -gray and changed by ImageMagick convert; ours = jsQR ∪ ZXing-C++ per image.`] };
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  },
};

// ---------------------------------------------------------------------------------------------------
// The desktop UI in the system-Chromium host: host start → first interactive screen.

const HOST_RUNS = QUICK ? 2 : 5;
const HOST_MAX_RATIO = 2;
const RENDERER_DIR = join(new URL('../..', import.meta.url).pathname, 'renderer');

const hostSection: BenchSection = {
  key: 'host',
  title: 'Desktop UI: system-Chromium host start → first interactive screen',
  async run() {
    if (!existsSync('/usr/bin/chromium')) return { rows: [unmeasuredRow('host start', 'FAIL', 'Chromium is missing: apt-get install chromium')], notes: [] };
    if (!existsSync(join(RENDERER_DIR, 'index.html'))) return { rows: [unmeasuredRow('host start', 'FAIL', `the UI is not built (${RENDERER_DIR}): npm run build`)], notes: [] };
    const { ours, reference } = await measureHostStart(RENDERER_DIR, HOST_RUNS);
    return {
      rows: [ratioRow(`host start → app ready, median of ${HOST_RUNS}`, median(ours), 'Chromium → static page', median(reference), HOST_MAX_RATIO)],
      notes: [`host start: app ${formatSamples(ours)} ms; the same host showing a one-line page ${formatSamples(reference)} ms.`],
    };
  },
};

// Migration: a 2,000-entry KDBX 4 (Argon2id 64 MiB × 2) imported in at most its KDF time + 1 s.

const KDBX_RUNS = QUICK ? 1 : 3;

const kdbxImportSection: BenchSection = {
  key: 'kdbx',
  title: 'Migration: import a 2,000-entry KDBX 4 database (preview + the vault save)',
  async run() {
    const { entries, importMs, kdfMs } = await measureKdbxImport(KDBX_RUNS);
    const kdf = median(kdfMs);
    return {
      rows: [absoluteRow(`import ${entries} entries, median of ${KDBX_RUNS} (KDF ${formatMs(kdf)} ms + 1 s)`, median(importMs), Math.round(kdf + 1000))],
      notes: [`KDBX import: ${formatSamples(importMs)} ms; its Argon2id alone ${formatSamples(kdfMs)} ms.`],
    };
  },
};

// ---------------------------------------------------------------------------------------------------
// Report

const drillSection: BenchSection = {
  key: 'drill',
  title: `Drill: a full drill of a ${QUICK ? 50 : DRILL_ACCOUNTS}-account vault set, two 3-of-5 share sets, four drives, both paper backups (FORMAT.md §16)`,
  async run() {
    const { ms } = await benchFullDrill(QUICK ? 50 : DRILL_ACCOUNTS);
    const row = absoluteRow('full drill (every share, 4 drive copies opened, recover.py ×2, every seed, 2 paper backups)', ms, DRILL_MAX_MS);
    return { rows: [row], notes: [`drill: ${(ms / 1000).toFixed(1)} s of a ${DRILL_MAX_MS / 1000} s target (ratio ${(ms / DRILL_MAX_MS).toFixed(2)}); setup and typing excluded.`] };
  },
};

const INVENTORY_ACCOUNTS = 5_000;
const INVENTORY_MAX_MS = 2_000;

/** Import 5,000 accounts (5 list-accounts pages) with 5,000 credential reports from disk, then build the report. */
const inventorySection: BenchSection = {
  key: 'inventory',
  title: 'Account inventory',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'bg-bench-inventory-'));
    try {
      const ids = Array.from({ length: INVENTORY_ACCOUNTS }, (_, i) => (i === 0 ? MANAGEMENT_ID : String(200_000_000_000 + i)));
      const pages = 5;
      const per = INVENTORY_ACCOUNTS / pages;
      const paths: string[] = [];
      for (let p = 0; p < pages; p++) {
        const path = join(dir, `page-${p + 1}.json`);
        const accounts = ids.slice(p * per, (p + 1) * per).map((id) => ({ id, name: `Account ${id}`, email: `${id}@example.com` }));
        writeFileSync(path, listAccountsJson(accounts, p < pages - 1 ? `token-${p + 2}` : undefined));
        paths.push(path);
      }
      writeFileSync(join(dir, 'org.json'), describeOrganizationJson());
      paths.push(join(dir, 'org.json'));
      for (const id of ids) {
        const path = join(dir, `${id}.csv`);
        writeFileSync(path, credentialReportCsv(id, { mfa: 'false' }));
        paths.push(path);
      }
      const { readFileSync, statSync } = await import('node:fs');
      const { ms, value } = timeSync(() => {
        const files = paths.map((path) => {
          const bytes = new Uint8Array(readFileSync(path));
          const parsed = parseInventoryInput({ name: path, bytes, modifiedAt: statSync(path).mtimeMs });
          return { name: path, sha256: createHash('sha256').update(bytes).digest('hex'), parsed };
        });
        const doc = mergeInventory(files, formatTimestamp(Date.now()));
        const stored = encodeCanonicalJson(doc);
        createHash('sha256').update(stored).digest('hex');
        return buildInventoryReport({
          inventory: doc,
          vault: { accounts: [], evidence: { file: 'password-vault.bgv', date: '2026-12-02' } },
          mfa: { accounts: [], evidence: { file: 'mfa-seeds.bgv', date: '2026-12-02' } },
          now: Date.now(),
        });
      });
      if (value.accounts.length !== INVENTORY_ACCOUNTS) throw new Error(`the report has ${value.accounts.length} accounts, not ${INVENTORY_ACCOUNTS}`);
      return {
        rows: [absoluteRow(`inventory: import ${INVENTORY_ACCOUNTS} accounts + ${INVENTORY_ACCOUNTS} credential reports, build the report`, ms, INVENTORY_MAX_MS)],
        notes: [`${paths.length} files read from disk, parsed, merged, encoded and hashed; ${value.summary.needsAction} accounts need action.`],
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

const SECTIONS: readonly BenchSection[] = [argon2Section, vaultSection, shamirSection, exportSection, paperSection, scanSection, hostSection, drillSection, inventorySection, kdbxImportSection];

function commandOutput(command: string, args: readonly string[]): string | undefined {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  return result.status === 0 && result.stdout.trim() !== '' ? result.stdout.trim() : undefined;
}

function machineLine(): string {
  const cpus = os.cpus();
  const model = cpus[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown CPU';
  let npmArgon2 = 'unknown';
  try {
    npmArgon2 = (createRequire(import.meta.url)('argon2/package.json') as { version: string }).version;
  } catch {
    // keep "unknown"
  }
  const cli = existsSync(ARGON2_CLI)
    ? `argon2 CLI ${commandOutput('dpkg-query', ['-W', '-f=${Version}', 'argon2']) ?? '(version unknown)'}`
    : 'argon2 CLI not installed';
  return (
    `machine: ${cpus.length} CPUs (${model}), ${(os.totalmem() / GiB).toFixed(1)} GiB RAM, ${os.platform()} ${os.arch()}, ` +
    `node ${process.version}, argon2 npm ${npmArgon2}, ${cli}${QUICK ? ' — BENCH_QUICK=1: smoke test, numbers not quotable' : ''}`
  );
}

const COLUMNS = ['benchmark', 'ours ms', 'reference', 'ref ms', 'ratio', 'target', 'verdict'] as const;
const RIGHT_ALIGNED = new Set([1, 3, 4]);

function cells(row: BenchRow): string[] {
  return [
    `  ${row.name}`,
    formatMs(row.oursMs),
    row.referenceName,
    formatMs(row.referenceMs),
    row.ratio === null ? '—' : row.ratio.toFixed(3),
    row.target,
    row.verdict,
  ];
}

function printTable(results: readonly { section: BenchSection; result: SectionResult }[]): void {
  const body = results.flatMap(({ result }) => result.rows.map(cells));
  const widths = COLUMNS.map((title, i) => Math.max(title.length, ...body.map((line) => (line[i] as string).length)));
  const line = (values: readonly string[]): string =>
    values
      .map((value, i) => (RIGHT_ALIGNED.has(i) ? value.padStart(widths[i] as number) : value.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd();
  console.log(line(COLUMNS));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const { section, result } of results) {
    console.log(section.title);
    for (const row of result.rows) {
      console.log(line(cells(row)));
      if (row.detail) console.log(`      ↳ ${row.detail}`);
    }
  }
}

/** `--only vault-open,paper` runs just those sections (keys: the `key` of each section). */
function selectedSections(): readonly BenchSection[] {
  const at = process.argv.indexOf('--only');
  if (at < 0) return SECTIONS;
  const keys = (process.argv[at + 1] ?? '').split(',').filter((k) => k !== '');
  const unknown = keys.filter((k) => !SECTIONS.some((s) => s.key === k));
  if (keys.length === 0 || unknown.length > 0) {
    throw new Error(`--only takes a comma-separated list of ${SECTIONS.map((s) => s.key).join(', ')}; got ${JSON.stringify(process.argv[at + 1] ?? '')}`);
  }
  return SECTIONS.filter((s) => keys.includes(s.key));
}

async function main(): Promise<void> {
  console.log(`Breakglass bench — ratio = ours / reference (lower is better)`);
  console.log(machineLine());
  console.log('');
  const results: { section: BenchSection; result: SectionResult }[] = [];
  for (const section of selectedSections()) {
    try {
      results.push({ section, result: await section.run() });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      console.error(`bench: section "${section.title}" FAILED:`, error);
      results.push({ section, result: { rows: [unmeasuredRow('section failed', 'FAIL', message)], notes: [] } });
    }
  }
  printTable(results);

  const notes = results.flatMap(({ result }) => result.notes);
  if (notes.length > 0) {
    console.log('');
    notes.forEach((note, i) => console.log(`[${i + 1}] ${note}`));
  }
  const verdicts = results.flatMap(({ result }) => result.rows.map((row) => row.verdict));
  const count = (verdict: Verdict): number => verdicts.filter((v) => v === verdict).length;
  console.log('');
  console.log(`verdicts: ${count('PASS')} PASS, ${count('MISS')} MISS, ${count('FAIL')} FAIL, ${count('SKIP')} SKIP, ${count('INFO')} INFO`);
  if (count('FAIL') > 0) process.exitCode = 1;
}

await main();
