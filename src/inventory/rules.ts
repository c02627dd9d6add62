// The inventory's answers: each account's custody class, coverage by the vault, drift, and the root controls
// (CIS v5.0 1.3–1.6, v7.0 2.1.1, Security Hub IAM.4/9/6), each naming its evidence and its age. FORMAT.md §17.3.

import type { InventoryDocument } from './inventory-document.js';
import type { Evidence } from './inputs.js';
import {
  assumeRootCommand,
  DEFAULT_RECENT_USE_DAYS,
  needsAction,
  SECURITY_HUB_TWIN,
  STALE_DAYS,
  type AccountReport,
  type Control,
  type CustodyClass,
  type EvidenceRef,
  type Finding,
  type MfaDeviceRef,
  type Severity,
} from './findings.js';

/** An account of the password vault, as the unlocked vault lists it (no password). */
export interface VaultAccountRef {
  readonly accountId: string;
  readonly name: string;
  readonly email: string;
  readonly accountClass: 'management' | 'excluded';
}

export interface ReportInput {
  readonly inventory: InventoryDocument;
  readonly vault: { readonly accounts: readonly VaultAccountRef[]; readonly evidence: Evidence };
  readonly mfa: { readonly accounts: readonly { readonly accountId: string; readonly devices: readonly MfaDeviceRef[] }[]; readonly evidence: Evidence };
  /** Milliseconds since the epoch: the report's "now" (from a Clock). */
  readonly now: number;
  /** CIS 1.6: root use within this many days is flagged (default 90). */
  readonly recentUseDays?: number;
}

export interface InventoryReport {
  readonly accounts: readonly AccountReport[];
  readonly summary: {
    readonly generatedAt: string;
    readonly importedAt: string;
    readonly organizationId: string | null;
    readonly managementAccountId: string | null;
    readonly accounts: number;
    readonly needsAction: number;
    readonly byClass: Readonly<Record<CustodyClass, number>>;
    readonly findings: Readonly<Record<Severity, number>>;
    readonly evidenceOlderThan90Days: number;
    readonly files: readonly { readonly name: string; readonly kind: string; readonly date: string; readonly sha256: string }[];
  };
}

const DAY_MS = 86_400_000;
const CLOSED_STATES = new Set(['SUSPENDED', 'PENDING_CLOSURE', 'CLOSED']);

