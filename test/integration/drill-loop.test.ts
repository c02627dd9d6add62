// The drill through the `breakglass` command on loop-mounted ext4 drives, two per store: a full pass with
// recover.py run for real and the report read back with pdftotext; then one stale and one tampered drive,
// a drive of another vault set, a mistyped word, a share of the other store and an absent custodian, each an
// exception of its own; an aborted drill; the status. Every store file and every BREAKGLASS/ stays unchanged.

import { mkdtempSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBreakglassApp } from '../../src/app/index.js';
import { parseAuditLog } from '../../src/audit/audit-log.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../../src/cli/run.js';
import { runCliInProcess } from '../support/cli.js';
import { createDrillSet, hashTree, MFA_PASSPHRASE, words, type DrillFixture } from '../support/drill-fixture.js';
import { createLoopDrive, fakeUsbPort, LOOP_UNAVAILABLE, removeLoopDrive, type LoopDrive } from '../support/loop-drives.js';
import { pageWords } from '../support/pdf-text.js';
import { testPorts, TestClock } from '../support/ports.js';
import { IN_CI } from '../support/tools.js';

const skip = LOOP_UNAVAILABLE !== undefined && !IN_CI;
let root: string;
let dir: string;
let drives: LoopDrive[] = [];
let set: DrillFixture;
let n = 0;
const clock = new TestClock();
const ports = () => ({ ...testPorts(`drill loop ${n++}`, clock), drives: fakeUsbPort(() => drives) });
const cli = (argv: string[], lines: readonly string[] = []) => runCliInProcess(argv, { ports: ports(), stdin: lines });
const mount = (label: string) => drives.find((d) => d.label === label)!.mountPoint;

/** Every file of the vault set but the audit log, and every drive's BREAKGLASS/. */
async function snapshot(): Promise<Record<string, unknown>> {
  const all: Record<string, unknown> = { set: await hashTree(dir, (name) => name !== 'audit-log.jsonl') };
  for (const d of drives) all[d.label] = await hashTree(join(d.mountPoint, 'BREAKGLASS'));
  return all;
}
const drillEntries = async () => parseAuditLog(await readFile(join(dir, 'audit-log.jsonl'), 'utf8')).filter((e) => e.event === 'drill');
const allSecrets = () => [...set.pw.map(words), '', ...set.mfa.map(words), MFA_PASSPHRASE, ''];

