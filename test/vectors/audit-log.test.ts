// Holds the audit-log reader (readAuditLog, parseAuditLog, verifyAuditChain) and writer (appendAuditEntry)
// against the vectors of FORMAT.md §10.5 (test/vectors/audit-log), and checks they are what the generator writes.

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAuditEntry, auditLogPath, readAuditLog } from '../../src/audit/audit-file.js';
import { parseAuditLog, verifyAuditChain } from '../../src/audit/audit-log.js';
import { BreakglassError } from '../../src/errors.js';
import { base64Data, readTestVectors, readTestVectorText, type TestVector } from '../support/vectors.js';
import { AUDIT_VECTORS, buildAuditVectors, renderAuditVector } from './generate-audit.js';

const vectors = readTestVectors(AUDIT_VECTORS);

/** Why verification stops where it does, for the vectors whose chain is broken. */
const REASONS: Record<string, RegExp> = {
  '002-edited-line.txt': /^line 3's prev is not the hash of line 2: line 2 was altered/,
  '004-edited-last-line-against-head.txt': /^line 4 is not the recorded head: the last line was altered/,
  '005-removed-line.txt': /^line 2: its seq is 3 where 2 was expected: entry 2 is missing \(removed\)/,
  '006-swapped-lines.txt': /^line 2: its seq is 3 where 2 was expected/,
  '007-duplicated-line.txt': /^line 3: its seq is 2 again: entry 2 was duplicated/,
  '008-forged-genesis.txt': /^line 1 does not start the chain \(its prev is not 64 zeros\)/,
  '009-inserted-genesis.txt': /^line 2: its seq is 1 again: entry 1 was duplicated/,
  '010-torn-last-line.txt': /^line 4 is malformed: it does not end with a newline/,
  '011-unknown-event.txt': /^line 2 is malformed: event "store\.export" is not an audit event/,
  '012-non-canonical-line.txt': /^line 2 is malformed: it is not in canonical JSON form/,
  '013-secret-in-details.txt': /^line 3 is malformed: details\.rootPassword looks like a secret field/,
  '014-crlf-last-line.txt': /^line 4 is malformed: it is not in canonical JSON form/,
  '016-byte-order-mark.txt': /^line 1 is malformed: it is not JSON/,
};

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bg-audit-vectors-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function codeOf(error: unknown): string {
  if (error instanceof BreakglassError) return error.code;
  throw error;
}

/** The vector's outcome through the readers, and the line it names (FORMAT §10.5). */
async function readOutcome(dir: string, vector: TestVector, name: string): Promise<{ expect: string; line?: number; head?: string }> {
  let text: string;
  try {
    text = await readAuditLog(dir);
  } catch (error) {
    return { expect: codeOf(error), line: Number(/^Audit log line (\d+) of .* is not valid UTF-8/.exec((error as Error).message)?.[1]) };
  }
  const expectedHead = vector.optional('expected-head');
  const chain = verifyAuditChain(text, expectedHead === undefined ? {} : { expectedHead });
  let malformed: number | undefined;
  try {
    parseAuditLog(text);
  } catch (error) {
    expect(codeOf(error)).toBe('FORMAT');
    malformed = Number(/^Audit log line (\d+) is malformed/.exec((error as Error).message)?.[1]);
  }
  if (chain.ok) {
    expect(malformed).toBeUndefined();
    return { expect: 'ok', head: `${chain.head.seq} ${chain.head.hash}` };
  }
  expect(chain.brokenAt.reason).toMatch(REASONS[name] ?? /^$/);
  expect(chain.entriesBefore).toHaveLength(chain.brokenAt.line - 1);
  if (malformed !== undefined) expect(chain.brokenAt.line).toBe(malformed);
  return { expect: malformed === undefined ? 'INTEGRITY' : 'FORMAT', line: chain.brokenAt.line };
}

describe('audit-log vectors', () => {
  it('cover an intact chain, the limit of the last line, and each change §10.5 lists', () => {
    const expects = vectors.map(({ vector }) => vector.expect);
    for (const needed of ['ok', 'INTEGRITY', 'FORMAT']) expect(expects).toContain(needed);
    expect(vectors.filter(({ vector }) => vector.one('append') === 'INTEGRITY').map(({ name }) => name)).toEqual(['014-crlf-last-line.txt']);
    expect(vectors.filter(({ vector }) => vector.one('append') === 'AUDIT_TORN').map(({ name }) => name)).toEqual(['010-torn-last-line.txt']);
  });

  it('are exactly what the generator writes', () => {
    const built = buildAuditVectors();
    expect(built.map((v) => `${v.name}.txt`)).toEqual(vectors.map(({ name }) => name));
    for (const vector of built) expect(readTestVectorText(AUDIT_VECTORS, `${vector.name}.txt`), vector.name).toBe(renderAuditVector(vector));
  });

  for (const { name, vector } of vectors) {
    it(`reads ${name} as expected, and appends to it or refuses`, async () => {
      const dir = await mkdtemp(join(root, 'log-'));
      const bytes = base64Data(vector);
      await writeFile(auditLogPath(dir), bytes);
      const outcome = await readOutcome(dir, vector, name);
      expect(outcome.expect).toBe(vector.expect);
      if (vector.expect === 'ok') expect(outcome.head).toBe(vector.one('head'));
      else expect(outcome.line).toBe(Number(vector.one('line')));

      let appended = 'ok';
      try {
        await appendAuditEntry(dir, { event: 'store.lock', store: 'password-vault', generation: 3 }, { now: () => Date.UTC(2026, 10, 22, 11, 0, 0) });
      } catch (error) {
        appended = codeOf(error);
        expect((error as Error).message).toMatch(appended === 'AUDIT_TORN' ? /was cut short .*nothing was appended/ : /ends with a damaged line .*nothing was appended/);
        expect(new Uint8Array(await readFile(auditLogPath(dir)))).toEqual(bytes);
      }
      expect(appended).toBe(vector.one('append'));
      if (vector.expect === 'ok') {
        const after = verifyAuditChain(await readAuditLog(dir));
        expect(after.ok && after.head.seq).toBe(Number(vector.one('head').split(' ')[0]) + 1);
      }
    });
  }
});
