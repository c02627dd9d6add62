// One dispatcher for every desktop host: checks the method name and its payload (main/ipc/schemas.ts),
// calls the app, and turns the outcome into a result value with nothing secret the renderer must not see.

import { API_METHODS, BreakglassError, type ApiError, type ApiMethod, type ApiResult, type BreakglassApi } from '../../src/app/index.js';
import { sanitizeForRenderer } from './sanitize.js';
import { validateInput } from './schemas.js';

export type Dispatch = (method: string, args: readonly unknown[]) => Promise<ApiResult<unknown>>;

const METHODS = new Set<string>(API_METHODS);

export function isApiMethod(name: string): name is ApiMethod {
  return METHODS.has(name);
}

/** Maps any thrown value to a custodian-facing error, with its structured detail; never a stack trace. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof BreakglassError) {
    return { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}), ...(error.detail ? { detail: error.detail } : {}), ...(error.action ? { action: error.action } : {}) };
  }
  if (error instanceof TypeError || error instanceof RangeError) {
    return { code: 'VALIDATION', message: `The request was not valid: ${error.message}.` };
  }
  return { code: 'INTERNAL', message: 'Something unexpected went wrong; nothing was saved by the failed step. Please report it (never include secrets).' };
}

export function createDispatcher(app: BreakglassApi): Dispatch {
  return async (method, args) => {
    if (typeof method !== 'string' || !isApiMethod(method)) {
      return { ok: false, error: { code: 'VALIDATION', message: `Unknown request ${JSON.stringify(method)}.` } };
    }
    if (!Array.isArray(args) || args.length > 1) {
      return { ok: false, error: { code: 'VALIDATION', message: `${method} takes at most one argument.` } };
    }
    let input: unknown;
    try {
      input = validateInput(method, args[0]);
    } catch (error) {
      return { ok: false, error: toApiError(error) };
    }
    try {
      const call = app[method] as (input?: unknown) => Promise<unknown>;
      const value = await call.call(app, input);
      return { ok: true, value: sanitizeForRenderer(method, value) };
    } catch (error) {
      return { ok: false, error: toApiError(error) };
    }
  };
}
