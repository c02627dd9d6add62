// Which AWS account a KeePass entry is: the 12-digit id from a custom field (AccountId, AWS Account,
// Account #, any case), the title, or the sign-in URL; and the vault fields it maps to. FORMAT.md §18.2.

import type { SourceEntry } from './kdbx-read.js';

/** Custom field names that hold the account id, compared lower-cased without spaces, '_' and '-'. */
export const ACCOUNT_ID_FIELDS = ['accountid', 'awsaccount', 'awsaccountid', 'account#', 'accountnumber'];

function fieldKey(name: string): string {
  return name.toLowerCase().replace(/[\s_-]+/g, '');
}

/** "1234-5678-9012" or "1234 5678 9012" as custodians type it: 12 digits once the separators go. */
function idFromValue(value: string): string | undefined {
  const compact = value.trim().replace(/[\s-]+/g, '');
  return /^\d{12}$/.test(compact) ? compact : undefined;
}

/** A 12-digit id standing alone in a title ("prod 123456789012", "123456789012 (management)"). */
function idsInText(text: string): string[] {
  return [...new Set([...text.matchAll(/(?<![\d-])(\d{4}-\d{4}-\d{4}|\d{12})(?![\d-])/g)].map((m) => (m[1] as string).replace(/-/g, '')))];
}

const SIGNIN_URL = /^https?:\/\/(\d{12})\.signin\.aws\.amazon\.com(?:[/?#:]|$)/i;

export type IdFinding =
  | { readonly kind: 'found'; readonly accountId: string; readonly from: 'field' | 'title' | 'url' | 'mapped' }
  | { readonly kind: 'none' }
  | { readonly kind: 'ambiguous'; readonly reason: string };

/** The entry's account id, by the first source that has one; two sources that disagree are ambiguous. */
export function findAccountId(entry: Pick<SourceEntry, 'title' | 'url' | 'fields' | 'protectedFields'>): IdFinding {
  const candidates: { id: string; from: 'field' | 'title' | 'url'; what: string }[] = [];
  for (const [name, value] of entry.fields) {
    if (!ACCOUNT_ID_FIELDS.includes(fieldKey(name))) continue;
    const id = idFromValue(value);
    if (id === undefined) return { kind: 'ambiguous', reason: `its field "${name}" holds ${JSON.stringify(value.slice(0, 40))}, not a 12-digit account id` };
    candidates.push({ id, from: 'field', what: `field "${name}"` });
  }
  const titleIds = idsInText(entry.title);
  if (titleIds.length > 1) return { kind: 'ambiguous', reason: `its title names several account ids (${titleIds.join(', ')})` };
  if (titleIds[0] !== undefined) candidates.push({ id: titleIds[0], from: 'title', what: 'title' });
  const url = SIGNIN_URL.exec(entry.url.trim())?.[1];
  if (url !== undefined) candidates.push({ id: url, from: 'url', what: 'URL' });
  const first = candidates[0];
  if (!first) return { kind: 'none' };
  const other = candidates.find((c) => c.id !== first.id);
  if (other) return { kind: 'ambiguous', reason: `its ${first.what} says ${first.id} but its ${other.what} says ${other.id}` };
  return { kind: 'found', accountId: first.id, from: first.from };
}

/** The account name: the title without the id and the separators around it, else "AWS account <id>". */
export function accountNameFor(title: string, accountId: string): string {
  const dashed = `${accountId.slice(0, 4)}-${accountId.slice(4, 8)}-${accountId.slice(8)}`;
  const stripped = title
    .replace(accountId, '')
    .replace(dashed, '')
    .replace(/\(\s*\)|\[\s*\]/g, '')
    .replace(/^[\s\-–—:|/#,]+|[\s\-–—:|/#,]+$/g, '')
    .trim();
  return stripped === '' ? `AWS account ${accountId}` : stripped;
}

/** The sign-in URL an export writes and an import recognises. */
export function signinUrl(accountId: string): string {
  return `https://${accountId}.signin.aws.amazon.com/console`;
}
