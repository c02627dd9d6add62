// Reads the seed tables custodians keep: the pipe table `| Account # | Account Name | Account Email | MFA Seed |`
// with its dashes line, the same columns as CSV (csv-parse), or otpauth:// URIs one per line. FORMAT.md §18.4.

import { parse } from 'csv-parse/sync';
import { BreakglassError } from '../errors.js';
import type { SeedMetadata } from '../stores/seeds.js';
import { parseEnrollmentSecret } from '../totp/enrollment.js';
import { deviceStep, type ImportPlan, type PlannedDevice, type PreviewRow, type VaultIndex } from './import-plan.js';
import { DEFAULT_IMPORTED_DEVICE, deviceFromLabel, type FoundTotp } from './otp-fields.js';

export const MAX_SEED_TABLE_BYTES = 4 * 1024 * 1024;
export const SEED_TABLE_COLUMNS = ['Account #', 'Account Name', 'Account Email', 'MFA Seed'] as const;

/** One row of a seed table. The caller owns `totp.seed` and wipes it. */
export interface SeedRow {
  readonly line: number;
  readonly accountId: string;
  readonly name: string;
  readonly email: string;
  readonly totp: FoundTotp;
}

export type SeedTableFormat = 'pipe table' | 'CSV' | 'otpauth URIs';

function tableError(line: number, message: string): BreakglassError {
  return new BreakglassError('VALIDATION', `Line ${line}: ${message} Nothing was imported.`, { field: `line ${line}` });
}

const EXPECTED_HEADER = `| ${SEED_TABLE_COLUMNS.join(' | ')} |`;

function columnKey(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, ' ');
}

/** The positions of the four columns, or a refusal naming the header the file should have. */
function headerColumns(cells: readonly string[], line: number): number[] {
  const keys = cells.map(columnKey);
  const positions = SEED_TABLE_COLUMNS.map((column) => keys.indexOf(columnKey(column)));
  if (positions.some((p) => p < 0) || new Set(keys).size !== keys.length) {
    throw tableError(line, `the header ${JSON.stringify(cells.join(' | '))} is not the seed table's: it must name the columns ${EXPECTED_HEADER} (any order).`);
  }
  return positions;
}

function accountIdOf(text: string, line: number): string {
  const compact = text.trim().replace(/[\s-]+/g, '');
  if (!/^\d{12}$/.test(compact)) throw tableError(line, `${JSON.stringify(text.trim())} is not a 12-digit AWS account id (keep leading zeros).`);
  return compact;
}

function secretOf(text: string, line: number): FoundTotp {
  try {
    const parsed = parseEnrollmentSecret(text);
    const { deviceName } = deviceFromLabel(parsed.label);
    return { seed: parsed.seed, algorithm: parsed.algorithm, digits: parsed.digits, period: parsed.period, deviceName, source: 'table' };
  } catch (error) {
    if (error instanceof BreakglassError) throw tableError(line, error.message);
    throw error;
  }
}

function rowFrom(cells: readonly string[], positions: readonly number[], line: number): SeedRow {
  const [id, name, email, seed] = positions.map((p) => (cells[p] ?? '').trim()) as [string, string, string, string];
  if (seed === '') throw tableError(line, 'the MFA Seed cell is empty.');
  const accountId = accountIdOf(id, line);
  return { line, accountId, name, email, totp: secretOf(seed, line) };
}

function pipeCells(text: string): string[] {
  const inner = text.trim().replace(/^\|/, '').replace(/\|$/, '');
  return inner.split('|').map((cell) => cell.trim());
}

function parsePipeTable(lines: readonly string[]): SeedRow[] {
  const numbered = lines.map((text, i) => ({ text, line: i + 1 })).filter((l) => l.text.trim() !== '');
  const header = numbered[0] as { text: string; line: number };
  const positions = headerColumns(pipeCells(header.text), header.line);
  const dashes = numbered[1];
  if (!dashes || !pipeCells(dashes.text).every((cell) => /^:?-{3,}:?$/.test(cell))) {
    throw tableError(dashes?.line ?? header.line + 1, 'the header must be followed by its dashes line (| --- | --- | --- | --- |).');
  }
  return numbered.slice(2).map(({ text, line }) => {
    if (!text.trim().startsWith('|')) throw tableError(line, 'this line is not a table row (it must start with "|").');
    const cells = pipeCells(text);
    if (cells.length !== SEED_TABLE_COLUMNS.length) throw tableError(line, `the row has ${cells.length} cells; the table has ${SEED_TABLE_COLUMNS.length} columns.`);
    return rowFrom(cells, positions, line);
  });
}

