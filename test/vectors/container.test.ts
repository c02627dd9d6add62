// Holds the reader against every container vector of FORMAT.md §7, and checks that the checked-in
// vectors are exactly what the generator produces today (a format change must regenerate them).

import { describe, expect, it } from 'vitest';
import { encodeCanonicalJson } from '../../src/crypto/canonical-json.js';
import { BreakglassError } from '../../src/errors.js';
import { openEverything } from '../support/stores.js';
import { readTestVectorText } from '../support/vectors.js';
import { buildVectors, CONTAINER_VECTORS, readContainerVectors, renderVector, type ParsedVector } from './generate.js';

const vectors = readContainerVectors();

async function outcome(vector: ParsedVector): Promise<{ code: string; payload?: string }> {
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
    const expects = vectors.map(({ vector }) => vector.expect);
    for (const needed of ['ok', 'AUTH', 'INTEGRITY header', 'INTEGRITY payload', 'TRUNCATED', 'UNSUPPORTED_VERSION', 'KDF_PARAMS', 'WRONG_STORE']) {
      expect(expects).toContain(needed);
    }
    expect(expects.filter((e) => e === 'ok')).toHaveLength(2);
  });

  for (const { name, vector } of vectors) {
    it(`gives its expected outcome for ${name}`, async () => {
      const result = await outcome(vector);
      expect(result.code).toBe(vector.expect);
      if (vector.expect === 'ok') expect(result.payload).toBe(vector.payload);
    });
  }

  it('matches the generator byte for byte when regenerated', async () => {
    const built = await buildVectors();
    expect(built.map((v) => `${v.name}.txt`)).toEqual(vectors.map(({ name }) => name));
    for (const vector of built) {
      expect(renderVector(vector), vector.name).toBe(readTestVectorText(CONTAINER_VECTORS, `${vector.name}.txt`));
    }
  });
});
