// `breakglass import keepass|seeds` and `breakglass export-kdbx`: bring in a KeePass database or a seed
// table (a preview first; each store's part confirmed and saved on its own), and export one store to KDBX.

import { BreakglassError, type ImportPreview, type KeepassImportInput, type PreviewRow, type StoreKind } from '../../app/index.js';
import { actors, flag, requiredOption, storeOption, stringListOption, stringOption, UsageError, UNLOCK_OPTIONS, type CommandContext, type CommandSpec } from '../command.js';
import { formatJson, formatTable } from '../output.js';
import { openAndUnlock, readUnlockSecret } from '../unlock.js';

type AccountClass = NonNullable<KeepassImportInput['defaultClass']>;

function classValue(value: string, option: string): AccountClass {
  if (value !== 'management' && value !== 'excluded') throw new UsageError(`${option} must be "management" or "excluded", got ${JSON.stringify(value)}`);
  return value;
}

/** --class-for ID=CLASS, given once per account. */
function classOverrides(context: CommandContext): Record<string, AccountClass> {
  const out: Record<string, AccountClass> = {};
  for (const pair of stringListOption(context, 'class-for')) {
    const [id, value] = pair.split('=');
    if (!id || value === undefined || !/^\d{12}$/.test(id.trim())) throw new UsageError(`--class-for takes ACCOUNT_ID=management|excluded, got ${JSON.stringify(pair)}`);
    out[id.trim()] = classValue(value.trim(), '--class-for');
  }
  return out;
}

/** --map ENTRY=ID|skip: ENTRY is the preview's "#N" or the entry's exact title. */
function entryMapping(context: CommandContext): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of stringListOption(context, 'map')) {
    const at = pair.lastIndexOf('=');
    const entry = pair.slice(0, at).trim();
    const target = pair.slice(at + 1).trim();
    if (at <= 0 || !(target === 'skip' || /^\d{12}$/.test(target))) throw new UsageError(`--map takes ENTRY=ACCOUNT_ID or ENTRY=skip (ENTRY: "#N" or the title), got ${JSON.stringify(pair)}`);
    out[entry] = target;
  }
  return out;
}

function stepText(step: PreviewRow['vault']): string {
  return step.action === 'none' ? '—' : step.action;
}

/** The preview table: every row and what happens to it in each store. */
export function previewText(preview: ImportPreview): string {
  const lines = [
    `Source: ${preview.file} — ${preview.format}, SHA-256 ${preview.sha256}`,
    ...(preview.source === 'keepass' ? [`Recycle bin: ${preview.recycled} entr${preview.recycled === 1 ? 'y' : 'ies'} left out. Entries without an account id: ${preview.unmapped}.`] : []),
    '',
    formatTable(
      ['#', 'TITLE', 'ACCOUNT ID', 'CLASS', 'VAULT', 'MFA', 'WHY / FLAG'],
      preview.rows.map((row) => [
        `${row.index}`,
        row.title.length > 32 ? `${row.title.slice(0, 31)}…` : row.title,
        row.accountId ?? '—',
        row.accountClass ?? '—',
        stepText(row.vault) + (row.rotate ? ' (rotate)' : ''),
        stepText(row.mfa) + (row.device && row.mfa.action !== 'none' ? ` ${row.device}` : ''),
        [row.vault.reason, row.mfa.reason].filter(Boolean).join('; '),
      ]),
    ).trimEnd(),
    '',
    `Password vault: ${preview.vault.added} to add, ${preview.vault.updated} to update, ${preview.vault.skipped} skipped, ${preview.vault.rotate} flagged rotate.`,
    `MFA seed store: ${preview.mfa.added} to add, ${preview.mfa.updated} to update, ${preview.mfa.skipped} skipped.`,
    ...preview.warnings.map((w) => `\nWARNING: ${w}`),
  ];
  return lines.join('\n') + '\n';
}

