// The AWS inputs an inventory is built from, once parsed: one type per kind of file, each remembering the
// file it came from and that file's date (its evidence). FORMAT.md §17.1.

import { BreakglassError } from '../errors.js';

/** A file the custodian brought, as the app read it: its name (as given), bytes and modification time. */
export interface InventoryInputFile {
  readonly name: string;
  readonly bytes: Uint8Array;
  /** Milliseconds since the epoch: the file's modification time. */
  readonly modifiedAt: number;
}

export const INPUT_KINDS = [
  'list-accounts',
  'describe-organization',
  'organizations-features',
  'account-summary',
  'credential-report',
  'root-user-deletion',
  'excluded-accounts',
] as const;
export type InputKind = (typeof INPUT_KINDS)[number];

/** Which file says something, and how old it is: its own generation time, or its modification time. */
export interface Evidence {
  readonly file: string;
  /** UTC date, YYYY-MM-DD. */
  readonly date: string;
}

export const ACCOUNT_STATES = ['PENDING_ACTIVATION', 'ACTIVE', 'SUSPENDED', 'PENDING_CLOSURE', 'CLOSED'] as const;
export type AccountState = (typeof ACCOUNT_STATES)[number];

export interface OrgAccount {
  readonly id: string;
  readonly arn: string;
  readonly name: string;
  readonly email: string;
  /** `State`, or the retired `Status` mapped onto it when `State` is absent. */
  readonly state: AccountState;
  readonly joinedMethod: string;
  readonly evidence: Evidence;
}

export interface AccountsPage {
  readonly kind: 'list-accounts';
  readonly accounts: readonly OrgAccount[];
  readonly nextToken: string | null;
  readonly evidence: Evidence;
}

export interface OrganizationInfo {
  readonly kind: 'describe-organization';
  readonly id: string;
  readonly managementAccountId: string;
  readonly managementAccountEmail: string;
  readonly featureSet: string;
  readonly evidence: Evidence;
}

export interface OrganizationFeatures {
  readonly kind: 'organizations-features';
  readonly organizationId: string;
  readonly rootCredentialsManagement: boolean;
  readonly rootSessions: boolean;
  readonly evidence: Evidence;
}

export interface AccountSummary {
  readonly kind: 'account-summary';
  readonly accountId: string;
  readonly mfaEnabled: boolean;
  readonly accessKeysPresent: boolean;
  readonly passwordPresent: boolean;
  readonly evidence: Evidence;
}

export interface RootAccessKey {
  readonly active: boolean;
  /** YYYY-MM-DD or null (N/A, never used). */
  readonly lastUsed: string | null;
}

/** The `<root_account>` row of one account's credential report. */
export interface RootCredentialReport {
  readonly kind: 'credential-report';
  readonly accountId: string;
  readonly mfaActive: boolean;
  /** YYYY-MM-DD, or null when the password was never used (N/A, no_information). */
  readonly passwordLastUsed: string | null;
  readonly accessKeys: readonly [RootAccessKey, RootAccessKey];
  readonly certificatesActive: boolean;
  readonly evidence: Evidence;
}

export interface RootUserDeletion {
  readonly kind: 'root-user-deletion';
  readonly rows: readonly { readonly accountId: string; readonly rootUserDeleted: boolean; readonly line: number }[];
  readonly evidence: Evidence;
}

export interface ExcludedAccounts {
  readonly kind: 'excluded-accounts';
  readonly accountIds: readonly string[];
  readonly evidence: Evidence;
}

export type ParsedInput =
  | AccountsPage
  | OrganizationInfo
  | OrganizationFeatures
  | AccountSummary
  | RootCredentialReport
  | RootUserDeletion
  | ExcludedAccounts;

export const ACCOUNT_ID = /^\d{12}$/;

/** The refusal every parser uses: names the file and where in it (line, field) the problem is. */
export function inputError(file: string, where: string, problem: string): BreakglassError {
  return new BreakglassError('FORMAT', `${file}${where === '' ? '' : `, ${where}`}: ${problem} Nothing was imported: correct or remove that file and import again.`, {
    field: file,
  });
}

/** An account id as AWS writes it: 12 digits, as a string. */
export function checkInputAccountId(file: string, where: string, value: unknown): string {
  if (typeof value !== 'string' || !ACCOUNT_ID.test(value)) {
    throw inputError(file, where, `${JSON.stringify(value)} is not an AWS account id (12 digits).`);
  }
  return value;
}

/** The UTC date of an instant, YYYY-MM-DD. */
export function utcDate(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}
