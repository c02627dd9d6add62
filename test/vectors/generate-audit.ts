// Generates the audit-log vectors of FORMAT.md §10 (test/vectors/audit-log): one intact hash chain and the
// changes §10.5 says verification finds, each with the line it is reported at. Deterministic (fixed clock).

import { encodeCanonicalJson } from '../../src/crypto/canonical-json.js';
import { createAuditEntry, hashAuditLine, type AuditEntryInput, type AuditHead } from '../../src/audit/audit-log.js';
import { base64Lines, renderTestVector, writeTestVectors, type VectorFamily } from '../support/vectors.js';

/**
 * expect: ok (the chain verifies: `head:` is its last line's seq and hash), FORMAT (a line is malformed or
 * not UTF-8: readAuditLog / parseAuditLog refuse, naming `line:`), INTEGRITY (every line is well-formed but
 * a link is broken at `line:`, as `audit verify` reports with INTEGRITY). `append:` is what appending the
 * next entry does: ok, AUDIT_TORN when the last line was cut short (§10.8), or INTEGRITY when it is otherwise damaged (§10.1).
 */
export const AUDIT_VECTORS: VectorFamily = {
  name: 'audit-log',
  expect: ['ok', 'FORMAT', 'INTEGRITY'],
  keys: { line: {}, head: {}, 'expected-head': {}, append: { required: true, values: ['ok', 'INTEGRITY', 'AUDIT_TORN'] } },
};

export interface AuditVector {
  readonly name: string;
  readonly expect: 'ok' | 'FORMAT' | 'INTEGRITY';
  readonly comment: string;
  /** The line a refusal or broken link is reported at. */
  readonly line?: number;
  readonly head?: AuditHead;
  readonly expectedHead?: string;
  readonly append: 'ok' | 'INTEGRITY' | 'AUDIT_TORN';
  /** The log file, byte for byte. */
  readonly log: Uint8Array;
}

/** The vault set of the container vectors (container/001-password-vault.txt). */
const SET_ID = '8eed91eab752870b2ae1cbb4151603b6';
const START = Date.UTC(2026, 10, 22, 10, 0, 0);

const ENTRIES: readonly AuditEntryInput[] = [
  { event: 'vault-set.create', actor: ['Αλίκη Παπαδοπούλου'], setId: SET_ID, details: { passwordCustody: 'shares', mfaCustody: 'passphrase' } },
  { event: 'store.unlock', actor: ['Alice', 'Bob'], store: 'password-vault', generation: 3, setId: SET_ID, details: { method: 'shares' } },
  { event: 'password.reveal', actor: ['Alice'], store: 'password-vault', generation: 3, setId: SET_ID, details: { accountId: '012345678901' } },
  {
    event: 'drive.export',
    store: 'password-vault',
    generation: 3,
    setId: SET_ID,
    details: { drive: 'PW-A onsite', serial: 'SN-0001', allowFixed: false },
  },
];

const encoder = new TextEncoder();

/** The intact log: one entry a minute from START. */
function intactLines(): string[] {
  let head: AuditHead | undefined;
  return ENTRIES.map((input, i) => {
    const record = createAuditEntry(head, input, { now: () => START + i * 60_000 });
    head = { seq: record.entry.seq, hash: record.hash };
    return record.line;
  });
}

/** A line of the given entry fields in canonical JSON (any fields: a reader must judge them). */
function canonicalLine(fields: Record<string, unknown>): string {
  return `${new TextDecoder().decode(encodeCanonicalJson(fields))}\n`;
}

function fieldsOf(line: string): Record<string, unknown> {
  return JSON.parse(line) as Record<string, unknown>;
}

/** Gives lines `from`… fresh `prev` links, so that only the change before them is wrong. */
function relinked(lines: readonly string[], from: number): string[] {
  const out = [...lines];
  for (let i = from; i < out.length; i += 1) out[i] = canonicalLine({ ...fieldsOf(out[i]!), prev: hashAuditLine(out[i - 1]!) });
  return out;
}

function headOf(lines: readonly string[]): AuditHead {
  return { seq: lines.length, hash: hashAuditLine(lines.at(-1)!) };
}

const text = (lines: readonly string[]): Uint8Array => encoder.encode(lines.join(''));

