// The drill over directory drives (no root): refusals that must each be an exception of their own — a share
// of another vault set, of a revoked set, a wrong passphrase, missing python3 modules or python3 itself —
// and the drill status arithmetic. Never a crash, never a silent pass.

import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBreakglassApp, type DrillRunInput } from '../../../src/app/index.js';
import { parseAuditLog, type AuditEntry } from '../../../src/audit/audit-log.js';
import type { RecoverPyRunner } from '../../../src/drill/copy-checks.js';
import { drillStatus } from '../../../src/drill/status.js';
import { createDrillSet, MFA_PASSPHRASE, words, type DrillFixture } from '../../support/drill-fixture.js';
import { directoryDrivesPort } from '../../support/directory-drives.js';
import { runCliInProcess } from '../../support/cli.js';
import { pageWords } from '../../support/pdf-text.js';
import { testPorts, TestClock } from '../../support/ports.js';

let root: string;
let dir: string;
let set: DrillFixture;
let other: DrillFixture;
const clock = new TestClock();
let n = 0;
const names = ['PW1', 'MFA1'];
const ports = (recoverPy?: RecoverPyRunner) => ({
  ...testPorts(`drill unit ${n++}`, clock),
  drives: directoryDrivesPort((name) => join(root, name), names),
  ...(recoverPy ? { recoverPy } : {}),
});
const people = { lead: 'Ivy Lead', witness: 'Jon Witness' };

async function drill(secrets: DrillRunInput['secrets'], recoverPy?: RecoverPyRunner) {
  const app = createBreakglassApp(ports(recoverPy));
  await app.openVaultSet({ dir });
  return app.runDrill({ people, secrets });
}
const messages = (result: Awaited<ReturnType<typeof drill>>) => result.report.exceptions.map((e) => `${e.kind}: ${e.message}`);

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bg-drill-unit-'));
  dir = join(root, 'set');
  for (const name of names) await mkdir(join(root, name));
  set = await createDrillSet(dir, ports(), 1);
  other = await createDrillSet(join(root, 'other'), ports(), 1);
  const app = createBreakglassApp(ports());
  await app.openVaultSet({ dir });
  await app.exportStore({ store: 'password-vault', mountPoint: join(root, 'PW1'), driveName: 'PW one', location: 'Safe A' });
  await app.exportStore({ store: 'mfa-seeds', mountPoint: join(root, 'MFA1'), driveName: 'MFA one', location: 'Safe B' });
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const good = () => ({
  'password-vault': { shares: set.pw.map(words) },
  'mfa-seeds': { shares: set.mfa.map(words), passphrase: MFA_PASSPHRASE },
});

