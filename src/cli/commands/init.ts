// `breakglass init DIR`: creates the password vault and the MFA seed store of a new vault set, each with
// its own passphrase (entered twice; the two must differ).

import { BreakglassError, groupHex, type StoreKind } from '../../app/index.js';
import { UsageError, stringOption, type CommandContext, type CommandSpec } from '../command.js';
import { formatJson, formatTable } from '../output.js';

const LABEL: Record<StoreKind, string> = { 'password-vault': 'password vault', 'mfa-seeds': 'MFA seed store' };

async function readNewPassphrase(context: CommandContext, kind: StoreKind): Promise<string> {
  const first = await context.secrets.read(`New passphrase for the ${LABEL[kind]}: `);
  const second = await context.secrets.read(`Repeat the passphrase for the ${LABEL[kind]}: `);
  if (first !== second) {
    throw new BreakglassError('VALIDATION', `The two entries of the ${LABEL[kind]} passphrase differ. Nothing was created; try again.`, {
      field: 'passphrase',
    });
  }
  return first;
}

export const initCommand: CommandSpec = {
  name: 'init',
  usage: 'DIR [--kdf-profile strong|test] [--json]',
  summary: 'Create a new vault set: DIR/password-vault.bgv and DIR/mfa-seeds.bgv, each with its own passphrase.',
  details: [
    'Reads 4 secrets: the password vault passphrase twice, then the MFA seed store passphrase twice.',
    'The two passphrases must differ and belong to different custodian groups.',
    '--kdf-profile strong (default) is Argon2id m=2 GiB t=1 p=4 (256 MiB t=3 p=4 under 8 GiB of RAM); test is for tests only.',
  ],
  options: { 'kdf-profile': { type: 'string' }, json: { type: 'boolean' } },
  positionals: [1, 1],
  async run(context) {
    const dir = context.positionals[0] as string;
    const profile = stringOption(context, 'kdf-profile') ?? 'strong';
    if (profile !== 'strong' && profile !== 'test') throw new UsageError(`--kdf-profile must be "strong" or "test", got ${JSON.stringify(profile)}`);
    const passwordPassphrase = await readNewPassphrase(context, 'password-vault');
    const mfaPassphrase = await readNewPassphrase(context, 'mfa-seeds');
    if (context.secrets.interactive) context.err('Deriving keys (Argon2id); this takes a few seconds per store…\n');
    const status = await context.app.createVaultSet({
      dir,
      kdfProfile: profile,
      password: { passphrase: passwordPassphrase },
      mfa: { passphrase: mfaPassphrase },
    });
    if (context.values.json) {
      context.out(formatJson(status));
      return;
    }
    const rows = (['password-vault', 'mfa-seeds'] as const).map((kind) => {
      const info = status.stores[kind].inspection;
      const slot = info?.slots[0];
      return [LABEL[kind], status.stores[kind].file, String(info?.generation ?? '?'), slot?.type === 'passphrase' ? slot.kdf.label : ''];
    });
    context.out(`Created vault set ${groupHex(status.setId ?? '')} in ${status.dir}\n\n`);
    context.out(formatTable(['STORE', 'FILE', 'GENERATION', 'KEY'], rows));
    context.out(
      '\nNext: give each passphrase only to its own custodian group, add accounts ("breakglass account add") and\n' +
        'MFA devices ("breakglass seed add"), then copy each store to its own USB drives.\n',
    );
  },
};
