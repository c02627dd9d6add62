// `breakglass shares verify`, `custodians list` and `rotate`: checking one share alone, reading a store's
// custodian register without a key, and rotating a store's keys when its custodians change.

import { dirname } from 'node:path';
import { groupHex, type CustodyReport, type StoreCustodyInput, type StoreKind } from '../../app/index.js';
import { actors, requiredOption, stringOption, UNLOCK_OPTIONS, type CommandSpec } from '../command.js';
import { buildCustody, checkShareCount, LARGE_SHARE_SET_DETAIL, LARGE_SHARE_SET_OPTION, parseCustodySpec, readCustodiansFile, readNewPassphrase, STORE_LABEL } from '../custody-options.js';
import { formatFields, formatJson, formatTable } from '../output.js';
import { prepareShareDir, sharesWrittenNotice, writeIssuedShares } from '../share-files.js';
import { readUnlockSecret } from '../unlock.js';

function describeCustody(report: CustodyReport): string {
  const opened = [
    ...(report.passphrase ? ['passphrase'] : []),
    ...(report.shares ? [`${report.shares.threshold}-of-${report.shares.count} shares (share set ${groupHex(report.shares.shareSetId)})`] : []),
  ];
  const text = formatFields([
    ['Store', `${STORE_LABEL[report.store]} — ${report.file}`],
    ['Vault set', groupHex(report.setId)],
    ['Generation', String(report.generation)],
    ['Opened with', opened.join(' or ')],
    ['Revoked sets', report.revokedShareSets.length === 0 ? 'none' : report.revokedShareSets.map(groupHex).join(', ')],
  ]);
  const rows = report.custodians.map((c) => [c.shareIndex === null ? 'passphrase' : String(c.shareIndex), c.name, c.role, c.contact, c.issuedAt]);
  const table = rows.length === 0 ? 'No custodians are recorded.\n' : formatTable(['SHARE', 'CUSTODIAN', 'ROLE', 'CONTACT', 'ISSUED'], rows);
  const overrides = report.overrides.map((o) => `Segregation override ${o.at}: ${o.custodians.join(', ')} — “${o.reason}”\n`).join('');
  return `${text}\n${table}${overrides}`;
}

const sharesVerify: CommandSpec = {
  name: 'shares verify',
  usage: 'STORE-FILE [--image SCAN] [--as NAMES] [--json]',
  summary: 'Verify one custodian share alone against a store file: no other share, no key, nothing opened.',
  details: [
    'Reads the share (54 words, or the BGS1: QR text) from the terminal or the first line of stdin.',
    'With --image, reads it instead from the QR code of a scanned share sheet (PNG or JPEG, 150 dpi or more, or a page of the printed PDF).',
    'The check is recorded in the vault set\'s audit log with the people named by --as (else the share\'s recorded holder).',
  ],
  options: { image: { type: 'string' }, as: { type: 'string' }, json: { type: 'boolean' } },
  positionals: [1, 1],
  async run(context) {
    const file = context.positionals[0] as string;
    const image = stringOption(context, 'image');
    const present = actors(context);
    const named = present.length > 0 ? { actors: present } : {};
    // A store file inside a vault set: the check goes into that set's audit log (a lone copy has none).
    await context.app.openVaultSet({ dir: dirname(file) }).catch(() => undefined);
    const result =
      image === undefined
        ? await context.app.verifyShare({ file, share: await context.secrets.read('Share to verify (54 words, or the BGS1: text): '), ...named })
        : (await context.app.scanShareSheet({ image, file, ...named })).verification;
    if (context.values.json) return context.out(formatJson(result));
    context.out(
      `Valid: ${result.label} (vault set ${groupHex(result.setId)}, store generation ${result.generation})` +
        `${result.custodian ? `, issued to ${result.custodian} on ${result.issuedAt}` : ''}.\n`,
    );
  },
};

const custodiansList: CommandSpec = {
  name: 'custodians list',
  usage: 'STORE-FILE [--json]',
  summary: 'Show a store’s custody and custodian register (no key needed), and the smallest coalition for both stores.',
  options: { json: { type: 'boolean' } },
  positionals: [1, 1],
  async run(context) {
    const file = context.positionals[0] as string;
    const report = await context.app.listCustodians({ file });
    let segregation;
    try {
      await context.app.openVaultSet({ dir: dirname(file) });
      segregation = await context.app.getSegregationReport();
    } catch {
      segregation = undefined;
    }
    if (context.values.json) return context.out(formatJson({ ...report, ...(segregation ? { smallestCoalition: segregation.smallestCoalition } : {}) }));
    context.out(describeCustody(report));
    if (segregation) {
      context.out(
        `\nSmallest coalition that can open both stores: ${segregation.smallestCoalition.size} people (${segregation.smallestCoalition.explanation}).\n`,
      );
    }
  },
};