export function buildAuditVectors(): AuditVector[] {
  const lines = intactLines();
  const [one, two, three, four] = lines as [string, string, string, string];
  const editedTwo = two.replace('"Bob"', '"Bod"');
  const editedFour = four.replace('PW-A onsite', 'PW-Z onsite');
  const forgedGenesis = relinked([canonicalLine({ ...fieldsOf(one), prev: 'ab'.repeat(32) }), two, three, four], 1);
  const unknownEvent = relinked([one, canonicalLine({ ...fieldsOf(two), event: 'store.export' }), three, four], 2);
  const { seq, at, event, ...rest } = fieldsOf(two);
  const nonCanonical = relinked([one, `${JSON.stringify({ seq, at, event, ...rest })}\n`, three, four], 2);
  const secret = relinked([one, two, canonicalLine({ ...fieldsOf(three), details: { rootPassword: 'k7#Qp2!vZx9$Lm4&Rt8*Wy3^Ne6(Hs1)' } }), four], 3);
  const inserted = createAuditEntry(undefined, { event: 'custody.override', actor: ['Mallory'], setId: SET_ID, details: { reason: 'backdated' } }, { now: () => START - 60_000 });
  const notUtf8 = text(lines);
  notUtf8[encoder.encode(one + two.slice(0, two.indexOf('"Bob"') + 1)).length] = 0xff; // the B of "Bob"
  return [
    { name: '001-valid-chain', expect: 'ok', comment: 'Four entries chained from the genesis hash (vault-set.create, store.unlock, password.reveal, drive.export).', head: headOf(lines), append: 'ok', log: text(lines) },
    { name: '002-edited-line', expect: 'INTEGRITY', comment: 'Vector 001 with "Bob" changed to "Bod" in line 2, still canonical: line 3’s prev finds it.', line: 3, append: 'ok', log: text([one, editedTwo, three, four]) },
    {
      name: '003-edited-last-line',
      expect: 'ok',
      comment: 'Vector 001 with the drive name in line 4 changed: the last line breaks no link, so the chain alone verifies (§10.5, limits).',
      head: headOf([one, two, three, editedFour]),
      append: 'ok',
      log: text([one, two, three, editedFour]),
    },
    {
      name: '004-edited-last-line-against-head',
      expect: 'INTEGRITY',
      comment: 'Vector 003 checked against the head of vector 001, recorded elsewhere (expectedHead): line 4 is not the recorded head.',
      line: 4,
      expectedHead: headOf(lines).hash,
      append: 'ok',
      log: text([one, two, three, editedFour]),
    },
    { name: '005-removed-line', expect: 'INTEGRITY', comment: 'Vector 001 without line 2: line 2 holds seq 3.', line: 2, append: 'ok', log: text([one, three, four]) },
    { name: '006-swapped-lines', expect: 'INTEGRITY', comment: 'Vector 001 with lines 2 and 3 swapped.', line: 2, append: 'ok', log: text([one, three, two, four]) },
    { name: '007-duplicated-line', expect: 'INTEGRITY', comment: 'Vector 001 with line 2 repeated after itself: seq 2 again on line 3.', line: 3, append: 'ok', log: text([one, two, two, three, four]) },
    { name: '008-forged-genesis', expect: 'INTEGRITY', comment: 'Vector 001 with a prev of ab…ab on line 1 and the links after it recomputed: line 1 does not start the chain.', line: 1, append: 'ok', log: text(forgedGenesis) },
    {
      name: '009-inserted-genesis',
      expect: 'INTEGRITY',
      comment: 'Vector 001 after a forged but valid first entry: line 2 holds seq 1 again.',
      line: 2,
      append: 'ok',
      log: text([inserted.line, ...lines]),
    },
    { name: '010-torn-last-line', expect: 'FORMAT', comment: 'Vector 001 with line 4 cut short and no final newline, as a crash mid-write leaves it: nothing may be appended until it is repaired (AUDIT_TORN, FORMAT.md §10.8).', line: 4, append: 'AUDIT_TORN', log: text([one, two, three, four.slice(0, 80)]) },
    { name: '011-unknown-event', expect: 'FORMAT', comment: 'Vector 001 with the event of line 2 changed to "store.export", links recomputed: not an audit event.', line: 2, append: 'ok', log: text(unknownEvent) },
    { name: '012-non-canonical-line', expect: 'FORMAT', comment: 'Vector 001 with line 2 written with its keys unsorted (seq, at, event first), links recomputed.', line: 2, append: 'ok', log: text(nonCanonical) },
    { name: '013-secret-in-details', expect: 'FORMAT', comment: 'Vector 001 with line 3 holding details.rootPassword, links recomputed: a reader rejects a secret-like key (§10.3).', line: 3, append: 'ok', log: text(secret) },
    { name: '014-crlf-last-line', expect: 'FORMAT', comment: 'Vector 001 with line 4 ending "\\r\\n": not canonical, and the writer refuses to chain from it.', line: 4, append: 'INTEGRITY', log: text([one, two, three, four.replace(/\n$/, '\r\n')]) },
    { name: '015-not-utf8', expect: 'FORMAT', comment: 'Vector 001 with the byte "B" of "Bob" in line 2 replaced by 0xFF: not UTF-8. An append reads only the last line.', line: 2, append: 'ok', log: notUtf8 },
    { name: '016-byte-order-mark', expect: 'FORMAT', comment: 'Vector 001 preceded by a UTF-8 byte-order mark, which the file never has (§10.1).', line: 1, append: 'ok', log: text(['\ufeff' + one, two, three, four]) },
  ];
}

export function renderAuditVector(vector: AuditVector): string {
  const header: [string, string][] = [['expect', vector.expect], ['comment', vector.comment]];
  if (vector.line !== undefined) header.push(['line', String(vector.line)]);
  if (vector.head !== undefined) header.push(['head', `${vector.head.seq} ${vector.head.hash}`]);
  if (vector.expectedHead !== undefined) header.push(['expected-head', vector.expectedHead]);
  header.push(['append', vector.append]);
  return renderTestVector(header, base64Lines(vector.log));
}

export function writeAuditVectors(): void {
  writeTestVectors(AUDIT_VECTORS, buildAuditVectors().map((vector) => ({ name: vector.name, text: renderAuditVector(vector) })));
}
