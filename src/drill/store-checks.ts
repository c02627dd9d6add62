// The drill's checks of one store's custody: every share entered is verified alone (a refusal names what is
// wrong), an absent share is named, the passphrase is checked against its slot, and k shares (or the
// passphrase) open the store in memory, every secret box with it. Keys are wiped by the caller. FORMAT.md §16.2.

import { findSlot, type ContainerHeader, type ParsedContainer } from '../crypto/container.js';
import { unlockWithPassphrase } from '../crypto/passphrase-slot.js';
import { wipe } from '../crypto/wipe.js';
import { unlockWithShares, verifyShareText } from '../custody/shares-slot.js';
import { BreakglassError } from '../errors.js';
import { storeKindLabel, type StoreKind } from '../shared/store-kind.js';
import type { CustodyRecord } from '../stores/custody-record.js';
import { openSeed } from '../stores/seeds.js';
import { decryptSeedStore, decryptVault, readCustody, type StoreDocuments } from '../stores/store-codec.js';
import { openVaultPassword } from '../stores/vault.js';

/** What the custodians of one store entered: their shares (any order) and/or the passphrase. */
export interface DrillSecret {
  readonly shares: readonly string[];
  readonly passphrase?: string;
}

/** The shares that passed alone, each with its index and holder, in the order given. */
export interface CheckedShare {
  readonly text: string;
  readonly index: number;
  readonly holder: string | null;
}

/** The way the drill opens this store and each of its copies: the checked shares, or the passphrase. */
export type StoreOpener = { readonly shares: readonly string[] } | { readonly passphrase: string };

export function holderOf(custody: CustodyRecord, index: number): string | null {
  return custody.custodians.find((c) => c.shareIndex === index)?.name ?? null;
}

function describeError(error: unknown): string {
  if (error instanceof BreakglassError) return error.message;
  throw error;
}

/**
 * A share refusal in words that carry no share material: the report is kept, so a typed or expected word
 * (a part of a share) is never written into it — only the word's number (FORMAT.md §16.3).
 */
export function describeShareRefusal(error: unknown, name: string): string {
  if (!(error instanceof BreakglassError)) throw error;
  const detail = error.detail;
  switch (detail?.kind) {
    case 'word':
      return `${name}: word ${detail.word} is mistyped (the checksum does not fit): compare word ${detail.word} with the printed sheet and enter the share again.`;
    case 'unknown-word':
      return `${name}: word ${detail.word} is not a share word: compare it with the printed sheet and enter the share again.`;
    case 'swapped':
      return `${name}: words ${detail.words[0]} and ${detail.words[1]} are swapped: compare them with the printed sheet and enter the share again.`;
    case 'checksum':
      return `${name}: the checksum does not fit and no single word explains it: compare every word with the printed sheet.`;
    default:
      return error.message;
  }
}

/** One line per share entered, one exception per refusal and per share nobody entered. */
export function checkEverySharesAlone(
  header: ContainerHeader,
  custody: CustodyRecord,
  texts: readonly string[],
  step: { line(text: string): void; exception(kind: string, message: string): void },
): CheckedShare[] {
  const kind = header.kind;
  const label = storeKindLabel(kind);
  const slot = findSlot(header, 'shares');
  const checked: CheckedShare[] = [];
  texts.forEach((text, i) => {
    const name = `entry ${i + 1} for the ${label}`;
    try {
      const { share } = verifyShareText(header, text, name);
      const index = share.index;
      wipe(share.value);
      const holder = holderOf(custody, index);
      if (checked.some((c) => c.index === index)) {
        step.exception('share-duplicate', `${name} is share ${index} of the ${label} again: each custodian enters their own share once.`);
        return;
      }
      checked.push({ text, index, holder });
      step.line(`Share ${index} of ${share.count} (${holder ?? 'holder not in the register'}): checksum, store, vault set, share set, revocation and commitment OK.`);
    } catch (error) {
      step.exception('share-refused', describeShareRefusal(error, name));
    }
  });
  if (slot) {
    for (let index = 1; index <= slot.commitments.length; index++) {
      if (checked.some((c) => c.index === index)) continue;
      const holder = holderOf(custody, index);
      step.exception('share-not-checked', `Share ${index} of the ${label} (${holder ?? 'no holder recorded'}) not checked: its custodian did not enter it.`);
    }
  } else if (texts.length > 0) {
    step.line(`The ${label} has no shares slot: it opens with its passphrase only.`);
  }
  return checked;
}

