// AWS-shaped inventory inputs written by the tests themselves: organizations list-accounts pages,
// describe-organization, list-organizations-features, get-account-summary, credential reports, deletion CSV.

import { CREDENTIAL_REPORT_HEADER } from '../../src/inventory/aws-csv.js';
import type { InventoryInputFile } from '../../src/inventory/inputs.js';

export const ORG_ID = 'o-a1b2c3d4e5';
export const MANAGEMENT_ID = '111111111111';
export const DAY = 86_400_000;
export const NOW = Date.UTC(2026, 11, 2, 12, 0, 0);

export function file(name: string, text: string, modifiedAt = NOW - DAY): InventoryInputFile {
  return { name, bytes: new TextEncoder().encode(text), modifiedAt };
}

export interface AwsAccount {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly state?: 'PENDING_ACTIVATION' | 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE' | 'CLOSED';
  /** The retired field; omitted when undefined. */
  readonly status?: 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE';
}

export function listAccountsJson(accounts: readonly AwsAccount[], nextToken?: string, management = MANAGEMENT_ID): string {
  return JSON.stringify(
    {
      Accounts: accounts.map((a) => ({
        Id: a.id,
        Arn: `arn:aws:organizations::${management}:account/${ORG_ID}/${a.id}`,
        Email: a.email,
        Name: a.name,
        ...(a.status === undefined ? {} : { Status: a.status }),
        ...(a.state === undefined && a.status !== undefined ? {} : { State: a.state ?? 'ACTIVE' }),
        JoinedMethod: a.id === management ? 'CREATED' : 'INVITED',
        JoinedTimestamp: '2020-03-04T10:11:12.345000+00:00',
      })),
      ...(nextToken === undefined ? {} : { NextToken: nextToken }),
    },
    null,
    4,
  );
}

export function describeOrganizationJson(management = MANAGEMENT_ID, email = 'root@example.com'): string {
  return JSON.stringify(
    {
      Organization: {
        Id: ORG_ID,
        Arn: `arn:aws:organizations::${management}:organization/${ORG_ID}`,
        FeatureSet: 'ALL',
        MasterAccountArn: `arn:aws:organizations::${management}:account/${ORG_ID}/${management}`,
        MasterAccountId: management,
        MasterAccountEmail: email,
        AvailablePolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }],
      },
    },
    null,
    4,
  );
}

export function featuresJson(features: readonly string[] = ['RootCredentialsManagement', 'RootSessions']): string {
  return JSON.stringify({ OrganizationId: ORG_ID, EnabledFeatures: features }, null, 4);
}

export function accountSummaryJson(flags: { mfa: 0 | 1; keys: 0 | 1; password: 0 | 1 }): string {
  return JSON.stringify(
    {
      SummaryMap: {
        GroupPolicySizeQuota: 5120,
        InstanceProfilesQuota: 1000,
        Policies: 3,
        GroupsPerUserQuota: 10,
        InstanceProfiles: 0,
        AttachedPoliciesPerUserQuota: 10,
        Users: 2,
        PoliciesQuota: 1500,
        Providers: 0,
        AccountMFAEnabled: flags.mfa,
        AccessKeysPerUserQuota: 2,
        AssumeRolePolicySizeQuota: 2048,
        PolicyVersionsInUseQuota: 10000,
        GlobalEndpointTokenVersion: 1,
        VersionsPerPolicyQuota: 5,
        AttachedPoliciesPerGroupQuota: 10,
        PolicySizeQuota: 6144,
        Groups: 1,
        AccountSigningCertificatesPresent: 0,
        UsersQuota: 5000,
        ServerCertificatesQuota: 20,
        MFADevices: flags.mfa,
        UserPolicySizeQuota: 2048,
        PolicyVersionsInUse: 4,
        ServerCertificates: 0,
        Roles: 12,
        RolesQuota: 1000,
        SigningCertificatesPerUserQuota: 2,
        MFADevicesInUse: flags.mfa,
        RolePolicySizeQuota: 10240,
        AttachedPoliciesPerRoleQuota: 10,
        AccountAccessKeysPresent: flags.keys,
        AccountPasswordPresent: flags.password,
        GroupsQuota: 300,
      },
    },
    null,
    4,
  );
}

export interface RootRow {
  readonly mfa?: string;
  readonly passwordLastUsed?: string;
  readonly key1?: string;
  readonly key1LastUsed?: string;
  readonly key2?: string;
}

export function credentialReportCsv(accountId: string, root: RootRow = {}): string {
  const rootRow = [
    '<root_account>',
    `arn:aws:iam::${accountId}:root`,
    '2020-03-04T10:11:12+00:00',
    'not_supported',
    root.passwordLastUsed ?? 'no_information',
    'not_supported',
    'not_supported',
    root.mfa ?? 'true',
    root.key1 ?? 'false',
    'N/A',
    root.key1LastUsed ?? 'N/A',
    'N/A',
    'N/A',
    root.key2 ?? 'false',
    'N/A',
    'N/A',
    'N/A',
    'N/A',
    'false',
    'N/A',
    'false',
    'N/A',
  ];
  const user = [
    'ops-admin',
    `arn:aws:iam::${accountId}:user/ops-admin`,
    '2021-01-02T03:04:05+00:00',
    'true',
    '2026-11-30T08:00:00+00:00',
    '2026-06-01T00:00:00+00:00',
    '2026-12-01T00:00:00+00:00',
    'true',
    'true',
    '2026-06-01T00:00:00+00:00',
    '2026-11-29T07:00:00+00:00',
    'us-east-1',
    'iam',
    'false',
    'N/A',
    'N/A',
    'N/A',
    'N/A',
    'false',
    'N/A',
    'false',
    'N/A',
  ];
  return `${CREDENTIAL_REPORT_HEADER}\n${rootRow.join(',')}\n${user.join(',')}\n`;
}

export function deletionCsv(rows: readonly [string, boolean][]): string {
  return ['AccountId,RootUserDeleted', ...rows.map(([id, deleted]) => `${id},${deleted ? 'True' : 'False'}`)].join('\n') + '\n';
}
