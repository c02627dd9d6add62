// The runbook of one account and task, on screen and printed one page per account, never a secret: the sign-in
// of a root kept here, or the privileged session (AssumeRoot) or full-root path of a member account. FORMAT.md §15.6.

import { BreakglassError } from '../errors.js';
import type { Run, RunRoot } from './runs-record.js';
import { assumeRootCommand, CREATE_PASSWORD_COMMAND, DELETE_PASSWORD_COMMAND, findTask, TASK_IDS, type RootTask } from './tasks.js';

export interface RunbookSection {
  readonly heading: string;
  /** Numbered steps (or plain paragraphs when `numbered` is false). */
  readonly steps: readonly string[];
  /** Commands to type exactly, in mono. */
  readonly commands?: readonly string[];
  readonly numbered?: boolean;
}

export interface RunbookPage {
  readonly accountId: string;
  readonly title: string;
  readonly summary: string;
  readonly sections: readonly RunbookSection[];
}

export interface RunbookAccount {
  readonly accountId: string;
  readonly root: RunRoot;
  /** For a kept root: what the vault knows (no password). */
  readonly name?: string;
  readonly accountClass?: string;
  readonly email?: string;
  /** MFA devices recorded for it ("root-totp (virtual)"). */
  readonly mfaDevices?: readonly string[];
}

export const MFA_DELETE_WARNING =
  'Deleting the root credentials right after the password recovery can fail with an MFA error for 10–15 minutes. ' +
  'Wait 15 minutes and run the deletion again; do not close the temporary root record until the audit shows no credential.';

function taskOrThrow(id: string): RootTask {
  const task = findTask(id);
  if (!task) throw new BreakglassError('VALIDATION', `Unknown task ${JSON.stringify(id)}: choose one of ${TASK_IDS.join(', ')}.`, { field: 'task' });
  return task;
}

function keptPage(account: RunbookAccount, task: RootTask, run: Run | undefined): RunbookPage {
  const runText = run ? ` --run ${run.number}` : '';
  const virtual = (account.mfaDevices ?? []).filter((d) => d.endsWith('(virtual)'));
  const hardware = (account.mfaDevices ?? []).filter((d) => !d.endsWith('(virtual)'));
  const mfa =
    virtual.length > 0
      ? `MFA custodians unlock the MFA seed store and start a login session for ${virtual[0]!.replace(/ \(virtual\)$/, '')} (breakglass totp DIR --account ${account.accountId}${runText}); type the CURRENT code.`
      : hardware.length > 0
        ? `Fetch the hardware MFA device ${hardware.join(' or ')} from the safe and use it.`
        : 'No MFA device is recorded for this root: stop and call the security lead before signing in.';
  return {
    accountId: account.accountId,
    title: `Account ${account.accountId}${account.name ? ` — ${account.name}` : ''}`,
    summary: `Root kept in this vault (${account.accountClass ?? 'kept'}). Task: ${task.title}.`,
    sections: [
      {
        heading: 'Sign in',
        steps: [
          'Use a connected workstation that is not the vault workstation; open https://signin.aws.amazon.com/ and choose "Root user".',
          `Enter the root email address ${account.email ?? 'recorded for this account'}.`,
          `Password custodians unlock the password vault and reveal the root password of ${account.accountId} (breakglass password reveal DIR --account ${account.accountId}${runText}). Type it; never copy it to another device.`,
          mfa,
        ],
      },
      {
        heading: 'What to reveal',
        numbered: false,
        steps: [`Only the root password of ${account.accountId} and one MFA login session for it. Nothing else leaves the vault.`],
      },
      {
        heading: 'The login session',
        numbered: false,
        steps: ['A login session decrypts one seed and ends by itself (at most 900 seconds); end it as soon as AWS accepts the code, and start a new one only if the sign-in failed.'],
      },
      { heading: `The task: ${task.title}`, steps: task.steps },
      {
        heading: 'What to watch for',
        numbered: false,
        steps: [
          'AWS mails the root email address about the sign-in; tell the mailbox owners a break-glass is under way.',
          'CloudTrail records a root ConsoleLogin event: the security team should see exactly one per sign-in.',
          'Sign out when the task is done. The revealed password counts as exposed: at check-in it is rotated, and the drive copies and paper backup are renewed.',
        ],
      },
    ],
  };
}

