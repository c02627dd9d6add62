// The sandboxed preload: exposes exactly `window.breakglass` (one invoke per API method, plus the host) and
// re-dispatches the shell's events as window events. CommonJS, requires only 'electron'. DESIGN §4.

import { contextBridge, ipcRenderer } from 'electron';

/**
 * Every API method, in src/app/bridge.ts's order. A sandboxed preload cannot import that module, so the list
 * is repeated here and test/unit/main/electron-preload.test.ts holds it equal to API_METHODS.
 */
export const PRELOAD_API_METHODS = [
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
] as const;

/** Events from the main process, re-dispatched on window under the same names (main/electron/ipc.ts WINDOW_EVENTS). */
export const PRELOAD_WINDOW_EVENTS = ['breakglass:drives-changed', 'breakglass:locked'] as const;

const bridge: Record<string, unknown> = {
  host: Object.freeze({ kind: 'electron', label: `Electron ${process.versions.electron ?? ''}`.trim() }),
};
for (const method of PRELOAD_API_METHODS) {
  const channel = `breakglass:${method}`;
  bridge[method] = (...args: unknown[]): Promise<unknown> => ipcRenderer.invoke(channel, ...args);
}
contextBridge.exposeInMainWorld('breakglass', Object.freeze(bridge));

for (const name of PRELOAD_WINDOW_EVENTS) {
  ipcRenderer.on(name, () => {
    window.dispatchEvent(new Event(name));
  });
}
