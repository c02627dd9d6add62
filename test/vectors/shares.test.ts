// Holds the share codec and share checks against the share vectors of FORMAT.md §12 (test/vectors/shares).

import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '@noble/hashes/utils.js';
import { base64 } from '@scure/base';
import { encodeShareBytes, parseShareText } from '../../src/custody/share-codec.js';
import { BreakglassError } from '../../src/errors.js';
import { openEverything } from '../support/stores.js';
import { buildCodecVectors, payloadText, readShareVector, renderShareVector, SHARE_VECTOR_DIR } from './generate-shares.js';

const names = readdirSync(SHARE_VECTOR_DIR).filter((n) => n.endsWith('.txt')).sort();

function code(error: unknown): string {
  if (error instanceof BreakglassError) return error.code;
  throw error;
}

describe('share vectors', () => {
  it('include codec vectors and store vectors for every refusal the custody issue names', () => {
    const expects = names.map((n) => readShareVector(n).fields.expect?.[0]);
    for (const needed of ['ok', 'SHARE_CHECKSUM', 'QUORUM', 'REVOKED_SHARE', 'FOREIGN_SHARE', 'TAMPERED_SHARE', 'DUPLICATE_SHARE']) {
      expect(expects).toContain(needed);
    }
  });

  it('keeps the deterministic codec vectors byte for byte', () => {
    for (const vector of buildCodecVectors()) {
      const { fields, body } = readShareVector(`${vector.name}.txt`);
      expect(renderShareVector({ ...vector })).toBe(renderShareVector({ name: vector.name, fields: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.length === 1 ? v[0]! : v])), body: body.replace(/\n$/, '') }));
    }
  });

  for (const name of names.filter((n) => n.includes('codec'))) {
    it(`decodes ${name} as expected`, () => {
      const { fields, body } = readShareVector(name);
      if (fields.expect?.[0] === 'ok') {
        expect(bytesToHex(encodeShareBytes(parseShareText(body)))).toBe(fields.bytes?.[0]);
        expect(bytesToHex(encodeShareBytes(parseShareText(fields.qr?.[0] ?? '')))).toBe(fields.bytes?.[0]);
      } else {
        let outcome = 'ok';
        try {
          parseShareText(body);
        } catch (error) {
          outcome = code(error);
          const likely = fields['likely-word']?.[0]?.split(' ');
          if (likely) {
            expect((error as Error).message).toContain(`Word ${likely[0]} looks wrong`);
            expect((error as Error).message).toContain(`"${likely[1]}"`);
          }
        }
        expect(outcome).toBe(fields.expect?.[0]);
      }
    });
  }

  for (const name of names.filter((n) => !n.includes('codec'))) {
    it(`opens or refuses ${name} as expected`, async () => {
      const { fields, body } = readShareVector(name);
      const file = base64.decode(body.replace(/\s+/g, ''));
      let outcome = 'ok';
      let payload: string | undefined;
      try {
        payload = payloadText((await openEverything(file, 'password-vault', { shares: fields.share ?? [] })).payload);
      } catch (error) {
        outcome = code(error);
      }
      expect(outcome).toBe(fields.expect?.[0]);
      if (outcome === 'ok') expect(payload).toBe(fields.payload?.[0]);
    });
  }
});
