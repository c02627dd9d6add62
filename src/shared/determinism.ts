// The two effects core code may not reach for itself: time and randomness. Core functions take
// these as parameters so vectors are reproducible and sessions testable at any instant (DESIGN §4).

export interface Clock {
  /** Milliseconds since the Unix epoch, UTC. */
  now(): number;
}

export interface Rng {
  /** Fills and returns a new array of `length` cryptographically secure random bytes. */
  bytes(length: number): Uint8Array;
}
