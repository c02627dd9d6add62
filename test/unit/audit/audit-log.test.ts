import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  AUDIT_EVENTS,
  AUDIT_GENESIS_HASH,
  auditLineProblem,
  createAuditEntry,
  formatAuditEntry,
  hashAuditLine,
  isSecretLikeKey,
  parseAuditLine,
  parseAuditLog,
  verifyAuditChain,
  type AuditEntryInput,
  type AuditRecord,
} from '../../../src/audit/audit-log.js';
import { encodeCanonicalJson } from '../../../src/crypto/canonical-json.js';
import { BreakglassError } from '../../../src/errors.js';

const START = Date.UTC(2026, 10, 22, 10, 0, 0);
const clockAt = (ms: number) => ({ now: () => ms });
const SET_ID = '3f3fdc33a1b2c3d4e5f60718293a4b5c';

const INPUTS: AuditEntryInput[] = [
  { event: 'vault-set.create', actor: ['Alice', 'Bob'], setId: SET_ID, details: { sharedCustodians: 0 } },
  { event: 'store.unlock', actor: ['Alice', 'Bob'], store: 'password-vault', generation: 3, setId: SET_ID, details: { method: 'shares' } },
  { event: 'password.reveal', store: 'password-vault', generation: 3, setId: SET_ID, details: { accountId: '012345678901' } },
  { event: 'totp.session-start', actor: ['Zoë Ελλάδα'], store: 'mfa-seeds', generation: 7, details: { accountId: '012345678901', seconds: 90 } },
  { event: 'store.lock', store: 'password-vault', generation: 3, details: {} },
];

/** A valid log of INPUTS, one minute apart. */
function buildChain(inputs: AuditEntryInput[] = INPUTS): { records: AuditRecord[]; lines: string[]; text: string } {
  const records: AuditRecord[] = [];
  for (const [i, input] of inputs.entries()) {
    const last = records.at(-1);
    records.push(createAuditEntry(last && { seq: last.entry.seq, hash: last.hash }, input, clockAt(START + i * 60_000)));
  }
  const lines = records.map((record) => record.line);
  return { records, lines, text: lines.join('') };
}

function brokenAt(text: string, expectedHead?: string) {
  const result = verifyAuditChain(text, expectedHead === undefined ? {} : { expectedHead });
  if (result.ok) throw new Error('expected a broken chain');
  return result;
}

/** Re-encodes a line canonically with some fields changed (as a careful forger would). */
function forge(line: string, changes: Record<string, unknown>): string {
  const entry = JSON.parse(line) as Record<string, unknown>;
  return `${new TextDecoder().decode(encodeCanonicalJson({ ...entry, ...changes }))}\n`;
}

