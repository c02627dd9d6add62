import { mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXIT_FAILED, EXIT_OK } from '../../../src/cli/run.js';
import { runCliInProcess } from '../../support/cli.js';
import { testPorts } from '../../support/ports.js';
import { pageTexts, pageWords } from '../../support/pdf-text.js';
import { credentialReportCsv, deletionCsv, describeOrganizationJson, featuresJson, listAccountsJson, MANAGEMENT_ID } from '../../support/aws-inventory.js';

const PW = 'inventory test vault passphrase';
const MFA = 'inventory test mfa passphrase';
let root: string;
let dir: string;
let exports: string[];
let n = 0;

const cli = (argv: string[], lines: readonly string[] = []) => runCliInProcess(argv, { ports: testPorts(`inventory ${n++}`), stdin: lines });

async function put(name: string, text: string): Promise<string> {
  const path = join(root, 'usb', name);
  await writeFile(path, text);
  const when = new Date('2026-11-20T10:00:00Z');
  await utimes(path, when, when);
  return path;
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'bg-inventory-cli-'));
  dir = join(root, 'set');
  await (await import('node:fs/promises')).mkdir(join(root, 'usb'));
  await cli(['init', dir, '--kdf-profile', 'test', '--as', 'Ana Lima'], [PW, PW, MFA, MFA]);
  await cli(['account', 'add', dir, '--account', MANAGEMENT_ID, '--name', 'Management', '--class', 'management', '--email', 'root@example.com'], [PW, 'Inventory-Root-Pass-1']);
  await cli(['seed', 'add', dir, '--account', MANAGEMENT_ID, '--device', 'root-mfa'], [MFA, 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP']);
  exports = [
    await put('page-1.json', listAccountsJson([{ id: MANAGEMENT_ID, name: 'Management', email: 'root@example.com' }, { id: '222222222222', name: 'Security', email: 'sec@example.com' }], 'token-2')),
    await put('page-2.json', listAccountsJson([{ id: '333333333333', name: 'Workloads', email: 'w@example.com' }])),
    await put('org.json', describeOrganizationJson()),
    await put('features.json', featuresJson()),
    await put('excluded.txt', '222222222222\n'),
    await put('root_user_deletion.csv', deletionCsv([['333333333333', false]])),
    await put('mgmt.csv', credentialReportCsv(MANAGEMENT_ID)),
  ];
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('cli inventory', () => {
  it('prints what an import would record and records nothing without --yes', async () => {
    const dry = await cli(['inventory', 'import', dir, ...exports]);
    expect(dry.code).toBe(EXIT_OK);
    expect(dry.stdout).toMatch(/page-1\.json +list-accounts +2026-11-20/);
    expect(dry.stdout).toMatch(/Organization o-a1b2c3d4e5 \(management account 111111111111\): 3 accounts, 1 credential reports/);
    expect(dry.stdout).toMatch(/Dry run: nothing was recorded/);
    await expect(readFile(join(dir, 'inventory.json'))).rejects.toThrow();
    expect((await cli(['audit', 'list', dir])).stdout).not.toContain('inventory.import');
  });

  it('records with --yes, its SHA-256 in an inventory.import audit entry, and reports it as JSON', async () => {
    const done = await cli(['inventory', 'import', dir, ...exports, '--yes', '--as', 'Ana Lima']);
    expect(done.code).toBe(EXIT_OK);
    const sha = /SHA-256 ([0-9a-f]{64})/.exec(done.stdout)?.[1];
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(await readFile(join(dir, 'inventory.json'))).digest('hex')).toBe(sha);
    expect((await cli(['audit', 'list', dir])).stdout).toMatch(new RegExp(`inventory.import by Ana Lima — .*sha256=${sha}`));

    const json = await cli(['inventory', 'report', dir, '--json'], [PW]);
    expect(json.code).toBe(EXIT_OK);
    const report = JSON.parse(json.stdout) as { accounts: Record<string, unknown>[]; summary: { needsAction: number } };
    expect(Object.keys(report)).toEqual(['accounts', 'summary']);
    expect(Object.keys(report.accounts[0] ?? {})).toEqual(['id', 'name', 'email', 'custodyClass', 'inVault', 'mfaDevices', 'findings']);
    expect(report.accounts.map((a) => [a.id, a.custodyClass, a.inVault])).toEqual([
      [MANAGEMENT_ID, 'management', true],
      ['222222222222', 'excluded', false],
      ['333333333333', 'centrally-managed', false],
    ]);
    const findings = report.accounts[2]?.findings as { control: string; severity: string; message: string; evidence: unknown[] }[];
    expect(Object.keys(findings[0] ?? {})).toEqual(['control', 'severity', 'message', 'evidence']);
    expect(findings.find((f) => f.control === 'DRIFT')?.message).toContain('aws sts assume-root --region us-east-1 --target-principal 333333333333');

    const strict = await cli(['inventory', 'report', dir, '--strict'], [PW]);
    expect(strict.code).toBe(EXIT_FAILED);
    expect(strict.stderr).toMatch(/3 of 3 accounts need action/);
    expect(strict.stdout).toMatch(/222222222222 Security \(excluded\)\n {2}\[high\] COVERAGE: .*not in the password vault/);

    const csv = await cli(['inventory', 'report', dir, '--csv'], [PW]);
    expect(csv.stdout.split('\n')[0]).toBe('account_id,name,email,custody_class,in_vault,mfa_devices,control,severity,message,evidence');
    expect(csv.stdout).toMatch(/333333333333,Workloads,w@example\.com,centrally managed,no,0,DRIFT,high,/);
  });

  it('refuses a report when the stored inventory changed after its import', async () => {
    await cli(['inventory', 'import', dir, ...exports, '--yes']);
    const path = join(dir, 'inventory.json');
    await writeFile(path, (await readFile(path, 'utf8')).replace('Workloads', 'Workl0ads'));
    const refused = await cli(['inventory', 'report', dir], [PW]);
    expect(refused.code).toBe(EXIT_FAILED);
    expect(refused.stderr).toMatch(/inventory\.json changed since it was imported .*\[INTEGRITY\]/);
  });

  it('imports nothing when one file is bad, naming it', async () => {
    const bad = await put('broken.json', '{"Accounts": [');
    const refused = await cli(['inventory', 'import', dir, ...exports, bad, '--yes']);
    expect(refused.code).toBe(EXIT_FAILED);
    expect(refused.stderr).toMatch(/broken\.json, line 1: malformed JSON/);
    await expect(readFile(join(dir, 'inventory.json'))).rejects.toThrow();
    const missing = await cli(['inventory', 'import', dir, exports[0] as string, '--yes']);
    expect(missing.stderr).toMatch(/missing a page: page-1\.json ends with a NextToken/);
  });

  it('writes the compliance report as a PDF to a new file: every account, its findings and evidence dates; never over a file', async () => {
    const imported = await cli(['inventory', 'import', dir, ...exports, '--yes', '--as', 'Ana Lima']);
    const sha = /SHA-256 ([0-9a-f]{64})/.exec(imported.stdout)?.[1] as string;
    const out = join(root, 'compliance.pdf');
    const done = await cli(['inventory', 'report', dir, '--pdf', out, '--as', 'Ana Lima'], [PW]);
    expect(done.code).toBe(EXIT_OK);
    expect(done.stdout).toContain(`Wrote the compliance report (3 accounts, 3 need action) to ${out}.`);
    const pdf = new Uint8Array(await readFile(out));
    if (process.env.INVUI_KEEP_PDF) await writeFile(process.env.INVUI_KEEP_PDF, pdf);
    const words = pageWords(pdf).join(' ');
    expect(words).toContain('Root credential compliance report');
    expect(words).toMatch(/111111111111 Management management yes root-mfa \(virtual\) needs action \(2\)/);
    expect(words).toMatch(/222222222222 Security excluded no none needs action \(8\)/);
    expect(words).toMatch(/333333333333 Workloads centrally managed no none needs action \(4\)/);
    expect(words).toMatch(/CIS-5\.0-1\.5 medium No hardware MFA device/);
    expect(words).toMatch(/DRIFT high .*aws sts assume-root --region us-east-1 --target-principal 333333333333/);
    expect(words).toMatch(/CIS-5\.0-1\.4 pass/);
    expect(words).toContain('mgmt.csv, 2026-11-20');
    expect(words).toContain('root_user_deletion.csv, 2026-11-20');
    expect(words.replace(/\s/g, '')).toContain(sha.match(/.{4}/g)?.join('') ?? 'missing');
    expect((await cli(['audit', 'list', dir])).stdout).toMatch(/print by Ana Lima — .*document=inventory-report/);
    for (const page of pageTexts(pdf)) expect(page).not.toContain('Inventory-Root-Pass-1');

    const again = await cli(['inventory', 'report', dir, '--pdf', out], [PW]);
    expect(again.code).toBe(EXIT_FAILED);
    expect(again.stderr).toContain(`${out} already exists: choose a new file name; nothing was written.`);
    expect(new Uint8Array(await readFile(out))).toEqual(pdf);

    const strict = await cli(['inventory', 'report', dir, '--pdf', join(root, 'strict.pdf'), '--strict'], [PW]);
    expect(strict.code).toBe(EXIT_FAILED);
    expect(strict.stderr).toContain('3 of 3 accounts need action (--strict).');
    const both = await cli(['inventory', 'report', dir, '--pdf', join(root, 'x.pdf'), '--json'], [PW]);
    expect(both.stderr).toContain('choose one of --json, --csv and --pdf');
  });
});
