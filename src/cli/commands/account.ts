// `breakglass account add|list|show|update|remove` and `breakglass password reveal|generate`: the
// password vault's accounts. Every command that reads the vault first asks for its passphrase.

import { BreakglassError, PASSWORD_STYLES, type AccountSummary, type PasswordStyle } from '../../app/index.js';
import {
  confirm,
  flag,
  integerOption,
  requireConfirmable,
  requiredOption,
  stringOption,
  UsageError,
  type CommandContext,
  UNLOCK_OPTIONS,
  type CommandSpec,
} from '../command.js';
import { openAndUnlock } from '../unlock.js';
import { REVEAL_SECONDS, revealOnScreen } from '../reveal-screen.js';
import { askRunSettingOnce, runOption } from './run.js';
import { formatFields, formatJson, formatTable } from '../output.js';

function describeAccount(account: AccountSummary): string {
  return formatFields([
    ['Account id', account.accountId],
    ['Name', account.name],
    ['Class', account.accountClass],
    ['Root email', account.email],
    ['MFA devices', account.mfaDevices.length === 0 ? 'none recorded in the MFA seed store' : account.mfaDevices.join(', ')],
    ['Notes', account.notes === '' ? '—' : account.notes.replace(/\n/g, '\n' + ' '.repeat(13))],
    ['Created', account.createdAt],
    ['Updated', account.updatedAt],
  ]);
}

/** Reads a root password: twice at a terminal (to catch typos), once from stdin. */
async function readRootPassword(context: CommandContext, label: string): Promise<string> {
  const password = await context.secrets.read(`${label}: `);
  if (context.secrets.interactive) {
    const again = await context.secrets.read(`Repeat the ${label.toLowerCase()}: `);
    if (again !== password) throw new BreakglassError('VALIDATION', 'The two entries differ. Nothing was changed.', { field: 'password' });
  }
  return password;
}

/** Generation options: `{ generatePassword, generatePasswordLength? }`, or undefined without --generate-password. */
function generateLength(context: CommandContext): { readonly generatePassword: true; readonly generatePasswordLength?: number } | undefined {
  const length = integerOption(context, 'length');
  if (length !== undefined && !flag(context, 'generate-password')) throw new UsageError('--length goes with --generate-password');
  if (!flag(context, 'generate-password')) return undefined;
  return length === undefined ? { generatePassword: true } : { generatePassword: true, generatePasswordLength: length };
}

const STYLE_HELP =
  '--password-style symbols|unambiguous|words (stored on the account): symbols = 32 characters with symbols (204 bits); ' +
  'unambiguous = 36 letters and digits without look-alikes such as O/0 and l/1 (209 bits); words = 15 capitalised words joined by digits (211 bits).';

function styleOption(context: CommandContext): { readonly passwordStyle?: PasswordStyle } {
  const style = stringOption(context, 'password-style');
  if (style === undefined) return {};
  if (!(PASSWORD_STYLES as readonly string[]).includes(style)) throw new UsageError(`--password-style must be one of ${PASSWORD_STYLES.join(', ')}`);
  return { passwordStyle: style as PasswordStyle };
}

const GENERATED_NOTE = (dir: string, id: string): string =>
  `A new root password was generated and sealed. Set it in the AWS console now; show it with\n` +
  `  breakglass password reveal ${dir} --account ${id}\n`;

