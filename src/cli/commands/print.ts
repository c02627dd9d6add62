// `breakglass print shares|emergency|paper-backup|spec` and `breakglass paper restore`: the paper in the
// safe — share sheets, emergency sheets, the store as QR codes, the format specification — and its way back.

import { resolve } from 'node:path';
import { BreakglassError, type PrintDocumentKind, type PrintInput } from '../../app/index.js';
import { actors, bagOptions, stringOption, storeOption, UNLOCK_OPTIONS, UsageError, type CommandContext, type CommandSpec } from '../command.js';
import { STORE_LABEL } from '../custody-options.js';
import { formatJson } from '../output.js';
import { openAndUnlock } from '../unlock.js';

const COMMON_OPTIONS = {
  store: { type: 'string' },
  out: { type: 'string' },
  printer: { type: 'string' },
  paper: { type: 'string' },
  as: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** Reads shares until EOF (stdin) or an empty line (terminal). */
async function readShares(context: CommandContext): Promise<string[]> {
  const shares: string[] = [];
  for (;;) {
    let line: string;
    try {
      line = await context.secrets.read(`Share ${shares.length + 1} to print (54 words or BGS1: text${context.secrets.interactive ? '; empty line to finish' : ''}): `);
    } catch (error) {
      if (error instanceof BreakglassError && error.code === 'CANCELLED' && !context.secrets.interactive) break;
      throw error;
    }
    if (line.trim() === '') {
      if (context.secrets.interactive) break;
      continue;
    }
    shares.push(line);
  }
  if (shares.length === 0) throw new UsageError('give at least one share to print, one per line');
  return shares;
}

function printCommand(document: PrintDocumentKind, summary: string, details: readonly string[], extra: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = {}): CommandSpec {
  return {
    name: `print ${document}`,
    usage: `DIR --store password|mfa --out FILE.pdf [--printer QUEUE|default] [--paper A4|Letter]${document === 'emergency' ? ' [--locations TEXT]' : ''}${document === 'shares' ? ' [--bag INDEX=BAG]...' : ''} [--json]`,
    summary,
    details: [...details, 'The --out file must be new, in an existing folder outside the vault set: nothing is ever overwritten.'],
    options: { ...COMMON_OPTIONS, ...(document === 'emergency' ? { ...UNLOCK_OPTIONS, locations: { type: 'string' } } : {}), ...extra },
    positionals: [1, 1],
    async run(context) {
      const store = storeOption(context);
      const outFile = stringOption(context, 'out');
      const printer = stringOption(context, 'printer');
      if (outFile === undefined && printer === undefined) throw new UsageError('say where the PDF goes: --out FILE.pdf and/or --printer QUEUE');
      const paper = stringOption(context, 'paper') ?? 'A4';
      if (paper !== 'A4' && paper !== 'Letter') throw new UsageError('--paper must be A4 or Letter');
      const dir = context.positionals[0] as string;
      if (document === 'emergency' && store === 'password-vault') await openAndUnlock(context, dir, store);
      else await context.app.openVaultSet({ dir });
      const bags = document === 'shares' ? bagOptions(context) : [];
      const shares = document === 'shares' ? await readShares(context) : undefined;
      const locations = stringOption(context, 'locations');
      const input: PrintInput = {
        document,
        store,
        paper,
        // The app takes full paths only: --out is relative to the working directory.
        ...(outFile !== undefined ? { outFile: resolve(outFile) } : {}),
        ...(printer !== undefined ? { printer } : {}),
        ...(shares ? { shares } : {}),
        ...(bags.length > 0 ? { bags } : {}),
        ...(locations !== undefined ? { locations: locations.replace(/\\n/g, '\n') } : {}),
        actors: actors(context),
      };
      const result = await context.app.printDocument(input);
      if (context.values.json) return context.out(formatJson(result));
      const files = result.files ?? [];
      context.out(
        `Printed the ${document} document of the ${STORE_LABEL[store]} (generation ${result.generation}): ${result.pages} page${result.pages === 1 ? '' : 's'}` +
          (result.file ? `, saved to ${result.file}` : '') +
          (files.length > 0 ? `, saved as ${files.length} file${files.length === 1 ? '' : 's'}, one per share` : '') +
          (result.job ? `, sent to printer ${result.printer} (job ${result.job})` : '') +
          (files.length > 0 ? ':\n' + files.map((f) => `  ${f}\n`).join('') : '.\n') +
          (files.length > 0 ? "Each file is one custodian's sheet and holds that share: print it, then destroy the file (e.g. shred -u).\n" : '') +
          (result.bagsRecorded
            ? `Bag numbers recorded in the envelope record (drill-record.json, in the audit log): ${result.bagsRecorded.map((b) => `share ${b.index} ${b.bag}`).join(', ')}. Seal each sheet in the bag printed on it.\n`
            : ''),
      );
    },
  };
}

const paperRestore: CommandSpec = {
  name: 'paper restore',
  usage: '--out FILE [--store password|mfa] [--dir DIR] IMAGE... [--json]',
  summary: 'Rebuild a store from its scanned paper backup (PNG/JPEG pages, or the PDF itself); written only if its SHA-256 matches.',
  details: [
    'Chunks may be in any order; missing, duplicate or foreign chunks are reported by number.',
    '--store refuses a backup of the other store; --dir (a vault set) refuses one of another set and records the restore in its audit log.',
    'FILE may be an older generation of the same store (kept as FILE.prev), never another store or a newer generation.',
  ],
  options: { out: { type: 'string' }, store: { type: 'string' }, dir: { type: 'string' }, as: { type: 'string' }, json: { type: 'boolean' } },
  positionals: [1, 1000],
  async run(context) {
    const outFile = stringOption(context, 'out');
    if (outFile === undefined) throw new UsageError('--out FILE is required: where the restored store is written');
    const store = stringOption(context, 'store') === undefined ? undefined : storeOption(context);
    const dir = stringOption(context, 'dir');
    if (dir !== undefined) await context.app.openVaultSet({ dir });
    const result = await context.app.restorePaperBackup({ images: context.positionals, outFile, ...(store ? { store } : {}), actors: actors(context) });
    if (context.values.json) return context.out(formatJson(result));
    context.out(
      `Restored the ${STORE_LABEL[result.kind]} (generation ${result.generation}) from ${result.chunks} QR codes to ${result.file}.\n` +
        `SHA-256 ${result.fingerprint} — compare it with the emergency sheet.\n` +
        (result.duplicates.length > 0 ? `(Chunks ${result.duplicates.join(', ')} were scanned more than once; that is fine.)\n` : ''),
    );
  },
};

export const printCommands: readonly CommandSpec[] = [
  printCommand('shares', 'Print custodian share sheets (one page per share) from shares typed or read from the share files.', [
    'Reads the shares, one per line, until the end of stdin (at a terminal: until an empty line); each is verified first.',
    '--out FILE.pdf writes one PDF per share beside it (FILE-1-of-3.pdf, …): each is one custodian\'s sheet. A printer gets them as one job.',
    '--bag INDEX=BAG (repeatable, e.g. --bag 1=TB-004511): the tamper-evident bag share INDEX goes into, printed on its sheet and, once',
    'the sheets are saved or printed, recorded for the drill (as "drill record" does). Every bag is checked first: nothing is printed on a refusal.',
  ], { bag: { type: 'string', multiple: true } }),
  printCommand('emergency', 'Print the emergency sheet of a store: what it is, accounts, copies, custodians, fingerprint, procedure.', [
    'For the password vault it reads the vault passphrase or k shares (the sheet lists account names).',
  ]),
  printCommand('paper-backup', 'Print the encrypted store itself as numbered QR codes (restore with "breakglass paper restore").', []),
  printCommand('spec', 'Print FORMAT.md, so that the safe alone is enough to rebuild a decoder.', []),
  paperRestore,
];