/** The passphrase against its slot; an exception when the slot exists and nobody typed it, or it is wrong. */
export async function checkPassphrase(
  header: ContainerHeader,
  passphrase: string | undefined,
  step: { line(text: string): void; exception(kind: string, message: string): void },
): Promise<boolean> {
  const label = storeKindLabel(header.kind);
  if (!findSlot(header, 'passphrase')) {
    if (passphrase !== undefined) step.exception('passphrase-unexpected', `The ${label} has no passphrase slot, but a passphrase was entered: check which store it belongs to.`);
    return false;
  }
  if (passphrase === undefined) {
    step.exception('passphrase-not-checked', `The passphrase of the ${label} was not checked: its holder did not type it.`);
    return false;
  }
  try {
    wipe(await unlockWithPassphrase(header, passphrase));
    step.line(`The passphrase opened the ${label}'s passphrase slot.`);
    return true;
  } catch (error) {
    step.exception('passphrase-refused', `The passphrase typed for the ${label} was refused: ${describeError(error)}`);
    return false;
  }
}

/** The checked shares when they reach the threshold, else the passphrase when it opened its slot. */
export function chooseOpener(header: ContainerHeader, shares: readonly CheckedShare[], passphrase: string | undefined, passphraseOk: boolean): StoreOpener | undefined {
  const slot = findSlot(header, 'shares');
  if (slot && shares.length >= slot.threshold) return { shares: shares.slice(0, slot.threshold).map((s) => s.text) };
  if (passphraseOk && passphrase !== undefined) return { passphrase };
  return undefined;
}

export function describeOpener(header: ContainerHeader, opener: StoreOpener): string {
  const slot = findSlot(header, 'shares');
  return 'shares' in opener ? `${opener.shares.length} of ${slot?.commitments.length ?? '?'} shares` : 'the passphrase';
}

/** The data key of `parsed` opened with `opener`; the caller wipes it. */
export async function openKey(parsed: ParsedContainer, opener: StoreOpener): Promise<Uint8Array> {
  return 'shares' in opener ? unlockWithShares(parsed.header, opener.shares) : unlockWithPassphrase(parsed.header, opener.passphrase);
}

/** What an opened store holds, counted; every password box opened and wiped on the way (never shown). */
export interface OpenedStore {
  readonly docs: StoreDocuments;
  readonly entries: number;
}

/** Decrypts the payload, and for the vault every password box, each wiped at once. */
export function decryptEverything(parsed: ParsedContainer, dataKey: Uint8Array): OpenedStore {
  const kind: StoreKind = parsed.header.kind;
  const custody = readCustody(parsed);
  const key = { dataKey, setId: parsed.header.setId };
  if (kind === 'password-vault') {
    const vault = decryptVault(parsed, dataKey);
    for (const account of vault.accounts) wipe(openVaultPassword(vault, account.accountId, key));
    return { docs: { kind, vault, custody }, entries: vault.accounts.length };
  }
  const seeds = decryptSeedStore(parsed, dataKey);
  let entries = 0;
  for (const account of seeds.metadata.accounts) {
    for (const device of account.devices) if (device.type === 'virtual') entries += 1;
  }
  return { docs: { kind, seeds, custody }, entries };
}

/** Opens a copy with the drill's opener and decrypts every secret; the key is wiped before it returns. */
export async function openCopy(parsed: ParsedContainer, opener: StoreOpener): Promise<OpenedStore> {
  const dataKey = await openKey(parsed, opener);
  try {
    return decryptEverything(parsed, dataKey);
  } finally {
    wipe(dataKey);
  }
}

/** Seeds of one opened seed store, one at a time: decrypted, turned into a code by `code`, wiped. */
export function eachSeed(
  parsed: ParsedContainer,
  dataKey: Uint8Array,
  docs: StoreDocuments,
  use: (seed: Uint8Array, device: { accountId: string; name: string; algorithm: 'SHA1' | 'SHA256' | 'SHA512'; digits: 6 | 8; period: number }) => void,
  failed: (what: string, message: string) => void,
): { checked: number; physical: string[] } {
  if (docs.kind !== 'mfa-seeds') return { checked: 0, physical: [] };
  const key = { dataKey, setId: parsed.header.setId };
  let checked = 0;
  const physical: string[] = [];
  for (const account of docs.seeds.metadata.accounts) {
    for (const device of account.devices) {
      const what = `account ${account.accountId}, device "${device.name}"`;
      if (device.type !== 'virtual') {
        physical.push(`${device.type === 'hardware-totp' ? 'Hardware TOTP token' : 'Security key'} "${device.name}" (serial ${device.serial}) of account ${account.accountId}, kept at ${device.location}`);
        continue;
      }
      let seed: Uint8Array | undefined;
      try {
        seed = openSeed(docs.seeds.secrets, device, key);
        use(seed, { accountId: account.accountId, name: device.name, algorithm: device.algorithm, digits: device.digits, period: device.period });
        checked += 1;
      } catch (error) {
        failed(what, error instanceof Error ? error.message : String(error));
      } finally {
        if (seed) wipe(seed);
      }
    }
  }
  return { checked, physical };
}

