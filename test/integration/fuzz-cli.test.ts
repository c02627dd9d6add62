// Bounded, seeded fuzzing through the CLI entry point: random bit flips and truncations of both stores,
// the audit log, the drive manifest, the drive marker and a share, each run as a custodian would. Every
// run must end in a typed error ([CODE], exit 1) or an exact accept (exit 0, the intact output), never an
// untyped crash; nothing else on disk may change. The figures are in docs/THREAT-MODEL.md.

import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBreakglassApp } from '../../src/app/index.js';
import { runCliInProcess } from '../support/cli.js';
import { directoryDrivesPort } from '../support/directory-drives.js';
import { seededRng, testPorts } from '../support/ports.js';

const RUNS_PER_TARGET = Number(process.env.BG_FUZZ_RUNS ?? 800);
const PASS = 'fuzz password passphrase';
const MFA_PASS = 'fuzz mfa passphrase here';
let root: string;
const set = () => join(root, 'set');
const shareSet = () => join(root, 'share-set');
const drive = () => join(root, 'drives', 'A');
const ports = () => ({ ...testPorts('fuzz'), drives: directoryDrivesPort((name) => join(root, 'drives', name), ['A', 'B']) });
let share = '';

interface Target {
  readonly name: string;
  /** The file mutated, or undefined for the share (mutated as text on stdin). */
  readonly file?: () => string;
  readonly argv: () => string[];
  readonly stdin: (share: string) => string[];
}

const TARGETS: readonly Target[] = [
  { name: 'password vault', file: () => join(set(), 'password-vault.bgv'), argv: () => ['account', 'list', set()], stdin: () => [PASS] },
  { name: 'MFA seed store', file: () => join(set(), 'mfa-seeds.bgv'), argv: () => ['seed', 'list', set()], stdin: () => [] },
  { name: 'audit log', file: () => join(set(), 'audit-log.jsonl'), argv: () => ['audit', 'verify', set(), '--against', drive()], stdin: () => [] },
  { name: 'drive manifest', file: () => join(drive(), 'BREAKGLASS', 'manifest.json'), argv: () => ['drives', 'verify', drive(), '--dir', set()], stdin: () => [] },
  { name: 'drive marker', file: () => join(drive(), 'BREAKGLASS', 'drive.json'), argv: () => ['drives', 'verify', drive(), '--dir', set()], stdin: () => [] },
  { name: 'share', argv: () => ['shares', 'verify', join(shareSet(), 'password-vault.bgv')], stdin: (text) => [text] },
];

/** The register's drives, each without its `damaged` mark, so two registers compare but for those marks. */
function sameButDamageMarks(a: Buffer, b: Buffer): boolean {
  const strip = (bytes: Buffer) => {
    const doc = JSON.parse(bytes.toString('utf8')) as { drives?: Record<string, unknown>[] };
    return JSON.stringify({ ...doc, drives: (doc.drives ?? []).map(({ damaged: _damaged, ...rest }) => rest) });
  };
  return a.equals(b) || strip(a) === strip(b);
}

/** Every file a run could damage: they must be as they were (but for the audit log's own new entries). */
const WATCHED = () => [
  join(set(), 'password-vault.bgv'),
  join(set(), 'mfa-seeds.bgv'),
  join(set(), 'drive-register.json'),
  join(drive(), 'BREAKGLASS', 'manifest.json'),
  join(drive(), 'BREAKGLASS', 'drive.json'),
  join(drive(), 'BREAKGLASS', 'password-vault.bgv'),
  join(shareSet(), 'password-vault.bgv'),
];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bg-fuzz-'));
  await mkdir(drive(), { recursive: true });
  const app = createBreakglassApp(ports());
  await app.createVaultSet({ dir: set(), kdfProfile: 'test', password: { passphrase: PASS }, mfa: { passphrase: MFA_PASS } });
  await app.unlockStore({ store: 'password-vault', secret: { passphrase: PASS } });
  await app.addAccount({ accountId: '123456789012', name: 'Fuzz', accountClass: 'excluded', email: 'root@example.com', password: 'Fuzz-Test-Pass-1' });
  await app.unlockStore({ store: 'mfa-seeds', secret: { passphrase: MFA_PASS } });
  await app.addMfaDevice({ type: 'hardware-totp', accountId: '123456789012', name: 'root-token', serial: 'GAKT000123', location: 'Safe B' });
  await app.exportStore({ store: 'password-vault', mountPoint: drive(), driveName: 'PW-A onsite' });
  const other = createBreakglassApp(testPorts('fuzz shares'));
  const created = await other.createVaultSet({
    dir: shareSet(),
    kdfProfile: 'test',
    password: { shares: { threshold: 2, custodians: [{ name: 'Ana Lima' }, { name: 'Ben Okafor' }, { name: 'Chen Wei' }] } },
    mfa: { passphrase: MFA_PASS },
  });
  share = created.issuedShares.find((s) => s.store === 'password-vault')!.qrText;
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function mutate(bytes: Uint8Array, random: () => number): { bytes: Uint8Array; how: string } {
  const pick = (n: number) => Math.floor(random() * n);
  if (random() < 0.25) {
    const length = pick(bytes.length);
    return { bytes: bytes.slice(0, length), how: `truncated to ${length}` };
  }
  const out = bytes.slice();
  const flips = 1 + pick(3);
  const where: string[] = [];
  for (let i = 0; i < flips; i++) {
    const at = pick(out.length);
    const bit = pick(8);
    out[at] = (out[at] as number) ^ (1 << bit);
    where.push(`${at}.${bit}`);
  }
  return { bytes: out, how: `flipped ${where.join(',')}` };
}

