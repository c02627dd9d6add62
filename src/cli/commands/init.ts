// `breakglass init DIR`: creates the password vault and the MFA seed store of a new vault set, each with
// its own custody (passphrase and/or k-of-n shares) and its own, disjoint custodian group.

import { groupHex, type StoreCustodyInput, type StoreKind } from '../../app/index.js';
import { actors, requiredOption, stringOption, UsageError, type CommandSpec } from '../command.js';
import { buildCustody, checkShareCount, LARGE_SHARE_SET_DETAIL, LARGE_SHARE_SET_OPTION, parseCustodySpec, readCustodiansFile, readNewPassphrase, STORE_LABEL } from '../custody-options.js';
import { formatJson, formatTable } from '../output.js';
import { prepareShareDir, sharesWrittenNotice, writeIssuedShares } from '../share-files.js';

const KINDS: readonly StoreKind[] = ['password-vault', 'mfa-seeds'];

export const initCommand: CommandSpec = {
  name: 'init',
  usage:
    'DIR [--password-custody passphrase|shares:K-of-N[+passphrase]] [--mfa-custody …] [--custodians FILE] [--shares-out DIR] ' +
    '[--allow-shared-custodian REASON] [--allow-large-share-set] [--kdf-profile strong|test] [--require-run on|off] [--as NAMES] [--json]',
  summary: 'Create a new vault set: DIR/password-vault.bgv and DIR/mfa-seeds.bgv, each with its own custody.',
  details: [
    'Custody per store (default passphrase): a passphrase, k-of-n custodian shares, or both.',
    'Custodians come from --custodians FILE ([password] and [mfa] sections of name,role[,contact] lines) or are asked for.',
    'The two groups must not share a person unless --allow-shared-custodian gives the reason (it is recorded).',
    LARGE_SHARE_SET_DETAIL,
    'Shares are written to --shares-out DIR (created 0700, or an existing empty 0700 directory; one 0600 file per custodian) — print them, then destroy them.',
    'Reads each passphrase store’s passphrase twice: the password vault’s first, then the MFA seed store’s.',
    '--require-run on (default) makes every password reveal and TOTP login session of the new vault set need an open break-glass run; off makes runs optional.',
    '--kdf-profile strong (default) is Argon2id m=2 GiB t=1 p=4 (256 MiB t=3 p=4 under 8 GiB of RAM); test is for tests only.',
  ],
  options: {
    'password-custody': { type: 'string' },
    'mfa-custody': { type: 'string' },
    custodians: { type: 'string' },
    'shares-out': { type: 'string' },
    'allow-shared-custodian': { type: 'string' },
    ...LARGE_SHARE_SET_OPTION,
    'kdf-profile': { type: 'string' },
    'require-run': { type: 'string' },
    as: { type: 'string' },
    json: { type: 'boolean' },
  },
  positionals: [1, 1],
  async run(context) {
    const dir = context.positionals[0] as string;
    const profile = stringOption(context, 'kdf-profile') ?? 'strong';
    if (profile !== 'strong' && profile !== 'test') throw new UsageError(`--kdf-profile must be "strong" or "test", got ${JSON.stringify(profile)}`);
    const requireRun = stringOption(context, 'require-run') ?? 'on';
    if (requireRun !== 'on' && requireRun !== 'off') throw new UsageError(`--require-run must be "on" or "off", got ${JSON.stringify(requireRun)}`);
    const specs = {
      'password-vault': parseCustodySpec(stringOption(context, 'password-custody') ?? 'passphrase', '--password-custody'),
      'mfa-seeds': parseCustodySpec(stringOption(context, 'mfa-custody') ?? 'passphrase', '--mfa-custody'),
    };
    for (const kind of KINDS) checkShareCount(context, kind, specs[kind]);
    const anyShares = KINDS.some((kind) => specs[kind].shares);
    const sharesOut = anyShares ? requiredOption(context, 'shares-out') : stringOption(context, 'shares-out');
    if (!anyShares && sharesOut !== undefined) throw new UsageError('--shares-out is only for shares custody');
    // Checked before anything is read or created: shares that cannot be written would be lost.
    if (sharesOut !== undefined) await prepareShareDir(sharesOut);
    const file = stringOption(context, 'custodians');
    const named = file === undefined ? undefined : await readCustodiansFile(file);
    const custody = {} as Record<StoreKind, StoreCustodyInput>;
    for (const kind of KINDS) {
      custody[kind] = await buildCustody(context, kind, specs[kind], named?.[kind === 'password-vault' ? 'password' : 'mfa']);
    }
    for (const kind of KINDS) {
      if (specs[kind].passphrase) custody[kind] = { ...custody[kind], passphrase: await readNewPassphrase(context, kind) };
    }
    if (context.secrets.interactive) context.err('Deriving keys (Argon2id) and splitting shares; this takes a few seconds per store…\n');
    const override = stringOption(context, 'allow-shared-custodian');
    const result = await context.app.createVaultSet({
      dir,
      kdfProfile: profile,
      password: custody['password-vault'],
      mfa: custody['mfa-seeds'],
      ...(override !== undefined ? { segregationOverride: { reason: override } } : {}),
      actors: actors(context),
      requireRun: requireRun === 'on',
    });
    const { issuedShares, ...status } = result;
    const recovery =
      `The new vault set in ${status.dir} holds no accounts yet: delete the files init made there (password-vault.bgv, mfa-seeds.bgv, audit-log.jsonl, runs.json) ` +
      'and run init again with a new, empty --shares-out directory.';
    const written = sharesOut !== undefined && issuedShares.length > 0 ? await writeIssuedShares(sharesOut, issuedShares, recovery) : [];
    const segregation = await context.app.getSegregationReport();
    if (context.values.json) {
      context.out(formatJson({ ...status, shareFiles: written, smallestCoalition: segregation.smallestCoalition }));
      return;
    }
    const rows = KINDS.map((kind) => {
      const info = status.stores[kind].inspection;
      const slots = (info?.slots ?? []).map((slot) => (slot.type === 'passphrase' ? `passphrase (${slot.kdf.label})` : `shares ${slot.threshold}-of-${slot.shares}`));
      return [STORE_LABEL[kind], status.stores[kind].file, String(info?.generation ?? '?'), slots.join(' + ')];
    });
    context.out(`Created vault set ${groupHex(status.setId ?? '')} in ${status.dir}\n\n`);
    context.out(formatTable(['STORE', 'FILE', 'GENERATION', 'OPENED WITH'], rows));
    context.out(
      `\nSmallest coalition that can open both stores: ${segregation.smallestCoalition.size} people ` +
        `(${segregation.smallestCoalition.explanation}).\n`,
    );
    if (segregation.sharedCustodians.length > 0) {
      context.out(`Segregation override recorded for: ${segregation.sharedCustodians.join(', ')}.\n`);
    }
    if (written.length > 0) context.out('\n' + sharesWrittenNotice(sharesOut as string, written));
    context.out(requireRun === 'on' ? '\nEvery password reveal and TOTP login session needs an open break-glass run ("breakglass run start").\n' : '\nBreak-glass runs are optional in this vault set.\n');
    context.out(
      '\nNext: add accounts ("breakglass account add") and enroll their MFA devices ("breakglass enroll"), then copy each store\n' +
        'to its own USB drives.\n',
    );
  },
};
