/// <reference lib="dom" />
// The Chromium host's offline guarantees, from inside the page: no request leaves, no new window, no
// navigation away, no permission, and a foreign frame's call to the API is refused. DESIGN §3 invariant 7.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { API_METHODS, createBreakglassApp } from '../../src/app/index.js';
import { APP_ORIGIN, startChromiumHost, type ChromiumHost } from '../../main/chromium/host.js';
import { testPorts } from '../support/ports.js';
import { findTool, itWithTools } from '../support/tools.js';

const chromium = findTool('/usr/bin/chromium', ['--version'], 'chromium');
let root: string;
let host: ChromiumHost | undefined;

describe('chromium host (security)', () => {
  beforeAll(async () => {
    if (!chromium.available) return;
    root = await mkdtemp(join(tmpdir(), 'bg-host-'));
    await writeFile(join(root, 'index.html'), '<!doctype html><html><head><script type="module" src="/app.js"></script></head><body><p id="ready">ready</p></body></html>');
    await writeFile(join(root, 'app.js'), 'document.body.dataset.loaded = "yes";');
    host = await startChromiumHost({ app: createBreakglassApp(testPorts('host')), rendererDir: root, headless: true });
  });
  afterAll(async () => {
    await host?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  itWithTools([chromium])('serves the app from its reserved origin with the strict CSP, and binds window.breakglass', async () => {
    const page = host!.page;
    expect(new URL(page.url()).origin).toBe(APP_ORIGIN);
    await page.waitForFunction(() => document.body.dataset.loaded === 'yes');
    const api = await page.evaluate(() => ({
      keys: Object.keys((window as unknown as { breakglass: object }).breakglass).length,
      raw: typeof (window as unknown as { __breakglassInvoke?: unknown }).__breakglassInvoke,
      host: (window as unknown as { breakglass: { host: { kind: string } } }).breakglass.host.kind,
    }));
    expect(api).toEqual({ keys: API_METHODS.length + 1, raw: 'undefined', host: 'chromium' });
    const result = await page.evaluate(() => (window as unknown as { breakglass: { getWorkstationStatus(): Promise<unknown> } }).breakglass.getWorkstationStatus());
    expect(result).toMatchObject({ ok: true });
    const bad = await page.evaluate(() => (window as unknown as { breakglass: { openVaultSet(x: unknown): Promise<unknown> } }).breakglass.openVaultSet({ dir: 42 }));
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  itWithTools([chromium])('refuses fetch to the outside, window.open and navigation to another origin', async () => {
    const page = host!.page;
    const fetched = await page.evaluate(() => fetch('https://example.com/').then(() => 'fetched', (e: Error) => `refused: ${e.name}`));
    expect(fetched).toMatch(/^refused/);
    const opened = await page.evaluate(() => String(window.open('https://example.com/')));
    expect(opened).toBe('null');
    await page.evaluate(() => {
      window.location.href = 'https://example.com/';
    });
    await page.waitForTimeout(300);
    expect(new URL(page.url()).origin).toBe(APP_ORIGIN);
    expect(host!.refused.some((u) => u.startsWith('https://example.com'))).toBe(true);
    expect(host!.context.pages()).toHaveLength(1);
  });

  itWithTools([chromium])('refuses an API call from a foreign frame', async () => {
    const page = host!.page;
    const outcome = await page.evaluate(async () => {
      const frame = document.createElement('iframe');
      frame.srcdoc = '<p>inner</p>';
      document.body.append(frame);
      await new Promise((resolve) => frame.addEventListener('load', resolve));
      const inner = frame.contentWindow as unknown as { breakglass?: { getStatus(): Promise<unknown> } };
      return inner.breakglass ? inner.breakglass.getStatus() : { ok: false, error: { code: 'NO_BRIDGE' } };
    });
    expect(outcome).toMatchObject({ ok: false });
    expect(['FOREIGN_FRAME', 'NO_BRIDGE']).toContain((outcome as { error: { code: string } }).error.code);
  });

  itWithTools([chromium])('denies permissions such as geolocation and notifications', async () => {
    const page = host!.page;
    const states = await page.evaluate(async () =>
      Promise.all(['geolocation', 'notifications', 'camera'].map((name) => navigator.permissions.query({ name: name as PermissionName }).then((s) => s.state, () => 'denied'))),
    );
    expect(states.every((s) => s !== 'granted')).toBe(true);
  });
});
