// The Electron shell against fakes of electron (test/support/electron-fakes.ts; its binary cannot run
// here): the app:// scheme: privileged before ready, serves only files inside the renderer folder. DESIGN §3 invariants 4 and 7, §4.

import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY as CHROMIUM_CSP } from '../../../main/chromium/host.js';
import { APP_SCHEME_PRIVILEGES, CONTENT_SECURITY_POLICY, isAppUrl, serveRendererFile } from '../../../main/electron/hardening.js';
import { WINDOW_PARTITION } from '../../../main/electron/shell.js';
import { calls } from '../../support/electron-fakes.js';
import { start } from '../../support/electron-shell-start.js';

describe('electron app:// scheme', () => {
  let rendererDir: string;
  let outside: string;
  beforeAll(async () => {
    outside = await mkdtemp(join(tmpdir(), 'bg-electron-outside-'));
    await writeFile(join(outside, 'secret.txt'), 'outside the renderer');
    rendererDir = await mkdtemp(join(tmpdir(), 'bg-electron-renderer-'));
    await mkdir(join(rendererDir, 'assets'));
    await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Breakglass</title>');
    await writeFile(join(rendererDir, 'assets', 'app.js'), 'export {};');
    await writeFile(join(rendererDir, 'assets', 'style.css'), 'body{}');
    await symlink(join(outside, 'secret.txt'), join(rendererDir, 'assets', 'link.txt'));
  });
  afterAll(async () => {
    await rm(rendererDir, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  const get = (url: string, method = 'GET') => serveRendererFile(rendererDir, { url, method });

  it('is registered as privileged before the app is ready: standard, secure, fetch, and nothing more', async () => {
    calls.length = 0;
    await start();
    expect(calls.indexOf('protocol.registerSchemesAsPrivileged')).toBeLessThan(calls.indexOf('app.whenReady'));
    expect(APP_SCHEME_PRIVILEGES).toEqual({
      scheme: 'app',
      privileges: { standard: true, secure: true, supportFetchAPI: true, bypassCSP: false, allowServiceWorkers: false, corsEnabled: false, stream: false, codeCache: false },
    });
  });

  it('is served in the window session from the renderer directory', async () => {
    const { electron } = await start();
    const ses = electron.session.partitions.get(WINDOW_PARTITION);
    expect([...(ses?.protocolHandlers.keys() ?? [])]).toEqual(['app']);
    const response = await ses?.protocolHandlers.get('app')?.(new Request('app://breakglass/index.html'));
    expect(response?.status).toBe(404); // the started shell serves /nonexistent/renderer
    expect(response?.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('serves index.html for / and each file with its type and the strict CSP header', async () => {
    for (const [url, type] of [
      ['app://breakglass/', 'text/html; charset=utf-8'],
      ['app://breakglass/index.html', 'text/html; charset=utf-8'],
      ['app://breakglass/assets/app.js', 'text/javascript; charset=utf-8'],
      ['app://breakglass/assets/style.css', 'text/css; charset=utf-8'],
    ] as const) {
      const response = await get(url);
      expect(response.status, url).toBe(200);
      expect(response.headers.get('content-type')).toBe(type);
      expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
    expect(await (await get('app://breakglass/index.html')).text()).toContain('<title>Breakglass</title>');
  });

  it('uses the same CSP as the system-Chromium host', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(CHROMIUM_CSP);
  });

  it('refuses path traversal however it is spelled, and symbolic links out of the renderer', async () => {
    for (const url of [
      'app://breakglass/../secret.txt',
      'app://breakglass/%2e%2e/%2e%2e/etc/passwd',
      'app://breakglass/assets/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
      'app://breakglass/assets/..%5C..%5Cetc%5Cpasswd',
      `app://breakglass/${encodeURIComponent(join(outside, 'secret.txt'))}`,
      'app://breakglass//etc/passwd',
      'app://breakglass/index.html%00.js',
      'app://breakglass/assets/link.txt',
      'app://breakglass/assets/',
      'app://breakglass/%E0%A4%A',
    ]) {
      const response = await get(url);
      expect(response.status, url).toBeGreaterThanOrEqual(400);
      expect(await response.text(), url).not.toContain('outside the renderer');
      expect(response.headers.get('content-security-policy'), url).toBe(CONTENT_SECURITY_POLICY);
    }
  });

  it('answers only GET on its own host', async () => {
    expect((await get('app://breakglass/index.html', 'POST')).status).toBe(405);
    expect((await get('app://evil/index.html')).status).toBe(404);
    expect((await get('app://breakglass:8080/index.html')).status).toBe(404);
    expect((await get('app://user:pw@breakglass/index.html')).status).toBe(404);
  });

  it('recognises only app://breakglass as the app origin', () => {
    expect(isAppUrl('app://breakglass/index.html')).toBe(true);
    expect(isAppUrl('app://breakglass/#/accounts')).toBe(true);
    for (const url of ['app://breakglass.evil/', 'app://evil/', 'https://breakglass/', 'file:///index.html', 'about:blank', 'not a url', 'javascript:alert(1)']) {
      expect(isAppUrl(url), url).toBe(false);
    }
  });
});

// ---- sessions and webContents ---------------------------------------------------------------------------
