// Holds the share codec and share checks against the share vectors of FORMAT.md §12 (test/vectors/shares).

import { describe, expect, it } from 'vitest';
import { bytesToHex } from '@noble/hashes/utils.js';
import { encodeShareBytes, parseShareText } from '../../src/custody/share-codec.js';
import { BreakglassError } from '../../src/errors.js';
import { openEverything } from '../support/stores.js';
import { base64Data, readTestVectors, readTestVectorText } from '../support/vectors.js';
import { buildCodecVectors, payloadText, renderShareVector, SHARE_VECTORS } from './generate-shares.js';

const vectors = readTestVectors(SHARE_VECTORS);

function code(error: unknown): string {
  if (error instanceof BreakglassError) return error.code;
  throw error;
}

describe('share vectors', () => {
  it('include codec vectors and store vectors for every refusal the custody issue names', () => {
    const expects = vectors.map(({ vector }) => vector.expect);
    for (const needed of ['ok', 'SHARE_CHECKSUM', 'QUORUM', 'REVOKED_SHARE', 'FOREIGN_SHARE', 'TAMPERED_SHARE', 'DUPLICATE_SHARE']) {
      expect(expects).toContain(needed);
    }
  });

  it('keeps the deterministic codec vectors byte for byte', () => {
    for (const vector of buildCodecVectors()) {
      expect(readTestVectorText(SHARE_VECTORS, `${vector.name}.txt`), vector.name).toBe(renderShareVector(vector));
    }
  });

  for (const { name, vector } of vectors.filter(({ name }) => name.includes('codec'))) {
    it(`decodes ${name} as expected`, () => {
      if (vector.expect === 'ok') {
        expect(bytesToHex(encodeShareBytes(parseShareText(vector.data)))).toBe(vector.one('bytes'));
        expect(bytesToHex(encodeShareBytes(parseShareText(vector.one('qr'))))).toBe(vector.one('bytes'));
      } else {
        let outcome = 'ok';
        try {
          parseShareText(vector.data);
        } catch (error) {
          outcome = code(error);
          const likely = vector.optional('likely-word')?.split(' ');
          if (likely) {
            expect((error as Error).message).toContain(`Word ${likely[0]} looks wrong`);
            expect((error as Error).message).toContain(`"${likely[1]}"`);
          }
        }
        expect(outcome).toBe(vector.expect);
      }
    });
  }

  for (const { name, vector } of vectors.filter(({ name }) => !name.includes('codec'))) {
    it(`opens or refuses ${name} as expected`, async () => {
      let outcome = 'ok';
      let payload: string | undefined;
      try {
        payload = payloadText((await openEverything(base64Data(vector), 'password-vault', { shares: [...vector.all('share')] })).payload);
      } catch (error) {
        outcome = code(error);
      }
      expect(outcome).toBe(vector.expect);
      if (outcome === 'ok') expect(payload).toBe(vector.one('payload'));
    });
  }
});
