// The sandboxed preload, bundled by the real build step and run as the sandbox runs it (CommonJS, only
// require('electron'), here a fake): window.breakglass is one ipcRenderer.invoke per API method plus the host. DESIGN §4.

import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { API_METHODS } from '../../../src/app/index.js';
import { WINDOW_EVENTS } from '../../../main/electron/ipc.js';
import { buildPreload, PRELOAD_CONFIG } from '../../support/preload.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const EXPECTED_KEYS = [...API_METHODS, 'host'].sort();

type Bridge = Record<string, unknown> & { host: { kind: string; label: string } };

/** A fake of what the sandbox gives a preload: `require('electron')` (contextBridge, ipcRenderer) and nothing else. */
function sandboxElectron() {
  const exposed = new Map<string, Bridge>();
  const listeners = new Map<string, (...args: unknown[]) => void>();
  const electron = {
    contextBridge: {
      exposeInMainWorld: vi.fn((key: string, api: Bridge) => {
        exposed.set(key, api);
      }),
    },
    ipcRenderer: {
      invoke: vi.fn((channel: string, ...args: unknown[]) => Promise.resolve({ ok: true, value: { channel, args } })),
      on: vi.fn((channel: string, listener: (...args: unknown[]) => void) => {
        listeners.set(channel, listener);
      }),
      send: vi.fn(),
      sendSync: vi.fn(),
    },
  };
  return { electron, exposed, listeners };
}

let out: string;
let code: string;
beforeAll(async () => {
  // The real build step (package.json's build runs the same config), into a temporary directory.
  out = await mkdtemp(join(tmpdir(), 'bg-preload-'));
  code = await readFile(buildPreload(out), 'utf8');
}, 60_000);
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

/** Runs the bundled preload as Electron's sandbox does: CommonJS, only `require('electron')`, no Node. */
function runPreload() {
  const fake = sandboxElectron();
  const dispatched: string[] = [];
  const module = { exports: {} as Record<string, unknown> };
  const required: string[] = [];
  runInNewContext(code, {
    require: (id: string): unknown => {
      required.push(id);
      if (id !== 'electron') throw new Error(`module not found: ${id} (a sandboxed preload may require only electron)`);
      return fake.electron;
    },
    module,
    exports: module.exports,
    process: { versions: { electron: '41.7.1' } },
    window: { dispatchEvent: (event: { type: string }) => dispatched.push(event.type) },
    Event: class {
      constructor(readonly type: string) {}
    },
  });
  const bridge = fake.exposed.get('breakglass');
  if (!bridge) throw new Error('the preload exposed no window.breakglass');
  return { ...fake, bridge, dispatched, required, exports: module.exports };
}

describe('electron preload', () => {
  it('is bundled by the config the build script runs', async () => {
    const { scripts } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(scripts.build).toContain(`vite build --config ${PRELOAD_CONFIG}`);
  });

  it('bundles into one file, preload.cjs, CommonJS, requiring only electron', async () => {
    expect(await readdir(out)).toEqual(['preload.cjs']);
    expect([...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((match) => match[1])).toEqual(['electron']);
    expect(code).not.toMatch(/^\s*import\s/m);
    expect(code).not.toMatch(/\bimport\(/);
    expect(runPreload().required).toEqual(['electron']);
  });

  it('exposes API_METHODS exactly, in order, from the same list the main process uses (no copy of it)', async () => {
    expect(Object.keys(runPreload().bridge)).toEqual(['host', ...API_METHODS]);
    const source = await readFile(join(root, 'main/electron/preload.cts'), 'utf8');
    expect(source).toMatch(/\bAPI_METHODS\b/);
    for (const method of API_METHODS) expect(source, method).not.toMatch(new RegExp(`['"\`]${method}['"\`]`));
  });

  it('exports nothing: a preload is a script, its only output is window.breakglass', () => {
    expect(Object.keys(runPreload().exports)).toEqual([]);
  });

  it('exposes one object, window.breakglass, with exactly the API methods and the host', () => {
    const { electron, exposed, bridge } = runPreload();
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    expect([...exposed.keys()]).toEqual(['breakglass']);
    expect(Object.keys(bridge).sort()).toEqual(EXPECTED_KEYS);
    expect(Object.isFrozen(bridge)).toBe(true);
  });

  it('exposes no raw IPC: no ipcRenderer, invoke, send or on', () => {
    const { electron, bridge } = runPreload();
    for (const key of ['ipcRenderer', 'invoke', 'send', 'sendSync', 'on', 'require', 'process']) expect(bridge, key).not.toHaveProperty(key);
    for (const method of API_METHODS) expect(bridge[method], method).not.toBe(electron.ipcRenderer.invoke);
  });

  it('calls ipcRenderer.invoke on breakglass:<method> with the arguments, and nothing else', async () => {
    const { electron, bridge } = runPreload();
    for (const method of API_METHODS) {
      const call = bridge[method] as (...args: unknown[]) => Promise<unknown>;
      expect(typeof call, method).toBe('function');
      expect(await call({ probe: method })).toEqual({ ok: true, value: { channel: `breakglass:${method}`, args: [{ probe: method }] } });
    }
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledTimes(API_METHODS.length);
    expect(electron.ipcRenderer.send).not.toHaveBeenCalled();
    expect(electron.ipcRenderer.sendSync).not.toHaveBeenCalled();
    await (bridge.getStatus as () => Promise<unknown>)();
    expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith('breakglass:getStatus');
  });

  it('says the host is Electron and which version', () => {
    const { bridge } = runPreload();
    expect(bridge.host).toEqual({ kind: 'electron', label: 'Electron 41.7.1' });
    expect(Object.isFrozen(bridge.host)).toBe(true);
  });

  it("re-dispatches the shell's events on window under the same names", () => {
    const { listeners, dispatched } = runPreload();
    expect([...listeners.keys()]).toEqual(Object.values(WINDOW_EVENTS));
    listeners.get(WINDOW_EVENTS.drivesChanged)?.({ senderId: 0 });
    listeners.get(WINDOW_EVENTS.locked)?.({ senderId: 0 });
    expect(dispatched).toEqual([WINDOW_EVENTS.drivesChanged, WINDOW_EVENTS.locked]);
  });
});