export function buildInventoryReport(input: ReportInput): InventoryReport {
  const { inventory: doc, now } = input;
  const recentDays = input.recentUseDays ?? DEFAULT_RECENT_USE_DAYS;
  const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
  const today = day(now);
  const staleBefore = day(now - STALE_DAYS * DAY_MS);
  const recentSince = day(now - recentDays * DAY_MS);
  const ref = (e: Evidence): EvidenceRef => ({ file: e.file, date: e.date, olderThan90Days: e.date < staleBefore });

  const index = <T extends { accountId: string }>(items: readonly T[]): Map<string, T> => new Map(items.map((i) => [i.accountId, i]));
  const vault = index(input.vault.accounts);
  const mfa = index(input.mfa.accounts);
  const reports = index(doc.credentialReports);
  const summaries = index(doc.accountSummaries);
  const deletions = index(doc.deletions);
  const excludedIds = doc.excluded ? new Set(doc.excluded.accountIds) : undefined;
  const managementId = doc.organization?.managementAccountId ?? null;

  function finding(control: Control, severity: Severity, message: string, evidence: readonly Evidence[]): Finding[] {
    const refs = evidence.map(ref);
    const stale = refs.some((r) => r.olderThan90Days);
    const aged: Severity = stale && severity === 'pass' ? 'low' : severity;
    const text = stale ? `${message} The evidence is older than ${STALE_DAYS} days: bring a fresh export.` : message;
    const out: Finding[] = [{ control, severity: aged, message: text, evidence: refs }];
    const twin = SECURITY_HUB_TWIN[control];
    if (twin) out.push({ control: twin, severity: aged, message: text, evidence: refs });
    return out;
  }

  function rootControls(id: string, custody: boolean): Finding[] {
    const report = reports.get(id);
    const summary = summaries.get(id);
    const evidence = [report?.evidence, summary?.evidence].filter((e): e is Evidence => e !== undefined);
    const out: Finding[] = [];
    const none = 'No credential report or account summary of this account was imported: bring one to assess this control.';
    if (evidence.length === 0) out.push(...finding('CIS-5.0-1.3', 'medium', none, []));
    else {
      const keys = (report?.accessKeys.some((k) => k.active) ?? false) || (summary?.accessKeysPresent ?? false);
      out.push(...finding('CIS-5.0-1.3', keys ? 'high' : 'pass', keys ? 'The root user has an access key: delete it.' : 'The root user has no access key.', evidence));
    }
    if (custody) {
      if (evidence.length === 0) out.push(...finding('CIS-5.0-1.4', 'medium', none, []));
      else {
        const on = (report?.mfaActive ?? false) || (summary?.mfaEnabled ?? false);
        out.push(...finding('CIS-5.0-1.4', on ? 'pass' : 'high', on ? 'MFA is active on the root user.' : 'MFA is not active on the root user: register an MFA device (AWS advises two).', evidence));
      }
      const hardware = (mfa.get(id)?.devices ?? []).filter((d) => d.type !== 'virtual');
      out.push(
        ...finding(
          'CIS-5.0-1.5',
          hardware.length > 0 ? 'pass' : 'medium',
          hardware.length > 0
            ? `Hardware MFA recorded in the MFA seed store: ${hardware.map((d) => `${d.name} (${d.type})`).join(', ')}.`
            : 'No hardware MFA device (hardware TOTP token or security key) is recorded for this root in the MFA seed store.',
          [input.mfa.evidence],
        ),
      );
    }
    if (!report) out.push(...finding('CIS-5.0-1.6', 'medium', 'No credential report of this account was imported: root use cannot be assessed.', []));
    else {
      const candidates: [string, string | null][] = [
        ['password', report.passwordLastUsed],
        ['access key 1', report.accessKeys[0].lastUsed],
        ['access key 2', report.accessKeys[1].lastUsed],
      ];
      const uses = candidates.filter((u): u is [string, string] => u[1] !== null && u[1] >= recentSince);
      out.push(
        ...finding(
          'CIS-5.0-1.6',
          uses.length > 0 ? 'medium' : 'pass',
          uses.length > 0
            ? `The root user was used within the last ${recentDays} days (${uses.map(([what, when]) => `${what} on ${when}`).join(', ')}): check it was a recorded break-glass use.`
            : `The root user was not used within the last ${recentDays} days.`,
          [report.evidence],
        ),
      );
    }
    return out;
  }

  function centralControl(): Finding[] {
    const f = doc.features;
    if (!f) return finding('CIS-7.0-2.1.1', 'medium', 'No list-organizations-features output was imported: centralized root access cannot be assessed.', []);
    const missing = [f.rootCredentialsManagement ? '' : 'RootCredentialsManagement', f.rootSessions ? '' : 'RootSessions'].filter(Boolean);
    return finding(
      'CIS-7.0-2.1.1',
      missing.length === 0 ? 'pass' : 'high',
      missing.length === 0 ? 'Centralized root access is enabled (RootCredentialsManagement, RootSessions).' : `Centralized root access is not fully enabled: ${missing.join(' and ')} missing.`,
      [f.evidence],
    );
  }

  function memberRootDrift(id: string): Finding[] {
    const deletion = deletions.get(id);
    const report = reports.get(id);
    const summary = summaries.get(id);
    const left: string[] = [];
    const evidence: Evidence[] = [];
    if (deletion && !deletion.rootUserDeleted) {
      left.push('root_user_deletion.csv says RootUserDeleted False');
      evidence.push(deletion.evidence);
    }
    if (report && (report.mfaActive || report.accessKeys.some((k) => k.active) || report.certificatesActive)) {
      left.push('the credential report shows an MFA device, access key or certificate');
      evidence.push(report.evidence);
    }
    if (summary && (summary.passwordPresent || summary.accessKeysPresent || summary.mfaEnabled)) {
      left.push('the account summary shows a password, access key or MFA');
      evidence.push(summary.evidence);
    }
    if (left.length > 0) {
      return finding('DRIFT', 'high', `Centrally managed, but its root still has credentials (${left.join('; ')}). Delete them: ${assumeRootCommand(id)}`, evidence);
    }
    if (!deletion && !report && !summary) {
      const missed = doc.deletions.length > 0 ? ' It is not in the deletion results: the deletion run missed it.' : '';
      return finding('DRIFT', 'medium', `No evidence that this member root has no credentials.${missed} Run the deletion, or bring its credential report.`, []);
    }
    return finding('DRIFT', 'pass', 'The member root has no credentials.', [deletion?.evidence, report?.evidence, summary?.evidence].filter((e): e is Evidence => e !== undefined));
  }

  function custodyFindings(id: string, cls: 'management' | 'excluded', orgEmail: string | null): Finding[] {
    const account = vault.get(id);
    const devices = mfa.get(id)?.devices ?? [];
    const out: Finding[] = [];
    if (!account) out.push(...finding('COVERAGE', 'high', `${cls === 'excluded' ? 'An' : 'A'} ${cls} account's root must be in custody, but it is not in the password vault: add it.`, [input.vault.evidence]));
    else if (devices.length === 0) out.push(...finding('COVERAGE', 'high', 'In the password vault, but the MFA seed store holds no MFA device for it.', [input.vault.evidence, input.mfa.evidence]));
    else if (devices.length === 1) out.push(...finding('COVERAGE', 'low', 'In custody with one MFA device; AWS advises registering two.', [input.vault.evidence, input.mfa.evidence]));
    else out.push(...finding('COVERAGE', 'pass', `In custody with a password and ${devices.length} MFA devices.`, [input.vault.evidence, input.mfa.evidence]));
    if (account && orgEmail !== null && account.email.toLowerCase() !== orgEmail.toLowerCase()) {
      out.push(...finding('DRIFT', 'medium', `The vault's root email ${account.email} differs from the organization's ${orgEmail}.`, [input.vault.evidence]));
    }
    if (account && account.accountClass !== cls) {
      out.push(...finding('DRIFT', 'medium', `The vault records it as ${account.accountClass}, the organization's files make it ${cls}.`, [input.vault.evidence]));
    }
    if (cls === 'excluded' && excludedIds && !excludedIds.has(id) && doc.excluded) {
      out.push(...finding('DRIFT', 'high', 'Excluded (in custody), but absent from EXCLUDED_ACCOUNTS: the next deletion run would delete its root credentials. Add it to the list.', [doc.excluded.evidence]));
    }
    const deletion = deletions.get(id);
    if (cls === 'excluded' && deletion?.rootUserDeleted) {
      out.push(...finding('DRIFT', 'high', 'The deletion run deleted this excluded root’s credentials: the vault holds credentials that no longer work. Recover root access and record it again.', [deletion.evidence]));
    }
    return out;
  }

  const accounts: AccountReport[] = [];
  const devicesOf = (id: string): MfaDeviceRef[] => (mfa.get(id)?.devices ?? []).map((d) => ({ name: d.name, type: d.type }));
  for (const org of doc.accounts) {
    const inVault = vault.get(org.id);
    const cls: CustodyClass =
      org.id === managementId
        ? 'management'
        : CLOSED_STATES.has(org.state)
          ? 'suspended-closed'
          : excludedIds?.has(org.id) || inVault?.accountClass === 'excluded'
            ? 'excluded'
            : 'centrally-managed';
    const findings: Finding[] = [];
    if (cls === 'management' || cls === 'excluded') {
      findings.push(...custodyFindings(org.id, cls, org.email), ...rootControls(org.id, true));
      if (cls === 'management') findings.push(...centralControl());
    } else if (cls === 'centrally-managed') {
      findings.push(...memberRootDrift(org.id), ...rootControls(org.id, false));
    } else if (inVault) {
      findings.push(...finding('DRIFT', 'medium', `The account is ${org.state} but still in the vault: remove it once it is closed for good.`, [org.evidence, input.vault.evidence]));
    }
    accounts.push({ id: org.id, name: org.name, email: org.email, custodyClass: cls, inVault: inVault !== undefined, mfaDevices: devicesOf(org.id), findings });
  }
  const listed = new Set(doc.accounts.map((a) => a.id));
  for (const account of input.vault.accounts) {
    if (listed.has(account.accountId)) continue;
    const findings =
      doc.accounts.length > 0
        ? finding('DRIFT', 'high', 'In the vault, but not in the organization’s account listing: it left the organization, or the listing is incomplete.', [input.vault.evidence, ...(doc.accounts[0] ? [doc.accounts[0].evidence] : [])])
        : [];
    accounts.push({ id: account.accountId, name: account.name, email: account.email, custodyClass: 'not-in-organization', inVault: true, mfaDevices: devicesOf(account.accountId), findings });
  }
  accounts.sort((a, b) => (a.id < b.id ? -1 : 1));

  const byClass: Record<CustodyClass, number> = { management: 0, excluded: 0, 'centrally-managed': 0, 'suspended-closed': 0, 'not-in-organization': 0 };
  const counts: Record<Severity, number> = { high: 0, medium: 0, low: 0, pass: 0 };
  let stale = 0;
  for (const account of accounts) {
    byClass[account.custodyClass]++;
    for (const f of account.findings) {
      counts[f.severity]++;
      if (f.evidence.some((e) => e.olderThan90Days)) stale++;
    }
  }
  return {
    accounts,
    summary: {
      generatedAt: today,
      importedAt: doc.importedAt,
      organizationId: doc.organization?.id ?? null,
      managementAccountId: managementId,
      accounts: accounts.length,
      needsAction: accounts.filter(needsAction).length,
      byClass,
      findings: counts,
      evidenceOlderThan90Days: stale,
      files: doc.files.map((f) => ({ name: f.name, kind: f.kind, date: f.date, sha256: f.sha256 })),
    },
  };
}
