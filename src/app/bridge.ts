// The shape of the API as it crosses to the desktop UI: every method returns a result value, never throws,
// and secrets that must not reach the renderer are removed. DESIGN §4 ("One typed API, many front ends").

import type { ErrorAction, ErrorCode, ErrorDetail } from '../errors.js';
import type { BreakglassApi } from './api.js';

export type ApiMethod = keyof BreakglassApi;

/**
 * An error as it crosses IPC: one of ERROR_CODES (docs/FORMAT.md §8), the custodian-facing message, and the
 * fields a front end acts on without reading the message — the offending `field`, and `detail` (e.g. which
 * word of a share is wrong and what the checksum expects there).
 */
export interface ApiError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly field?: string;
  readonly detail?: ErrorDetail;
  /** What to do next, as a key the renderer words with its own screens and buttons (never a CLI flag). */
  readonly action?: ErrorAction;
}

export type ApiResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ApiError };

/** Which desktop host serves the UI, shown in the status bar. */
export interface HostInfo {
  readonly kind: 'electron' | 'chromium';
  readonly label: string;
}

/** `window.breakglass`: exactly the API's methods, each returning a result, plus the host. */
export type BreakglassBridge = {
  readonly [K in ApiMethod]: (...args: Parameters<BreakglassApi[K]>) => Promise<ApiResult<Awaited<ReturnType<BreakglassApi[K]>>>>;
} & { readonly host: HostInfo };

/** Every API method, in one list the IPC channel map, preload bridge and Chromium host are built from. */
export const API_METHODS = [
  'createVaultSet',
  'openVaultSet',
  'getStatus',
  'inspectStore',
  'unlockStore',
  'lockStore',
  'lockAll',
  'listAccounts',
  'getAccount',
  'addAccount',
  'updateAccount',
  'removeAccount',
  'revealPassword',
  'copyPassword',
  'generatePassword',
  'listMfaDevices',
  'addMfaDevice',
  'removeMfaDevice',
  'verifyShare',
  'scanShareSheet',
  'listCustodians',
  'getSegregationReport',
  'rotateCustody',
  'listAuditLog',
  'verifyAuditLog',
  'listDrives',
  'exportStore',
  'verifyDrive',
  'restoreStore',
  'startTotpSession',
  'getTotpCodes',
  'setTotpOffset',
  'endTotpSession',
  'prepareEnrollment',
  'getEnrollmentCodes',
  'confirmEnrollment',
  'cancelEnrollment',
  'printDocument',
  'discardIssuedShares',
  'restorePaperBackup',
  'getWorkstationStatus',
  'listDirectory',
  'getRuns',
  'setRunRequirement',
  'startRun',
  'getRunbook',
  'printRunbook',
  'beginRotation',
  'confirmRotation',
  'cancelRotation',
  'checkSeedsExposed',
  'closeRun',
  'addTempRoot',
  'closeTempRoot',
  'runDrill',
  'abortDrill',
  'getDrillStatus',
  'recordBags',
  'importInventory',
  'getInventoryReport',
  'previewKeepassImport',
  'previewSeedImport',
  'confirmImport',
  'cancelImport',
  'exportKdbx',
  'repairAuditLog',
  'printInventoryReport',
  'previewInventoryImport',
  'recordInventoryImport',
  'trustedTimeOffset',
] as const satisfies readonly ApiMethod[];

// Compile-time proof that the list is complete: a method missing from it makes this line an error.
type Missing = Exclude<ApiMethod, (typeof API_METHODS)[number]>;
export const API_METHODS_COMPLETE: [Missing] extends [never] ? true : { missing: Missing } = true;
