// Parsers of the AWS CLI's JSON outputs an inventory uses: organizations list-accounts (one page),
// describe-organization, list-organizations-features, and iam get-account-summary. FORMAT.md §17.1.

import * as v from 'valibot';
import {
  ACCOUNT_STATES,
  checkInputAccountId,
  inputError,
  type AccountState,
  type AccountSummary,
  type AccountsPage,
  type Evidence,
  type OrganizationFeatures,
  type OrganizationInfo,
} from './inputs.js';

const text = v.string();
const accountSchema = v.looseObject({
  Id: text,
  Arn: text,
  Email: text,
  Name: text,
  Status: v.optional(text),
  State: v.optional(text),
  JoinedMethod: v.optional(text),
  JoinedTimestamp: v.optional(v.union([text, v.number()])),
});
const listAccountsSchema = v.looseObject({ Accounts: v.array(v.unknown()), NextToken: v.optional(v.nullable(text)) });
const organizationSchema = v.looseObject({
  Organization: v.looseObject({
    Id: text,
    Arn: text,
    MasterAccountId: text,
    MasterAccountArn: v.optional(text),
    MasterAccountEmail: text,
    FeatureSet: v.optional(text),
  }),
});
const featuresSchema = v.looseObject({ OrganizationId: text, EnabledFeatures: v.array(text) });
const flag01 = v.picklist([0, 1]);
const summarySchema = v.looseObject({
  SummaryMap: v.looseObject({ AccountMFAEnabled: flag01, AccountAccessKeysPresent: flag01, AccountPasswordPresent: v.optional(flag01) }),
});

/** The first problem valibot found, as "field X: problem". */
function firstIssue(issues: readonly v.BaseIssue<unknown>[]): { where: string; problem: string } {
  const issue = issues[0] as v.BaseIssue<unknown>;
  const path = v.getDotPath(issue) ?? '';
  const problem =
    issue.kind === 'schema' && issue.input === undefined ? 'is missing.' : `is ${issue.received}, expected ${issue.expected}.`;
  return { where: path === '' ? '' : `field ${path}`, problem: path === '' ? `the document ${problem}` : problem };
}

function parseWith<T extends v.GenericSchema>(schema: T, file: string, json: unknown): v.InferOutput<T> {
  const result = v.safeParse(schema, json);
  if (!result.success) {
    const { where, problem } = firstIssue(result.issues);
    throw inputError(file, where, problem);
  }
  return result.output;
}

/** The retired `Status` values, mapped onto `State` (AWS retired Status on 2026-09-09); State wins when both are present. */
const STATUS_TO_STATE: Readonly<Record<string, AccountState>> = { ACTIVE: 'ACTIVE', SUSPENDED: 'SUSPENDED', PENDING_CLOSURE: 'PENDING_CLOSURE' };

function accountState(file: string, where: string, status: string | undefined, state: string | undefined): AccountState {
  if (state !== undefined) {
    if (!(ACCOUNT_STATES as readonly string[]).includes(state)) {
      throw inputError(file, `${where}.State`, `${JSON.stringify(state)} is not an account state (${ACCOUNT_STATES.join(', ')}).`);
    }
    return state as AccountState;
  }
  if (status === undefined) throw inputError(file, where, 'the account has neither State nor Status.');
  const mapped = STATUS_TO_STATE[status];
  if (!mapped) throw inputError(file, `${where}.Status`, `${JSON.stringify(status)} is not an account status (ACTIVE, SUSPENDED, PENDING_CLOSURE).`);
  return mapped;
}

export function parseListAccounts(file: string, json: unknown, evidence: Evidence): AccountsPage {
  const page = parseWith(listAccountsSchema, file, json);
  const accounts = page.Accounts.map((raw, i) => {
    const where = `field Accounts[${i}]`;
    const result = v.safeParse(accountSchema, raw);
    if (!result.success) {
      const { where: inner, problem } = firstIssue(result.issues);
      throw inputError(file, `${where}${inner === '' ? '' : `.${inner.replace(/^field /, '')}`}`, problem);
    }
    const a = result.output;
    const id = checkInputAccountId(file, `${where}.Id`, a.Id);
    const state = accountState(file, where, a.Status, a.State);
    return { id, arn: a.Arn, name: a.Name, email: a.Email, state, joinedMethod: a.JoinedMethod ?? '', evidence };
  });
  const token = page.NextToken ?? null;
  return { kind: 'list-accounts', accounts, nextToken: token === '' ? null : token, evidence };
}

export function parseDescribeOrganization(file: string, json: unknown, evidence: Evidence): OrganizationInfo {
  const { Organization: org } = parseWith(organizationSchema, file, json);
  return {
    kind: 'describe-organization',
    id: org.Id,
    managementAccountId: checkInputAccountId(file, 'field Organization.MasterAccountId', org.MasterAccountId),
    managementAccountEmail: org.MasterAccountEmail,
    featureSet: org.FeatureSet ?? '',
    evidence,
  };
}

export function parseOrganizationsFeatures(file: string, json: unknown, evidence: Evidence): OrganizationFeatures {
  const features = parseWith(featuresSchema, file, json);
  return {
    kind: 'organizations-features',
    organizationId: features.OrganizationId,
    rootCredentialsManagement: features.EnabledFeatures.includes('RootCredentialsManagement'),
    rootSessions: features.EnabledFeatures.includes('RootSessions'),
    evidence,
  };
}

/**
 * get-account-summary names no account, so the account comes from the file's name: it must hold exactly one
 * 12-digit number (e.g. 111122223333-account-summary.json).
 */
export function parseAccountSummary(file: string, json: unknown, evidence: Evidence): AccountSummary {
  const { SummaryMap: map } = parseWith(summarySchema, file, json);
  const base = file.split(/[\\/]/).pop() ?? file;
  const ids = base.match(/(?<!\d)\d{12}(?!\d)/g) ?? [];
  if (ids.length !== 1) {
    throw inputError(
      file,
      'file name',
      'an account summary (get-account-summary) does not say which account it describes, so its file name must contain that account id (12 digits) exactly once, e.g. 111122223333-account-summary.json.',
    );
  }
  return {
    kind: 'account-summary',
    accountId: ids[0] as string,
    mfaEnabled: map.AccountMFAEnabled === 1,
    accessKeysPresent: map.AccountAccessKeysPresent === 1,
    passwordPresent: map.AccountPasswordPresent === 1,
    evidence,
  };
}