describe('audit-log', () => {
  it('verifies a chain of several entries and reports its head', () => {
    const { records, text } = buildChain();
    const result = verifyAuditChain(text);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.entries.map((entry) => entry.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(result.entries.map((entry) => entry.event)).toEqual(INPUTS.map((input) => input.event));
    expect(result.head).toEqual({ seq: 5, hash: records[4]!.hash });
    expect(verifyAuditChain(text, { expectedHead: records[4]!.hash }).ok).toBe(true);
  });

  it('chains each entry to the SHA-256 of the previous line including its newline, from 64 zeros', () => {
    const { records, lines } = buildChain();
    expect(records[0]!.entry.prev).toBe(AUDIT_GENESIS_HASH);
    expect(AUDIT_GENESIS_HASH).toBe('0'.repeat(64));
    for (let i = 1; i < records.length; i += 1) {
      expect(records[i]!.entry.prev).toBe(createHash('sha256').update(lines[i - 1]!, 'utf8').digest('hex'));
    }
    expect(records[4]!.hash).toBe(hashAuditLine(lines[4]!));
  });

  it('writes one canonical JSON object per line, keys sorted, no white space, newline-terminated', () => {
    const record = createAuditEntry(undefined, INPUTS[1]!, clockAt(START + 999));
    expect(record.line).toBe(
      '{"actor":["Alice","Bob"],"at":"2026-11-22T10:00:00Z","details":{"method":"shares"},"event":"store.unlock",' +
        `"generation":3,"prev":"${'0'.repeat(64)}","seq":1,"setId":"${SET_ID}","store":"password-vault"}\n`,
    );
    expect(record.entry).toEqual({
      seq: 1,
      at: '2026-11-22T10:00:00Z',
      event: 'store.unlock',
      actor: ['Alice', 'Bob'],
      store: 'password-vault',
      generation: 3,
      setId: SET_ID,
      details: { method: 'shares' },
      prev: AUDIT_GENESIS_HASH,
    });
    expect(parseAuditLine(record.line)).toEqual(record.entry);
  });

  it('fills omitted fields with empty actor, null store, generation and set id, and empty details when only an event is given', () => {
    const { entry, line } = createAuditEntry(undefined, { event: 'drill' }, clockAt(START));
    expect(entry).toMatchObject({ actor: [], store: null, generation: null, setId: null, details: {} });
    expect(line).toContain('"actor":[],');
  });

  it('takes the set id as 16 bytes too when given a Uint8Array', () => {
    const bytes = Uint8Array.from(Buffer.from(SET_ID, 'hex'));
    expect(createAuditEntry(undefined, { event: 'print', setId: bytes }, clockAt(START)).entry.setId).toBe(SET_ID);
  });

  it('continues from a given head when previous is set', () => {
    const head = { seq: 41, hash: 'ab'.repeat(32) };
    const { entry } = createAuditEntry(head, { event: 'drill' }, clockAt(START));
    expect(entry.seq).toBe(42);
    expect(entry.prev).toBe(head.hash);
    expect(createAuditEntry({ seq: 0, hash: AUDIT_GENESIS_HASH }, { event: 'drill' }, clockAt(START)).entry.seq).toBe(1);
  });

  it('accepts every audit event', () => {
    for (const event of AUDIT_EVENTS) expect(createAuditEntry(undefined, { event }, clockAt(START)).entry.event).toBe(event);
  });

  it('detects an edited line at the next line when the edit is canonical', () => {
    const { lines } = buildChain();
    lines[1] = forge(lines[1]!, { details: { method: 'passphrase' } });
    const result = brokenAt(lines.join(''));
    expect(result.brokenAt).toMatchObject({ line: 3, seq: 3 });
    expect(result.brokenAt.reason).toMatch(/line 2 was altered/);
    expect(result.entriesBefore.map((entry) => entry.seq)).toEqual([1, 2]);
  });

  it('detects an edited line at that line when the edit is not canonical', () => {
    const { lines } = buildChain();
    lines[1] = lines[1]!.replace('"method":"shares"', '"method": "shares"');
    const result = brokenAt(lines.join(''));
    expect(result.brokenAt.line).toBe(2);
    expect(result.brokenAt.reason).toMatch(/canonical/);
    expect(result.entriesBefore).toHaveLength(1);
  });

  it('detects a removed line where the gap starts', () => {
    const { lines } = buildChain();
    const result = brokenAt([lines[0], lines[1], lines[3], lines[4]].join(''));
    expect(result.brokenAt).toMatchObject({ line: 3, seq: 4 });
    expect(result.brokenAt.reason).toMatch(/entry 3 is missing/);
  });

  it('detects a removed line even when the forger renumbers the lines after it', () => {
    const { lines } = buildChain();
    const result = brokenAt([lines[0], lines[1], forge(lines[3]!, { seq: 3 }), forge(lines[4]!, { seq: 4 })].join(''));
    expect(result.brokenAt).toMatchObject({ line: 3, seq: 3 });
    expect(result.brokenAt.reason).toMatch(/prev is not the hash of line 2/);
  });

  it('detects a removed first line at line 1', () => {
    const { lines } = buildChain();
    expect(brokenAt(lines.slice(1).join('')).brokenAt).toMatchObject({ line: 1, seq: 2 });
  });

  it('detects reordered lines at the first line out of place', () => {
    const { lines } = buildChain();
    const result = brokenAt([lines[0], lines[2], lines[1], lines[3], lines[4]].join(''));
    expect(result.brokenAt).toMatchObject({ line: 2, seq: 3 });
    expect(result.brokenAt.reason).toMatch(/reordered/);
  });

  it('detects a duplicated line at the copy', () => {
    const { lines } = buildChain();
    const result = brokenAt([lines[0], lines[1], lines[1], lines[2]].join(''));
    expect(result.brokenAt).toMatchObject({ line: 3, seq: 2 });
    expect(result.brokenAt.reason).toMatch(/duplicated/);
  });

  it('detects a truncated last line when the log does not end with a newline', () => {
    const { text } = buildChain();
    for (const cut of [text.slice(0, -1), text.slice(0, -20)]) {
      const result = brokenAt(cut);
      expect(result.brokenAt.line).toBe(5);
      expect(result.brokenAt.reason).toMatch(/truncated/);
      expect(result.entriesBefore).toHaveLength(4);
    }
  });

  it('detects a line inserted at the start even when it is a well-formed genesis entry', () => {
    const { text } = buildChain();
    const forged = createAuditEntry(undefined, { event: 'drill' }, clockAt(START - 60_000)).line;
    expect(brokenAt(forged + text).brokenAt).toMatchObject({ line: 2, seq: 1 });
  });

  it('detects a wrong genesis when the first prev is not 64 zeros', () => {
    const first = forge(createAuditEntry(undefined, INPUTS[0]!, clockAt(START)).line, { prev: 'f'.repeat(64) });
    const second = createAuditEntry({ seq: 1, hash: hashAuditLine(first) }, INPUTS[1]!, clockAt(START)).line;
    const result = brokenAt(first + second);
    expect(result.brokenAt).toMatchObject({ line: 1, seq: 1 });
    expect(result.brokenAt.reason).toMatch(/64 zeros/);
  });

  it('detects blank, non-JSON, CRLF and BOM-prefixed lines at that line', () => {
    const { lines } = buildChain();
    const variants: Array<[string[], number]> = [
      [[lines[0]!, '\n', lines[1]!], 2],
      [[lines[0]!, 'not json\n'], 2],
      [[lines[0]!, lines[1]!.replace('\n', '\r\n')], 2],
      [['\uFEFF' + lines[0]!], 1],
    ];
    for (const [parts, line] of variants) expect(brokenAt(parts.join('')).brokenAt.line).toBe(line);
  });

  it('detects lines with missing, extra or ill-typed fields at that line', () => {
    const { lines } = buildChain();
    const bad = [
      forge(lines[1]!, { extra: 1 }),
      forge(lines[1]!, { event: 'store.open' }),
      forge(lines[1]!, { at: '2026-11-22 10:00:00' }),
      forge(lines[1]!, { store: null }),
      forge(lines[1]!, { setId: SET_ID.toUpperCase() }),
      forge(lines[1]!, { details: { nested: { a: 1 } } }),
      forge(lines[1]!, { details: { rootPassword: 'hunter2' } }),
      `${JSON.stringify({ ...JSON.parse(lines[1]!), generation: undefined })}\n`,
    ];
    for (const line of bad) expect(brokenAt(lines[0] + line).brokenAt.line, line).toBe(2);
  });

  it('catches an edited last line only when the expected head is given', () => {
    const { lines, records } = buildChain();
    lines[4] = forge(lines[4]!, { generation: 4 });
    const edited = lines.join('');
    expect(verifyAuditChain(edited).ok).toBe(true);
    const result = brokenAt(edited, records[4]!.hash);
    expect(result.brokenAt).toMatchObject({ line: 5, seq: 5 });
    expect(result.brokenAt.reason).toMatch(/recorded head/);
    expect(result.entriesBefore).toHaveLength(4);
  });

  it('catches removed last lines and a deleted log when the expected head is given', () => {
    const { lines, records } = buildChain();
    expect(brokenAt(lines.slice(0, 4).join(''), records[4]!.hash).brokenAt).toMatchObject({ line: 4, seq: 4 });
    expect(brokenAt('', records[4]!.hash).brokenAt.line).toBe(1);
  });

  it('accepts an empty log with the genesis head', () => {
    expect(verifyAuditChain('')).toEqual({ ok: true, entries: [], head: { seq: 0, hash: AUDIT_GENESIS_HASH } });
    expect(verifyAuditChain('', { expectedHead: AUDIT_GENESIS_HASH }).ok).toBe(true);
  });

  it('parses every line without checking links when the log is well-formed', () => {
    const { lines } = buildChain();
    const entries = parseAuditLog([lines[0], lines[2]].join(''));
    expect(entries.map((entry) => entry.seq)).toEqual([1, 3]);
    expect(parseAuditLog('')).toEqual([]);
  });

  it('throws FORMAT naming the line when parsing a malformed log', () => {
    const { lines } = buildChain();
    for (const text of [lines[0] + '{}\n', lines[0] + lines[1]!.slice(0, -1)]) {
      let error: unknown;
      try {
        parseAuditLog(text);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(BreakglassError);
      expect((error as BreakglassError).code).toBe('FORMAT');
      expect((error as BreakglassError).message).toMatch(/^Audit log line 2 is malformed/);
    }
    expect(auditLineProblem(lines[0]!)).toBeUndefined();
    expect(auditLineProblem('{}\n')).toMatch(/fields/);
  });

  it('refuses details keys that look like secrets when the value is a string or number', () => {
    const secretKeys = ['password', 'rootPassword', 'PASSPHRASE', 'seed', 'totpSecret', 'share', 'shares', 'dataKey', 'otp', 'code', 'mfaCode', 'seedBase32', 'passwordValue', 'shareWords', 'sessionToken', 'mnemonic'];
    for (const key of secretKeys) {
      expect(isSecretLikeKey(key), key).toBe(true);
      for (const value of ['x', 123456]) {
        expect(() => createAuditEntry(undefined, { event: 'drill', details: { [key]: value } }, clockAt(START)), key).toThrow(TypeError);
      }
    }
    expect(() => createAuditEntry(undefined, { event: 'drill', details: { rootPassword: 'x' } }, clockAt(START))).toThrow(
      /details\.rootPassword looks like a secret field/,
    );
  });

  it('allows neutral keys, and booleans or null under secret-like keys, since they cannot hold a secret', () => {
    for (const key of ['accountId', 'shareIndex', 'shareCount', 'keyId', 'method', 'reason', 'revokedShareSet', 'seedFingerprint']) {
      expect(isSecretLikeKey(key), key).toBe(false);
    }
    const { entry } = createAuditEntry(undefined, { event: 'custody.rotate', details: { newPassword: true, passphrase: false, shares: null } }, clockAt(START));
    expect(entry.details).toEqual({ newPassword: true, passphrase: false, shares: null });
  });

  it('refuses malformed input with TypeError or RangeError naming the field', () => {
    const cases: Array<[unknown, ErrorConstructor, RegExp]> = [
      [{ event: 'store.open' }, TypeError, /input\.event/],
      [{ event: 'drill', actor: 'Alice' }, TypeError, /input\.actor/],
      [{ event: 'drill', actor: [''] }, RangeError, /input\.actor\[0\]/],
      [{ event: 'drill', actor: ['x'.repeat(257)] }, RangeError, /input\.actor\[0\]/],
      [{ event: 'drill', store: 'vault' }, TypeError, /input\.store/],
      [{ event: 'drill', generation: 3 }, TypeError, /input\.generation needs a store/],
      [{ event: 'drill', store: 'mfa-seeds', generation: 0 }, RangeError, /input\.generation/],
      [{ event: 'drill', store: 'mfa-seeds', generation: 1.5 }, TypeError, /input\.generation/],
      [{ event: 'drill', setId: SET_ID.toUpperCase() }, TypeError, /input\.setId/],
      [{ event: 'drill', setId: new Uint8Array(15) }, RangeError, /input\.setId/],
      [{ event: 'drill', details: [] }, TypeError, /input\.details/],
      [{ event: 'drill', details: { 'bad-key': 1 } }, TypeError, /bad-key/],
      [{ event: 'drill', details: { ratio: 0.5 } }, TypeError, /details\.ratio/],
      [{ event: 'drill', details: { when: undefined } }, TypeError, /details\.when/],
      [{ event: 'drill', details: { list: ['a'] } }, TypeError, /details\.list/],
      [{ event: 'drill', details: { note: 'x'.repeat(1001) } }, RangeError, /details\.note/],
    ];
    for (const [input, type, message] of cases) {
      expect(() => createAuditEntry(undefined, input as AuditEntryInput, clockAt(START)), JSON.stringify(input)).toThrow(type);
      expect(() => createAuditEntry(undefined, input as AuditEntryInput, clockAt(START))).toThrow(message);
    }
    expect(createAuditEntry(undefined, { event: 'drill', details: { note: '€'.repeat(1000) } }, clockAt(START)).entry.details.note).toHaveLength(1000);
  });

  it('refuses an entry whose line would exceed 64 KiB', () => {
    const actor = Array.from({ length: 255 }, () => '\u0001'.repeat(256));
    expect(() => createAuditEntry(undefined, { event: 'drill', actor }, clockAt(START))).toThrow(/more than 65536/);
  });

  it('refuses a bad previous head, clock or expected head with TypeError or RangeError', () => {
    expect(() => createAuditEntry({ seq: 1, hash: 'xyz' }, { event: 'drill' }, clockAt(START))).toThrow(/previous\.hash/);
    expect(() => createAuditEntry({ seq: -1, hash: AUDIT_GENESIS_HASH }, { event: 'drill' }, clockAt(START))).toThrow(RangeError);
    expect(() => createAuditEntry({ seq: 0, hash: 'ab'.repeat(32) }, { event: 'drill' }, clockAt(START))).toThrow(RangeError);
    expect(() => createAuditEntry(undefined, { event: 'drill' }, {} as never)).toThrow(/clock/);
    expect(() => createAuditEntry(undefined, { event: 'drill' }, clockAt(Date.UTC(10000, 0, 1)))).toThrow(RangeError);
    expect(() => verifyAuditChain('', { expectedHead: 'abc' })).toThrow(/expectedHead/);
  });

  it('formats one line for people when given an entry', () => {
    const { entry } = createAuditEntry({ seq: 11, hash: 'ab'.repeat(32) }, INPUTS[1]!, clockAt(START));
    expect(formatAuditEntry(entry)).toBe('#12 2026-11-22T10:00:00Z store.unlock password-vault gen 3 by Alice, Bob — method=shares');
    expect(formatAuditEntry(createAuditEntry(undefined, { event: 'drill' }, clockAt(START)).entry)).toBe('#1 2026-11-22T10:00:00Z drill');
  });

  it('quotes free text and escapes control characters when formatting', () => {
    const input: AuditEntryInput = { event: 'custody.override', actor: ['Eve\u001b[2J'], details: { reason: 'two hats\nsorry', count: 2, ok: true } };
    const text = formatAuditEntry(createAuditEntry(undefined, input, clockAt(START)).entry);
    expect(text).toBe('#1 2026-11-22T10:00:00Z custody.override by Eve\\u001b[2J — count=2 ok=true reason="two hats\\nsorry"');
    expect([...text].some((c) => c.charCodeAt(0) < 0x20)).toBe(false);
  });
});
