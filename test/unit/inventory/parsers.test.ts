import { describe, expect, it } from 'vitest';
import { CREDENTIAL_REPORT_HEADER } from '../../../src/inventory/aws-csv.js';
import { mergeInventory, type ImportedFile } from '../../../src/inventory/merge.js';
import { parseInventoryInput } from '../../../src/inventory/recognise.js';
import type { InventoryInputFile } from '../../../src/inventory/inputs.js';
import {
  accountSummaryJson,
  credentialReportCsv,
  deletionCsv,
  describeOrganizationJson,
  featuresJson,
  file,
  listAccountsJson,
  MANAGEMENT_ID,
} from '../../support/aws-inventory.js';

const imported = (inputs: InventoryInputFile[]): ImportedFile[] => inputs.map((f) => ({ name: f.name, sha256: 'a'.repeat(64), parsed: parseInventoryInput(f) }));
const refusal = (fn: () => unknown): { code: string; message: string } => {
  try {
    fn();
  } catch (error) {
    return { code: (error as { code: string }).code, message: (error as Error).message };
  }
  throw new Error('expected a refusal');
};

describe('parseInventoryInput', () => {
  it('recognises every kind by its content, whatever the file is called', () => {
    const kinds = [
      file('a.txt', listAccountsJson([{ id: MANAGEMENT_ID, name: 'Mgmt', email: 'root@example.com' }])),
      file('b.txt', describeOrganizationJson()),
      file('c.txt', featuresJson()),
      file('d-222222222222.txt', accountSummaryJson({ mfa: 1, keys: 0, password: 1 })),
      file('e.txt', credentialReportCsv('222222222222')),
      file('f.txt', deletionCsv([['333333333333', true]])),
      file('g.txt', '222222222222,444444444444\n'),
      file('h.txt', 'EXCLUDED_ACCOUNTS="222222222222, 444444444444"\n'),
    ].map((f) => parseInventoryInput(f).kind);
    expect(kinds).toEqual(['list-accounts', 'describe-organization', 'organizations-features', 'account-summary', 'credential-report', 'root-user-deletion', 'excluded-accounts', 'excluded-accounts']);
  });

  it('reads the root row of a credential report in any case of true/false/N/A', () => {
    const text = credentialReportCsv('222222222222', { mfa: 'TRUE', key1: 'True', key1LastUsed: '2026-11-20T10:00:00+00:00', passwordLastUsed: 'N/A' });
    const parsed = parseInventoryInput(file('cr.csv', text));
    expect(parsed).toMatchObject({ kind: 'credential-report', accountId: '222222222222', mfaActive: true, passwordLastUsed: null });
    expect(parsed.kind === 'credential-report' && parsed.accessKeys[0]).toEqual({ active: true, lastUsed: '2026-11-20' });
  });

  it('finds the root row when it is not the first row, and refuses a report without one', () => {
    const [header, root, user] = credentialReportCsv('222222222222').trim().split('\n') as [string, string, string];
    expect(parseInventoryInput(file('cr.csv', `${header}\n${user}\n${root}\n`))).toMatchObject({ accountId: '222222222222' });
    expect(refusal(() => parseInventoryInput(file('cr.csv', `${header}\n${user}\n`))).message).toMatch(/^cr\.csv: the report has no <root_account> row/);
  });

  it('reads get-credential-report JSON and dates it by GeneratedTime', () => {
    const json = JSON.stringify({ Content: Buffer.from(credentialReportCsv('222222222222')).toString('base64'), ReportFormat: 'text/csv', GeneratedTime: '2026-07-01T09:00:00+00:00' });
    expect(parseInventoryInput(file('report.json', json)).evidence).toEqual({ file: 'report.json', date: '2026-07-01' });
  });

  it('maps the retired Status onto State when State is absent', () => {
    const parsed = parseInventoryInput(file('p.json', listAccountsJson([{ id: '222222222222', name: 'X', email: 'x@example.com', status: 'SUSPENDED' }])));
    expect(parsed.kind === 'list-accounts' && parsed.accounts[0]?.state).toBe('SUSPENDED');
  });

  it('refuses malformed JSON naming the file and the line', () => {
    const r = refusal(() => parseInventoryInput(file('accounts.json', '{\n  "Accounts": [\n    {"Id": }\n  ]\n}')));
    expect(r.code).toBe('FORMAT');
    expect(r.message).toMatch(/^accounts\.json, line 3: malformed JSON/);
  });

  it('refuses malformed CSV naming the file and the line', () => {
    const r = refusal(() => parseInventoryInput(file('cr.csv', `${CREDENTIAL_REPORT_HEADER}\n"<root_account>,arn\n`)));
    expect(r.message).toMatch(/^cr\.csv, line 2: not valid CSV/);
  });

  it('refuses a file of none of the known kinds', () => {
    expect(refusal(() => parseInventoryInput(file('notes.txt', 'hello world\n'))).message).toMatch(/^notes\.txt: a file of none of the known kinds/);
    expect(refusal(() => parseInventoryInput(file('x.json', '{"Users": []}'))).message).toMatch(/^x\.json: JSON of none of the known kinds/);
  });

  it('refuses a credential report with another header, naming the column', () => {
    const old = credentialReportCsv('222222222222').replace('password_next_rotation,', '');
    const r = refusal(() => parseInventoryInput(file('old.csv', old)));
    expect(r.message).toMatch(/^old\.csv, line 1: this credential report has another header .*column 7 is "mfa_active", expected "password_next_rotation"/);
  });

  it('refuses an account id that is not 12 digits, naming the field', () => {
    const r = refusal(() => parseInventoryInput(file('p.json', listAccountsJson([{ id: '12345678901', name: 'X', email: 'x@example.com' }]))));
    expect(r.message).toMatch(/^p\.json, field Accounts\[0\]\.Id: "12345678901" is not an AWS account id/);
    expect(refusal(() => parseInventoryInput(file('ex.txt', '222222222222,12345\n'))).message).toMatch(/^ex\.txt, item 2: "12345"/);
    expect(refusal(() => parseInventoryInput(file('del.csv', deletionCsv([['2222', true]])))).message).toMatch(/^del\.csv, line 2, column AccountId/);
    expect(refusal(() => parseInventoryInput(file('cr.csv', credentialReportCsv('22222222222'))))).toMatchObject({ message: expect.stringMatching(/^cr\.csv, line 2, column arn/) });
  });

  it('refuses a value that is not true or false, naming line and column', () => {
    const r = refusal(() => parseInventoryInput(file('cr.csv', credentialReportCsv('222222222222', { mfa: 'yes' }))));
    expect(r.message).toMatch(/^cr\.csv, line 2, column mfa_active: "yes" is not true or false/);
  });

  it('reads Windows and old-Mac line ends as Unix ones, with the same line numbers in refusals', () => {
    const unix = credentialReportCsv('222222222222', { mfa: 'yes' });
    for (const end of ['\r\n', '\r']) {
      const text = unix.replace(/\n/g, end);
      const r = refusal(() => parseInventoryInput(file('cr.csv', text)));
      expect(r.message).toMatch(/^cr\.csv, line 2, column mfa_active: "yes" is not true or false/);
      expect(parseInventoryInput(file('cr.csv', credentialReportCsv('222222222222').replace(/\n/g, end)))).toMatchObject({ accountId: '222222222222', mfaActive: true });
    }
  });

  it('refuses an account summary whose file name names no account', () => {
    expect(refusal(() => parseInventoryInput(file('summary.json', accountSummaryJson({ mfa: 1, keys: 0, password: 1 })))).message).toMatch(/^summary\.json, file name:/);
  });

  it('refuses a list-accounts page with a missing field, naming it', () => {
    const text = JSON.stringify({ Accounts: [{ Id: '222222222222', Arn: 'arn', Name: 'X', State: 'ACTIVE' }] });
    expect(refusal(() => parseInventoryInput(file('p.json', text))).message).toMatch(/^p\.json, field Accounts\[0\]\.Email: .*missing/);
  });
});

