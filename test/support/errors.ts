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

/** "ok" when the promise (or call) succeeds, else the BreakglassError's code; anything else fails the test. */
export async function codeOf(promise: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
    return 'ok';
  } catch (error) {
    if (error instanceof BreakglassError) return error.code;
    throw error;
  }
}

/** "ok" when the promise resolves, else "CODE: message" of its BreakglassError; anything else fails the test. */
export async function outcomeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    if (error instanceof BreakglassError) return `${error.code}: ${error.message}`;
    throw error;
  }
}