describe('fuzzing the CLI (bounded, seeded)', () => {
  it('ends every damaged input in a typed error or an exact accept, and loses nothing', async () => {
    const rng = seededRng('fuzz cli v1');
    const random = () => new DataView(rng.bytes(4).buffer).getUint32(0) / 2 ** 32;
    const figures: Record<string, { tried: number; typed: number; accepted: number; crash: number; silent: number; lost: number }> = {};
    const problems: string[] = [];
    const auditPath = join(set(), 'audit-log.jsonl');
    const encoder = new TextEncoder();
    for (const target of TARGETS) {
      const f = (figures[target.name] = { tried: 0, typed: 0, accepted: 0, crash: 0, silent: 0, lost: 0 });
      const run = (stdinShare: string) => runCliInProcess(target.argv(), { ports: ports(), stdin: target.stdin(stdinShare) });
      const auditBefore = await readFile(auditPath);
      const intact = await run(share);
      expect(intact.code, `${target.name}: the intact input is accepted (${intact.stderr})`).toBe(0);
      await writeFile(auditPath, auditBefore);
      const original = target.file ? new Uint8Array(await readFile(target.file())) : encoder.encode(share);
      const watched = await Promise.all(WATCHED().map((p) => readFile(p)));
      for (let i = 0; i < RUNS_PER_TARGET; i++) {
        const { bytes, how } = mutate(original, random);
        if (target.file) await writeFile(target.file(), bytes);
        const result = await run(target.file ? share : new TextDecoder().decode(bytes));
        f.tried++;
        const label = `${target.name} ${how}`;
        if (result.stderr.includes('unexpected internal error') || (result.code !== 0 && !/\[[A-Z_]+\]\n$/.test(result.stderr))) {
          f.crash++;
          problems.push(`${label}: crash: ${result.stderr.trim()}`);
        } else if (result.code === 0) {
          f.accepted++;
          // An accept must be exact: the intact output (a flip the format does not read, e.g. none) or a refusal.
          if (result.stdout !== intact.stdout) {
            f.silent++;
            problems.push(`${label}: accepted with different output`);
          }
        } else f.typed++;
        // Nothing but the mutated file (and the audit log's own entries) may change.
        const now = await Promise.all(WATCHED().map((p) => readFile(p)));
        WATCHED().forEach((path, j) => {
          const expected = target.file && path === target.file() ? Buffer.from(bytes) : watched[j];
          // A refused drive verify records the drive as damaged in the register (FORMAT.md §14.3), and only that.
          const register = path === join(set(), 'drive-register.json') && result.code !== 0;
          if (register ? !sameButDamageMarks(now[j]!, expected as Buffer) : !now[j]!.equals(expected as Buffer)) {
            f.lost++;
            problems.push(`${label}: ${path} changed`);
          }
        });
        if (target.file) await writeFile(target.file(), original);
        await writeFile(auditPath, auditBefore);
        await writeFile(join(set(), 'drive-register.json'), watched[WATCHED().indexOf(join(set(), 'drive-register.json'))]!);
      }
    }
    console.log(`fuzz figures: ${JSON.stringify(figures)}`);
    expect(problems).toEqual([]);
    for (const f of Object.values(figures)) expect(f.typed, 'most damage is refused').toBeGreaterThan(f.tried / 2);
  }, 300_000);
});