function memberPage(account: RunbookAccount, task: RootTask, run: Run | undefined): RunbookPage {
  const sessionSteps = [
    'On the connected admin workstation, sign in with credentials of the management account or the delegated administrator for IAM (never a root user).',
    'Start the privileged session below: a regional STS endpoint (the global one refuses AssumeRoot) and at most 900 seconds.',
    'Put the three values it returns (AccessKeyId, SecretAccessKey, SessionToken) into AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN of that shell only.',
  ];
  const sections: RunbookSection[] = [];
  if (task.taskPolicy) {
    sections.push(
      { heading: `Privileged session (${task.taskPolicy})`, steps: sessionSteps, commands: [assumeRootCommand(account.accountId, task.taskPolicy)] },
      { heading: `The task: ${task.title}`, steps: [...task.steps, 'Close the shell when done: the session ends after 900 seconds anyway.'], commands: task.commands ?? [] },
    );
  } else {
    const tempRun = run ? ` --run ${run.number}` : '';
    sections.push(
      {
        heading: 'Full root needed: create a root password (IAMCreateRootUserPassword)',
        steps: [...sessionSteps, 'Then create the root login profile:'],
        commands: [assumeRootCommand(account.accountId, 'IAMCreateRootUserPassword'), CREATE_PASSWORD_COMMAND],
      },
      {
        heading: 'Password recovery and the temporary root record',
        steps: [
          'Open https://signin.aws.amazon.com/, choose "Root user", enter the account\'s root email and use "Forgot password?"; set a new password from the recovery mail.',
          `Record the temporary root at once (expires in 24 hours): breakglass temp-root add DIR --account ${account.accountId}${tempRun}`,
          'Sign in as root and add an MFA device only if AWS insists; everything created now is deleted at the end.',
        ],
      },
      { heading: `The task: ${task.title}`, steps: task.steps },
      {
        heading: 'Delete the root credentials again (IAMDeleteRootUserCredentials)',
        steps: [
          'Start a new privileged session with the delete policy and remove the login profile (and any MFA device, access key or certificate created):',
          MFA_DELETE_WARNING,
          `Only then close the temporary root record: breakglass temp-root close DIR ID --credentials-deleted`,
        ],
        commands: [assumeRootCommand(account.accountId, 'IAMDeleteRootUserCredentials'), DELETE_PASSWORD_COMMAND],
      },
    );
  }
  sections.push({
    heading: 'What to watch for',
    numbered: false,
    steps: [
      'CloudTrail records AssumeRoot and every call of the session; the security team should see only the commands above.',
      'Nothing from this vault is revealed for a member account: no password, no MFA code.',
    ],
  });
  return {
    accountId: account.accountId,
    title: `Account ${account.accountId} — centrally managed member account`,
    summary: `Its root credentials were deleted by AWS Organizations; no root is kept here. Task: ${task.title}.`,
    sections,
  };
}

/** One runbook page per account, in the order given. */
export function buildRunbook(accounts: readonly RunbookAccount[], taskId: string, run?: Run): RunbookPage[] {
  const task = taskOrThrow(taskId);
  if (accounts.length === 0) throw new BreakglassError('VALIDATION', 'A runbook needs at least one account.', { field: 'accounts' });
  return accounts.map((a) => (a.root === 'kept' ? keptPage(a, task, run) : memberPage(a, task, run)));
}

/** The page as plain text (the CLI prints it; tests compare the PDF's text with it). */
export function runbookText(page: RunbookPage): string {
  const out = [page.title, page.summary, ''];
  for (const section of page.sections) {
    out.push(section.heading);
    section.steps.forEach((step, i) => out.push(section.numbered === false ? `  ${step}` : `  ${i + 1}. ${step}`));
    for (const command of section.commands ?? []) out.push(`    $ ${command}`);
    out.push('');
  }
  return out.join('\n');
}
