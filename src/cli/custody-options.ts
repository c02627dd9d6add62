// The CLI's custody options: `--password-custody shares:K-of-N|passphrase|shares:K-of-N+passphrase`, the
// custodians file or prompts, and new passphrases entered twice.

import { readFile } from 'node:fs/promises';
import { BreakglassError, DEFAULT_MAX_SHARE_COUNT, parseCustodiansFile, type CustodianInput, type StoreCustodyInput, type StoreKind } from '../app/index.js';
import { UsageError, type CommandContext } from './command.js';

export const STORE_LABEL: Record<StoreKind, string> = { 'password-vault': 'password vault', 'mfa-seeds': 'MFA seed store' };

/** The opt-in for more than 16 shares (the API's `allowLargeSet`), shared by init and rotate. */
export const LARGE_SHARE_SET_OPTION = { 'allow-large-share-set': { type: 'boolean' } } as const;
export const LARGE_SHARE_SET_DETAIL = '--allow-large-share-set permits more than 16 shares per store (up to 255); without it n ≤ 16.';

export interface CustodySpec {
  readonly passphrase: boolean;
  readonly shares?: { readonly threshold: number; readonly count: number };
}

/** Refuses more than 16 shares without --allow-large-share-set before anything is asked for. */
export function checkShareCount(context: CommandContext, kind: StoreKind, spec: CustodySpec): void {
  const count = spec.shares?.count ?? 0;
  if (count > DEFAULT_MAX_SHARE_COUNT && context.values['allow-large-share-set'] !== true) {
    throw new UsageError(
      `${spec.shares?.threshold}-of-${count} shares of the ${STORE_LABEL[kind]}: more than ${DEFAULT_MAX_SHARE_COUNT} shares need --allow-large-share-set ` +
        '(every share is one more sheet in a safe to keep track of)',
    );
  }
}

export function parseCustodySpec(text: string, option: string): CustodySpec {
  const parts = text.toLowerCase().split('+');
  let passphrase = false;
  let shares: CustodySpec['shares'];
  for (const part of parts) {
    const match = /^shares:(\d+)-of-(\d+)$/.exec(part);
    if (part === 'passphrase' && !passphrase) passphrase = true;
    else if (match && !shares) shares = { threshold: Number(match[1]), count: Number(match[2]) };
    else throw new UsageError(`${option} must be passphrase, shares:K-of-N or shares:K-of-N+passphrase, got ${JSON.stringify(text)}`);
  }
  return { passphrase, ...(shares ? { shares } : {}) };
}

export async function readCustodiansFile(path: string): Promise<{ password: CustodianInput[]; mfa: CustodianInput[] }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new BreakglassError('NOT_FOUND', `Cannot read the custodians file ${path}: ${(error as Error).message}`);
  }
  return parseCustodiansFile(text);
}

async function promptCustodians(context: CommandContext, kind: StoreKind, count: number): Promise<CustodianInput[]> {
  if (!context.secrets.interactive) {
    throw new UsageError(`name the ${STORE_LABEL[kind]} custodians with --custodians FILE ([password] / [mfa] sections of name,role lines)`);
  }
  const custodians: CustodianInput[] = [];
  for (let i = 1; i <= count; i++) {
    const name = await context.secrets.ask(`Name of ${STORE_LABEL[kind]} custodian ${i} of ${count}: `);
    const role = await context.secrets.ask(`Role of ${name.trim()} (optional): `);
    custodians.push({ name, role });
  }
  return custodians;
}

/** Reads a new passphrase twice and refuses a mismatch. */
export async function readNewPassphrase(context: CommandContext, kind: StoreKind): Promise<string> {
  const first = await context.secrets.read(`New passphrase for the ${STORE_LABEL[kind]}: `);
  const second = await context.secrets.read(`Repeat the passphrase for the ${STORE_LABEL[kind]}: `);
  if (first !== second) {
    throw new BreakglassError('VALIDATION', `The two entries of the ${STORE_LABEL[kind]} passphrase differ. Nothing was changed; try again.`, {
      field: 'passphrase',
    });
  }
  return first;
}

/**
 * Turns a spec plus the custodians (from the file's section for this store, or prompts) into the API's
 * custody input; the passphrase is read last so that every cheap check has passed before secrets are typed.
 */
export async function buildCustody(
  context: CommandContext,
  kind: StoreKind,
  spec: CustodySpec,
  fromFile: CustodianInput[] | undefined,
): Promise<StoreCustodyInput> {
  let custodians = fromFile;
  if (spec.shares) {
    custodians ??= await promptCustodians(context, kind, spec.shares.count);
    if (custodians.length !== spec.shares.count) {
      throw new BreakglassError(
        'VALIDATION',
        `${spec.shares.threshold}-of-${spec.shares.count} shares of the ${STORE_LABEL[kind]} need ${spec.shares.count} custodians; ` +
          `the custodians file names ${custodians.length}.`,
        { field: 'custodians' },
      );
    }
  }
  return {
    ...(spec.shares
      ? { shares: { threshold: spec.shares.threshold, custodians: custodians ?? [], ...(context.values['allow-large-share-set'] === true ? { allowLargeSet: true } : {}) } }
      : {}),
    ...(!spec.shares && custodians && custodians.length > 0 ? { passphraseHolders: custodians } : {}),
  };
}
