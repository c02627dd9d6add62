// The outside world as the application sees it: clock, randomness and the workstation's memory size.
// Front ends pass systemPorts(); tests pass fixed ones so every instant and every byte is reproducible.

import { randomBytes } from 'node:crypto';
import { totalmem } from 'node:os';
import type { Clock, Rng } from '../ports.js';

export type { Clock, Rng } from '../ports.js';

export interface AppPorts {
  readonly clock: Clock;
  readonly rng: Rng;
  /** Total RAM in bytes: chooses the strong KDF profile's parameters (FORMAT.md §4.1). */
  readonly totalMemoryBytes: () => number;
}

export const systemClock: Clock = { now: () => Date.now() };

export const systemRng: Rng = {
  bytes(length: number): Uint8Array {
    if (!Number.isInteger(length) || length < 0) throw new RangeError(`length must be a non-negative integer, got ${length}`);
    return new Uint8Array(randomBytes(length));
  },
};

export function systemPorts(): AppPorts {
  return { clock: systemClock, rng: systemRng, totalMemoryBytes: () => totalmem() };
}
