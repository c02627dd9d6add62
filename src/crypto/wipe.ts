// Zeroes secret byte arrays once they are no longer needed (DESIGN §3 invariant 4).
// JavaScript strings cannot be wiped; secrets therefore travel as Uint8Array wherever we control them.

export function wipe(...arrays: (Uint8Array | undefined | null)[]): void {
  for (const array of arrays) {
    if (array) array.fill(0);
  }
}

/** Runs `use` with `secret` and wipes `secret` afterwards, whether `use` succeeds or throws. */
export async function withWiped<T>(secret: Uint8Array, use: (secret: Uint8Array) => Promise<T> | T): Promise<T> {
  try {
    return await use(secret);
  } finally {
    wipe(secret);
  }
}
