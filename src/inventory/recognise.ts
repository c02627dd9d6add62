// Tells an inventory input's kind from its content (never its name) and parses it: JSON by its top-level
// keys, CSV by its header, the exclusion list by its shape; anything else is refused naming the file. FORMAT.md §17.1.

import * as v from 'valibot';
import { CREDENTIAL_REPORT_HEADER, DELETION_HEADER, EXCLUDED_LIST, firstLine, parseCredentialReport, parseExcludedAccounts, parseRootUserDeletion } from './aws-csv.js';
import { parseAccountSummary, parseDescribeOrganization, parseListAccounts, parseOrganizationsFeatures } from './aws-json.js';
import { inputError, utcDate, type Evidence, type InventoryInputFile, type ParsedInput } from './inputs.js';

/** No input file may be larger than this (a credential report of 10,000 users is about 4 MB). */
export const MAX_INPUT_FILE_BYTES = 32 * 1024 * 1024;

const KNOWN_KINDS =
  'organizations list-accounts or describe-organization JSON, iam list-organizations-features or get-account-summary JSON, ' +
  'an IAM credential report (CSV, or get-credential-report JSON), root_user_deletion.csv, or an EXCLUDED_ACCOUNTS list';

function decodeText(file: string, bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw inputError(file, '', 'not UTF-8 text, so not one of the AWS outputs an inventory reads.');
  }
}

function lineOf(text: string, position: number): number {
  let line = 1;
  for (let i = 0; i < position && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The line of a JSON.parse error: from its position, or (Node 20+) from the excerpt the message quotes. */
function jsonErrorLine(text: string, message: string): string {
  const position = /position (\d+)/.exec(message);
  if (position) return `line ${lineOf(text, Number(position[1]))}`;
  if (/end of JSON input/.test(message)) return `line ${lineOf(text, text.length)}`;
  const excerpt = /"(?:\.\.\.)?([\s\S]*?)(?:\.\.\.)?" is not valid JSON/.exec(message);
  const token = /Unexpected token '([\s\S])'/.exec(message);
  const at = excerpt?.[1] === undefined ? -1 : text.indexOf(excerpt[1]);
  if (at < 0 || !excerpt?.[1]) return '';
  const inside = token?.[1] === undefined ? 0 : Math.max(0, excerpt[1].indexOf(token[1]));
  return `line ${lineOf(text, at + inside)}`;
}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const where = jsonErrorLine(text, message);
    throw inputError(file, where, `malformed JSON (${message.split('\n')[0]}).`);
  }
}

const generatedReport = v.looseObject({ Content: v.string(), ReportFormat: v.literal('text/csv'), GeneratedTime: v.optional(v.string()) });

/** get-credential-report's JSON: the CSV in base64, dated by its GeneratedTime. */
function parseGeneratedReport(file: string, json: unknown, evidence: Evidence): ParsedInput {
  const result = v.safeParse(generatedReport, json);
  if (!result.success) throw inputError(file, 'field ReportFormat', 'a get-credential-report output must have ReportFormat "text/csv" and its Content.');
  const csv = decodeText(file, new Uint8Array(Buffer.from(result.output.Content, 'base64')));
  const generated = result.output.GeneratedTime === undefined ? Number.NaN : Date.parse(result.output.GeneratedTime);
  if (result.output.GeneratedTime !== undefined && Number.isNaN(generated)) {
    throw inputError(file, 'field GeneratedTime', `${JSON.stringify(result.output.GeneratedTime)} is not a time.`);
  }
  return parseCredentialReport(file, csv, Number.isNaN(generated) ? evidence : { file, date: utcDate(generated) });
}

function has(json: unknown, key: string): boolean {
  return typeof json === 'object' && json !== null && !Array.isArray(json) && key in json;
}

/** Parses one file, whatever kind it is; refuses a file of no known kind. */
export function parseInventoryInput(input: InventoryInputFile): ParsedInput {
  const file = input.name;
  if (input.bytes.length > MAX_INPUT_FILE_BYTES) {
    throw inputError(file, '', `the file is ${input.bytes.length} bytes, more than the ${MAX_INPUT_FILE_BYTES} an inventory input may have.`);
  }
  const evidence: Evidence = { file, date: utcDate(input.modifiedAt) };
  const text = decodeText(file, input.bytes);
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const json = parseJson(file, text.replace(/^\uFEFF/, ''));
    if (has(json, 'Accounts')) return parseListAccounts(file, json, evidence);
    if (has(json, 'Organization')) return parseDescribeOrganization(file, json, evidence);
    if (has(json, 'EnabledFeatures')) return parseOrganizationsFeatures(file, json, evidence);
    if (has(json, 'SummaryMap')) return parseAccountSummary(file, json, evidence);
    if (has(json, 'Content') && has(json, 'ReportFormat')) return parseGeneratedReport(file, json, evidence);
    throw inputError(file, '', `JSON of none of the known kinds (${KNOWN_KINDS}).`);
  }
  const header = firstLine(text);
  if (header.startsWith('user,arn,') || header === CREDENTIAL_REPORT_HEADER) return parseCredentialReport(file, text, evidence);
  if (header.replace(/\s/g, '') === DELETION_HEADER) return parseRootUserDeletion(file, text, evidence);
  if (EXCLUDED_LIST.test(text.replace(/^\uFEFF/, '')) && /\d|EXCLUDED_ACCOUNTS/.test(text)) return parseExcludedAccounts(file, text, evidence);
  throw inputError(file, '', `a file of none of the known kinds (${KNOWN_KINDS}).`);
}
