// `breakglass print shares --bag INDEX=BAG`: each sheet prints its own bag number in the envelope box, and
// once the sheets are saved the bags are in the envelope record (drill-record.json) with one `drill.bags`
// audit entry (reason "print") after the `print` entry. A bad bag number, a bag given twice, a share that is
// not being printed or a malformed --bag is refused before anything: no sheet, no record, no audit entry.
// `drill record --bag` parses the same way and refuses the same mistakes.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuiltCli as run, type CliResult } from '../support/cli.js';
import { initSharedPasswordSet } from '../support/print-cli-set.js';
import { pageTexts } from '../support/pdf-text.js';

const MFA = 'print bags mfa passphrase';
let root: string;
let dir: string;
let shares: string[];

interface Entry {
  readonly event: string;
  readonly actor: readonly string[];
  readonly details: Record<string, unknown>;
}
const entries = (): Entry[] => (JSON.parse(run(['audit', 'list', dir, '--json']).stdout) as { entries: Entry[] }).entries;
const pdfs = async (): Promise<string[]> => (await readdir(root)).filter((name) => name.endsWith('.pdf')).sort();
const record = (): string | null => {
  try {
    return readFileSync(join(dir, 'drill-record.json'), 'utf8');
  } catch {
    return null;
  }
};

/** What must hold after a refusal: one clear line, and no sheet, no record change, no audit entry. */
async function expectNothingDone(result: CliResult, status: number, pattern: RegExp, before: { files: string[]; record: string | null; entries: number }): Promise<void> {
  expect(result.stdout).toBe('');
  expect(result.code, result.stderr).toBe(status);
  expect(result.stderr.split('\n')[0]).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(await pdfs()).toEqual(before.files);
  expect(record()).toBe(before.record);
  expect(entries()).toHaveLength(before.entries);
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bg-print-bags-'));
  ({ dir, shares } = await initSharedPasswordSet(root, MFA));
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('breakglass print shares --bag', () => {
  it('refuses a bad bag, a bag given twice, a share not printed and a malformed --bag before printing or recording anything', async () => {
    const before = { files: await pdfs(), record: record(), entries: entries().length };
    expect(before.record).toBeNull();
    const print = (...bags: string[]) => run(['print', 'shares', dir, '--store', 'password', '--out', join(root, 'refused.pdf'), ...bags.flatMap((b) => ['--bag', b])], [shares[0]!, shares[2]!]);
    await expectNothingDone(print('1=TB 01!'), 1, /^breakglass: The bag number of share 1 "TB 01!" is not a bag number: use the letters and digits printed on the envelope \(up to 64\)\. Nothing was printed\. \[VALIDATION\]$/, before);
    await expectNothingDone(print('1=tb-7', '3=TB-7'), 1, /^breakglass: The bag number TB-7 was given for share 1 and share 3: each share goes into its own bag\. Nothing was printed\. \[VALIDATION\]$/, before);
    await expectNothingDone(print('1=TB-1', '1=TB-2'), 1, /^breakglass: Share 1 was given two bag numbers: give each share one\. Nothing was printed\. \[VALIDATION\]$/, before);
    // Share 2 exists but is not among the sheets printed; share 9 does not exist.
    await expectNothingDone(print('2=TB-2'), 1, /^breakglass: There is no share 2 here: the bag numbers are for shares 1 and 3\. Nothing was printed\. \[VALIDATION\]$/, before);
    await expectNothingDone(print('9=TB-9'), 1, /^breakglass: There is no share 9 here: the bag numbers are for shares 1 and 3\. Nothing was printed\. \[VALIDATION\]$/, before);
    await expectNothingDone(print('1:TB-1'), 2, /^breakglass print shares: --bag must be INDEX=BAG \(e\.g\. 2=TB-004512\), got "1:TB-1"$/, before);
    await expectNothingDone(run(['print', 'spec', dir, '--store', 'password', '--out', join(root, 'spec.pdf'), '--bag', '1=TB-1']), 2, /--bag/, before);
  });

  it('prints each bag number on its own sheet and records the bags with one drill.bags entry after the print entry', async () => {
    const printed = run(['print', 'shares', dir, '--store', 'password', '--out', join(root, 'pw.pdf'), '--bag', '3=te-3003', '--bag', '1=TE-1001', '--as', 'Ana Lima'], [shares[0]!, shares[2]!]);
    expect(printed.stderr).toBe('');
    expect(printed.code).toBe(0);
    expect(printed.stdout).toContain('Bag numbers recorded in the envelope record (drill-record.json, in the audit log): share 1 TE-1001, share 3 TE-3003. Seal each sheet in the bag printed on it.\n');
    expect(await pdfs()).toEqual(['pw-1-of-3.pdf', 'pw-3-of-3.pdf']);
    const first = pageTexts(await readFile(join(root, 'pw-1-of-3.pdf'))).join('\n');
    const third = pageTexts(await readFile(join(root, 'pw-3-of-3.pdf'))).join('\n');
    expect(first).toMatch(/Tamper-evident envelope \/ bag number[\s\S]*TE-1001/);
    expect(first).not.toContain('TE-3003');
    expect(third).toMatch(/Tamper-evident envelope \/ bag number[\s\S]*TE-3003/);
    expect(third).not.toContain('TE-1001');

    const text = record()!;
    const json = JSON.parse(text) as { bags: { store: string; index: number; bag: string; shareSetId: string }[] };
    expect(json.bags.map((b) => [b.store, b.index, b.bag])).toEqual([
      ['password-vault', 1, 'TE-1001'],
      ['password-vault', 3, 'TE-3003'],
    ]);
    const log = entries();
    expect(log.slice(-2).map((e) => e.event)).toEqual(['print', 'drill.bags']);
    expect(log.at(-1)).toMatchObject({ actor: ['Ana Lima'], details: { changed: 2, reason: 'print', recordSha256: createHash('sha256').update(text).digest('hex') } });
  });

  it('reprinting share 1 into a new bag replaces its bag in the record, keeping share 3', async () => {
    const printed = run(['print', 'shares', dir, '--store', 'password', '--out', join(root, 'again.pdf'), '--bag', '1=TE-1101'], [shares[0]!]);
    expect(printed.code, printed.stderr).toBe(0);
    const json = JSON.parse(record()!) as { bags: { index: number; bag: string }[] };
    expect(json.bags.map((b) => [b.index, b.bag])).toEqual([
      [1, 'TE-1101'],
      [3, 'TE-3003'],
    ]);
    expect(entries().at(-1)?.details).toMatchObject({ changed: 1, reason: 'print' });
  });

  it('drill record --bag parses the same way and refuses the same mistakes, recording nothing', async () => {
    const before = { files: await pdfs(), record: record(), entries: entries().length };
    const rec = (...bags: string[]) => run(['drill', 'record', dir, '--store', 'password', ...bags.flatMap((b) => ['--bag', b])]);
    await expectNothingDone(rec('1=TB-5', '2=tb-5'), 1, /^breakglass: The bag number TB-5 was given for share 1 and share 2: each share goes into its own bag\. Nothing was recorded\. \[VALIDATION\]$/, before);
    await expectNothingDone(rec('4=TB-4'), 1, /^breakglass: There is no share 4 here: the bag numbers are for shares 1 to 3\. Nothing was recorded\. \[VALIDATION\]$/, before);
    await expectNothingDone(rec('2=TB 2'), 1, /is not a bag number/, before);
    await expectNothingDone(rec('two=TB-2'), 2, /^breakglass drill record: --bag must be INDEX=BAG/, before);
    const ok = rec('2=tb-2002');
    expect(ok.code, ok.stderr).toBe(0);
    expect(entries().at(-1)?.details).toMatchObject({ changed: 1, reason: 'sealed' });
  });
});
