// The emergency sheet of one store: what it is, its fingerprint and generation, the break-glass procedure,
// the custodians, where every copy is, the accounts it covers and the last drill. FORMAT.md §13.3.

import { storeKindLabel, type StoreKind } from '../shared/store-kind.js';
import { isTimestamp } from '../shared/timestamps.js';
import { FONT } from './fonts.js';
import { addPage, closeDocument, openDocument } from './page-frame.js';
import { checkHex, formatBytes, formatDay, formatMinute, groupHex, type PrintOptions } from './print-text.js';
import { storeMarkTitle } from './store-marking.js';
import { Flow, type TextStyle } from './text-layout.js';
import { procedurePlaceholders, standardProcedure, type ProcedureStep } from './emergency-procedure.js';

export interface EmergencyCustodian {
  readonly name: string;
  readonly role?: string;
  readonly contact?: string;
  /** The custodian's share number, or null for a passphrase holder. */
  readonly shareIndex: number | null;
}

export interface EmergencyAccount {
  readonly accountId: string;
  /** Known for the password vault; the MFA seed store alone knows only ids. */
  readonly name?: string;
  readonly accountClass?: string;
  /** MFA device names (with their type), e.g. "root-mfa-1 (virtual)". */
  readonly mfaDevices?: readonly string[];
}

export interface StoreCopy {
  /** The drive's name or label ("PW-A onsite"). */
  readonly label: string;
  /** Where the custodians keep it ("Safe B, London office"). */
  readonly location: string;
  /** The generation it held at its last export or check, or null when unknown. */
  readonly generation: number | null;
  readonly serial?: string | null;
  /** Timestamp of its last read-back verification, or null. */
  readonly verifiedAt?: string | null;
  /** The drive register marks the copy damaged (its last verify failed, FORMAT.md §14.3): when, and why. */
  readonly damaged?: { readonly at: string; readonly reason: string } | null;
}

export interface EmergencySheetInput {
  readonly store: StoreKind;
  /** Vault-set id, 32 hex digits. */
  readonly setId: string;
  readonly generation: number;
  /** When this generation was sealed (timestamp), if known. */
  readonly sealedAt?: string;
  /** SHA-256 of the store file, 64 hex digits. */
  readonly fingerprint: string;
  readonly fileSize: number;
  /** The vault-set folder on the workstation (absolute path): the procedure names it in full. */
  readonly vaultSetDir: string;
  /** The file's name in the vault-set directory (default "password-vault.bgv" / "mfa-seeds.bgv"). */
  readonly fileName?: string;
  readonly opensWith: {
    readonly passphrase: boolean;
    readonly shares?: { readonly threshold: number; readonly count: number; readonly shareSetId: string };
  };
  readonly custodians: readonly EmergencyCustodian[];
  readonly accounts: readonly EmergencyAccount[];
  /** The drive register's copies of this store. */
  readonly copies: readonly StoreCopy[];
  /** Further physical and network locations as the custodians entered them (free text, line feeds kept). */
  readonly locations?: string;
  /** Where the paper backup of this store is kept, if there is one. */
  readonly paperBackupLocation?: string;
  /** The last drill: when, and its outcome in a few words; null when no drill was ever recorded. */
  readonly lastDrill: { readonly at: string; readonly result?: string } | null;
  /** Notes on the recovery kit (recover.py, FORMAT.md, the printed specification) and where it is. */
  readonly recoveryKitNotes?: string;
  /** Replaces the standard break-glass steps. */
  readonly procedure?: readonly ProcedureStep[];
}

const STYLE = {
  title: { font: FONT.sansBold, size: 20 },
  h1: { font: FONT.sansBold, size: 13 },
  body: { font: FONT.sans, size: 9.5 },
  bodyBold: { font: FONT.sansBold, size: 9.5 },
  small: { font: FONT.sans, size: 8.5 },
  smallBold: { font: FONT.sansBold, size: 8.5 },
  mono: { font: FONT.mono, size: 8.5 },
  fingerprint: { font: FONT.monoBold, size: 10.5 },
  warning: { font: FONT.sansBold, size: 10 },
} as const satisfies Record<string, TextStyle>;

