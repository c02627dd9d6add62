// Parsers of the CSV and text inputs: the IAM credential report (its `<root_account>` row), the deletion
// script's root_user_deletion.csv, and its EXCLUDED_ACCOUNTS value. All CSV goes through csv-parse. FORMAT.md §17.1.

import { parse } from 'csv-parse/sync';
import {
  ACCOUNT_ID,
  checkInputAccountId,
  inputError,
  type Evidence,
  type ExcludedAccounts,
  type RootAccessKey,
  type RootCredentialReport,
  type RootUserDeletion,
} from './inputs.js';

/** AWS' credential report header, exactly (22 columns). */
export const CREDENTIAL_REPORT_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
] as const;
export const CREDENTIAL_REPORT_HEADER = CREDENTIAL_REPORT_COLUMNS.join(',');
export const DELETION_HEADER = 'AccountId,RootUserDeleted';
export const ROOT_USER = '<root_account>';

type Row = { readonly record: string[]; readonly line: number };

/**
 * The line ends csv-parse accepts (Unix, Windows, old Mac). Named, not auto-discovered: discovery runs on every
 * call and was more than half the time of an inventory import of 5,000 credential reports (profiled).
 */
const RECORD_DELIMITERS = ['\r\n', '\n', '\r'];

/** Every record with its 1-based line number; malformed CSV is refused with csv-parse's line. */
export function parseCsvRows(file: string, text: string, toLine?: number): Row[] {
  try {
    const rows = parse(text, { bom: true, info: true, skip_empty_lines: true, relax_column_count: true, record_delimiter: RECORD_DELIMITERS, ...(toLine === undefined ? {} : { to_line: toLine }) }) as unknown as { record: string[]; info: { lines: number } }[];
    return rows.map((r) => ({ record: r.record, line: r.info.lines }));
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw inputError(file, line === undefined ? '' : `line ${line}`, `not valid CSV (${(error as Error).message.replace(/\s+at line \d+$/, '')}).`);
  }
}

/** true / false / N/A / not_supported / no_information, in any case. */
function flagValue(file: string, row: Row, column: string, value: string, allowAbsent: boolean): boolean {
  const lower = value.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (allowAbsent && (lower === 'n/a' || lower === 'not_supported' || lower === 'no_information')) return false;
  throw inputError(file, `line ${row.line}, column ${column}`, `${JSON.stringify(value)} is not true or false.`);
}

/** An ISO 8601 time (AWS: 2024-05-01T10:11:12+00:00) as a UTC date, or null for N/A, no_information, not_supported. */
function dateValue(file: string, row: Row, column: string, value: string): string | null {
  const lower = value.toLowerCase();
  if (lower === 'n/a' || lower === 'no_information' || lower === 'not_supported' || lower === '') return null;
  const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw inputError(file, `line ${row.line}, column ${column}`, `${JSON.stringify(value)} is not a time (2024-05-01T10:11:12+00:00) or N/A.`);
  return new Date(ms).toISOString().slice(0, 10);
}

/** The first line of a text, for recognising CSV by its header. */
export function firstLine(text: string): string {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const end = text.indexOf('\n');
  return text.slice(start, end < 0 ? undefined : end).replace(/\r$/, '');
}