describe('drill', () => {
  it('passes with every share, both drives and the real recover.py', async () => {
    const result = await drill(good());
    expect(messages(result)).toEqual([]);
    expect(result.report.result).toBe('passed');
    // The emergency sheet prints the last completed drill.
    const app = createBreakglassApp(ports());
    await app.openVaultSet({ dir });
    await app.abortDrill({ people, reason: 'test: an aborted drill is not the last drill' });
    const outFile = join(root, 'emergency-mfa.pdf');
    await app.printDocument({ document: 'emergency', store: 'mfa-seeds', outFile });
    expect(pageWords(new Uint8Array(await readFile(outFile))).join(' ')).toContain('Last drill 2026-11-22 — passed');
    const status = await app.getDrillStatus();
    expect(status).toMatchObject({ overdue: false, lastDrill: { result: 'aborted' }, summary: 'next drill due 2027-02-20' });
  });

  it('names a share of another vault set and a wrong passphrase, and still opens with the shares that passed', async () => {
    const result = await drill({
      'password-vault': { shares: [...set.pw.map(words), words(other.pw[0]!)] },
      'mfa-seeds': { shares: set.mfa.map(words), passphrase: 'not the mfa passphrase at all' },
    });
    expect(messages(result)).toEqual([
      expect.stringMatching(/^share-refused: entry 6 for the password vault belongs to another vault set/),
      expect.stringMatching(/^passphrase-refused: The passphrase typed for the MFA seed store was refused/),
    ]);
    expect(result.report.steps.filter((s) => s.title.startsWith('Quorum')).map((s) => s.result)).toEqual(['passed', 'passed']);
  });

  it('records "install python3-nacl and python3-argon2" when recover.py cannot import them, and python3 when it is missing', async () => {
    const noModules: RecoverPyRunner = {
      run: async () => ({ code: 1, stdout: new Uint8Array(), stderr: 'recover.py: cannot import nacl: install the Debian packages python3-nacl and python3-argon2\n' }),
    };
    const a = messages(await drill(good(), noModules));
    expect(a).toEqual([
      'no-app-path-not-checked: No-app path not checked: install python3-nacl and python3-argon2 (python3 cannot import nacl).',
      'no-app-path-not-checked: No-app path not checked: install python3-nacl and python3-argon2 (python3 cannot import nacl).',
    ]);
    const noPython: RecoverPyRunner = { run: async () => ({ code: null, stdout: new Uint8Array(), stderr: '', missing: '/usr/bin/python3 is not installed: Debian package python3' }) };
    expect(messages(await drill(good(), noPython))[0]).toMatch(/install python3 \(\/usr\/bin\/python3 is not installed/);
  });

  it('reports no quorum (and copies not opened) when too few shares pass, without a crash', async () => {
    const result = await drill({ 'password-vault': { shares: set.pw.slice(0, 2).map(words) }, 'mfa-seeds': { shares: [], passphrase: MFA_PASSPHRASE } });
    const kinds = result.report.exceptions.map((e) => e.kind);
    expect(kinds).toEqual(['share-not-checked', 'share-not-checked', 'share-not-checked', 'quorum-not-reached', 'copy-not-opened', 'no-app-path-not-checked', 'share-not-checked', 'share-not-checked', 'share-not-checked']);
  });

  it('names a share of a revoked set after a rotation', async () => {
    const app = createBreakglassApp(ports());
    await app.openVaultSet({ dir });
    await app.unlockStore({ store: 'password-vault', secret: { shares: set.pw.slice(0, 3).map(words) } });
    const rotated = await app.rotateCustody({ store: 'password-vault', custody: { shares: { threshold: 2, custodians: [{ name: 'Ana Lima' }, { name: 'Ben Okafor' }] } } });
    await app.lockAll();
    const fresh = rotated.issuedShares.map((s) => s.words.join(' '));
    const result = await drill({ ...good(), 'password-vault': { shares: [...fresh, words(set.pw[0]!)] } });
    expect(messages(result)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^share-refused: entry 3 for the password vault: this share belongs to revoked share set/),
        expect.stringMatching(/^drive-stale: "PW one" .*stale: re-export/),
      ]),
    );
  });
});

describe('drill status', () => {
  const entry = (at: string, result: string, extra: Record<string, string | number> = {}): AuditEntry => ({
    seq: 1, at, event: 'drill', actor: [], store: null, generation: null, setId: null, details: { result, ...extra }, prev: '0'.repeat(64),
  });
  const day = (s: string) => Date.parse(`${s}T12:00:00Z`);

  it('is overdue with no drill, due 90 days after the last pass, and says so when the last had exceptions', () => {
    expect(drillStatus([], day('2026-11-22'), 90)).toMatchObject({ lastDrill: null, overdue: true, summary: 'no drill recorded: run one' });
    const passed = [entry('2026-11-22T10:00:00Z', 'passed')];
    expect(drillStatus(passed, day('2027-02-19'), 90)).toMatchObject({ overdue: false, nextDue: '2027-02-20T10:00:00Z', summary: 'next drill due 2027-02-20' });
    expect(drillStatus(passed, day('2027-02-21'), 90)).toMatchObject({ overdue: true, summary: 'drill overdue since 2027-02-20' });
    const failed = [...passed, entry('2026-12-01T10:00:00Z', 'exceptions', { exceptions: 2, kinds: 'drive-stale,share-not-checked' }), entry('2026-12-02T10:00:00Z', 'aborted')];
    expect(drillStatus(failed, day('2026-12-03'), 30)).toMatchObject({
      lastDrill: { result: 'aborted' },
      nextDue: '2026-12-22T10:00:00Z',
      openExceptions: ['drive-stale', 'share-not-checked'],
      summary: 'next drill due 2026-12-22; the last drill had exceptions',
    });
  });
});

