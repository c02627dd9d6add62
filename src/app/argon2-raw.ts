// The native `argon2` package's raw hash as the migration module's Argon2 port: kdbxweb runs Argon2d or
// Argon2id through it when it opens or writes a KDBX 4 database. FORMAT.md §18.1.

import argon2 from 'argon2';
import type { Argon2Port } from '../migration/kdbx-engine.js';

export const nativeArgon2: Argon2Port = async (request) => {
  const password = Buffer.from(request.password.buffer, request.password.byteOffset, request.password.length);
  const raw = await argon2.hash(password, {
    raw: true,
    type: request.type === 'argon2id' ? argon2.argon2id : argon2.argon2d,
    salt: Buffer.from(request.salt),
    memoryCost: request.memoryKiB,
    timeCost: request.iterations,
    parallelism: request.parallelism,
    hashLength: request.length,
    version: request.version,
  });
  return new Uint8Array(raw.buffer, raw.byteOffset, raw.length);
};
