/// <reference lib="dom" />
// The air-gap banner: red while an interface is up that nobody has acknowledged, amber (still naming the
// interfaces) once acknowledged, red again when another interface comes up, and red again after a reload
// (the acknowledgement lasts one app run). The host's interfaces are a fake the test changes; the status
// poll runs on Playwright's fake clock, moved on by hand. Screenshots at 1024×700 and 1360×900.

import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { createBreakglassApp } from '../../src/app/index.js';
import type { ChromiumHost } from '../../main/chromium/host.js';
import { testPorts } from '../support/ports.js';
import { REPO_ROOT, startUiHost, useFakeClock } from '../support/ui-host.js';
import { findTool, itWithTools } from '../support/tools.js';

const chromium = findTool('/usr/bin/chromium', ['--version'], 'chromium');
const shots = process.env.BREAKGLASS_SHOTS ?? join(REPO_ROOT, 'test-output', 'e2e-ux');

type Interfaces = Record<string, { address: string; internal: boolean }[]>;
const LOOPBACK: Interfaces = { lo: [{ address: '127.0.0.1', internal: true }] };
const ETH0: Interfaces = { ...LOOPBACK, eth0: [{ address: '192.0.2.10', internal: false }] };
const ETH0_WLAN0: Interfaces = { ...ETH0, wlan0: [{ address: '198.51.100.7', internal: false }] };

describe.each([
  { width: 1024, height: 700 },
  { width: 1360, height: 900 },
] as const)('network banner at $width×$height (Chromium host)', (viewport) => {
  let root: string;
  let host: ChromiumHost | undefined;
  let page: Page;
  let up: Interfaces = ETH0;

  const banner = () => page.getByTestId('airgap');
  /** The status bar re-reads the workstation status every 5 s: move the page's clock past one poll. */
  const poll = () => page.clock.runFor(6_000);

  beforeAll(async () => {
    if (!chromium.available) return;
    root = await mkdtemp(join(tmpdir(), 'bg-e2e-netbanner-'));
    await mkdir(shots, { recursive: true });
    const app = createBreakglassApp({ ...testPorts(`netbanner-${viewport.width}`), host: { name: 'system Chromium host', networkInterfaces: () => up } });
    host = await startUiHost(app, { viewport });
    page = host.page;
    await useFakeClock(host);
  });

  afterAll(async () => {
    await host?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  itWithTools([chromium])('turns calm once acknowledged, and red again for a new interface or a new run', { timeout: 60_000 }, async () => {
    await expect.poll(() => banner().getAttribute('data-state')).toBe('online');
    await expect(banner().getAttribute('role')).resolves.toBe('alert');
    await expect(banner().textContent()).resolves.toMatch(/eth0 \(192\.0\.2\.10\).*Disconnect it/);
    const red = await banner().evaluate((el) => getComputedStyle(el).backgroundColor);
    await page.screenshot({ path: join(shots, `netbanner-1-red-${viewport.width}x${viewport.height}.png`) });

    await page.getByTestId('airgap-acknowledge').click();
    await expect.poll(() => banner().getAttribute('data-state')).toBe('acknowledged');
    await expect(banner().textContent()).resolves.toMatch(/eth0 \(192\.0\.2\.10\)/);
    await expect(banner().getAttribute('role')).resolves.toBe('status');
    expect(await banner().evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe(red);
    await expect(page.getByTestId('airgap-acknowledge').count()).resolves.toBe(0);
    await page.screenshot({ path: join(shots, `netbanner-2-acknowledged-${viewport.width}x${viewport.height}.png`) });

    // A new interface makes it red again and names both.
    up = ETH0_WLAN0;
    await poll();
    await expect.poll(() => banner().textContent()).toMatch(/wlan0 \(198\.51\.100\.7\)/);
    await expect(banner().getAttribute('data-state')).resolves.toBe('online');
    expect(await banner().evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(red);
    await page.screenshot({ path: join(shots, `netbanner-3-new-interface-${viewport.width}x${viewport.height}.png`) });

    // Acknowledged again, then wlan0 goes down: only acknowledged interfaces are up, so it stays calm.
    await page.getByTestId('airgap-acknowledge').click();
    await expect.poll(() => banner().getAttribute('data-state')).toBe('acknowledged');
    up = ETH0;
    await poll();
    await expect.poll(() => banner().textContent()).not.toMatch(/wlan0/);
    await expect(banner().getAttribute('data-state')).resolves.toBe('acknowledged');

    // Offline, then the same interface up again: a new connection, red again.
    up = LOOPBACK;
    await poll();
    await expect.poll(() => banner().getAttribute('data-state')).toBe('offline');
    up = ETH0;
    await poll();
    await expect.poll(() => banner().getAttribute('data-state')).toBe('online');

    // Not kept across runs: acknowledged, then the window reloads: red.
    await page.getByTestId('airgap-acknowledge').click();
    await expect.poll(() => banner().getAttribute('data-state')).toBe('acknowledged');
    await page.reload();
    await page.getByTestId('app-ready').waitFor();
    await expect.poll(() => banner().getAttribute('data-state')).toBe('online');
  });
});