const rotate: CommandSpec = {
  name: 'rotate',
  usage: 'STORE-FILE [--custody passphrase|shares:K-of-N[+passphrase]] [--custodians FILE] [--shares-out DIR] [--allow-shared-custodian REASON] [--without-other-register REASON] [--allow-large-share-set] [--as NAMES]',
  summary: 'Rotate a store when custodians change: new data key, new key-encryption key, new share set; old shares are revoked.',
  details: [
    'Reads the current passphrase or k current shares, then (if the new custody has a passphrase) the new passphrase twice.',
    'Without --custody the store keeps its kind of custody (same k-of-n, same custodians unless --custodians names new ones).',
    'New shares go to --shares-out DIR (created 0700, or an existing empty 0700 directory; checked before anything changes): print them, hand them out, destroy the files; the old shares stop working.',
    LARGE_SHARE_SET_DETAIL,
    'Refused while the other store’s file is missing (its custodians cannot be checked): restore it first, or give --without-other-register REASON (audited).',
  ],
  options: {
    ...UNLOCK_OPTIONS,
    custody: { type: 'string' },
    custodians: { type: 'string' },
    'shares-out': { type: 'string' },
    'allow-shared-custodian': { type: 'string' },
    'without-other-register': { type: 'string' },
    ...LARGE_SHARE_SET_OPTION,
    json: { type: 'boolean' },
  },
  positionals: [1, 1],
  async run(context) {
    const file = context.positionals[0] as string;
    const current = await context.app.listCustodians({ file });
    const kind: StoreKind = current.store;
    const customSpec = stringOption(context, 'custody');
    const spec = customSpec
      ? parseCustodySpec(customSpec, '--custody')
      : {
          passphrase: current.passphrase,
          ...(current.shares ? { shares: { threshold: current.shares.threshold, count: current.shares.count } } : {}),
        };
    checkShareCount(context, kind, spec);
    const sharesOut = spec.shares ? requiredOption(context, 'shares-out') : undefined;
    // Refuse an unusable shares directory before any secret is read or the store changes: a rotation whose
    // shares cannot be written would leave a shares-only store that nothing opens.
    if (sharesOut !== undefined) await prepareShareDir(sharesOut);
    const file2 = stringOption(context, 'custodians');
    const named = file2 === undefined ? undefined : (await readCustodiansFile(file2))[kind === 'password-vault' ? 'password' : 'mfa'];
    const keep = current.custodians.filter((c) => (spec.shares ? c.shareIndex !== null : true)).map((c) => ({ name: c.name, role: c.role, contact: c.contact }));
    await context.app.openVaultSet({ dir: dirname(file) });
    const secret = await readUnlockSecret(context, kind);
    let custody: StoreCustodyInput = await buildCustody(context, kind, spec, named ?? (keep.length > 0 ? keep : undefined));
    if (spec.passphrase) custody = { ...custody, passphrase: await readNewPassphrase(context, kind) };
    await context.app.unlockStore({ store: kind, secret, actors: actors(context) });
    const override = stringOption(context, 'allow-shared-custodian');
    const unchecked = stringOption(context, 'without-other-register');
    const result = await context.app.rotateCustody({
      store: kind,
      custody,
      ...(override !== undefined ? { segregationOverride: { reason: override } } : {}),
      ...(unchecked !== undefined ? { uncheckedSegregation: { reason: unchecked } } : {}),
      actors: actors(context),
    });
    const recovery = spec.passphrase
      ? `The ${STORE_LABEL[kind]} still opens with its new passphrase: run rotate again with a new --shares-out directory to issue a new share set.`
      : `Nothing opens the ${STORE_LABEL[kind]} as it is now (generation ${result.generation}). Before anything else saves it, put the previous ` +
        `generation back — cp "${file}.prev" "${file}" — which the old shares open, then run rotate again with a new, empty --shares-out directory.`;
    const written = sharesOut !== undefined ? await writeIssuedShares(sharesOut, result.issuedShares, recovery) : [];
    if (context.values.json) {
      const { issuedShares: _secret, ...rest } = result;
      return context.out(formatJson({ ...rest, shareFiles: written }));
    }
    context.out(
      `Rotated the ${STORE_LABEL[kind]}: new data key and key-encryption key, now generation ${result.generation}.\n` +
        (result.revokedShareSet ? `Share set ${groupHex(result.revokedShareSet)} is revoked: its shares open nothing any more.\n` : '') +
        'Older copies of this store (drives, paper) are now stale: replace them with this generation.\n',
    );
    if (written.length > 0) context.out('\n' + sharesWrittenNotice(sharesOut as string, written));
  },
};

export const custodyCommands: readonly CommandSpec[] = [sharesVerify, custodiansList, rotate];