const accountAdd: CommandSpec = {
  name: 'account add',
  usage: 'DIR --account ID --name NAME --class management|excluded --email EMAIL [--notes TEXT] [--password-style S] [--generate-password [--length N]]',
  summary: 'Add an AWS account’s root credentials to the password vault.',
  details: ['Reads the password vault passphrase, then the root password (unless --generate-password).', STYLE_HELP],
  options: {
    ...UNLOCK_OPTIONS,
    account: { type: 'string' },
    name: { type: 'string' },
    class: { type: 'string' },
    email: { type: 'string' },
    notes: { type: 'string' },
    'generate-password': { type: 'boolean' },
    'password-style': { type: 'string' },
    length: { type: 'string' },
    json: { type: 'boolean' },
  },
  positionals: [1, 1],
  async run(context) {
    const dir = context.positionals[0] as string;
    const input = {
      accountId: requiredOption(context, 'account'),
      name: requiredOption(context, 'name'),
      accountClass: requiredOption(context, 'class'),
      email: requiredOption(context, 'email'),
      notes: stringOption(context, 'notes') ?? '',
      ...styleOption(context),
    };
    const length = generateLength(context);
    await openAndUnlock(context, dir, 'password-vault');
    const password = length === undefined ? await readRootPassword(context, 'Root password') : undefined;
    const added = await context.app.addAccount({
      ...input,
      ...(password !== undefined ? { password } : length),
    });
    const { generatedPassword: _omitted, ...summary } = added;
    if (context.values.json) context.out(formatJson(summary));
    else {
      context.out(`Added account ${summary.accountId} (${summary.name}) to the password vault.\n`);
      if (length !== undefined) context.out(GENERATED_NOTE(dir, summary.accountId));
    }
  },
};

const accountList: CommandSpec = {
  name: 'account list',
  usage: 'DIR [--json]',
  summary: 'List the accounts in the password vault (no passwords).',
  details: ['Reads the password vault passphrase.'],
  options: {
    ...UNLOCK_OPTIONS, json: { type: 'boolean' } },
  positionals: [1, 1],
  async run(context) {
    await openAndUnlock(context, context.positionals[0] as string, 'password-vault');
    const accounts = await context.app.listAccounts();
    if (context.values.json) return context.out(formatJson(accounts));
    if (accounts.length === 0) return context.out('The password vault holds no accounts yet. Add one with "breakglass account add".\n');
    context.out(
      formatTable(
        ['ACCOUNT ID', 'CLASS', 'NAME', 'ROOT EMAIL', 'MFA'],
        accounts.map((a) => [a.accountId, a.accountClass, a.name, a.email, a.mfaDevices.length === 0 ? 'none' : String(a.mfaDevices.length)]),
      ),
    );
  },
};

const accountShow: CommandSpec = {
  name: 'account show',
  usage: 'DIR --account ID [--json]',
  summary: 'Show one account’s details (not its password).',
  details: ['Reads the password vault passphrase.'],
  options: {
    ...UNLOCK_OPTIONS, account: { type: 'string' }, json: { type: 'boolean' } },
  positionals: [1, 1],
  async run(context) {
    const accountId = requiredOption(context, 'account');
    await openAndUnlock(context, context.positionals[0] as string, 'password-vault');
    const account = await context.app.getAccount({ accountId });
    context.out(context.values.json ? formatJson(account) : describeAccount(account));
  },
};

const accountUpdate: CommandSpec = {
  name: 'account update',
  usage: 'DIR --account ID [--name NAME] [--class C] [--email EMAIL] [--notes TEXT] [--password-style S] [--new-password | --generate-password [--length N]]',
  summary: 'Change an account’s details or its root password.',
  details: ['Reads the password vault passphrase, then the new root password if --new-password is given.', STYLE_HELP],
  options: {
    ...UNLOCK_OPTIONS,
    account: { type: 'string' },
    name: { type: 'string' },
    class: { type: 'string' },
    email: { type: 'string' },
    notes: { type: 'string' },
    'new-password': { type: 'boolean' },
    'generate-password': { type: 'boolean' },
    'password-style': { type: 'string' },
    length: { type: 'string' },
    json: { type: 'boolean' },
  },
  positionals: [1, 1],
  async run(context) {
    const dir = context.positionals[0] as string;
    const accountId = requiredOption(context, 'account');
    if (flag(context, 'new-password') && flag(context, 'generate-password')) {
      throw new UsageError('use either --new-password or --generate-password');
    }
    const length = generateLength(context);
    const changes = {
      name: stringOption(context, 'name'),
      accountClass: stringOption(context, 'class'),
      email: stringOption(context, 'email'),
      notes: stringOption(context, 'notes'),
      passwordStyle: styleOption(context).passwordStyle,
    };
    if (Object.values(changes).every((v) => v === undefined) && !flag(context, 'new-password') && length === undefined) {
      throw new UsageError('nothing to change: give --name, --class, --email, --notes, --password-style, --new-password or --generate-password');
    }
    await openAndUnlock(context, dir, 'password-vault');
    const password = flag(context, 'new-password') ? await readRootPassword(context, 'New root password') : undefined;
    const updated = await context.app.updateAccount({
      accountId,
      ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)),
      ...(password !== undefined ? { password } : {}),
      ...(length ?? {}),
    });
    const { generatedPassword: _omitted, ...summary } = updated;
    if (context.values.json) context.out(formatJson(summary));
    else {
      context.out(`Updated account ${summary.accountId} (${summary.name}).\n`);
      if (length !== undefined) context.out(GENERATED_NOTE(dir, summary.accountId));
    }
  },
};

