// The sandboxed preload, compiled and run as the sandbox runs it (CommonJS, only require('electron'), here a
// fake): window.breakglass is exactly one ipcRenderer.invoke per API method plus the host. DESIGN §4.

import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { API_METHODS } from '../../../src/app/index.js';
import { WINDOW_EVENTS } from '../../../main/electron/ipc.js';

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
  // The real build command (package.json's build runs it too), into a temporary directory.
  out = await mkdtemp(join(tmpdir(), 'bg-preload-'));
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'main/electron/tsconfig.preload.json'), '--outDir', out], {
    stdio: 'pipe',
  });
  code = await readFile(join(out, 'preload.cjs'), 'utf8');
}, 60_000);
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

/** Runs the compiled preload as Electron's sandbox does: CommonJS, only `require('electron')`, no Node. */
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
  it('compiles to preload.cjs, CommonJS, requiring only electron', () => {
    expect([...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((match) => match[1])).toEqual(['electron']);
    expect(code).not.toMatch(/^\s*import\s/m);
    expect(runPreload().required).toEqual(['electron']);
  });

  it('repeats API_METHODS exactly, in order (a sandboxed preload cannot import it)', () => {
    expect(runPreload().exports.PRELOAD_API_METHODS).toEqual(API_METHODS);
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
    const { exports, listeners, dispatched } = runPreload();
    expect(exports.PRELOAD_WINDOW_EVENTS).toEqual(Object.values(WINDOW_EVENTS));
    expect([...listeners.keys()].sort()).toEqual([...Object.values(WINDOW_EVENTS)].sort());
    listeners.get(WINDOW_EVENTS.drivesChanged)?.({ senderId: 0 });
    listeners.get(WINDOW_EVENTS.locked)?.({ senderId: 0 });
    expect(dispatched).toEqual([WINDOW_EVENTS.drivesChanged, WINDOW_EVENTS.locked]);
  });
});
