// The strict vector reader every family shares (docs/FORMAT.md §7): a vector is `key: value` header lines,
// a blank line and data; an unknown key or `expect:` value, a duplicate, a missing line or no data is an
// error naming the file and line.

import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTestVector, renderTestVector, VectorFormatError, type VectorFamily } from '../support/vectors.js';
import { CONTAINER_VECTORS } from './generate.js';
import { AUDIT_VECTORS } from './generate-audit.js';
import { MANIFEST_VECTORS } from './generate-manifest.js';
import { PAPER_VECTORS } from './generate-paper.js';
import { SHARE_VECTORS } from './generate-shares.js';

const FAMILY: VectorFamily = {
  name: 'sample',
  expect: ['ok', 'FORMAT', 'INTEGRITY header'],
  keys: { kind: { required: true, values: ['password-vault', 'mfa-seeds'] }, share: { repeatable: true }, payload: {} },
};
const FILE = 'test/vectors/sample/001-x.txt';
const GOOD = 'expect: INTEGRITY header\nkind: mfa-seeds\ncomment: first\nshare: one\ncomment: second\nshare: two\n\nAAEC\nAwQF\n';

/** The error parseTestVector throws for `text`, which must be a VectorFormatError. */
function refusal(text: string): VectorFormatError {
  try {
    parseTestVector(text, FAMILY, FILE);
  } catch (error) {
    if (error instanceof VectorFormatError) return error;
    throw error;
  }
  throw new Error('the vector was accepted');
}

describe('parseTestVector', () => {
  it('reads the expect line, repeated comment and family lines in order, and the data without its final newline', () => {
    const vector = parseTestVector(GOOD, FAMILY, FILE);
    expect(vector).toMatchObject({ file: FILE, expect: 'INTEGRITY header', comments: ['first', 'second'], data: 'AAEC\nAwQF' });
    expect(vector.one('kind')).toBe('mfa-seeds');
    expect(vector.all('share')).toEqual(['one', 'two']);
    expect(vector.optional('payload')).toBeUndefined();
    expect(vector.all('payload')).toEqual([]);
  });

  it('refuses an unknown header key, naming the file, the line and the keys the family has', () => {
    const error = refusal('expect: ok\nkind: mfa-seeds\ncomment: c\npassphrase: x\n\ndata\n');
    expect(error.message).toBe(`${FILE}:4: unknown header key "passphrase" (sample vectors have expect, comment, kind, share, payload)`);
    expect(error).toMatchObject({ file: FILE, line: 4 });
  });

  it('refuses an unknown expect value, and a value outside a key’s closed set', () => {
    expect(refusal('comment: c\nexpect: INTEGRITY\nkind: mfa-seeds\n\ndata\n').message).toBe(
      `${FILE}:2: unknown expect value "INTEGRITY" (one of: ok | FORMAT | INTEGRITY header)`,
    );
    expect(refusal('expect: ok\ncomment: c\nkind: vault\n\ndata\n').message).toBe(`${FILE}:3: unknown "kind:" value "vault" (one of: password-vault | mfa-seeds)`);
  });

  it('refuses a duplicate line of a key that does not repeat, naming both lines', () => {
    expect(refusal('expect: ok\ncomment: c\nkind: mfa-seeds\nexpect: ok\n\ndata\n').message).toBe(`${FILE}:4: duplicate "expect:" line (the first is line 1)`);
    expect(refusal('expect: ok\nkind: mfa-seeds\ncomment: c\nkind: mfa-seeds\n\ndata\n').message).toBe(`${FILE}:4: duplicate "kind:" line (the first is line 2)`);
  });

  it('refuses a vector without data: no blank line, nothing after it, or only white space', () => {
    expect(refusal('expect: ok\ncomment: c\nkind: mfa-seeds\n').message).toBe(`${FILE}:3: no blank line ends the header, so the vector has no data`);
    expect(refusal('expect: ok\ncomment: c\nkind: mfa-seeds\n\n').message).toBe(`${FILE}:4: no data after the blank line that ends the header`);
    expect(refusal('expect: ok\ncomment: c\nkind: mfa-seeds\n\n  \n').message).toBe(`${FILE}:4: no data after the blank line that ends the header`);
  });

  it('refuses a header without a required line: expect, comment, or a key the family requires', () => {
    expect(refusal('comment: c\nkind: mfa-seeds\n\ndata\n').message).toBe(`${FILE}:3: the header has no "expect:" line`);
    expect(refusal('expect: ok\nkind: mfa-seeds\n\ndata\n').message).toBe(`${FILE}:3: the header has no "comment:" line`);
    expect(refusal('expect: ok\ncomment: c\n\ndata\n').message).toBe(`${FILE}:3: the header has no "kind:" line`);
    expect(refusal('\nexpect: ok\n').message).toBe(`${FILE}:1: the header is empty: a vector starts with its "expect:" line`);
  });

  it('refuses lines that are not "key: value", and a file without its final newline', () => {
    expect(refusal('expect: ok\nComment: c\nkind: mfa-seeds\n\ndata\n').message).toMatch(new RegExp(`^${FILE}:2: not a header line`));
    expect(refusal('expect:ok\ncomment: c\nkind: mfa-seeds\n\ndata\n').message).toMatch(new RegExp(`^${FILE}:1: not a header line`));
    expect(refusal('expect: ok\ncomment: c\r\nkind: mfa-seeds\n\ndata\n').message).toMatch(new RegExp(`^${FILE}:2: not a header line`));
    expect(refusal('expect: ok\ncomment: \nkind: mfa-seeds\n\ndata\n').message).toMatch(new RegExp(`^${FILE}:2: not a header line`));
    expect(refusal('expect: ok\ncomment: c\nkind: mfa-seeds\n\ndata').message).toBe(`${FILE}:5: the file does not end with a newline`);
  });

  it('names a missing line when a test asks for one, and refuses a key the family does not have', () => {
    const vector = parseTestVector(GOOD, FAMILY, FILE);
    expect(() => vector.one('payload')).toThrow(`${FILE}:7: the header has no "payload:" line`);
    expect(() => vector.all('passphrase')).toThrow(new TypeError('sample vectors have no "passphrase:" key (expect, comment, kind, share, payload)'));
  });
});

describe('renderTestVector', () => {
  it('writes what parseTestVector reads back', () => {
    const header: [string, string][] = [['expect', 'INTEGRITY header'], ['kind', 'mfa-seeds'], ['comment', 'first'], ['share', 'one'], ['comment', 'second'], ['share', 'two']];
    expect(renderTestVector(header, 'AAEC\nAwQF')).toBe(GOOD);
  });

  it('refuses a header value that would not stay one line, and empty data', () => {
    expect(() => renderTestVector([['comment', 'two\nlines']], 'data')).toThrow(TypeError);
    expect(() => renderTestVector([['comment', '']], 'data')).toThrow(TypeError);
    expect(() => renderTestVector([['comment', 'c']], '')).toThrow(TypeError);
  });
});

describe('vector families', () => {
  it('has one family with its keys for every folder under test/vectors/', () => {
    const folders = readdirSync(new URL('./', import.meta.url), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    expect([CONTAINER_VECTORS, PAPER_VECTORS, SHARE_VECTORS, AUDIT_VECTORS, MANIFEST_VECTORS].map((family) => family.name).sort()).toEqual(folders);
  });
});
