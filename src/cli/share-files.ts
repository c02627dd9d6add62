// Writes newly issued shares where the custodian chose: one file per custodian in a fresh directory
// (mode 0700, files 0600), never mixed with other output. They are for printing, then destruction.

import { constants } from 'node:fs';
import { mkdir, open, readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { BreakglassError, groupHex, type IssuedShare } from '../app/index.js';

const LABEL = { 'password-vault': 'PASSWORD VAULT', 'mfa-seeds': 'MFA SEED STORE' } as const;

function slug(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/[^\w\s-]/g, '')
      .trim()
      .toLowerCase()
      .replace(/[\s_]+/g, '-')
      .slice(0, 40) || 'custodian'
  );
}

export function shareFileName(share: IssuedShare): string {
  return `${share.store}-share-${share.index}-of-${share.count}-${slug(share.custodian)}.txt`;
}

export function renderShareFile(share: IssuedShare): string {
  const rows: string[] = [];
  for (let i = 0; i < share.words.length; i += 6) {
    rows.push(
      share.words
        .slice(i, i + 6)
        .map((word, j) => `${String(i + j + 1).padStart(2)}. ${word.padEnd(9)}`)
        .join(' ')
        .trimEnd(),
    );
  }
  return [
    `BREAKGLASS VAULT — CUSTODIAN SHARE — ${LABEL[share.store]}`,
    '',
    `Store:        ${LABEL[share.store]} (nothing here opens the other store)`,
    `Vault set:    ${groupHex(share.setId)}`,
    `Share set:    ${groupHex(share.shareSetId)}`,
    `Share:        ${share.index} of ${share.count}; ${share.threshold} custodians are needed to open the store`,
    `Custodian:    ${share.custodian}${share.role ? ` (${share.role})` : ''}`,
    `Issued:       ${share.issuedAt}`,
    '',
    'Words (type them in order; the first four letters of each word are enough):',
    ...rows,
    '',
    `QR text: ${share.qrText}`,
    '',
    'PRINT this share, seal it in a tamper-evident envelope for its custodian, then DESTROY this file.',
    'Check a share alone at any time:  breakglass shares verify STORE-FILE',
    '',
  ].join('\n');
}

/**
 * Makes `dir` ready for new shares: creates it 0700 when it does not exist, or accepts an existing empty
 * directory that only its owner can read (mode 0700). Call it BEFORE the store change that issues the
 * shares, so a refused directory changes nothing. Returns the absolute path.
 */
export async function prepareShareDir(dir: string): Promise<string> {
  const target = resolve(dir);
  try {
    await mkdir(target, { recursive: true, mode: 0o700 });
    const info = await stat(target);
    if ((info.mode & 0o077) !== 0) {
      throw new BreakglassError(
        'IO',
        `${target} is readable by other users (mode ${(info.mode & 0o777).toString(8)}): give a new directory, or an empty one with mode 0700 (chmod 700). Nothing was changed.`,
      );
    }
    if ((await readdir(target)).length > 0) {
      throw new BreakglassError('CONFLICT', `${target} is not empty: give a new or empty directory for the shares so old and new ones cannot mix. Nothing was changed.`);
    }
  } catch (error) {
    if (error instanceof BreakglassError) throw error;
    throw new BreakglassError('IO', `Cannot prepare ${target} for the shares: ${(error as Error).message}. Nothing was changed.`);
  }
  return target;
}

/** Writes one 0600 file per share into `dir` (checked again with prepareShareDir); returns the paths. */
export async function writeShareFiles(dir: string, shares: readonly IssuedShare[]): Promise<string[]> {
  const target = await prepareShareDir(dir);
  const paths: string[] = [];
  for (const share of shares) {
    const path = join(target, shareFileName(share));
    const handle = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
    try {
      await handle.writeFile(renderShareFile(share));
      await handle.sync();
    } finally {
      await handle.close();
    }
    paths.push(path);
  }
  return paths;
}

/**
 * Writes shares that an already saved store change issued. If that fails now (the directory changed since
 * prepareShareDir, or the disk is full), the error says the shares are lost and what to do: `recovery`.
 */
export async function writeIssuedShares(dir: string, shares: readonly IssuedShare[], recovery: string): Promise<string[]> {
  try {
    return await writeShareFiles(dir, shares);
  } catch (error) {
    const reason = (error as Error)?.message ?? String(error);
    throw new BreakglassError(
      'IO',
      `The store change WAS saved, but its new shares could not all be written to ${resolve(dir)} (${reason.replace(/ Nothing was changed\.$/, '')}): ` +
        `those shares are lost — delete any share files that were written. ${recovery}`,
      { cause: error },
    );
  }
}

export function sharesWrittenNotice(dir: string, paths: readonly string[]): string {
  return (
    `Wrote ${paths.length} share file${paths.length === 1 ? '' : 's'} to ${resolve(dir)} (one per custodian).\n` +
    'PRINT each one, hand it to its custodian in a sealed envelope, then DESTROY the files (e.g. shred -u).\n' +
    'Never keep shares on this workstation or on the store drives.\n'
  );
}
