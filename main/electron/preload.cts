// The sandboxed preload: `window.breakglass` is one invoke per API method plus the host, and the shell's
// events are re-dispatched on window. Bundled into one CommonJS file requiring only 'electron'. DESIGN §4.

import { contextBridge, ipcRenderer } from 'electron';
import { API_METHODS } from '../../src/app/index.js';
import { channelFor, WINDOW_EVENTS } from './ipc.js';

// vite.preload.config.mts inlines API_METHODS, channelFor and WINDOW_EVENTS into the bundle and tree-shakes
// the rest away: the handlers ipc.ts registers and the methods exposed here come from one list.
const bridge: Record<string, unknown> = {
  host: Object.freeze({ kind: 'electron', label: `Electron ${process.versions.electron ?? ''}`.trim() }),
};
for (const method of API_METHODS) {
  const channel = channelFor(method);
  bridge[method] = (...args: unknown[]): Promise<unknown> => ipcRenderer.invoke(channel, ...args);
}
contextBridge.exposeInMainWorld('breakglass', Object.freeze(bridge));

for (const name of Object.values(WINDOW_EVENTS)) {
  ipcRenderer.on(name, () => {
    window.dispatchEvent(new Event(name));
  });
}
