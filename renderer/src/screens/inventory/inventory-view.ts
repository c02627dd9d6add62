// The Inventory screen's view of a report: the filters (needs action, class, failing control), the text
// search, the sort by column, and the words for kinds, classes and coverage. FORMAT.md §17.3.

import type { AccountReport, Control, CustodyClass, Finding, InventoryImportResult } from '../../../../src/app/api.js';

export const CLASS_LABELS: Readonly<Record<CustodyClass, string>> = {
  management: 'management',
  excluded: 'excluded',
  'centrally-managed': 'centrally managed',
  'suspended-closed': 'suspended/closed',
  'not-in-organization': 'not in organization',
};
export const CLASS_ORDER: readonly CustodyClass[] = ['management', 'excluded', 'centrally-managed', 'suspended-closed', 'not-in-organization'];
export const CONTROL_CHOICES: readonly Control[] = ['COVERAGE', 'DRIFT', 'CIS-5.0-1.3', 'CIS-5.0-1.4', 'CIS-5.0-1.5', 'CIS-5.0-1.6', 'CIS-7.0-2.1.1', 'IAM.4', 'IAM.9', 'IAM.6'];
export const CONTROL_LABELS: Readonly<Record<Control, string>> = {
  COVERAGE: 'COVERAGE — in custody with password and MFA',
  DRIFT: 'DRIFT — vault and organization disagree',
  'CIS-5.0-1.3': 'CIS 5.0 1.3 — no root access keys',
  'CIS-5.0-1.4': 'CIS 5.0 1.4 — MFA on root',
  'CIS-5.0-1.5': 'CIS 5.0 1.5 — hardware MFA on root',
  'CIS-5.0-1.6': 'CIS 5.0 1.6 — no recent root use',
  'CIS-7.0-2.1.1': 'CIS 7.0 2.1.1 — centralized root access',
  'IAM.4': 'Security Hub IAM.4 — no root access keys',
  'IAM.9': 'Security Hub IAM.9 — MFA on root',
  'IAM.6': 'Security Hub IAM.6 — hardware MFA on root',
};

export const KIND_LABELS: Readonly<Record<InventoryImportResult['files'][number]['kind'], string>> = {
  'list-accounts': 'account listing (organizations list-accounts)',
  'describe-organization': 'organization (organizations describe-organization)',
  'organizations-features': 'organization features (iam list-organizations-features)',
  'account-summary': 'account summary (iam get-account-summary)',
  'credential-report': 'IAM credential report',
  'root-user-deletion': 'deletion results (root_user_deletion.csv)',
  'excluded-accounts': 'exclusion list (EXCLUDED_ACCOUNTS)',
};

export type SortKey = 'id' | 'name' | 'email' | 'class' | 'status';
export interface Sort {
  readonly key: SortKey;
  readonly descending: boolean;
}

export interface Filters {
  readonly needsAction: boolean;
  readonly custodyClass: CustodyClass | '';
  readonly control: Control | '';
  readonly search: string;
}
export const NO_FILTERS: Filters = { needsAction: false, custodyClass: '', control: '', search: '' };

export const isOpen = (f: Finding): boolean => f.severity === 'high' || f.severity === 'medium';
export const openFindings = (a: AccountReport): readonly Finding[] => a.findings.filter(isOpen);
export const needsAction = (a: AccountReport): boolean => a.findings.some(isOpen);
/** Management and excluded roots must be in custody: one missing from the vault can be added. */
export const canAddToVault = (a: AccountReport): a is AccountReport & { custodyClass: 'management' | 'excluded' } =>
  !a.inVault && (a.custodyClass === 'management' || a.custodyClass === 'excluded');

/** 0 needs action, 1 advice (low findings), 2 all passed: the status column's order. */
function statusRank(a: AccountReport): number {
  if (needsAction(a)) return 0;
  return a.findings.some((f) => f.severity === 'low') ? 1 : 2;
}

export function statusText(a: AccountReport): string {
  const open = openFindings(a).length;
  if (open > 0) return `needs action (${open})`;
  const low = a.findings.filter((f) => f.severity === 'low').length;
  return low > 0 ? `advice (${low})` : 'ok';
}

/** What the vault holds of the account, in a few words. */
export function coverageText(a: AccountReport): string {
  if (a.custodyClass === 'management' || a.custodyClass === 'excluded') {
    if (!a.inVault) return 'not in the vault';
    if (a.mfaDevices.length === 0) return 'in the vault, no MFA device';
    return `in the vault, ${a.mfaDevices.length} MFA device${a.mfaDevices.length === 1 ? '' : 's'}`;
  }
  if (a.custodyClass === 'centrally-managed') return a.inVault ? 'in the vault (not needed)' : 'root must have no credentials';
  return a.inVault ? 'still in the vault' : 'not kept';
}

function matches(a: AccountReport, filters: Filters): boolean {
  if (filters.needsAction && !needsAction(a)) return false;
  if (filters.custodyClass !== '' && a.custodyClass !== filters.custodyClass) return false;
  if (filters.control !== '' && !a.findings.some((f) => f.control === filters.control && f.severity !== 'pass')) return false;
  const haystack = [a.id, a.name, a.email, CLASS_LABELS[a.custodyClass]].join(' ').toLowerCase();
  return filters.search
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== '')
    .every((w) => haystack.includes(w));
}

function compare(a: AccountReport, b: AccountReport, key: SortKey): number {
  switch (key) {
    case 'id':
      return a.id.localeCompare(b.id);
    case 'name':
      return a.name.localeCompare(b.name, undefined, { sensitivity: 'base' });
    case 'email':
      return a.email.localeCompare(b.email, undefined, { sensitivity: 'base' });
    case 'class':
      return CLASS_ORDER.indexOf(a.custodyClass) - CLASS_ORDER.indexOf(b.custodyClass);
    case 'status':
      return statusRank(a) - statusRank(b) || openFindings(b).length - openFindings(a).length;
  }
}

/** The accounts the filters let through, sorted (ties by account id, so the order is stable). */
export function viewAccounts(accounts: readonly AccountReport[], filters: Filters, sort: Sort): AccountReport[] {
  const out = accounts.filter((a) => matches(a, filters));
  out.sort((a, b) => {
    const c = compare(a, b, sort.key) || a.id.localeCompare(b.id);
    return sort.descending ? -c : c;
  });
  return out;
}
