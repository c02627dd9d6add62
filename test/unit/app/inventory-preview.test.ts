// The inventory import as the desktop app walks it: a preview that names every refused file with its reason
// (nothing recorded), then recording exactly the previewed files, refused when one changed since. FORMAT.md §17.

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBreakglassApp, type BreakglassApp } from '../../../src/app/index.js';
import { createDispatcher } from '../../../main/ipc/dispatch.js';
import { credentialReportCsv, describeOrganizationJson, listAccountsJson, MANAGEMENT_ID } from '../../support/aws-inventory.js';
import { testPorts } from '../../support/ports.js';

let root: string;
let dir: string;
let app: BreakglassApp;
let accounts: string;
let org: string;
let report: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'bg-inv-preview-'));
  dir = join(root, 'set');
  app = createBreakglassApp(testPorts('inventory-preview'));
  await app.createVaultSet({ dir, kdfProfile: 'test', password: { passphrase: 'password custodians passphrase' }, mfa: { passphrase: 'mfa custodians other passphrase' } });
  accounts = join(root, 'accounts.json');
  org = join(root, 'org.json');
  report = join(root, 'cr.csv');
  await writeFile(accounts, listAccountsJson([{ id: MANAGEMENT_ID, name: 'Management', email: 'root@example.com' }, { id: '222222222222', name: 'Security', email: 'sec@example.com' }]));
  await writeFile(org, describeOrganizationJson());
  await writeFile(report, credentialReportCsv(MANAGEMENT_ID));
});
afterEach(async () => {
  await app.lockAll();
  await rm(root, { recursive: true, force: true });
});

const audited = async () => (await app.listAuditLog()).entries.filter((e) => e.event === 'inventory.import').length;

describe('previewInventoryImport / recordInventoryImport', () => {
  it('previews what recording would store, recording nothing, then records exactly those files', async () => {
    const preview = await app.previewInventoryImport({ files: [accounts, org, report] });
    expect(preview.files.map((f) => [f.name, f.kind, f.refused])).toEqual([
      ['accounts.json', 'list-accounts', null],
      ['org.json', 'describe-organization', null],
      ['cr.csv', 'credential-report', null],
    ]);
    expect(preview.result).toMatchObject({ recorded: false, accounts: 2, credentialReports: 1, managementAccountId: MANAGEMENT_ID });
    expect(preview.problem).toBeNull();
    await expect(readFile(join(dir, 'inventory.json'))).rejects.toThrow();
    expect(await audited()).toBe(0);

    const done = await app.recordInventoryImport({ files: preview.files.map((f) => ({ path: f.path, sha256: f.sha256 ?? '' })), actors: ['Ana Lima'] });
    expect(done).toMatchObject({ recorded: true, accounts: 2, sha256: preview.result?.sha256 });
    expect(await audited()).toBe(1);
  });

  it('names every refused file with its reason and does not join the rest', async () => {
    const broken = join(root, 'broken.json');
    const other = join(root, 'notes.txt');
    await writeFile(broken, '{ "Accounts": [\n  { "Id": "1" ,, }\n]}');
    await writeFile(other, 'just some notes\n');
    const preview = await app.previewInventoryImport({ files: [accounts, broken, other] });
    expect(preview.result).toBeNull();
    const refused = preview.files.filter((f) => f.refused !== null);
    expect(refused.map((f) => f.name)).toEqual(['broken.json', 'notes.txt']);
    expect(refused[0]?.refused?.message).toMatch(/broken\.json, line 2: malformed JSON/);
    expect(refused[1]?.refused?.message).toMatch(/notes\.txt: a file of none of the known kinds/);
  });

  it('says why recognised files do not join (a missing page) and warns of a set without an account listing', async () => {
    const page1 = join(root, 'page1.json');
    await writeFile(page1, listAccountsJson([{ id: MANAGEMENT_ID, name: 'Management', email: 'root@example.com' }], 'token-2'));
    const missing = await app.previewInventoryImport({ files: [page1] });
    expect(missing.result).toBeNull();
    expect(missing.problem?.message).toMatch(/missing a page: page1\.json ends with a NextToken/);
    const bare = await app.previewInventoryImport({ files: [report] });
    expect(bare.warnings.join(' ')).toMatch(/None of these files lists the organization’s accounts/);
  });

  it('refuses to record a file that changed since the preview, and an empty set, recording nothing', async () => {
    const preview = await app.previewInventoryImport({ files: [accounts, org] });
    await writeFile(org, describeOrganizationJson(MANAGEMENT_ID, 'other@example.com'));
    await expect(app.recordInventoryImport({ files: preview.files.map((f) => ({ path: f.path, sha256: f.sha256 ?? '' })) })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/org\.json changed since the preview .*Nothing was recorded: preview the files again/),
    });
    await expect(readFile(join(dir, 'inventory.json'))).rejects.toThrow();
    expect(await audited()).toBe(0);
    const dispatch = createDispatcher(app);
    const empty = await dispatch('previewInventoryImport', [{ files: [] }]);
    expect(empty.ok || empty.error).toMatchObject({ code: 'VALIDATION', message: 'Name at least one AWS export to import.' });
  });
});
