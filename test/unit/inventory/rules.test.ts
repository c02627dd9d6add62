import { describe, expect, it } from 'vitest';
import { mergeInventory } from '../../../src/inventory/merge.js';
import { parseInventoryInput } from '../../../src/inventory/recognise.js';
import { buildInventoryReport, type ReportInput } from '../../../src/inventory/rules.js';
import type { InventoryInputFile } from '../../../src/inventory/inputs.js';
import {
  accountSummaryJson,
  credentialReportCsv,
  DAY,
  deletionCsv,
  describeOrganizationJson,
  featuresJson,
  file,
  listAccountsJson,
  MANAGEMENT_ID,
  NOW,
} from '../../support/aws-inventory.js';

const EXCLUDED = '222222222222';
const MEMBER = '333333333333';
const LEFTOVER = '444444444444';
const CLOSED = '555555555555';

function inventory(extra: InventoryInputFile[] = [], options: { excludedList?: string } = {}) {
  const files = [
    file('accounts.json', listAccountsJson([
      { id: MANAGEMENT_ID, name: 'Management', email: 'root@example.com' },
      { id: EXCLUDED, name: 'Security', email: 'security@example.com' },
      { id: MEMBER, name: 'Workloads', email: 'workloads@example.com' },
      { id: LEFTOVER, name: 'Sandbox', email: 'sandbox@example.com' },
      { id: CLOSED, name: 'Old', email: 'old@example.com', state: 'CLOSED' },
    ])),
    file('org.json', describeOrganizationJson()),
    file('features.json', featuresJson()),
    file('excluded.txt', options.excludedList ?? `${EXCLUDED}\n`),
    file('root_user_deletion.csv', deletionCsv([[MEMBER, true], [LEFTOVER, false]])),
    file('cr-mgmt.csv', credentialReportCsv(MANAGEMENT_ID, { passwordLastUsed: '2026-11-25T09:00:00+00:00' })),
    file('cr-excluded.csv', credentialReportCsv(EXCLUDED), NOW - 120 * DAY),
    ...extra,
  ];
  return mergeInventory(files.map((f) => ({ name: f.name, sha256: '0'.repeat(64), parsed: parseInventoryInput(f) })), '2026-12-02T12:00:00Z');
}

function report(partial: Partial<ReportInput> & { inventory: ReportInput['inventory'] }) {
  return buildInventoryReport({
    vault: {
      accounts: [
        { accountId: MANAGEMENT_ID, name: 'Management', email: 'root@example.com', accountClass: 'management' },
        { accountId: EXCLUDED, name: 'Security', email: 'SECURITY@example.com', accountClass: 'excluded' },
        { accountId: '666666666666', name: 'Gone', email: 'gone@example.com', accountClass: 'excluded' },
      ],
      evidence: { file: 'password-vault.bgv', date: '2026-12-02' },
    },
    mfa: {
      accounts: [
        { accountId: MANAGEMENT_ID, devices: [{ name: 'yubikey-a', type: 'security-key' }, { name: 'phone', type: 'virtual' }] },
        { accountId: EXCLUDED, devices: [{ name: 'phone', type: 'virtual' }] },
      ],
      evidence: { file: 'mfa-seeds.bgv', date: '2026-12-02' },
    },
    now: NOW,
    ...partial,
  });
}

const find = (r: ReturnType<typeof report>, id: string) => {
  const account = r.accounts.find((a) => a.id === id);
  if (!account) throw new Error(`no account ${id}`);
  return account;
};

