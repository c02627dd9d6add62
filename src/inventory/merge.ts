// Joins the parsed inputs of one import into one inventory: list-accounts pages by NextToken, one fact per
// account and kind; two files that disagree, or a page set missing a page, refuse the whole import. FORMAT.md §17.2.

import { BreakglassError } from '../errors.js';
import { INVENTORY_SCHEMA, type InventoryDocument } from './inventory-document.js';
import type { AccountsPage, Evidence, InputKind, OrgAccount, ParsedInput } from './inputs.js';

export interface ImportedFile {
  readonly name: string;
  readonly sha256: string;
  readonly parsed: ParsedInput;
}

function disagree(what: string, a: Evidence, b: Evidence, detail: string): BreakglassError {
  return new BreakglassError(
    'CONFLICT',
    `${a.file} and ${b.file} disagree about ${what}: ${detail}. Nothing was imported: bring files from one consistent export (remove the stale one) and import again.`,
    { field: b.file },
  );
}

function of<K extends InputKind>(files: readonly ImportedFile[], kind: K): Extract<ParsedInput, { kind: K }>[] {
  return files.map((f) => f.parsed).filter((p): p is Extract<ParsedInput, { kind: K }> => p.kind === kind);
}

/** Pages form one listing: exactly one last page (no NextToken), and no page given twice. */
function checkPages(pages: readonly AccountsPage[]): void {
  if (pages.length === 0) return;
  const last = pages.filter((p) => p.nextToken === null);
  const tokens = new Map<string, AccountsPage>();
  for (const page of pages) {
    if (page.nextToken === null) continue;
    const twin = tokens.get(page.nextToken);
    if (twin) throw disagree('the account listing', twin.evidence, page.evidence, 'both are the same page (the same NextToken); give each page once');
    tokens.set(page.nextToken, page);
  }
  if (last.length === 0) {
    const files = pages.map((p) => p.evidence.file).join(', ');
    throw new BreakglassError(
      'FORMAT',
      `The account listing is missing a page: ${files} ${pages.length === 1 ? 'ends' : 'all end'} with a NextToken, but no page follows (the last page has none). ` +
        'Nothing was imported: export the remaining pages (aws organizations list-accounts --starting-token …) or the whole listing, and import again.',
      { field: pages.at(-1)?.evidence.file ?? 'NextToken' },
    );
  }
  if (last.length > 1) {
    throw disagree('the account listing', (last[0] as AccountsPage).evidence, (last[1] as AccountsPage).evidence, 'each is a last page (no NextToken), so they are two listings; give one');
  }
}

function sameAccount(a: OrgAccount, b: OrgAccount): string | undefined {
  for (const field of ['name', 'email', 'state', 'arn'] as const) {
    if (a[field] !== b[field]) return `field ${field} is ${JSON.stringify(a[field])} in one and ${JSON.stringify(b[field])} in the other`;
  }
  return undefined;
}

/** One fact per account: duplicates must agree (compared without their evidence); the newest evidence is kept. */
function uniqueBy<T extends { readonly accountId: string; readonly evidence: Evidence }>(items: readonly T[], what: string): T[] {
  const byId = new Map<string, T>();
  for (const item of items) {
    const seen = byId.get(item.accountId);
    if (!seen) {
      byId.set(item.accountId, item);
      continue;
    }
    const strip = (x: T): string => JSON.stringify({ ...x, evidence: undefined, line: undefined });
    if (strip(seen) !== strip(item)) throw disagree(`the ${what} of account ${item.accountId}`, seen.evidence, item.evidence, 'their values differ');
    if (item.evidence.date > seen.evidence.date) byId.set(item.accountId, item);
  }
  return [...byId.values()].sort((a, b) => (a.accountId < b.accountId ? -1 : 1));
}

const MGMT_ARN = /^arn:aws[a-z-]*:organizations::(\d{12}):account\/(o-[a-z0-9]+)\/\d{12}$/;