function defaultFileName(store: StoreKind): string {
  return store === 'password-vault' ? 'password-vault.bgv' : 'mfa-seeds.bgv';
}

export function checkEmergencySheetInput(input: EmergencySheetInput): EmergencySheetInput {
  if (typeof input !== 'object' || input === null) throw new TypeError('input must be an object');
  if (input.store !== 'password-vault' && input.store !== 'mfa-seeds') throw new RangeError("input.store must be 'password-vault' or 'mfa-seeds'");
  checkHex(input.setId, 32, 'input.setId');
  checkHex(input.fingerprint, 64, 'input.fingerprint');
  if (typeof input.vaultSetDir !== 'string' || !input.vaultSetDir.startsWith('/')) throw new TypeError('input.vaultSetDir must be an absolute path');
  if (!Number.isInteger(input.generation) || input.generation < 1) throw new RangeError('input.generation must be a positive integer');
  if (!Number.isInteger(input.fileSize) || input.fileSize < 0) throw new RangeError('input.fileSize must be a byte count');
  if (input.sealedAt !== undefined && !isTimestamp(input.sealedAt)) throw new RangeError('input.sealedAt must be a timestamp');
  if (!input.opensWith || (!input.opensWith.passphrase && !input.opensWith.shares)) throw new TypeError('input.opensWith must name a passphrase, shares or both');
  if (input.opensWith.shares) checkHex(input.opensWith.shares.shareSetId, 32, 'input.opensWith.shares.shareSetId');
  for (const [name, list] of [['custodians', input.custodians], ['accounts', input.accounts], ['copies', input.copies]] as const) {
    if (!Array.isArray(list)) throw new TypeError(`input.${name} must be an array`);
  }
  if (input.lastDrill !== null && (typeof input.lastDrill !== 'object' || !isTimestamp(input.lastDrill.at))) {
    throw new TypeError('input.lastDrill must be null or { at: timestamp, result? }');
  }
  input.copies.forEach((copy, i) => {
    if (copy.verifiedAt != null && !isTimestamp(copy.verifiedAt)) throw new RangeError(`input.copies[${i}].verifiedAt must be a timestamp or null`);
    if (copy.damaged != null && !isTimestamp(copy.damaged.at)) throw new RangeError(`input.copies[${i}].damaged.at must be a timestamp`);
  });
  return input;
}

function opensWithText(input: EmergencySheetInput): string {
  const { shares, passphrase } = input.opensWith;
  const parts: string[] = [];
  if (shares) parts.push(`any ${shares.threshold} of the ${shares.count} custodians' shares (share set ${groupHex(shares.shareSetId)})`);
  if (passphrase) parts.push('its passphrase');
  return parts.join(', or ');
}

/** The standard break-glass steps of the store this sheet describes (FORMAT.md §13.3). */
export function sheetProcedure(input: EmergencySheetInput): ProcedureStep[] {
  return standardProcedure({
    store: input.store,
    vaultSetDir: input.vaultSetDir,
    fileName: input.fileName ?? defaultFileName(input.store),
    generation: input.generation,
    ...(input.opensWith.shares ? { threshold: input.opensWith.shares.threshold } : {}),
    ...(input.paperBackupLocation ? { paperBackupLocation: input.paperBackupLocation } : {}),
  });
}

/**
 * The procedure: plain steps as numbered paragraphs, runs of app/terminal steps as one table, the app's way
 * first. A run after a plain step continues the table: its header is printed once (and on each new page).
 */