const accountRemove: CommandSpec = {
  name: 'account remove',
  usage: 'DIR --account ID [--yes]',
  summary: 'Remove an account from the password vault (the previous generation stays in the .prev file).',
  details: ['Reads the password vault passphrase; asks to confirm unless --yes.'],
  options: {
    ...UNLOCK_OPTIONS, account: { type: 'string' }, yes: { type: 'boolean' }, json: { type: 'boolean' } },
  positionals: [1, 1],
  async run(context) {
    const accountId = requiredOption(context, 'account');
    requireConfirmable(context, `Remove the root credentials of account ${accountId}?`);
    await openAndUnlock(context, context.positionals[0] as string, 'password-vault');
    const account = await context.app.getAccount({ accountId });
    await confirm(context, `Remove the root credentials of ${account.accountId} (${account.name})?`, account.accountId);
    const saved = await context.app.removeAccount({ accountId });
    if (context.values.json) context.out(formatJson(saved));
    else context.out(`Removed account ${account.accountId}; the password vault is now at generation ${saved.generation}.\n`);
  },
};

const passwordReveal: CommandSpec = {
  name: 'password reveal',
  usage: 'DIR --account ID [--run RUN]',
  summary: 'Print one account’s root password on stdout (nothing else is printed there).',
  details: [
    'Reads the password vault passphrase.',
    'The reveal belongs to --run RUN, or to the single open run for the account; a vault set that requires runs refuses without one.',
    `When stdout is a terminal the password is shown on its alternate screen instead, until Enter or for ${REVEAL_SECONDS} s, then cleared: it never stays in the scrollback.`,
  ],
  options: {
    ...UNLOCK_OPTIONS, account: { type: 'string' }, run: { type: 'string' } },
  positionals: [1, 1],
  async run(context) {
    const accountId = requiredOption(context, 'account');
    const run = runOption(context);
    await context.app.openVaultSet({ dir: context.positionals[0] as string });
    await askRunSettingOnce(context);
    await openAndUnlock(context, context.positionals[0] as string, 'password-vault');
    const revealed = await context.app.revealPassword({ accountId, ...(run !== undefined ? { run } : {}) });
    // At a terminal the password goes to the alternate screen (never the scrollback); a pipe or file gets it alone.
    if (context.screen) await revealOnScreen(context, context.screen, revealed);
    else context.out(revealed.password + '\n');
  },
};

const passwordGenerate: CommandSpec = {
  name: 'password generate',
  usage: '[--password-style S] [--length N]',
  summary: 'Print a new password that meets the AWS root-password policy (default 32 characters).',
  details: [STYLE_HELP],
  options: { length: { type: 'string' }, 'password-style': { type: 'string' } },
  positionals: [0, 0],
  async run(context) {
    const length = integerOption(context, 'length');
    const { password } = await context.app.generatePassword({ ...(length !== undefined ? { length } : {}), style: styleOption(context).passwordStyle ?? 'symbols' });
    context.out(password + '\n');
  },
};

export const accountCommands: readonly CommandSpec[] = [
  accountAdd,
  accountList,
  accountShow,
  accountUpdate,
  accountRemove,
  passwordReveal,
  passwordGenerate,
];