export function mergeInventory(files: readonly ImportedFile[], importedAt: string): InventoryDocument {
  if (files.length === 0) throw new BreakglassError('VALIDATION', 'No files were given: name the AWS exports to import.');
  const pages = of(files, 'list-accounts');
  checkPages(pages);
  const accounts = new Map<string, OrgAccount>();
  for (const account of pages.flatMap((p) => p.accounts)) {
    const seen = accounts.get(account.id);
    const difference = seen && sameAccount(seen, account);
    if (seen && difference) throw disagree(`account ${account.id}`, seen.evidence, account.evidence, difference);
    if (!seen) accounts.set(account.id, account);
  }

  const orgs = of(files, 'describe-organization');
  for (const other of orgs.slice(1)) {
    const first = orgs[0] as (typeof orgs)[number];
    if (other.id !== first.id || other.managementAccountId !== first.managementAccountId) {
      throw disagree('the organization', first.evidence, other.evidence, `${first.id} (management ${first.managementAccountId}) vs ${other.id} (management ${other.managementAccountId})`);
    }
  }
  const described = orgs[0];
  let organization: InventoryDocument['organization'] = described
    ? { id: described.id, managementAccountId: described.managementAccountId, managementAccountEmail: described.managementAccountEmail, evidence: described.evidence }
    : null;
  for (const account of accounts.values()) {
    const arn = MGMT_ARN.exec(account.arn);
    if (!arn) continue;
    const [, mgmt, orgId] = arn as unknown as [string, string, string];
    if (organization === null) organization = { id: orgId, managementAccountId: mgmt, managementAccountEmail: null, evidence: account.evidence };
    else if (organization.managementAccountId !== mgmt || organization.id !== orgId) {
      throw disagree(
        'the organization',
        organization.evidence,
        account.evidence,
        `${organization.id} with management account ${organization.managementAccountId ?? '?'} vs ${orgId} with management account ${mgmt} (in the ARN of account ${account.id})`,
      );
    }
  }

  const featureFiles = of(files, 'organizations-features');
  for (const other of featureFiles.slice(1)) {
    const first = featureFiles[0] as (typeof featureFiles)[number];
    if (JSON.stringify({ ...first, evidence: 0 }) !== JSON.stringify({ ...other, evidence: 0 })) {
      throw disagree('the organization’s features', first.evidence, other.evidence, 'their enabled features differ');
    }
  }
  const features = featureFiles[0];
  if (features && organization && features.organizationId !== organization.id) {
    throw disagree('the organization', organization.evidence, features.evidence, `the features are of ${features.organizationId}, the accounts of ${organization.id}`);
  }

  const exclusions = of(files, 'excluded-accounts');
  for (const other of exclusions.slice(1)) {
    const first = exclusions[0] as (typeof exclusions)[number];
    if (first.accountIds.join(',') !== other.accountIds.join(',')) throw disagree('EXCLUDED_ACCOUNTS', first.evidence, other.evidence, 'the lists differ');
  }
  const excluded = exclusions[0];

  const deletions = uniqueBy(
    of(files, 'root-user-deletion').flatMap((d) => d.rows.map((r) => ({ accountId: r.accountId, rootUserDeleted: r.rootUserDeleted, evidence: d.evidence }))),
    'root-user deletion result',
  );
  const reports = uniqueBy(
    of(files, 'credential-report').map(({ kind: _kind, ...r }) => r),
    'root credential report',
  );
  const summaries = uniqueBy(
    of(files, 'account-summary').map(({ kind: _kind, ...s }) => s),
    'account summary',
  );

  return {
    schema: INVENTORY_SCHEMA,
    importedAt,
    files: files.map((f) => ({ name: f.name, kind: f.parsed.kind, sha256: f.sha256, date: f.parsed.evidence.date })),
    organization,
    accounts: [...accounts.values()]
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map((a) => ({ id: a.id, arn: a.arn, name: a.name, email: a.email, state: a.state, joinedMethod: a.joinedMethod, evidence: a.evidence })),
    excluded: excluded ? { accountIds: [...excluded.accountIds], evidence: excluded.evidence } : null,
    deletions,
    credentialReports: reports.map((r) => ({ ...r, accessKeys: [{ ...r.accessKeys[0] }, { ...r.accessKeys[1] }] })),
    accountSummaries: summaries,
    features: features
      ? { organizationId: features.organizationId, rootCredentialsManagement: features.rootCredentialsManagement, rootSessions: features.rootSessions, evidence: features.evidence }
      : null,
  };
}