function writeProcedure(flow: Flow, steps: readonly ProcedureStep[]): void {
  let run: string[][] = [];
  let headed = false;
  const flush = (): void => {
    if (run.length === 0) return;
    flow.table(
      [
        { header: 'Step', weight: 2.6, style: STYLE.smallBold },
        { header: 'In the Breakglass app (screen, then button)', weight: 3.6 },
        { header: 'Or at a terminal', weight: 3, style: STYLE.mono },
      ],
      run,
      STYLE.small,
      STYLE.smallBold,
      headed ? 'continued' : true,
    );
    headed = true;
    run = [];
  };
  steps.forEach((step, i) => {
    if (step.app === undefined && step.cli === undefined) {
      flush();
      flow.item(`${i + 1}.`, step.what, STYLE.body);
    } else run.push([`${i + 1}. ${step.what}`, step.app ?? '—', step.cli ?? '—']);
  });
  flush();
}

/** The "Last verified" cell of a copy: a damaged copy never reads as verified. */
function verifiedCell(copy: StoreCopy): string {
  if (copy.damaged) return `DAMAGED: failed its verify on ${formatDay(copy.damaged.at)}; export to it again`;
  return copy.verifiedAt ? formatDay(copy.verifiedAt) : 'never';
}

function generationCell(copy: StoreCopy, current: number): string {
  if (copy.generation === null) return 'unknown';
  if (copy.damaged) return `${copy.generation} — DAMAGED`;
  return copy.generation === current ? `${copy.generation} (current)` : `${copy.generation} — OLDER`;
}

