// Holds the reader against every container vector of FORMAT.md §7, and checks that the checked-in
// vectors are exactly what the generator produces today (a format change must regenerate them).

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeCanonicalJson } from '../../src/crypto/canonical-json.js';
import { BreakglassError } from '../../src/errors.js';
import { openEverything } from '../support/stores.js';
import { buildVectors, parseVector, renderVector, VECTOR_DIR } from './generate.js';

const files = readdirSync(VECTOR_DIR).filter((name) => name.endsWith('.txt')).sort();

async function outcome(text: string): Promise<{ code: string; payload?: string }> {
  const vector = parseVector(text);
  try {
    const { payload } = await openEverything(vector.file, vector.kind, vector.passphrase);
    return { code: 'ok', payload: new TextDecoder().decode(encodeCanonicalJson(payload)) };
  } catch (error) {
    if (!(error instanceof BreakglassError)) throw error;
    const part = error.code === 'INTEGRITY' && error.field ? ` ${error.field}` : '';
    return { code: error.code + part };
  }
}

describe('container vectors', () => {
  it('covers every case the foundation issue names', () => {
    const expects = files.map((name) => parseVector(readFileSync(join(VECTOR_DIR, name), 'utf8')).expect);
    for (const needed of ['ok', 'AUTH', 'INTEGRITY header', 'INTEGRITY payload', 'TRUNCATED', 'UNSUPPORTED_VERSION', 'KDF_PARAMS', 'WRONG_STORE']) {
      expect(expects).toContain(needed);
    }
    expect(expects.filter((e) => e === 'ok')).toHaveLength(2);
  });

  for (const name of files) {
    it(`gives its expected outcome for ${name}`, async () => {
      const text = readFileSync(join(VECTOR_DIR, name), 'utf8');
      const vector = parseVector(text);
      const result = await outcome(text);
      expect(result.code).toBe(vector.expect);
      if (vector.expect === 'ok') expect(result.payload).toBe(vector.payload);
    });
  }

  it('matches the generator byte for byte when regenerated', async () => {
    const vectors = await buildVectors();
    expect(vectors.map((v) => `${v.name}.txt`)).toEqual(files);
    for (const vector of vectors) {
      expect(renderVector(vector), vector.name).toBe(readFileSync(join(VECTOR_DIR, `${vector.name}.txt`), 'utf8'));
    }
  });
});