describe('mergeInventory', () => {
  const a = { id: MANAGEMENT_ID, name: 'Mgmt', email: 'root@example.com' };
  const b = { id: '222222222222', name: 'Prod', email: 'prod@example.com' };

  it('joins pages by NextToken and takes the management account from describe-organization', () => {
    const doc = mergeInventory(imported([file('p2.json', listAccountsJson([b])), file('p1.json', listAccountsJson([a], 'tok-1')), file('org.json', describeOrganizationJson())]), '2026-12-02T12:00:00Z');
    expect(doc.accounts.map((x) => x.id)).toEqual([MANAGEMENT_ID, '222222222222']);
    expect(doc.organization).toMatchObject({ id: 'o-a1b2c3d4e5', managementAccountId: MANAGEMENT_ID });
  });

  it('refuses a page set with a missing page (a NextToken and no following page)', () => {
    const r = refusal(() => mergeInventory(imported([file('p1.json', listAccountsJson([a], 'tok-1'))]), 'x'));
    expect(r.message).toMatch(/missing a page: p1\.json ends with a NextToken/);
  });

  it('refuses two files that disagree about one account, naming both and the field', () => {
    const r = refusal(() => mergeInventory(imported([file('p1.json', listAccountsJson([a, b], 'tok')), file('p2.json', listAccountsJson([{ ...b, email: 'other@example.com' }]))]), 'x'));
    expect(r.code).toBe('CONFLICT');
    expect(r.message).toMatch(/p1\.json and p2\.json disagree about account 222222222222: field email/);
    const reports = refusal(() =>
      mergeInventory(imported([file('r1.csv', credentialReportCsv('222222222222')), file('r2.csv', credentialReportCsv('222222222222', { key1: 'true' }))]), 'x'),
    );
    expect(reports.message).toMatch(/r1\.csv and r2\.csv disagree about the root credential report of account 222222222222/);
  });

  it('refuses a describe-organization whose management account differs from the listing’s ARNs', () => {
    const r = refusal(() => mergeInventory(imported([file('org.json', describeOrganizationJson('999999999999')), file('p.json', listAccountsJson([a]))]), 'x'));
    expect(r.message).toMatch(/org\.json and p\.json disagree about the organization/);
  });
});