function parseCsv(text: string): SeedRow[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { relax_column_count: false, skip_empty_lines: true, trim: true, info: true, bom: true }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 0;
    throw tableError(line, `the CSV is malformed (${(error as Error).message}).`);
  }
  const header = records[0];
  if (!header) throw new BreakglassError('VALIDATION', 'The seed table is empty. Nothing was imported.');
  const positions = headerColumns(header.record, header.info.lines);
  return records.slice(1).map(({ record, info }) => rowFrom(record, positions, info.lines));
}

function parseUriList(lines: readonly string[]): SeedRow[] {
  const rows: SeedRow[] = [];
  lines.forEach((raw, i) => {
    const text = raw.trim();
    const line = i + 1;
    if (text === '' || text.startsWith('#')) return;
    if (!/^otpauth:\/\//i.test(text)) throw tableError(line, 'in a list of otpauth:// URIs every line must be one (or empty).');
    const totp = secretOf(text, line);
    let label: string;
    try {
      label = decodeURIComponent(new URL(text).pathname.replace(/^\//, ''));
    } catch {
      label = '';
    }
    const ids = [...new Set([...label.matchAll(/(?<!\d)(\d{12})(?!\d)/g)].map((m) => m[1] as string))];
    if (ids.length !== 1) {
      totp.seed.fill(0);
      throw tableError(line, `the URI's label ${JSON.stringify(label)} does not name one 12-digit account id (as AWS writes it: "Amazon Web Services:root-mfa@123456789012").`);
    }
    rows.push({ line, accountId: ids[0] as string, name: '', email: '', totp });
  });
  return rows;
}

/** Reads a seed table of any of the three forms. A bad line refuses the whole table; the caller wipes the seeds. */
export function parseSeedTable(bytes: Uint8Array): { format: SeedTableFormat; rows: SeedRow[] } {
  if (bytes.length > MAX_SEED_TABLE_BYTES) throw new BreakglassError('TOO_LARGE', `The seed table is larger than ${MAX_SEED_TABLE_BYTES / 1024 / 1024} MiB: it is not a seed table.`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new BreakglassError('FORMAT', 'The seed table is not UTF-8 text: save it as plain text (.txt, .md or .csv) and import again. Nothing was imported.');
  }
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const first = lines.find((l) => l.trim() !== '')?.trim();
  if (first === undefined) throw new BreakglassError('VALIDATION', 'The seed table is empty. Nothing was imported.');
  const rows: SeedRow[] = [];
  try {
    if (first.startsWith('|')) return { format: 'pipe table', rows: parsePipeTable(lines) };
    if (/^otpauth:\/\//i.test(first)) return { format: 'otpauth URIs', rows: parseUriList(lines) };
    return { format: 'CSV', rows: parseCsv(text) };
  } catch (error) {
    for (const row of rows) row.totp.seed.fill(0);
    throw error;
  }
}

/**
 * Plans a seed-table import into the MFA seed store. An account the vault does not hold is flagged, not
 * refused; with the vault locked (`vault` undefined) that check is said not to have run.
 */
export function planSeedImport(rows: readonly SeedRow[], metadata: SeedMetadata, vault: VaultIndex | undefined, update: boolean): ImportPlan {
  const devices: PlannedDevice[] = [];
  const preview: PreviewRow[] = rows.map((row) => {
    const name = row.totp.deviceName === DEFAULT_IMPORTED_DEVICE ? DEFAULT_IMPORTED_DEVICE : row.totp.deviceName;
    const { step, replace } = deviceStep(metadata, devices, row.accountId, name, update);
    let reason = step.reason;
    if (step.action === 'add' || step.action === 'update') {
      devices.push({ index: row.line, accountId: row.accountId, name, algorithm: row.totp.algorithm, digits: row.totp.digits, period: row.totp.period, seed: row.totp.seed, replace });
      if (vault === undefined) reason = 'account not checked: the password vault is locked';
      else if (!vault.has(row.accountId)) reason = 'unknown account: the password vault does not hold it';
    } else row.totp.seed.fill(0);
    return {
      index: row.line,
      title: row.name,
      accountId: row.accountId,
      name: row.name === '' ? null : row.name,
      email: row.email === '' ? null : row.email,
      accountClass: vault?.get(row.accountId) ?? null,
      vault: { action: 'none' },
      rotate: false,
      mfa: { action: step.action, ...(reason ? { reason } : {}) },
      device: name,
    };
  });
  return { rows: preview, accounts: [], devices, needsClass: 0 };
}
