// The built UI in a headless system-Chromium host, for the end-to-end tests: one place for where the
// renderer is built to and how long a step may wait.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BreakglassApi } from '../../src/app/api.js';
import { startChromiumHost, type ChromiumHost, type ChromiumHostOptions } from '../../main/chromium/host.js';
import { findTool } from './tools.js';

export const REPO_ROOT = new URL('../..', import.meta.url).pathname;

/** Debian's Chromium, which every UI test drives (itWithTools([chromium]) fails in CI when it is missing). */
export const chromium = findTool('/usr/bin/chromium', ['--version'], 'chromium');

/** Where a UI test writes its screenshots (BREAKGLASS_SHOTS, or test-output/<folder>); created if missing. */
export function shotsDir(folder: string): string {
  const dir = process.env.BREAKGLASS_SHOTS ?? join(REPO_ROOT, 'test-output', folder);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Starts the host on the built renderer (dist/renderer); every page step waits at most `stepTimeoutMs`. */
export async function startUiHost(app: BreakglassApi, options: { readonly stepTimeoutMs?: number; readonly viewport?: ChromiumHostOptions['viewport'] } = {}): Promise<ChromiumHost> {
  const host = await startChromiumHost({ app, rendererDir: join(REPO_ROOT, 'dist', 'renderer'), headless: true, ...(options.viewport ? { viewport: options.viewport } : {}) });
  host.page.setDefaultTimeout(options.stepTimeoutMs ?? 15_000);
  return host;
}

/**
 * Gives a started host's page Playwright's fake clock: installs it, writes `localStorage` (settings the app
 * reads at start), reloads so every timer of the app runs on it, and waits for the app. The test then moves
 * time with `page.clock.runFor`, never by waiting.
 */
export async function useFakeClock(host: ChromiumHost, options: { readonly localStorage?: Readonly<Record<string, string>> } = {}): Promise<void> {
  await host.page.clock.install();
  const entries = Object.entries(options.localStorage ?? {});
  if (entries.length > 0) await host.page.evaluate((pairs) => pairs.forEach(([key, value]) => window.localStorage.setItem(key, value)), entries);
  await host.page.reload();
  await host.page.getByTestId('app-ready').waitFor();
}