describe('buildInventoryReport', () => {
  it('gives every account its custody class', () => {
    const r = report({ inventory: inventory() });
    expect(r.accounts.map((a) => [a.id, a.custodyClass])).toEqual([
      [MANAGEMENT_ID, 'management'],
      [EXCLUDED, 'excluded'],
      [MEMBER, 'centrally-managed'],
      [LEFTOVER, 'centrally-managed'],
      [CLOSED, 'suspended-closed'],
      ['666666666666', 'not-in-organization'],
    ]);
    expect(r.summary.byClass).toMatchObject({ management: 1, excluded: 1, 'centrally-managed': 2, 'suspended-closed': 1, 'not-in-organization': 1 });
  });

  it('passes the management account on coverage, keys, MFA, hardware MFA and central root access, and flags recent root use', () => {
    const mgmt = find(report({ inventory: inventory() }), MANAGEMENT_ID);
    const by = (control: string) => mgmt.findings.find((f) => f.control === control);
    expect(by('COVERAGE')?.severity).toBe('pass');
    expect(by('CIS-5.0-1.3')).toMatchObject({ severity: 'pass', evidence: [{ file: 'cr-mgmt.csv', date: '2026-12-01', olderThan90Days: false }] });
    expect(by('IAM.4')?.severity).toBe('pass');
    expect(by('IAM.9')?.severity).toBe('pass');
    expect(by('CIS-5.0-1.5')?.message).toContain('yubikey-a (security-key)');
    expect(by('IAM.6')?.severity).toBe('pass');
    expect(by('CIS-7.0-2.1.1')?.severity).toBe('pass');
    expect(by('CIS-5.0-1.6')).toMatchObject({ severity: 'medium', message: expect.stringContaining('password on 2026-11-25') });
  });

  it('flags the excluded account: one MFA device, no hardware MFA, email drift, evidence older than 90 days', () => {
    const ex = find(report({ inventory: inventory() }), EXCLUDED);
    const by = (control: string) => ex.findings.find((f) => f.control === control);
    expect(by('COVERAGE')).toMatchObject({ severity: 'low', message: expect.stringContaining('AWS advises registering two') });
    expect(by('CIS-5.0-1.5')?.severity).toBe('medium');
    expect(by('IAM.6')?.severity).toBe('medium');
    expect(by('CIS-5.0-1.4')).toMatchObject({ severity: 'low', message: expect.stringContaining('older than 90 days'), evidence: [{ file: 'cr-excluded.csv', olderThan90Days: true }] });
    expect(ex.findings.some((f) => f.control === 'DRIFT' && /differs from the organization/.test(f.message))).toBe(false); // case-insensitive
  });

  it('names the AssumeRoot command for a centrally managed root that still has credentials', () => {
    const r = report({ inventory: inventory() });
    const drift = find(r, LEFTOVER).findings.find((f) => f.control === 'DRIFT');
    expect(drift?.severity).toBe('high');
    expect(drift?.message).toContain(
      `aws sts assume-root --region us-east-1 --target-principal ${LEFTOVER} --task-policy-arn arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials --duration-seconds 900`,
    );
    expect(drift?.evidence[0]?.file).toBe('root_user_deletion.csv');
    expect(find(r, MEMBER).findings.find((f) => f.control === 'DRIFT')?.severity).toBe('pass');
  });

  it('flags a member whose account summary or credential report shows credentials', () => {
    const r = report({ inventory: inventory([file(`${MEMBER}-summary.json`, accountSummaryJson({ mfa: 0, keys: 1, password: 0 }))]) });
    const member = find(r, MEMBER);
    expect(member.findings.find((f) => f.control === 'DRIFT')?.message).toMatch(/account summary shows a password, access key or MFA/);
    expect(member.findings.find((f) => f.control === 'CIS-5.0-1.3')?.severity).toBe('high');
  });

  it('reports a missing custody account with COVERAGE and a vault account outside the organization as DRIFT', () => {
    const r = report({ inventory: inventory(), vault: { accounts: [], evidence: { file: 'password-vault.bgv', date: '2026-12-02' } } });
    expect(find(r, MANAGEMENT_ID).findings.find((f) => f.control === 'COVERAGE')).toMatchObject({ severity: 'high', message: expect.stringContaining('not in the password vault') });
    expect(find(r, MANAGEMENT_ID).findings.find((f) => f.control === 'COVERAGE')?.message).toMatch(/^A management account's root must be in custody/);
    expect(find(r, EXCLUDED).findings.find((f) => f.control === 'COVERAGE')?.message).toMatch(/^An excluded account's root must be in custody/);
    const gone = find(report({ inventory: inventory() }), '666666666666');
    expect(gone.findings[0]).toMatchObject({ control: 'DRIFT', severity: 'high' });
  });

  it('flags an excluded account absent from EXCLUDED_ACCOUNTS', () => {
    const r = report({ inventory: inventory([], { excludedList: `${CLOSED}\n` }) });
    const ex = find(r, EXCLUDED);
    expect(ex.custodyClass).toBe('excluded');
    expect(ex.findings.find((f) => f.control === 'DRIFT' && /absent from EXCLUDED_ACCOUNTS/.test(f.message))?.severity).toBe('high');
  });

  it('flags a closed account still in the vault, and counts accounts needing action', () => {
    const r = report({
      inventory: inventory(),
      vault: { accounts: [{ accountId: CLOSED, name: 'Old', email: 'old@example.com', accountClass: 'excluded' }], evidence: { file: 'v', date: '2026-12-02' } },
    });
    expect(find(r, CLOSED).findings[0]).toMatchObject({ control: 'DRIFT', severity: 'medium', message: expect.stringContaining('CLOSED') });
    expect(r.summary.needsAction).toBeGreaterThan(0);
  });

  it('fails CIS 7.0 2.1.1 when RootSessions is not enabled', () => {
    const doc = inventory([]);
    const r = report({ inventory: { ...doc, features: doc.features && { ...doc.features, rootSessions: false } } });
    expect(find(r, MANAGEMENT_ID).findings.find((f) => f.control === 'CIS-7.0-2.1.1')).toMatchObject({ severity: 'high', message: expect.stringContaining('RootSessions') });
  });
});
