// The vocabulary of an inventory report: custody classes, controls and their ids, findings with evidence
// and its age, and the AssumeRoot command that deletes a member root's credentials. FORMAT.md §17.3.

import type { Evidence } from './inputs.js';

export type CustodyClass = 'management' | 'excluded' | 'centrally-managed' | 'suspended-closed' | 'not-in-organization';
export const CUSTODY_CLASSES: readonly CustodyClass[] = ['management', 'excluded', 'centrally-managed', 'suspended-closed', 'not-in-organization'];

/** CIS AWS Foundations Benchmark v5.0 / v7.0 ids, AWS Security Hub ids, and the vault's own checks. */
export const CONTROLS = ['COVERAGE', 'DRIFT', 'CIS-5.0-1.3', 'CIS-5.0-1.4', 'CIS-5.0-1.5', 'CIS-5.0-1.6', 'CIS-7.0-2.1.1', 'IAM.4', 'IAM.9', 'IAM.6'] as const;
export type Control = (typeof CONTROLS)[number];

/** A CIS control's AWS Security Hub twin, where one exists. */
export const SECURITY_HUB_TWIN: Partial<Record<Control, Control>> = { 'CIS-5.0-1.3': 'IAM.4', 'CIS-5.0-1.4': 'IAM.9', 'CIS-5.0-1.5': 'IAM.6' };

/** high/medium: the account needs action; low: advice (or a pass on old evidence); pass: the control is met. */
export type Severity = 'high' | 'medium' | 'low' | 'pass';
export const SEVERITIES: readonly Severity[] = ['high', 'medium', 'low', 'pass'];

export interface EvidenceRef extends Evidence {
  readonly olderThan90Days: boolean;
}

export interface Finding {
  readonly control: Control;
  readonly severity: Severity;
  readonly message: string;
  readonly evidence: readonly EvidenceRef[];
}

export interface MfaDeviceRef {
  readonly name: string;
  readonly type: 'virtual' | 'hardware-totp' | 'security-key';
}

export interface AccountReport {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly custodyClass: CustodyClass;
  readonly inVault: boolean;
  readonly mfaDevices: readonly MfaDeviceRef[];
  readonly findings: readonly Finding[];
}

export const STALE_DAYS = 90;
export const DEFAULT_RECENT_USE_DAYS = 90;

/** The exact command that opens a 15-minute root session on a member account to delete its root credentials. */
export function assumeRootCommand(accountId: string): string {
  return `aws sts assume-root --region us-east-1 --target-principal ${accountId} --task-policy-arn arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials --duration-seconds 900`;
}

export function needsAction(account: Pick<AccountReport, 'findings'>): boolean {
  return account.findings.some((f) => f.severity === 'high' || f.severity === 'medium');
}

export function custodyClassLabel(value: CustodyClass): string {
  switch (value) {
    case 'management':
      return 'management';
    case 'excluded':
      return 'excluded';
    case 'centrally-managed':
      return 'centrally managed';
    case 'suspended-closed':
      return 'suspended/closed';
    case 'not-in-organization':
      return 'not in organization';
  }
}
