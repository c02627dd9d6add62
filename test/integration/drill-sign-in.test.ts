// The drill's attested live sign-in step through the `breakglass` command: an ok and a failed sign-in (the
// failed one an exception of its own), in the JSON result and in the report PDF read back with pdftotext;
// then bad values — a malformed option, an impossible time, an account the vault does not hold — each a
// usage error naming it. No drive is presented here (drill-loop.test.ts covers the copies). FORMAT.md §16.

import { mkdtempSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { parseAuditLog } from '../../src/audit/audit-log.js';
import { EXIT_FAILED, EXIT_USAGE } from '../../src/cli/run.js';
import { runCliInProcess } from '../support/cli.js';
import { createDrillSet, hashTree, MFA_PASSPHRASE, words, type DrillFixture } from '../support/drill-fixture.js';
import { pageWords, PDFTOTEXT } from '../support/pdf-text.js';
import { testPorts, TestClock } from '../support/ports.js';
import { itWithTools } from '../support/tools.js';

let root: string;
let dir: string;
let set: DrillFixture;
let n = 0;
const clock = new TestClock(Date.UTC(2026, 11, 2, 10, 0, 0));
const cli = (argv: string[], lines: readonly string[] = []) => runCliInProcess(argv, { ports: testPorts(`drill sign-in ${n++}`, clock), stdin: lines });
const secrets = () => [...set.pw.slice(0, 3).map(words), '', ...set.mfa.slice(0, 2).map(words), MFA_PASSPHRASE, ''];
const people = ['--lead', 'Ivy Lead', '--witness', 'Jon Witness'];
const drillEntries = async () => parseAuditLog(await readFile(join(dir, 'audit-log.jsonl'), 'utf8')).filter((e) => e.event === 'drill');

interface Step {
  readonly title: string;
  readonly result: string;
  readonly by: string[];
  readonly lines: string[];
}
interface Exception {
  readonly kind: string;
  readonly message: string;
}

describe('the live sign-in step of the drill (CLI)', () => {
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'bg-drill-sign-in-'));
    dir = join(root, 'set');
    set = await createDrillSet(dir, testPorts('drill sign-in setup', clock));
  });
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  itWithTools([PDFTOTEXT])('records an ok and a failed sign-in as an attested step; the failed one is an exception, in the JSON and the report', async () => {
    clock.advance(60);
    const report = join(root, 'drill-sign-in.pdf');
    const run = await cli(['drill', 'run', dir, ...people, '--sign-in', '100000000000=ok@09:55', '--sign-in', '100000000001=failed', '--report', report, '--json'], secrets());
    expect(run.code).toBe(EXIT_FAILED);
    const out = JSON.parse(run.stdout) as { report: { steps: Step[]; exceptions: Exception[]; signIns: unknown } };
    const step = out.report.steps.find((s) => s.title.startsWith('Live sign-in'))!;
    expect(step).toMatchObject({ title: 'Live sign-in (attested by Ivy Lead and Jon Witness)', result: 'exceptions', by: ['Ivy Lead', 'Jon Witness'] });
    expect(step.lines[0]).toBe('Account 100000000000 (Account 0), 2026-12-02 09:55 UTC: signed in as root with the app — ok.');
    // Without a time the sign-in is recorded at the drill's time (the step's).
    expect(out.report.signIns).toEqual([
      { accountId: '100000000000', at: '2026-12-02T09:55:00Z', outcome: 'ok' },
      { accountId: '100000000001', at: '2026-12-02T10:01:00Z', outcome: 'failed' },
    ]);
    const failed = out.report.exceptions.filter((e) => e.kind === 'sign-in-failed');
    expect(failed.map((e) => e.message)).toEqual([
      "The live sign-in to 100000000001 (Account 1) failed (2026-12-02 10:01 UTC): find out why (the root password, the MFA code, the account's state) and sign in again; until then this account's break-glass path is not proven.",
    ]);
    expect((await drillEntries()).at(-1)!.details).toMatchObject({ result: 'exceptions', kinds: expect.stringContaining('sign-in-failed') });

    const text = pageWords(new Uint8Array(await readFile(report))).join(' ');
    expect(text).toMatch(/Live sign-in \(attested by Ivy Lead and Jon Witness\): EXCEPTIONS at 2026-12-02T10:01:00Z, by Ivy Lead, Jon Witness\./);
    expect(text).toContain('Account 100000000000 (Account 0), 2026-12-02 09:55 UTC: signed in as root with the app — ok.');
    expect(text).toMatch(/The live sign-in to 100000000001 \(Account 1\) failed \(2026-12-02 10:01 UTC\)/);
  });

  itWithTools([])('an ok sign-in alone is a manual step with no exception of its own; without --sign-in there is no such step', async () => {
    clock.advance(60);
    const run = await cli(['drill', 'run', dir, ...people, '--sign-in', '100000000001=ok@7:05', '--json'], secrets());
    const out = JSON.parse(run.stdout) as { report: { steps: Step[]; exceptions: Exception[]; signIns: unknown } };
    expect(out.report.steps.find((s) => s.title.startsWith('Live sign-in'))).toMatchObject({ result: 'manual', lines: ['Account 100000000001 (Account 1), 2026-12-02 07:05 UTC: signed in as root with the app — ok.'] });
    expect(out.report.exceptions.map((e) => e.kind)).not.toContain('sign-in-failed');
    expect(out.report.signIns).toEqual([{ accountId: '100000000001', at: '2026-12-02T07:05:00Z', outcome: 'ok' }]);

    const plain = JSON.parse((await cli(['drill', 'run', dir, ...people, '--json'], secrets())).stdout) as { report: { steps: Step[] } & Record<string, unknown> };
    expect(plain.report.steps.some((s) => s.title.startsWith('Live sign-in'))).toBe(false);
    expect('signIns' in plain.report).toBe(false);
  });

  itWithTools([])('refuses a bad --sign-in before anything is checked, and an account the vault does not hold by its id', async () => {
    const entries = (await drillEntries()).length;
    const before = await hashTree(dir, (name) => name !== 'audit-log.jsonl');
    for (const [value, why] of [
      ['12345=ok', /--sign-in must be ACCOUNT=ok or ACCOUNT=failed, optionally @HH:MM .*got "12345=ok"/],
      ['100000000000=maybe', /--sign-in must be ACCOUNT=ok or ACCOUNT=failed.*got "100000000000=maybe"/],
      ['100000000000', /--sign-in must be ACCOUNT=ok or ACCOUNT=failed/],
      ['100000000000=ok@24:00', /--sign-in 100000000000=ok@24:00: 24:00 is not a time of day; give HH:MM from 00:00 to 23:59 \(UTC\)/],
      ['100000000000=ok@10:75', /10:75 is not a time of day/],
      ['100000000000=ok@10', /--sign-in must be ACCOUNT=ok or ACCOUNT=failed/],
    ] as const) {
      const run = await cli(['drill', 'run', dir, ...people, '--sign-in', value], secrets());
      expect(run.code, value).toBe(EXIT_USAGE);
      expect(run.stderr, value).toMatch(why);
      expect(run.stdout, value).toBe('');
    }
    // Malformed options are refused before the secrets are read: no drill entry at all.
    expect((await drillEntries()).length).toBe(entries);

    // An account the vault does not hold is known only once the drill opened it: the drill stops there.
    const report = join(root, 'never.pdf');
    const run = await cli(['drill', 'run', dir, ...people, '--sign-in', '100000000000=ok', '--sign-in', '999999999999=failed@10:00', '--report', report], secrets());
    expect(run.code).toBe(EXIT_USAGE);
    expect(run.stderr).toMatch(/--sign-in: Account 999999999999 is not in this vault set's password vault: .*List the accounts with "breakglass account list DIR"\./);
    expect(run.stdout).toBe('');
    await expect(readFile(report)).rejects.toThrow(/ENOENT/);
    const after = await drillEntries();
    expect(after.length).toBe(entries + 1);
    expect(after.at(-1)!.details).toMatchObject({ result: 'aborted', why: expect.stringContaining('999999999999') });
    expect(await hashTree(dir, (name) => name !== 'audit-log.jsonl')).toEqual(before);
  });
});
