// Closing the Chromium host locks every store; when the lock's audit entry cannot be written, the failure
// is told (npm start says it on stderr) or close() rejects: it is never swallowed. FORMAT.md §10.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { createBreakglassApp, type BreakglassApi } from '../../src/app/index.js';
import { startChromiumHost } from '../../main/chromium/host.js';
import { testPorts } from '../support/ports.js';
import { chromium } from '../support/ui-host.js';
import { itWithTools } from '../support/tools.js';

let root: string;

/** The real app, except that locking fails the way a full disk fails the audit append. */
function appWhoseLockAuditFails(): { app: BreakglassApi; locks: () => number } {
  const real = createBreakglassApp(testPorts('host-close'));
  let locks = 0;
  const app = new Proxy(real, {
    get(target, key, receiver) {
      if (key === 'lockAll') {
        return async () => {
          locks += 1;
          throw new Error('ENOSPC: no space left on device, write');
        };
      }
      const value: unknown = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { app, locks: () => locks };
}

describe('chromium host close', () => {
  beforeAll(async () => {
    if (!chromium.available) return;
    root = await mkdtemp(join(tmpdir(), 'bg-host-close-'));
    await writeFile(join(root, 'index.html'), '<!doctype html><html><body><p>ready</p></body></html>');
  });
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  itWithTools([chromium])('tells the failed lock audit to the host that asked', { timeout: 60_000 }, async () => {
    const { app, locks } = appWhoseLockAuditFails();
    const told: string[] = [];
    const host = await startChromiumHost({ app, rendererDir: root, headless: true, onLockFailure: (error) => told.push(error.message) });
    await host.close();
    expect(locks()).toBe(1);
    expect(told).toEqual(['ENOSPC: no space left on device, write']);
  });

  itWithTools([chromium])('rejects close() with it when nobody asked, after closing the window', { timeout: 60_000 }, async () => {
    const { app } = appWhoseLockAuditFails();
    const host = await startChromiumHost({ app, rendererDir: root, headless: true });
    await expect(host.close()).rejects.toThrow(/ENOSPC: no space left on device/);
    expect(host.context.pages()).toHaveLength(0);
  });
});
