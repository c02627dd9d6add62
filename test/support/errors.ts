// The typed error a promise rejects with, for tests that check its code and message: anything that is
// not a BreakglassError (or no rejection at all) fails the test.

import { BreakglassError } from '../../src/errors.js';

export async function errorOf(promise: Promise<unknown>): Promise<BreakglassError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof BreakglassError) return error;
    throw error;
  }
  throw new Error('expected a BreakglassError');
}