export function parseCredentialReport(file: string, text: string, evidence: Evidence): RootCredentialReport {
  // AWS writes the root row first: read the header and that row alone (a report may list thousands of users);
  // the whole file only when the second line is not the root's.
  const head = parseCsvRows(file, text, 2);
  const rows = head[1]?.record[0] === ROOT_USER && head[1].record.length === CREDENTIAL_REPORT_COLUMNS.length ? head : parseCsvRows(file, text);
  const header = rows[0];
  if (!header || header.record.join(',') !== CREDENTIAL_REPORT_HEADER) {
    const got = header?.record ?? [];
    const wrong = CREDENTIAL_REPORT_COLUMNS.findIndex((name, i) => got[i] !== name);
    throw inputError(
      file,
      'line 1',
      `this credential report has another header than AWS' 22 columns (${got.length} columns; column ${wrong + 1} is ${JSON.stringify(got[wrong] ?? '')}, expected ${JSON.stringify(CREDENTIAL_REPORT_COLUMNS[wrong] ?? '')}). Bring the report exactly as "aws iam get-credential-report" returns it.`,
    );
  }
  const body = rows.slice(1);
  for (const row of body) {
    if (row.record.length !== CREDENTIAL_REPORT_COLUMNS.length) {
      throw inputError(file, `line ${row.line}`, `the row has ${row.record.length} columns, the header 22.`);
    }
  }
  const roots = body.filter((r) => r.record[0] === ROOT_USER);
  if (roots.length !== 1) throw inputError(file, '', roots.length === 0 ? `the report has no ${ROOT_USER} row.` : `the report has ${roots.length} ${ROOT_USER} rows.`);
  const root = roots[0] as Row;
  const cell = (name: (typeof CREDENTIAL_REPORT_COLUMNS)[number]): string => root.record[CREDENTIAL_REPORT_COLUMNS.indexOf(name)] as string;
  const arn = /^arn:aws[a-z-]*:iam::(\d+):root$/.exec(cell('arn'));
  if (!arn) throw inputError(file, `line ${root.line}, column arn`, `${JSON.stringify(cell('arn'))} is not a root user's ARN (arn:aws:iam::ACCOUNT:root).`);
  const accountId = checkInputAccountId(file, `line ${root.line}, column arn`, arn[1]);
  const key = (n: 1 | 2): RootAccessKey => ({
    active: flagValue(file, root, `access_key_${n}_active`, cell(`access_key_${n}_active`), false),
    lastUsed: dateValue(file, root, `access_key_${n}_last_used_date`, cell(`access_key_${n}_last_used_date`)),
  });
  return {
    kind: 'credential-report',
    accountId,
    mfaActive: flagValue(file, root, 'mfa_active', cell('mfa_active'), false),
    passwordLastUsed: dateValue(file, root, 'password_last_used', cell('password_last_used')),
    accessKeys: [key(1), key(2)],
    certificatesActive:
      flagValue(file, root, 'cert_1_active', cell('cert_1_active'), true) || flagValue(file, root, 'cert_2_active', cell('cert_2_active'), true),
    evidence,
  };
}

export function parseRootUserDeletion(file: string, text: string, evidence: Evidence): RootUserDeletion {
  const rows = parseCsvRows(file, text);
  const seen = new Map<string, number>();
  const out = rows.slice(1).map((row) => {
    if (row.record.length !== 2) throw inputError(file, `line ${row.line}`, `the row has ${row.record.length} columns, expected 2 (${DELETION_HEADER}).`);
    const [id, deleted] = row.record as [string, string];
    const accountId = checkInputAccountId(file, `line ${row.line}, column AccountId`, id.trim());
    const lower = deleted.trim().toLowerCase();
    if (lower !== 'true' && lower !== 'false') throw inputError(file, `line ${row.line}, column RootUserDeleted`, `${JSON.stringify(deleted)} is not True or False.`);
    const before = seen.get(accountId);
    if (before !== undefined) throw inputError(file, `line ${row.line}`, `account ${accountId} is listed again (first on line ${before}).`);
    seen.set(accountId, row.line);
    return { accountId, rootUserDeleted: lower === 'true', line: row.line };
  });
  return { kind: 'root-user-deletion', rows: out, evidence };
}

/** EXCLUDED_ACCOUNTS as a file: comma-separated ids, optionally written as EXCLUDED_ACCOUNTS="…" (a shell assignment). */
export const EXCLUDED_LIST = /^\s*(?:(?:export\s+)?EXCLUDED_ACCOUNTS\s*=\s*)?(["']?)([\d\s,]*)\1\s*$/;

export function parseExcludedAccounts(file: string, text: string, evidence: Evidence): ExcludedAccounts {
  const match = EXCLUDED_LIST.exec(text.replace(/^\uFEFF/, ''));
  if (!match) throw inputError(file, '', 'not an EXCLUDED_ACCOUNTS list (comma-separated account ids).');
  const ids = (match[2] as string).split(',').map((id) => id.trim());
  if (ids.length === 1 && ids[0] === '') return { kind: 'excluded-accounts', accountIds: [], evidence };
  ids.forEach((id, i) => {
    if (!ACCOUNT_ID.test(id)) throw inputError(file, `item ${i + 1}`, `${JSON.stringify(id)} is not an AWS account id (12 digits).`);
  });
  return { kind: 'excluded-accounts', accountIds: [...new Set(ids)].sort(), evidence };
}
