// The Electron shell's offline-by-construction rules: the privileged app:// scheme that serves the built
// renderer with a strict CSP, and the session and webContents guards. DESIGN §3 invariant 7, §5.

import type { App, CustomScheme, Event, Protocol, Session, WebContents } from 'electron';

export const APP_SCHEME = 'app';
export const APP_HOST = 'breakglass';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;
/** The same policy as the system-Chromium host's: both come from main/renderer-files.ts. */
export { CONTENT_SECURITY_POLICY } from '../renderer-files.js';
import { readRendererFile, rendererHeaders } from '../renderer-files.js';

/** app:// behaves like https (standard, secure origin, fetch), and gets no privilege beyond that. */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: {
    standard: true,
    secure: true,
    supportFetchAPI: true,
    bypassCSP: false,
    allowServiceWorkers: false,
    corsEnabled: false,
    stream: false,
    codeCache: false,
  },
};


/** Must run before the app's `ready` event (Electron's rule for privileged schemes). */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
}

/** True for URLs of the app's own origin (app://breakglass/…), and nothing else. */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === `${APP_SCHEME}:` && parsed.hostname === APP_HOST && parsed.port === '' && parsed.username === '' && parsed.password === '';
}

function respond(status: number, body: BodyInit, type: string): Response {
  return new Response(body, { status, headers: rendererHeaders(type) });
}

/**
 * Answers one app:// request from the built renderer directory: GET only, the app's own host only, and no
 * path (however encoded, or through a symbolic link) that leaves `rendererDir`. Every answer carries the CSP.
 */
export async function serveRendererFile(rendererDir: string, request: { readonly url: string; readonly method: string }): Promise<Response> {
  if (request.method !== 'GET') return respond(405, 'method not allowed', 'text/plain; charset=utf-8');
  if (!isAppUrl(request.url)) return respond(404, 'not found', 'text/plain; charset=utf-8');
  const file = await readRendererFile(rendererDir, new URL(request.url).pathname);
  return respond(file.status, file.body, file.type);
}

/** Serves dist/renderer on app:// in this session (the window's session: handlers are per session). */
export function handleAppProtocol(ses: Pick<Session, 'protocol'>, rendererDir: string): void {
  ses.protocol.handle(APP_SCHEME, (request) => serveRendererFile(rendererDir, request));
}

/** Whether a request may leave the renderer: only app:// (and devtools:// while developing). Nothing else. */
export function isAllowedRequest(url: string, allowDevTools: boolean): boolean {
  if (isAppUrl(url)) return true;
  return allowDevTools && url.startsWith('devtools://');
}

/**
 * Offline session: every request that is not app:// is cancelled, every permission request and check is
 * denied (device pickers included), downloads are refused and the spellchecker (a dictionary download) is off.
 */
export function hardenSession(ses: Session, options: { readonly allowDevTools: boolean }): void {
  ses.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAllowedRequest(details.url, options.allowDevTools) });
  });
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.setSpellCheckerEnabled(false);
  ses.on('will-download', (event) => event.preventDefault());
}

const hardened = new WeakSet<WebContents>();

function refuseUnlessSameOrigin(event: Event<{ url: string }>): void {
  if (!isAppUrl(event.url)) event.preventDefault();
}

/**
 * Any webContents: navigation and redirects stay on app://breakglass, new windows are denied and
 * <webview> is never attached. Applied once per webContents.
 */
export function hardenWebContents(contents: WebContents): void {
  if (hardened.has(contents)) return;
  hardened.add(contents);
  contents.on('will-navigate', refuseUnlessSameOrigin);
  contents.on('will-frame-navigate', refuseUnlessSameOrigin);
  contents.on('will-redirect', refuseUnlessSameOrigin);
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Hardens every webContents the app ever creates (windows, devtools, anything unforeseen). */
export function guardAllWebContents(app: Pick<App, 'on'>): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
}