describe.skipIf(skip)(`the drill on loop drives${skip ? ` [skipped: ${LOOP_UNAVAILABLE}]` : ''}`, () => {
  beforeAll(async () => {
    if (LOOP_UNAVAILABLE) throw new Error(`loop drives are required in CI: ${LOOP_UNAVAILABLE}`);
    root = mkdtempSync(join(tmpdir(), 'bg-drill-loop-'));
    dir = join(root, 'set');
    drives = ['PWA', 'PWB', 'MFAA', 'MFAB', 'OTHER'].map((label) => createLoopDrive(root, label));
    set = await createDrillSet(dir, ports());
    const exp = async (store: string, label: string, name: string, location: string) =>
      expect((await cli(['export', dir, '--store', store, '--drive', mount(label), '--name', name, '--location', location])).code).toBe(EXIT_OK);
    await exp('password', 'PWA', 'PW-A onsite', 'Safe A, London');
    await exp('password', 'PWB', 'PW-B offsite', 'Bank vault, Leeds');
    await exp('mfa', 'MFAA', 'MFA-A onsite', 'Safe B, London');
    await exp('mfa', 'MFAB', 'MFA-B offsite', 'Bank vault, York');
    const other = join(root, 'other');
    await createBreakglassApp(ports()).createVaultSet({ dir: other, kdfProfile: 'test', password: { passphrase: 'another set passphrase' }, mfa: { passphrase: 'another set mfa phrase' } });
    expect((await cli(['export', other, '--store', 'password', '--drive', mount('OTHER'), '--name', 'Other set'])).code).toBe(EXIT_OK);
  });
  afterAll(async () => {
    for (const drive of drives) removeLoopDrive(drive);
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('passes when every share, copy and seed checks out; recover.py opens a drive copy; the report PDF reads back', async () => {
    clock.advance(60);
    const before = await snapshot();
    const report = join(root, 'drill-1.pdf');
    const drivesArgs = ['PWA', 'PWB', 'MFAA', 'MFAB'].flatMap((l) => ['--drive', mount(l)]);
    const run = await cli(['drill', 'run', dir, ...drivesArgs, '--lead', 'Ivy Lead', '--witness', 'Jon Witness', '--as', 'Ana Lima, Femi Ade', '--report', report], allSecrets());
    expect(run.stderr).toBe('');
    expect(run.code).toBe(EXIT_OK);
    expect(run.stdout).toMatch(/Result: PASSED: every check passed\./);
    expect(run.stdout).toMatch(/recover\.py \(the drive's own copy, run with \/usr\/bin\/python3\) opened the password vault on "PW-A onsite".*: 2 entries/);
    expect(run.stdout).toMatch(/1 virtual MFA seed decrypted one at a time, each yielded a code/);
    expect(run.stdout).toMatch(/Hardware TOTP token "token" \(serial GAHT1\).*seen in the safe {2}yes \/ no/);
    for (const secret of [...set.pw, ...set.mfa]) expect(run.stdout).not.toContain(secret.words.slice(0, 6).join(' '));
    expect(run.stdout).not.toContain(MFA_PASSPHRASE);
    expect(await snapshot()).toEqual(before);
    const pdf = new Uint8Array(await readFile(report));
    const text = pageWords(pdf).join(' ');
    expect(text).toContain('Disaster-recovery drill report');
    expect(text).toContain('Result: PASSED: every check passed.');
    expect(text).toMatch(/Drill lead: Ivy Lead/);
    expect(text).toMatch(/Custodian: Ana Lima/);
    const [entry] = await drillEntries();
    expect(entry).toMatchObject({ actor: ['Ivy Lead', 'Jon Witness', 'Ana Lima', 'Femi Ade'], details: { result: 'passed', exceptions: 0 } });
    expect(entry!.details.pdfSha256).toBe(createHash('sha256').update(pdf).digest('hex'));
    expect(text.replace(/\s/g, '')).toContain(String(entry!.details.reportSha256));
    const status = await cli(['drill', 'status', dir, '--json']);
    expect(status.code).toBe(EXIT_OK);
    expect(JSON.parse(status.stdout)).toMatchObject({ overdue: false, lastDrill: { result: 'passed' }, intervalDays: 90 });
    expect(JSON.parse(status.stdout).nextDue.slice(0, 10)).toBe('2027-02-20');
  });

  it('names every problem on its own line: stale, tampered, foreign drive, mistyped word, other store, absent custodian', async () => {
    const app = createBreakglassApp(ports());
    await app.openVaultSet({ dir });
    await app.unlockStore({ store: 'password-vault', secret: { shares: set.pw.slice(0, 3).map(words) } });
    await app.addAccount({ accountId: '200000000000', name: 'Later', accountClass: 'excluded', email: 'later@example.com', password: 'Later-Password-1!x' });
    await app.lockAll();
    expect((await cli(['export', dir, '--store', 'password', '--drive', mount('PWA')])).code).toBe(EXIT_OK);
    const file = join(mount('MFAB'), 'BREAKGLASS', 'mfa-seeds.bgv');
    const bytes = await readFile(file);
    bytes[bytes.length - 50] = bytes[bytes.length - 50]! ^ 1;
    await writeFile(file, bytes);
    const before = await snapshot();
    const typo = [...set.pw[1]!.words];
    typo[6] = typo[6] === 'abandon' ? 'ability' : 'abandon';
    const stdin = [words(set.pw[0]!), typo.join(' '), words(set.pw[2]!), words(set.pw[3]!), words(set.mfa[0]!), '', words(set.mfa[0]!), words(set.mfa[1]!), MFA_PASSPHRASE, ''];
    const run = await cli(['drill', 'run', dir, '--lead', 'Ivy Lead', '--witness', 'Jon Witness', '--json'], stdin);
    expect(run.code).toBe(EXIT_FAILED);
    expect(run.stderr).toMatch(/The drill ran with \d+ exceptions .*\[DRILL\]/);
    const out = JSON.parse(run.stdout);
    const kinds = out.report.exceptions.map((e: { kind: string }) => e.kind);
    const messages = out.report.exceptions.map((e: { message: string }) => e.message).join('\n');
    expect(messages).toMatch(/entry 2 for the password vault: word 7 is mistyped \(the checksum does not fit\)/);
    // The report never carries a share word: only the word's number.
    expect(messages.split('\n')[0]).toBe('entry 2 for the password vault: word 7 is mistyped (the checksum does not fit): compare word 7 with the printed sheet and enter the share again.');
    expect(messages).toMatch(/entry 5 for the password vault belongs to the MFA seed store, not the password vault/);
    expect(messages).toMatch(/Share 2 of the password vault \(Ben Okafor\) not checked/);
    expect(messages).toMatch(/Share 5 of the password vault \(Eve Marsh\) not checked/);
    expect(messages).toMatch(/Share 3 of the MFA seed store \(Hana Sato\) not checked/);
    expect(messages).toMatch(/"PW-B offsite" \(.*\): stale: re-export/);
    expect(messages).toMatch(/"MFA-B offsite" \(.*\): The MFA seed store file on this drive does not match its manifest/);
    expect(messages).toMatch(/"Other set" \(.*\) holds the password vault of another vault set/);
    expect(kinds).toEqual(expect.arrayContaining(['share-refused', 'share-not-checked', 'drive-stale', 'drive-damaged', 'drive-foreign']));
    // The quorum still opened each store: 3 good password shares, 2 MFA shares.
    expect(out.report.steps.find((s: { title: string }) => s.title === 'Quorum: the password vault opened in memory').result).toBe('passed');
    expect(await snapshot()).toEqual(before);
    const last = (await drillEntries()).at(-1)!;
    expect(last.details).toMatchObject({ result: 'exceptions', reportSha256: out.reportSha256 });
    const status = await cli(['drill', 'status', dir]);
    expect(status.code).toBe(EXIT_FAILED);
    expect(status.stdout).toMatch(/Open exceptions: .*drive-stale/);
  });

  it('an interrupted drill writes only an "aborted" audit entry', async () => {
    const before = await snapshot();
    const entries = (await drillEntries()).length;
    const run = await cli(['drill', 'run', dir, '--lead', 'Ivy Lead', '--witness', 'Jon Witness'], [MFA_PASSPHRASE, 'a second passphrase line', '']);
    expect(run.code).toBe(EXIT_USAGE);
    const after = await drillEntries();
    expect(after.length).toBe(entries + 1);
    expect(after.at(-1)!.details).toMatchObject({ result: 'aborted' });
    expect(await snapshot()).toEqual(before);
  });
});
