// Strict shape checks for decrypted or public store documents: exact key sets and typed fields, so a
// document that is not exactly what FORMAT.md §3 describes is refused with FORMAT, never half-used.

import { BreakglassError } from '../errors.js';

export type Fields = Record<string, unknown>;

export function documentError(what: string, problem: string): BreakglassError {
  return new BreakglassError('FORMAT', `The ${what} does not match the store schema (${problem}): the store is damaged.`);
}

/** Checks that `value` is an object with exactly `required` keys plus any of `optional`. */
export function expectFields(value: unknown, what: string, required: readonly string[], optional: readonly string[] = []): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw documentError(what, 'not an object');
  const keys = Object.keys(value);
  for (const key of required) if (!keys.includes(key)) throw documentError(what, `missing "${key}"`);
  for (const key of keys) {
    if (!required.includes(key) && !optional.includes(key)) throw documentError(what, `unexpected "${key}"`);
  }
  return value as Fields;
}

export function expectArray(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw documentError(what, 'not a list');
  return value;
}

export function expectSchema(fields: Fields, what: string, schema: number): void {
  if (fields.schema !== schema) throw documentError(what, `schema ${String(fields.schema)}, expected ${schema}`);
}

/** A field validator's VALIDATION error as a FORMAT error about a stored document; any other error as it is. */
export function validationAsFormat(error: unknown, what: string): unknown {
  return error instanceof BreakglassError && error.code === 'VALIDATION' ? documentError(what, `invalid ${error.field ?? 'field'}`) : error;
}

/** Runs a field validator and turns its VALIDATION error into a FORMAT error about a stored document. */
export function expectValid<T>(what: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    throw validationAsFormat(error, what);
  }
}

export function expectSortedUnique(keys: readonly string[], what: string): void {
  for (let i = 1; i < keys.length; i++) {
    if ((keys[i - 1] as string) >= (keys[i] as string)) throw documentError(what, 'entries not in canonical order or repeated');
  }
}
