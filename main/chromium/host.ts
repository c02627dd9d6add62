// The system-Chromium host: the same UI and the same API as the Electron shell, in Debian's Chromium
// driven by playwright-core — renderer served by route interception (no socket), every other request
// refused, window.breakglass bound to the app in this process. DESIGN §5 and §3 invariant 7.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { API_METHODS, type ApiResult, type BreakglassApi, type HostInfo } from '../../src/app/index.js';
import { createDispatcher } from '../ipc/dispatch.js';
import { readRendererFile, rendererHeaders } from '../renderer-files.js';

/** A reserved origin (.invalid never resolves): only route interception can answer it. */
export const APP_ORIGIN = 'https://breakglass.invalid';
export { CONTENT_SECURITY_POLICY } from '../renderer-files.js';
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags that keep Chromium off the network and quiet (DESIGN §5, the environment's known flags). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-default-apps',
  '--disable-extensions',
  '--disable-features=Translate,MediaRouter,OptimizationHints,AutofillServerCommunication,CertificateTransparencyComponentUpdater',
  // No --host-resolver-rules: it shows an "unsupported command-line flag" infobar in a visible window, and
  // route interception (every request not of the app's origin refused) with the CSP already stops every
  // request; test/e2e/chromium-host.security.test.ts shows it against a server the page could reach.
  '--proxy-server=127.0.0.1:9',
  '--block-new-web-contents',
  '--disable-spell-checking',
] as const;


export interface ChromiumHostOptions {
  readonly app: BreakglassApi;
  /** The built renderer (index.html and its assets). */
  readonly rendererDir: string;
  readonly headless: boolean;
  readonly executablePath?: string;
  /** Window size of the app window. */
  readonly viewport?: { readonly width: number; readonly height: number };
  /**
   * Told when closing locks every store (every key is wiped) but the lock's audit entry cannot be written.
   * Without it, close() cleans up and then rejects with that error, so the failure is never lost.
   */
  readonly onLockFailure?: (error: Error) => void;
}

export interface ChromiumHost {
  readonly page: Page;
  readonly context: BrowserContext;
  /** Requests that were refused (anything not of the app's origin). */
  readonly refused: readonly string[];
  close(): Promise<void>;
}

/** The script that builds window.breakglass in every frame and hides the raw binding from the page. */
export function bridgeScript(methods: readonly string[], host: HostInfo): string {
  return `(() => {
    const invoke = window.__breakglassInvoke;
    try { delete window.__breakglassInvoke; } catch { window.__breakglassInvoke = undefined; }
    if (typeof invoke !== 'function') return;
    const api = { host: Object.freeze(${JSON.stringify(host)}) };
    for (const method of ${JSON.stringify(methods)}) {
      api[method] = (input) => invoke(method, input === undefined ? [] : [input]);
    }
    Object.defineProperty(window, 'breakglass', { value: Object.freeze(api), writable: false, configurable: false });
  })();
  // New windows are refused (the host also closes any that slip through).
  Object.defineProperty(window, 'open', { value: () => null, writable: false, configurable: false });`;
}

export async function startChromiumHost(options: ChromiumHostOptions): Promise<ChromiumHost> {
  const profile = await mkdtemp(join(tmpdir(), 'breakglass-chromium-'));
  const refused: string[] = [];
  const host: HostInfo = { kind: 'chromium', label: 'system Chromium host' };
  const dispatch = createDispatcher(options.app);
  const url = `${APP_ORIGIN}/index.html`;
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: options.executablePath ?? CHROMIUM_PATH,
    headless: options.headless,
    args: [...CHROMIUM_ARGS, ...(options.headless ? [] : [`--app=${url}`])],
    viewport: options.viewport ?? { width: 1280, height: 860 },
    permissions: [],
    acceptDownloads: false,
    serviceWorkers: 'block',
    offline: false,
  });
  try {
    await context.route('**/*', async (route) => {
      const request = route.request();
      const target = new URL(request.url());
      if (target.origin !== APP_ORIGIN || request.method() !== 'GET') {
        refused.push(request.url());
        // A 204 answer to a navigation leaves the app where it is (like will-navigate's preventDefault).
        if (request.isNavigationRequest() && request.frame() === context.pages()[0]?.mainFrame()) await route.fulfill({ status: 204, body: '' });
        else await route.abort('blockedbyclient');
        return;
      }
      const { status, body, type } = await readRendererFile(options.rendererDir, target.pathname);
      await route.fulfill({ status, body: Buffer.from(body), headers: rendererHeaders(type) });
    });
    await context.routeWebSocket(/.*/, (ws) => {
      refused.push(ws.url());
      void ws.close({ code: 1008, reason: 'offline by design' });
    });
    // Set once the app's page exists; the binding and the new-window guard read it.
    const appWindow: { page?: Page } = {};
    await context.exposeBinding('__breakglassInvoke', async (source, method: unknown, args: unknown) => {
      // Only the app's own top frame may call: not an iframe, not another page, not another origin.
      const mainPage = appWindow.page;
      if (!mainPage || source.page !== mainPage || source.frame !== mainPage.mainFrame() || new URL(source.frame.url()).origin !== APP_ORIGIN) {
        return { ok: false, error: { code: 'FOREIGN_FRAME', message: 'This request did not come from the Breakglass window.' } } satisfies ApiResult<never>;
      }
      return dispatch(String(method), Array.isArray(args) ? args : []);
    });
    await context.addInitScript({ content: bridgeScript(API_METHODS, host) });
    context.on('page', (page) => {
      if (appWindow.page && page !== appWindow.page) void page.close(); // new windows are refused
    });
    const page = context.pages()[0] ?? (await context.newPage());
    appWindow.page = page;
    await page.goto(url);
    return {
      page,
      context,
      refused,
      async close() {
        const lockFailure = await options.app.lockAll().then(
          () => undefined,
          (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
        );
        await context.close().catch(() => undefined);
        await rm(profile, { recursive: true, force: true });
        if (lockFailure && options.onLockFailure) options.onLockFailure(lockFailure);
        else if (lockFailure) throw lockFailure;
      },
    };
  } catch (error) {
    await context.close().catch(() => undefined);
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
}
