// `breakglass run …`, `runbook`, `temp-root …` and `status` as custodians run them: a whole break-glass run
// from start to a closed run with stale copies, and every refusal FORMAT.md §15.3 names.

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../../src/cli/run.js';
import { runCliInProcess } from '../support/cli.js';
import { pageTexts } from '../support/pdf-text.js';
import { TestClock, testPorts } from '../support/ports.js';

const PW = 'runs cli vault passphrase';
const MFA = 'runs cli mfa passphrase!';
const SEED = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const MGMT = '111111111111';
const EXCL = '222222222222';
const MEMBER = '333333333333';

let root: string;
let dir: string;
let clock: TestClock;
let invocation = 0;

const cli = (argv: string[], stdin: readonly string[] = []) => runCliInProcess(argv, { ports: testPorts(`runs ${invocation++}`, clock), stdin });

async function ok(argv: string[], stdin: readonly string[] = []): Promise<string> {
  const result = await cli(argv, stdin);
  expect(result.stderr + result.stdout, argv.join(' ')).not.toMatch(/unexpected internal error/);
  expect(result.code, `${argv.join(' ')}\n${result.stderr}`).toBe(EXIT_OK);
  return result.stdout;
}

async function auditLines(): Promise<Record<string, unknown>[]> {
  return (await readFile(join(dir, 'audit-log.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'bg-runs-cli-'));
  dir = join(root, 'set');
  clock = new TestClock();
  await ok(['init', dir, '--kdf-profile', 'test'], [PW, PW, MFA, MFA]);
  await ok(['account', 'add', dir, '--account', MGMT, '--name', 'Management', '--class', 'management', '--email', 'root+mgmt@example.com'], [PW, 'Old-Root-Password-1!']);
  await ok(['account', 'add', dir, '--account', EXCL, '--name', 'Logging', '--class', 'excluded', '--email', 'root+log@example.com'], [PW, 'Old-Root-Password-2!']);
  await ok(['seed', 'add', dir, '--account', MGMT, '--device', 'root-totp'], [MFA, SEED]);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('breakglass run', () => {
  it('ties reveals and login sessions to the run, rotates at close, and shows the copies stale', async () => {
    // A new vault set requires runs (init --require-run on is the default).
    const refused = await cli(['password', 'reveal', dir, '--account', MGMT], [PW]);
    expect(refused.code).toBe(EXIT_FAILED);
    expect(refused.stderr).toMatch(/requires a break-glass run: no run is open for account 111111111111.*\[RUN_REQUIRED\]/s);
    expect(refused.stdout).toBe('');

    const started = await ok(['run', 'start', dir, '--account', MGMT, '--task', 'support-plan', '--reason', 'Downgrade support plan', '--ticket', 'CHG-42', '--as', 'Alice, Bob'], [PW]);
    expect(started).toMatch(/Started run 1\./);
    clock.advance(60);
    expect(await ok(['password', 'reveal', dir, '--account', MGMT], [PW])).toBe('Old-Root-Password-1!\n');
    const totp = JSON.parse(await ok(['totp', dir, '--account', MGMT, '--json', '--run', '1'], [MFA])) as { current: string };
    expect(totp.current).toMatch(/^\d{6}$/);
    const entries = await auditLines();
    expect(entries.filter((e) => (e.details as Record<string, unknown>).run === 1).map((e) => e.event)).toEqual(['run.start', 'password.reveal', 'totp.session-start', 'totp.session-end']);
    const start = entries.find((e) => e.event === 'run.start')!;
    expect((start.details as Record<string, unknown>).runsSha256).toMatch(/^[0-9a-f]{64}$/);

    // A cancelled rotation keeps the old password and the run open.
    clock.advance(600);
    const cancelled = await cli(['run', 'close', dir, '1', '--outcome', 'Plan changed'], [PW, 'no']);
    expect(cancelled.code).toBe(EXIT_FAILED);
    expect(cancelled.stderr).toMatch(/Rotation of 111111111111 cancelled: its old password stays sealed and run 1 stays open/);
    expect(await ok(['password', 'reveal', dir, '--account', MGMT], [PW])).toBe('Old-Root-Password-1!\n');
    expect(JSON.parse(await ok(['run', 'list', dir, '--json']))[0].state).toBe('open');

    const closed = await cli(['run', 'close', dir, '1', '--outcome', 'Plan changed', '--as', 'Alice, Bob'], [PW, 'set']);
    expect(closed.code, closed.stderr).toBe(EXIT_OK);
    const newPassword = closed.stdout.trim().split(' ')[1] as string;
    expect(newPassword).toHaveLength(32);
    expect(newPassword).not.toBe('Old-Root-Password-1!');
    // The reveal after the new seal happened in run 1 as well; it sees the new password.
    const runs = JSON.parse(await ok(['run', 'list', dir, '--json'])) as { state: string; rotations: { generation: number }[] }[];
    expect(runs[0]!.state).toBe('closed');
    expect(runs[0]!.rotations).toHaveLength(1);

    const twice = await cli(['run', 'close', dir, '1', '--outcome', 'again'], [PW]);
    expect(twice.code).toBe(EXIT_FAILED);
    expect(twice.stderr).toMatch(/Run 1 is already closed .*Nothing was changed/);
  });

  it('marks the run "closed — copies stale" while a printed paper backup is older than the rotation', async () => {
    await ok(['print', 'paper-backup', dir, '--store', 'password', '--out', join(root, 'paper.pdf')]);
    await ok(['run', 'start', dir, '--account', EXCL, '--task', 'other', '--reason', 'Check the logging account', '--as', 'Alice'], [PW]);
    await ok(['password', 'reveal', dir, '--account', EXCL], [PW]);
    await ok(['run', 'close', dir, '1', '--outcome', 'Checked', '--rotate'], [PW, 'set']);
    const runs = JSON.parse(await ok(['run', 'list', dir, '--json'])) as { state: string; staleCopies: string[] }[];
    expect(runs[0]!.state).toBe('closed-copies-stale');
    expect(runs[0]!.staleCopies).toEqual([expect.stringMatching(/^paper backup \(generation \d+\)$/)]);
    const status = await cli(['status', dir]);
    expect(status.code).toBe(EXIT_FAILED);
    expect(status.stdout).toMatch(/Run 1 is closed — copies stale: paper backup/);
    // Printing the paper backup again brings the run to "closed".
    await ok(['print', 'paper-backup', dir, '--store', 'password', '--out', join(root, 'paper-2.pdf')]);
    expect((JSON.parse(await ok(['run', 'list', dir, '--json'])) as { state: string }[])[0]!.state).toBe('closed');
    expect((await cli(['status', dir])).code).toBe(EXIT_OK);
  });

  it('refuses an account not in the vault, a full-root task on a member account, and a clock that went backwards', async () => {
    const initial = await readFile(join(dir, 'runs.json'));
    const unknown = await cli(['run', 'start', dir, '--account', '999999999999', '--task', 'other', '--reason', 'x', '--as', 'Alice'], [PW]);
    expect(unknown.code).toBe(EXIT_FAILED);
    expect(unknown.stderr).toMatch(/Account 999999999999 is not in this password vault, so no root of it is kept here/);
    const fullRoot = await cli(['run', 'start', dir, '--member', MEMBER, '--task', 'close-account', '--reason', 'Close it', '--as', 'Alice'], [PW]);
    expect(fullRoot.code).toBe(EXIT_FAILED);
    expect(fullRoot.stderr).toMatch(/needs the full root user, and this vault holds no root of member account 333333333333/);
    const unknownTask = await cli(['run', 'start', dir, '--account', MGMT, '--task', 'dance', '--reason', 'x', '--as', 'Alice'], [PW]);
    expect(unknownTask.stderr).toMatch(/Unknown task "dance": choose one of account-settings/);
    const noPeople = await cli(['run', 'start', dir, '--account', MGMT, '--task', 'other', '--reason', 'x']);
    expect(noPeople.code).toBe(EXIT_USAGE);
    expect(await readFile(join(dir, 'runs.json'))).toEqual(initial);

    await ok(['run', 'start', dir, '--member', MEMBER, '--task', 's3-bucket-policy', '--reason', 'Bucket locked', '--as', 'Alice'], [PW]);
    const before = await readFile(join(dir, 'runs.json'));
    clock.advance(-3600);
    const backwards = await cli(['run', 'close', dir, '1', '--outcome', 'done', '--no-rotate'], [PW]);
    expect(backwards.code).toBe(EXIT_FAILED);
    expect(backwards.stderr).toMatch(/the clock went backwards.*nothing was changed/s);
    expect(await readFile(join(dir, 'runs.json'))).toEqual(before);
  });

  it('refuses a runs record changed outside Breakglass', async () => {
    await ok(['run', 'start', dir, '--account', MGMT, '--task', 'other', '--reason', 'x', '--as', 'Alice'], [PW]);
    const text = await readFile(join(dir, 'runs.json'), 'utf8');
    await writeFile(join(dir, 'runs.json'), text.replace('"reason":"x"', '"reason":"y"'));
    const list = await cli(['run', 'list', dir]);
    expect(list.code).toBe(EXIT_FAILED);
    expect(list.stderr).toMatch(/is not the one the audit log recorded last.*\[INTEGRITY\]/s);
  });
});

describe('breakglass runbook, temp-root and status', () => {
  it('prints a member account runbook with the exact AssumeRoot command and the full-root path with the MFA warning', async () => {
    const s3 = await ok(['runbook', dir, '--member', MEMBER, '--task', 's3-bucket-policy']);
    expect(s3).toContain(
      'aws sts assume-root --region us-east-1 --endpoint-url https://sts.us-east-1.amazonaws.com --target-principal 333333333333 --task-policy-arn arn=arn:aws:iam::aws:policy/root-task/S3UnlockBucketPolicy --duration-seconds 900',
    );
    expect(s3).toContain('aws s3api delete-bucket-policy --bucket BUCKET');
    const full = await ok(['runbook', dir, '--member', MEMBER, '--task', 'close-account']);
    expect(full).toContain('root-task/IAMCreateRootUserPassword');
    expect(full).toContain('root-task/IAMDeleteRootUserCredentials');
    expect(full).toMatch(/can fail with an MFA error for 10–15 minutes/);
    expect(full).toMatch(/temp-root add DIR --account 333333333333/);
  });

  it('writes a PDF runbook, one page per account, with no secret on it', async () => {
    const file = join(root, 'runbook.pdf');
    const out = await ok(['runbook', dir, '--account', MGMT, '--member', MEMBER, '--task', 'sqs-queue-policy', '--pdf', file], [PW]);
    expect(out).toMatch(/Wrote the runbook \(2 pages\)/);
    const pages = pageTexts(new Uint8Array(await readFile(file)));
    expect(pages).toHaveLength(2);
    const text = pages.join('\n');
    expect(text).toMatch(/Account 111111111111 — Management/);
    expect(text).toMatch(/page 1 of 2/);
    expect(text).toMatch(/SQSUnlockQueuePolicy/);
    expect(text).toMatch(/root\+mgmt@example\.com/);
    expect(text).not.toContain('Old-Root-Password-1!');
    expect(text).not.toContain(SEED);
  });

  it('records a temporary root, reminds when it expires, and closes it only with its credentials deleted', async () => {
    await ok(['run', 'start', dir, '--member', MEMBER, '--task', 'close-account', '--full-root', '--reason', 'Close the sandbox', '--as', 'Alice'], [PW]);
    expect(await ok(['temp-root', 'add', dir, '--account', MEMBER, '--run', '1'])).toMatch(/expires at 2026-11-23T08:00:00Z/);
    expect((await cli(['status', dir])).code).toBe(EXIT_OK);
    clock.advance(25 * 3600);
    const due = await cli(['status', dir, '--json']);
    expect(due.code).toBe(EXIT_FAILED);
    const reminders = (JSON.parse(due.stdout) as { reminders: { kind: string }[] }).reminders.map((r) => r.kind);
    expect(reminders).toEqual(expect.arrayContaining(['temp-root-expired', 'open-run']));
    const notDeleted = await cli(['temp-root', 'close', dir, '1']);
    expect(notDeleted.stderr).toMatch(/closed only once its credentials are deleted again/);
    await ok(['temp-root', 'close', dir, '1', '--credentials-deleted']);
    expect(await ok(['temp-root', 'list', dir])).toMatch(/333333333333/);
    const again = await cli(['temp-root', 'close', dir, '1', '--credentials-deleted']);
    expect(again.stderr).toMatch(/already closed/);
    await ok(['run', 'close', dir, '1', '--outcome', 'Closed the sandbox account'], [PW]);
    const status = await cli(['status', dir]);
    expect(status.stdout).toMatch(/No run is open\./);
    expect(status.code).toBe(EXIT_OK);
  });

  it('keeps an exposed password a reminder after a close without rotation', async () => {
    await ok(['run', 'start', dir, '--account', MGMT, '--task', 'tax-invoices', '--reason', 'Invoices', '--as', 'Alice'], [PW]);
    await ok(['password', 'reveal', dir, '--account', MGMT, '--run', '1'], [PW]);
    await ok(['run', 'close', dir, '1', '--outcome', 'Downloaded', '--no-rotate'], [PW]);
    const status = await cli(['status', dir]);
    expect(status.code).toBe(EXIT_FAILED);
    expect(status.stdout).toMatch(/The root password of 111111111111 was revealed in run 1 and is not rotated yet/);
  });
});