/** Renders the emergency sheet of one store (several pages when it covers many accounts). */
export async function renderEmergencySheet(input: EmergencySheetInput, options: PrintOptions): Promise<Uint8Array> {
  checkEmergencySheetInput(input);
  const store = storeKindLabel(input.store);
  const file = input.fileName ?? defaultFileName(input.store);
  const { doc, page } = openDocument(options, {
    title: `Emergency sheet — ${store}, generation ${input.generation}`,
    subject: `Breakglass Vault ${store}, vault set ${input.setId.toLowerCase()}, SHA-256 ${input.fingerprint.toLowerCase()}`,
    keywords: 'Breakglass Vault, emergency sheet',
  });
  addPage(doc, page);
  const flow = new Flow(doc, page, () => addPage(doc, page));

  flow.lines([`Emergency sheet: the ${store}`], STYLE.title);
  flow.gap(4);
  flow.paragraph(
    `This sheet says what the ${store} of Breakglass Vault is, where its copies are, who can open it and how, step by step. ` +
      `The ${store} (file ${file}) holds, encrypted, ` +
      (input.store === 'password-vault'
        ? 'the root e-mail and root password of each AWS account listed at the end.'
        : 'the MFA devices of each AWS account listed at the end, and the TOTP seeds of its virtual devices.') +
      ` It is useless without its custodians. This sheet holds no secret.`,
    STYLE.body,
  );

  const facts: string[][] = [
    ['Store', `${storeMarkTitle(input.store)} · file ${file}`],
    ['Vault set', groupHex(input.setId)],
    ['Generation', `${input.generation}${input.sealedAt ? ` (sealed ${formatMinute(input.sealedAt)})` : ''}: a copy with a lower generation is older`],
    ['Size', formatBytes(input.fileSize)],
    ['Opens with', opensWithText(input)],
    ['Last drill', input.lastDrill ? `${formatDay(input.lastDrill.at)}${input.lastDrill.result ? ` — ${input.lastDrill.result}` : ''}` : 'NEVER — no drill is recorded: run one'],
    ['Printed', formatMinute(options.printedAt)],
  ];
  flow.table(
    [
      { header: '', weight: 1.1, style: STYLE.smallBold },
      { header: '', weight: 5 },
    ],
    facts,
    STYLE.body,
    STYLE.smallBold,
    false,
  );
  flow.ensure(44);
  flow.lines(['Fingerprint (SHA-256 of the file) — compare with "breakglass inspect" or "sha256sum":'], STYLE.smallBold);
  flow.lines([groupHex(input.fingerprint)], STYLE.fingerprint, 6);
  flow.gap(6);

  flow.heading('Break-glass procedure', STYLE.h1);
  writeProcedure(flow, input.procedure ?? sheetProcedure(input));
  flow.paragraph(procedurePlaceholders(), STYLE.small);

  flow.heading(`Custodians${input.opensWith.shares ? ` — any ${input.opensWith.shares.threshold} of ${input.opensWith.shares.count} shares open the ${store}` : ''}`, STYLE.h1);
  if (input.custodians.length === 0) flow.paragraph('No custodian is recorded in the store’s register.', STYLE.warning);
  else {
    flow.table(
      [
        { header: 'Share', weight: 0.8, style: STYLE.bodyBold },
        { header: 'Name', weight: 3 },
        { header: 'Role', weight: 2.2 },
        { header: 'Contact', weight: 3 },
      ],
      input.custodians.map((c) => [c.shareIndex === null ? 'passphrase' : `#${c.shareIndex}`, c.name, c.role ?? '', c.contact ?? '']),
      STYLE.body,
      STYLE.smallBold,
    );
  }

  flow.heading('Where every copy is', STYLE.h1);
  if (input.copies.length === 0) flow.paragraph('No drive copy is registered. Export the store to at least two drives, one off-site.', STYLE.warning);
  else {
    flow.table(
      [
        { header: 'Drive', weight: 2.2 },
        { header: 'Kept at', weight: 3.4 },
        { header: 'Generation', weight: 1.2 },
        { header: 'Serial', weight: 1.8, style: STYLE.mono },
        { header: 'Last verified', weight: 1.4 },
      ],
      input.copies.map((c) => [
        c.label,
        c.location,
        generationCell(c, input.generation),
        c.serial ?? '',
        verifiedCell(c),
      ]),
      STYLE.small,
      STYLE.smallBold,
    );
  }
  if (input.paperBackupLocation) flow.paragraph(`Paper backup: ${input.paperBackupLocation}`, STYLE.body);
  if (input.locations && input.locations.trim() !== '') {
    flow.lines(['Other locations (as entered by the custodians):'], STYLE.smallBold);
    flow.paragraph(input.locations, STYLE.body, 8);
  }
  if (input.recoveryKitNotes && input.recoveryKitNotes.trim() !== '') {
    flow.heading('Recovery kit', STYLE.h1, 30);
    flow.paragraph(input.recoveryKitNotes, STYLE.body);
  }

  flow.heading(`Accounts covered (${input.accounts.length})`, STYLE.h1);
  if (input.accounts.length === 0) flow.paragraph('The store holds no account yet.', STYLE.body);
  else {
    const withNames = input.accounts.some((a) => a.name !== undefined);
    const withDevices = input.accounts.some((a) => a.mfaDevices !== undefined);
    const columns = [
      { header: 'AWS account', weight: 1.5, style: STYLE.mono },
      ...(withNames ? [{ header: 'Name', weight: 4 }] : []),
      ...(input.accounts.some((a) => a.accountClass !== undefined) ? [{ header: 'Class', weight: 1.3 }] : []),
      ...(withDevices ? [{ header: 'MFA devices', weight: withNames ? 3 : 6 }] : []),
    ];
    flow.table(
      columns,
      input.accounts.map((a) => [
        a.accountId,
        ...(withNames ? [a.name ?? ''] : []),
        ...(columns.some((c) => c.header === 'Class') ? [a.accountClass ?? ''] : []),
        ...(withDevices ? [(a.mfaDevices ?? []).join(', ') || 'none'] : []),
      ]),
      STYLE.small,
      STYLE.smallBold,
    );
  }
  flow.paragraph(`End of the emergency sheet of the ${store}, generation ${input.generation}.`, STYLE.small);

  return closeDocument(doc, page, options.printedAt, {
    documentType: 'Emergency sheet',
    store: input.store,
    generation: `generation ${input.generation}`,
    fingerprintLabel: 'Store fingerprint (SHA-256 of the file)',
    fingerprintHex: input.fingerprint.toLowerCase(),
    bandNote: `vault set ${groupHex(input.setId).slice(0, 19)} …`,
  });
}
