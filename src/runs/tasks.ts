// The break-glass tasks: AWS' root-only tasks plus "other", and the five AssumeRoot task policies a centrally
// managed member account's privileged session is scoped with. FORMAT.md §15.1.

/** The AWS managed policies that scope an `sts:AssumeRoot` session (at most 900 seconds). */
export const TASK_POLICIES = [
  'IAMAuditRootUserCredentials',
  'IAMCreateRootUserPassword',
  'IAMDeleteRootUserCredentials',
  'S3UnlockBucketPolicy',
  'SQSUnlockQueuePolicy',
] as const;
export type TaskPolicy = (typeof TASK_POLICIES)[number];

export const ASSUME_ROOT_MAX_SECONDS = 900;
/** AssumeRoot refuses the global STS endpoint; the runbook names this regional one. */
export const ASSUME_ROOT_REGION = 'us-east-1';

export function taskPolicyArn(policy: TaskPolicy): string {
  return `arn:aws:iam::aws:policy/root-task/${policy}`;
}

export interface RootTask {
  readonly id: string;
  readonly title: string;
  /** The privileged task policy that is enough on a centrally managed member account; none: full root needed. */
  readonly taskPolicy?: TaskPolicy;
  /** What the custodians do once signed in (or once the privileged session runs). */
  readonly steps: readonly string[];
  /** The task's own command in the privileged session (member accounts with a task policy). */
  readonly commands?: readonly string[];
}

export const ROOT_TASKS: readonly RootTask[] = [
  {
    id: 'account-settings',
    title: 'Change account settings or the root user email',
    steps: ['Open Account (top right menu) and change the name, root email address or root password as agreed.', 'Confirm the change from the mail AWS sends to the old and new address.'],
  },
  {
    id: 'close-account',
    title: 'Close the AWS account',
    steps: ['Open Account, scroll to "Close account", read the conditions and confirm.', 'Record the closing date: the account can be reopened for 90 days.'],
  },
  {
    id: 'restore-iam-permissions',
    title: 'Restore IAM user permissions (the only administrator revoked its own)',
    steps: ['Open IAM, find the administrator user or role, and attach the policy it lost.', 'Sign out as root and check that the administrator can sign in and work again.'],
  },
  {
    id: 'support-plan',
    title: 'Change or cancel the AWS Support plan',
    steps: ['Open Support, then "Support plans", and change or cancel the plan.'],
  },
  {
    id: 'tax-invoices',
    title: 'View certain tax invoices',
    steps: ['Open Billing and Cost Management, then "Tax invoices", and download the invoices needed.'],
  },
  {
    id: 'ri-marketplace-seller',
    title: 'Register as a seller in the Reserved Instance Marketplace',
    steps: ['Open EC2, then "Reserved Instances", "Sell Reserved Instances", and complete the seller registration.'],
  },
  {
    id: 's3-mfa-delete',
    title: 'Enable or disable MFA delete on an S3 bucket',
    steps: ['From a shell with the root user\'s own access key and MFA code: aws s3api put-bucket-versioning --bucket BUCKET --versioning-configuration Status=Enabled,MFADelete=Enabled --mfa "SERIAL CODE".', 'Delete the root access key again at once.'],
  },
  {
    id: 's3-bucket-policy',
    title: 'Edit or delete an S3 bucket policy that denies everyone',
    taskPolicy: 'S3UnlockBucketPolicy',
    steps: ['Open S3, the bucket, "Permissions", "Bucket policy", and delete (or correct) the policy that denies all principals.'],
    commands: ['aws s3api delete-bucket-policy --bucket BUCKET'],
  },
  {
    id: 'sqs-queue-policy',
    title: 'Edit or delete an SQS queue policy that denies everyone',
    taskPolicy: 'SQSUnlockQueuePolicy',
    steps: ['Open SQS, the queue, "Access policy", and delete (or correct) the policy that denies all principals.'],
    commands: ['aws sqs set-queue-attributes --queue-url QUEUE_URL --attributes \'{"Policy":""}\''],
  },
  {
    id: 'govcloud-signup',
    title: 'Sign up for AWS GovCloud (US)',
    steps: ['Open Account, "AWS GovCloud (US)", and complete the sign-up.'],
  },
  {
    id: 'audit-root-credentials',
    title: 'Audit the root user\'s credentials (centrally managed member account)',
    taskPolicy: 'IAMAuditRootUserCredentials',
    steps: ['Review what the commands list: a login profile, access keys, MFA devices or signing certificates the root should not have.'],
    commands: ['aws iam get-login-profile', 'aws iam list-access-keys', 'aws iam list-mfa-devices', 'aws iam list-signing-certificates'],
  },
  {
    id: 'delete-root-credentials',
    title: 'Delete the root user\'s credentials (centrally managed member account)',
    taskPolicy: 'IAMDeleteRootUserCredentials',
    steps: ['Delete every root credential the audit found; then audit again and expect none.'],
    commands: ['aws iam delete-login-profile', 'aws iam delete-access-key --access-key-id KEY_ID', 'aws iam deactivate-mfa-device --serial-number SERIAL_ARN', 'aws iam delete-signing-certificate --certificate-id CERT_ID'],
  },
  {
    id: 'other',
    title: 'Other (described in the reason)',
    steps: ['Do what the reason describes, and nothing else; write down each step for the outcome.'],
  },
];

export const TASK_IDS: readonly string[] = ROOT_TASKS.map((t) => t.id);

/** The task with this id; undefined when there is none. */
export function findTask(id: string): RootTask | undefined {
  return ROOT_TASKS.find((t) => t.id === id);
}

export const CREATE_PASSWORD_COMMAND = 'aws iam create-login-profile';
export const DELETE_PASSWORD_COMMAND = 'aws iam delete-login-profile';

/** The exact privileged-session command for a member account (a regional STS endpoint, at most 900 s). */
export function assumeRootCommand(accountId: string, policy: TaskPolicy): string {
  return (
    `aws sts assume-root --region ${ASSUME_ROOT_REGION} --endpoint-url https://sts.${ASSUME_ROOT_REGION}.amazonaws.com ` +
    `--target-principal ${accountId} --task-policy-arn arn=${taskPolicyArn(policy)} --duration-seconds ${ASSUME_ROOT_MAX_SECONDS}`
  );
}
