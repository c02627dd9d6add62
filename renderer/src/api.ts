// The renderer's only way out: window.breakglass, typed from the app API (src/app/bridge.ts). Calls
// return values; `call` turns an error result into an ApiFailure the screens show where they are.
// DESIGN §4 (one typed API, many front ends).

import type { ApiError, ApiMethod, BreakglassBridge, HostInfo } from '../../src/app/bridge.js';
import { appActionText } from './components/error-actions.js';

declare global {
  interface Window {
    readonly breakglass?: BreakglassBridge;
  }
}

/** A failed call: the app's code (one of ERROR_CODES), its plain message, and the fields the UI acts on. */
export class ApiFailure extends Error {
  readonly code: ApiError['code'];
  readonly field: string | undefined;
  /** Structured details (e.g. the mistyped word of a share): screens read these, never the message. */
  readonly detail: ApiError['detail'];
  /** What to do next, worded by the app (appActionText), never by the core. */
  readonly action: ApiError['action'];
  constructor(error: ApiError) {
    super(error.action ? `${error.message} ${appActionText(error.action)}` : error.message);
    this.name = 'ApiFailure';
    this.code = error.code;
    this.field = error.field;
    this.detail = error.detail;
    this.action = error.action;
  }
}

function bridge(): BreakglassBridge {
  const api = window.breakglass;
  if (!api) throw new ApiFailure({ code: 'HOST', message: 'This window is not running inside Breakglass Vault (no window.breakglass). Start it with "npm start".' });
  return api;
}

type Input<K extends ApiMethod> = Parameters<BreakglassBridge[K]>;
type Output<K extends ApiMethod> = Awaited<ReturnType<BreakglassBridge[K]>> extends infer R ? (R extends { ok: true; value: infer V } ? V : never) : never;

/** Calls one API method; resolves with its value or rejects with an ApiFailure (code + plain message). */
export async function call<K extends ApiMethod>(method: K, ...input: Input<K>): Promise<Output<K>> {
  const fn = bridge()[method] as (...args: unknown[]) => Promise<{ ok: true; value: unknown } | { ok: false; error: ApiError }>;
  const result = await fn(...input);
  if (!result.ok) throw new ApiFailure(result.error);
  return result.value as Output<K>;
}

export function hostInfo(): HostInfo | undefined {
  return window.breakglass?.host;
}

/** The message to show for anything a call threw. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiFailure) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
