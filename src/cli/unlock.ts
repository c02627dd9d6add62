// How the CLI reads what opens a store: the passphrase, or k shares (54 words or BGS1: text each), one
// per line on stdin or typed at the terminal — where each share is checked as soon as it is entered, and
// a word the check names is asked again on its own (share-word-fix.ts).

import { BreakglassError, type StoreKind, type UnlockSecret } from '../app/index.js';
import { actors, stringOption, UsageError, type CommandContext } from './command.js';
import { isEndOfInput } from './secret-input.js';
import { namedWord, verifyMendingWords } from './share-word-fix.js';

const LABEL: Record<StoreKind, string> = { 'password-vault': 'password vault', 'mfa-seeds': 'MFA seed store' };
const MAX_ATTEMPTS = 3;

/** A line that is a share rather than a passphrase: the QR text, or 50 or more words. */
export function looksLikeShare(text: string): boolean {
  const trimmed = text.trim();
  return /^BGS1:/i.test(trimmed) || trimmed.split(/[\s,;]+/).filter(Boolean).length >= 50;
}

/** The shares given ran out (end of stdin, or an empty line) before k were read. */
function tooFewShares(kind: StoreKind, given: number, threshold: number): BreakglassError {
  const more = threshold - given;
  return new BreakglassError(
    'QUORUM',
    `${given} of the ${threshold} shares needed to open the ${LABEL[kind]} ${given === 1 ? 'was' : 'were'} given: ` +
      `${more} more custodian${more === 1 ? '’s share is' : 's’ shares are'} needed. Nothing was opened or changed.`,
  );
}

/**
 * The input ended before k shares. The shares given go to the store's own checks, which take them in the
 * order of FORMAT.md §12.4 — each share alone, then repeats, then the quorum — so a bad or repeated share
 * is reported with its own error (naming it) before the missing ones; QUORUM is then said in the CLI's
 * words, counting the shares still needed.
 */
async function refuseTooFewShares(context: CommandContext, kind: StoreKind, shares: readonly string[], threshold: number): Promise<never> {
  if (shares.length > 0) {
    try {
      await context.app.unlockStore({ store: kind, secret: { shares }, actors: actors(context) });
    } catch (error) {
      if (!(error instanceof BreakglassError) || error.code !== 'QUORUM') throw error;
    }
  }
  throw tooFewShares(kind, shares.length, threshold);
}

/** One share, or undefined when the input ends first: end of stdin, or an empty line. */
async function readShare(context: CommandContext, kind: StoreKind, position: number, threshold: number, first?: string): Promise<string | undefined> {
  const prompt = `Share ${position} of ${threshold} for the ${LABEL[kind]} (54 words, or the BGS1: text; an empty line if there are no more): `;
  const readLine = async (): Promise<string | undefined> => {
    try {
      const text = await context.secrets.read(prompt);
      return text.trim() === '' ? undefined : text;
    } catch (error) {
      if (isEndOfInput(error)) return undefined;
      throw error;
    }
  };
  if (!context.secrets.interactive) return first ?? readLine();
  for (let attempt = 1; ; attempt++) {
    const text = first !== undefined && attempt === 1 ? first : await readLine();
    if (text === undefined) return undefined;
    try {
      const mended = await verifyMendingWords(context, kind, position, text);
      context.err(`  ✓ ${mended.checked.label}${mended.checked.custodian ? ` — held by ${mended.checked.custodian}` : ''}\n`);
      return mended.text;
    } catch (error) {
      // A word asked again too often ends the command with the share's own error (namedWord says so).
      if (!(error instanceof BreakglassError) || error.code === 'CANCELLED' || attempt >= MAX_ATTEMPTS || namedWord(error) !== undefined) throw error;
      context.err(`  ✗ ${error.message}\n  Type that share again.\n`);
    }
  }
}

/**
 * Chooses passphrase or shares from the store's key slots (or --unlock-with), then reads the secret(s).
 * With both slots and no option, the first line decides: a share-shaped line means shares.
 */
export async function readUnlockSecret(context: CommandContext, kind: StoreKind): Promise<UnlockSecret> {
  const custody = await context.app.listCustodians({ store: kind });
  const opensWithPassphrase = custody.passphrase && stringOption(context, 'unlock-with') !== 'shares';
  if (custody.kdfWarning && opensWithPassphrase) context.err(`Warning: ${custody.kdfWarning}\n`);
  const forced = stringOption(context, 'unlock-with');
  if (forced !== undefined && forced !== 'passphrase' && forced !== 'shares') {
    throw new UsageError(`--unlock-with must be "passphrase" or "shares", got ${JSON.stringify(forced)}`);
  }
  const threshold = custody.shares?.threshold;
  let method: 'passphrase' | 'shares' | undefined = forced as 'passphrase' | 'shares' | undefined;
  if (method === 'shares' && threshold === undefined) {
    throw new BreakglassError('AUTH', `The ${LABEL[kind]} has no shares slot: it opens with its passphrase.`);
  }
  if (method === 'passphrase' && !custody.passphrase) {
    throw new BreakglassError('AUTH', `The ${LABEL[kind]} has no passphrase: it opens with ${threshold} custodians' shares.`);
  }
  method ??= !custody.passphrase ? 'shares' : threshold === undefined ? 'passphrase' : undefined;
  let first: string | undefined;
  if (method === undefined) {
    first = await context.secrets.read(`Passphrase or first share for the ${LABEL[kind]}: `);
    method = looksLikeShare(first) ? 'shares' : 'passphrase';
  }
  if (method === 'passphrase') return { passphrase: first ?? (await context.secrets.read(`Passphrase for the ${LABEL[kind]}: `)) };
  const k = threshold as number;
  if (context.secrets.interactive) context.err(`The ${LABEL[kind]} opens with ${k} of ${custody.shares?.count} custodians' shares.\n`);
  const shares: string[] = [];
  for (let i = 1; i <= k; i++) {
    const share = await readShare(context, kind, i, k, i === 1 ? first : undefined);
    if (share === undefined) return refuseTooFewShares(context, kind, shares, k);
    shares.push(share);
  }
  return { shares };
}

/** Opens DIR and unlocks one store with its passphrase or k shares, read from the terminal or stdin. */
export async function openAndUnlock(context: CommandContext, dir: string, kind: StoreKind): Promise<void> {
  await context.app.openVaultSet({ dir });
  const status = await context.app.unlockStore({ store: kind, secret: await readUnlockSecret(context, kind), actors: actors(context) });
  if (status.unaudited) context.err(`Warning: ${status.unaudited.message}\n`);
}