/** Asks to go ahead: --yes answers; at a terminal "import" must be typed; a script without --yes stops at the preview. */
async function goAhead(context: CommandContext, question: string): Promise<boolean> {
  if (flag(context, 'yes')) return true;
  if (!context.secrets.interactive) {
    context.out('Nothing was written: this was the preview. Re-run with --yes to import.\n');
    return false;
  }
  const answer = await context.secrets.ask(`${question} Type import to confirm: `);
  if (answer.trim() !== 'import') {
    context.out('Not confirmed: nothing was written.\n');
    return false;
  }
  return true;
}

async function confirmPart(context: CommandContext, store: StoreKind): Promise<ImportPreview['pending']> {
  const result = await context.app.confirmImport({ store, actors: actors(context) });
  const label = store === 'password-vault' ? 'password vault' : 'MFA seed store';
  context.out(
    result.generation === null
      ? `The ${label} had nothing to import.\n`
      : `Saved the ${label} (generation ${result.generation}): ${result.counts.added} added, ${result.counts.updated} updated, ${result.counts.skipped} skipped.\n`,
  );
  return result.pending;
}

const importKeepass: CommandSpec = {
  name: 'import keepass',
  usage: 'DIR FILE.kdbx [--key-file F] [--class management|excluded] [--class-for ID=CLASS ...] [--map ENTRY=ID|skip ...] [--update] [--skip-mfa] [--yes] [--as NAMES] [--json]',
  summary: 'Import root credentials from a KeePass database (KDBX 3.1 or 4): a preview first, then the password vault, then — with the MFA custodians — the MFA seed store.',
  details: [
    'Reads the password vault passphrase (or shares), then the KeePass master password; after the preview, the MFA seed store passphrase (or shares) when the database holds TOTP secrets.',
    'Without --yes, a script only prints the preview. --class is the class of new accounts; --class-for gives one account another. --map "#N=ID" or "TITLE=ID" maps an entry without an id, "=skip" skips it.',
    'TOTP secrets found in the database go only to the MFA seed store; --skip-mfa leaves them out (re-run with the MFA custodians later: imported accounts are skipped).',
  ],
  options: {
    ...UNLOCK_OPTIONS,
    'key-file': { type: 'string' },
    class: { type: 'string' },
    'class-for': { type: 'string', multiple: true },
    map: { type: 'string', multiple: true },
    update: { type: 'boolean' },
    'skip-mfa': { type: 'boolean' },
    yes: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  positionals: [2, 2],
  async run(context) {
    const [dir, file] = context.positionals as [string, string];
    const defaultClass = stringOption(context, 'class');
    const keyFile = stringOption(context, 'key-file');
    const input: Omit<KeepassImportInput, 'masterPassword'> = {
      file,
      ...(keyFile !== undefined ? { keyFile } : {}),
      ...(defaultClass !== undefined ? { defaultClass: classValue(defaultClass, '--class') } : {}),
      classes: classOverrides(context),
      mapping: entryMapping(context),
      update: flag(context, 'update'),
    };
    await openAndUnlock(context, dir, 'password-vault');
    const masterPassword = await context.secrets.read('Master password of the KeePass database (empty if it has only a key file): ');
    let preview = await context.app.previewKeepassImport({ ...input, masterPassword });
    if (preview.needsClass > 0 && context.secrets.interactive && defaultClass === undefined) {
      context.out(previewText(preview));
      const answer = await context.secrets.ask(`Class of the ${preview.needsClass} new account(s) (management or excluded): `);
      preview = await context.app.previewKeepassImport({ ...input, defaultClass: classValue(answer.trim(), 'The class'), masterPassword });
    }
    if (context.values.json) context.out(formatJson(preview));
    else context.out(previewText(preview));
    if (preview.needsClass > 0) {
      throw new BreakglassError('VALIDATION', `${preview.needsClass} new account(s) need a class: give --class management|excluded (and --class-for ID=CLASS for the others). Nothing was written.`);
    }
    if (!(await goAhead(context, 'Import these entries?'))) return;
    const pending = preview.pending.passwordVault ? await confirmPart(context, 'password-vault') : preview.pending;
    if (pending.mfaSeeds) {
      if (flag(context, 'skip-mfa')) {
        context.out(`The ${preview.mfa.added + preview.mfa.updated} TOTP secret(s) were NOT imported (--skip-mfa). Re-run this import with the MFA custodians present to bring them in.\n`);
        await context.app.cancelImport();
      } else {
        await context.app.lockStore({ store: 'password-vault' });
        context.err('The password vault is locked again. Now the MFA custodians unlock the MFA seed store for the TOTP secrets:\n');
        await context.app.unlockStore({ store: 'mfa-seeds', secret: await readUnlockSecret(context, 'mfa-seeds'), actors: actors(context) });
        await confirmPart(context, 'mfa-seeds');
      }
    }
    context.out('Export both stores to their own drives now; then destroy the source file and every copy of it.\n');
  },
};

const importSeeds: CommandSpec = {
  name: 'import seeds',
  usage: 'DIR FILE [--update] [--with-vault] [--yes] [--as NAMES] [--json]',
  summary: 'Import MFA seeds from a seed table (| Account # | Account Name | Account Email | MFA Seed |, the same as CSV, or otpauth:// URIs one per line) into the MFA seed store.',
  details: [
    'Reads the MFA seed store passphrase (or shares); with --with-vault, first the password vault passphrase, so unknown accounts are flagged.',
    'Without --yes, a script only prints the preview. A bad line refuses the whole table: nothing is written.',
  ],
  options: { ...UNLOCK_OPTIONS, update: { type: 'boolean' }, 'with-vault': { type: 'boolean' }, yes: { type: 'boolean' }, json: { type: 'boolean' } },
  positionals: [2, 2],
  async run(context) {
    const [dir, file] = context.positionals as [string, string];
    if (flag(context, 'with-vault')) await openAndUnlock(context, dir, 'password-vault');
    await openAndUnlock(context, dir, 'mfa-seeds');
    const preview = await context.app.previewSeedImport({ file, update: flag(context, 'update') });
    context.out(context.values.json ? formatJson(preview) : previewText(preview));
    if (!(await goAhead(context, 'Import these seeds?'))) return;
    if (preview.pending.mfaSeeds) await confirmPart(context, 'mfa-seeds');
    else context.out('Nothing to import: every row is skipped.\n');
  },
};

const exportKdbx: CommandSpec = {
  name: 'export-kdbx',
  usage: 'DIR --store password|mfa --out FILE.kdbx [--kdf-profile strong|test] [--as NAMES] [--json]',
  summary: 'Export one store to a new KeePass file (KDBX 4, Argon2id) that KeePassXC opens: the vault without seeds, or the MFA devices as otp entries without passwords.',
  details: ['Reads the store\'s passphrase (or shares), then the new master password twice. The file must not exist; it is written with mode 0600.'],
  options: { ...UNLOCK_OPTIONS, store: { type: 'string' }, out: { type: 'string' }, 'kdf-profile': { type: 'string' }, json: { type: 'boolean' } },
  positionals: [1, 1],
  async run(context) {
    const store = storeOption(context);
    const out = requiredOption(context, 'out');
    const profile = stringOption(context, 'kdf-profile');
    if (profile !== undefined && profile !== 'strong' && profile !== 'test') throw new UsageError(`--kdf-profile must be "strong" or "test", got ${JSON.stringify(profile)}`);
    await openAndUnlock(context, context.positionals[0] as string, store);
    const masterPassword = await context.secrets.read('New master password for the KeePass file: ');
    const again = await context.secrets.read('Repeat the new master password: ');
    if (again !== masterPassword) throw new BreakglassError('VALIDATION', 'The two master passwords differ. Nothing was written.', { field: 'masterPassword' });
    const { resolve } = await import('node:path');
    const result = await context.app.exportKdbx({ store, outFile: resolve(out), masterPassword, ...(profile ? { kdfProfile: profile } : {}), actors: actors(context) });
    if (context.values.json) return context.out(formatJson(result));
    context.out(`Wrote ${result.file}: ${result.entries} entr${result.entries === 1 ? 'y' : 'ies'}, KDBX 4 (${result.kdf}), SHA-256 ${result.sha256}.\n`);
  },
};

export const importCommands: readonly CommandSpec[] = [importKeepass, importSeeds, exportKdbx];