describe('drill paper and emergency sheets', () => {
  it('restores the printed paper backup (PDF through poppler) byte for byte, and names scans of the other store, a missing scan and a stale sheet', async () => {
    const paperDir = join(root, 'paper');
    const fixture = await createDrillSet(paperDir, ports(), 1);
    const a = await app(paperDir);
    const pdf = join(root, 'mfa-paper.pdf');
    await a.printDocument({ document: 'paper-backup', store: 'mfa-seeds', outFile: pdf });
    const mfa = await a.inspectStore({ file: join(paperDir, 'mfa-seeds.bgv') });
    const result = await a.runDrill({
      people,
      drives: [],
      secrets: { 'password-vault': { shares: fixture.pw.map(words) }, 'mfa-seeds': { shares: fixture.mfa.map(words), passphrase: MFA_PASSPHRASE } },
      paper: { 'mfa-seeds': [pdf], 'password-vault': [pdf, join(root, 'no-such-scan.png')] },
      sheets: { 'mfa-seeds': { generation: mfa.generation, fingerprint: mfa.fingerprint.replace(/(.{4})/g, '$1 ').toUpperCase() }, 'password-vault': { generation: 1, fingerprint: mfa.fingerprint } },
    });
    const lines = result.report.exceptions.map((e) => `${e.kind}: ${e.message}`);
    expect(lines.filter((l) => /^(paper|sheet)-/.test(l))).toEqual([
      expect.stringMatching(/^paper-unreadable: The scan .*no-such-scan\.png of the password vault's paper backup could not be read: The scan .* does not exist/),
      expect.stringMatching(/^paper-other-store: The scans given for the password vault \(.*mfa-paper\.pdf\) are the paper backup of the MFA seed store/),
      expect.stringMatching(/^sheet-stale: The password vault's emergency sheet names generation 1 .*reprint the emergency sheet\.$/),
    ]);
    const paperStep = result.report.steps.find((s) => s.title === 'Paper backup of the MFA seed store')!;
    expect(paperStep).toMatchObject({ result: 'passed', lines: [expect.stringMatching(/restores the MFA seed store, generation \d+, byte for byte/)] });
    expect(result.report.artifacts.filter((x) => x.what === 'paper').map((x) => x.sha256)).toEqual([mfa.fingerprint, mfa.fingerprint]);
  });
});

describe('drill bag numbers', () => {
  it('records bags at sealing (CLI), flags a mismatch and an unknown bag as possible tampering, and records the new bags', async () => {
    const bagDir = join(root, 'bags');
    const fixture = await createDrillSet(bagDir, ports(), 1);
    const cli = (argv: string[]) => runCliInProcess(argv, { ports: ports() });
    const recorded = await cli(['drill', 'record', bagDir, '--store', 'password', '--bag', '1=tb-0001', '--bag', '2=TB-0002', '--bag', '3=TB-0003', '--interval-days', '30']);
    expect(recorded.stderr).toBe('');
    expect(recorded.stdout).toMatch(/^Recorded 3 bag numbers; drill interval 30 days\. Record SHA-256 ([0-9a-f]{64})/);
    const bagFile = join(root, 'bags.txt');
    await writeFile(bagFile, '# kind index seen new\npassword 1 TB-0001 TB-0101\npassword 2 TB-9999 TB-0102\npassword 4 TB-0004 TB-0104\n');
    const stdin = [...fixture.pw.slice(0, 3).map(words), '', MFA_PASSPHRASE, ''];
    const run = await runCliInProcess(['drill', 'run', bagDir, '--lead', 'Ivy', '--witness', 'Jon', '--bags', bagFile, '--drive', join(root, 'none'), '--json'], { ports: ports(), stdin });
    const out = JSON.parse(run.stdout);
    const bagLines = out.report.exceptions.filter((e: { kind: string }) => e.kind.startsWith('bag-')).map((e: { kind: string; message: string }) => `${e.kind}: ${e.message}`);
    expect(bagLines).toEqual([
      "bag-mismatch: Possible tampering: share 2 of the password vault (Ben Okafor) came in bag TB-9999, but bag TB-0002 was recorded when it was sealed: rotate this store's shares.",
      "bag-unknown: Possible tampering: share 4 of the password vault (Dara Nolan) came in bag TB-0004, but no bag is recorded for it: rotate this store's shares.",
    ]);
    expect(out.report.bags.slice(0, 2)).toEqual([
      { store: 'password-vault', index: 1, holder: 'Ana Lima', recorded: 'TB-0001', seen: 'TB-0001', sealedInto: 'TB-0101' },
      { store: 'password-vault', index: 2, holder: 'Ben Okafor', recorded: 'TB-0002', seen: 'TB-9999', sealedInto: 'TB-0102' },
    ]);
    const record = await readFile(join(bagDir, 'drill-record.json'));
    expect(JSON.parse(record.toString()).bags.map((b: { index: number; bag: string }) => `${b.index}=${b.bag}`)).toEqual(['1=TB-0101', '2=TB-0102', '3=TB-0003', '4=TB-0104']);
    const log = parseAuditLog(await readFile(join(bagDir, 'audit-log.jsonl'), 'utf8'));
    const bagsEntry = log.filter((e) => e.event === 'drill.bags').at(-1)!;
    expect(bagsEntry.details.recordSha256).toBe(createHash('sha256').update(record).digest('hex'));
    // The record's entry comes before the drill's own, and is inside the head the report names.
    expect(out.report.auditHeadAfter.seq).toBe(bagsEntry.seq);
    expect((await app(bagDir).then((a) => a.getDrillStatus())).intervalDays).toBe(30);
  });

  it('lists the break-glass reminders due at the time of the drill in its report, apart from the drill exceptions', async () => {
    const runDir = join(root, 'with-run');
    const fixture = await createDrillSet(runDir, ports(), 1);
    const a = await app(runDir);
    await a.unlockStore({ store: 'password-vault', secret: { shares: fixture.pw.slice(0, 3).map(words) } });
    await a.setRunRequirement({ required: true, openRunHours: 4, actors: ['Ivy Lead'] });
    await a.startRun({ accounts: ['100000000000'], task: 'account-settings', reason: 'change the root e-mail', actors: ['Ivy Lead', 'Ana Lima'] });
    const stdin = [...fixture.pw.slice(0, 3).map(words), '', MFA_PASSPHRASE, ''];
    const drillNow = async (report: string) => {
      const run = await runCliInProcess(['drill', 'run', runDir, '--lead', 'Ivy', '--witness', 'Jon', '--drive', join(root, 'none'), '--report', join(root, report), '--json'], { ports: ports(), stdin });
      return { report: JSON.parse(run.stdout).report, text: pageWords(new Uint8Array(await readFile(join(root, report)))).join(' ') };
    };
    // Young enough: nothing due, and the report says so.
    const early = await drillNow('reminders-none.pdf');
    expect(early.report.reminders).toEqual([]);
    expect(early.text).toContain('Break-glass reminders None: no open run, no exposed password left unrotated');
    clock.advance(5 * 3600);
    try {
      const late = await drillNow('reminders-due.pdf');
      expect(late.report.reminders).toEqual([{ due: true, text: expect.stringMatching(/^Run 1 has been open for 5 hours \(since .+\): close it with its outcome\.$/) }]);
      expect(late.text).toContain('Break-glass reminders DUE: Run 1 has been open for 5 hours');
      // A reminder is not a drill exception: the drill's own checks decide its result.
      expect(late.report.exceptions.map((e: { message: string }) => e.message).join('\n')).not.toContain('Run 1');
      expect(late.report.exceptions.length).toBe(early.report.exceptions.length);
    } finally {
      clock.advance(-5 * 3600);
    }
  });
});

async function app(d: string) {
  const a = createBreakglassApp(ports());
  await a.openVaultSet({ dir: d });
  return a;
}
