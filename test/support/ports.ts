// Deterministic ports for tests and vector generation: a settable clock and a seeded random generator
// (ChaCha20 keystream keyed by SHA-256 of a label), so every byte a test writes is reproducible.

import { chacha20 } from '@noble/ciphers/chacha.js';
import { sha256 } from '@noble/hashes/sha2.js';
import type { AppPorts } from '../../src/app/ports.js';
import type { Clock, Rng } from '../../src/shared/determinism.js';

export class TestClock implements Clock {
  constructor(public ms: number = Date.UTC(2026, 10, 22, 8, 0, 0)) {}
  now(): number {
    return this.ms;
  }
  advance(seconds: number): void {
    this.ms += seconds * 1000;
  }
}

export function seededRng(label: string): Rng {
  const key = sha256(new TextEncoder().encode(label));
  let counter = 0;
  return {
    bytes(length: number): Uint8Array {
      const nonce = new Uint8Array(12);
      new DataView(nonce.buffer).setUint32(8, counter++);
      return chacha20(key, nonce, new Uint8Array(length));
    },
  };
}

export function testPorts(label = 'test', clock: TestClock = new TestClock()): AppPorts & { clock: TestClock } {
  return { clock, rng: seededRng(label), totalMemoryBytes: () => 16 * 1024 ** 3 };
}
