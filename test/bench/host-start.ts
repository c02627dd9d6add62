// Benchmark: from starting the system-Chromium host to the first interactive screen (the app's
// `app-ready` marker), against the same Chromium launched with the same flags showing a one-line page.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createBreakglassApp, systemPorts } from '../../src/app/index.js';
import { startChromiumHost } from '../../main/chromium/host.js';

export interface HostStartSamples {
  /** Host start → the UI's first interactive screen, ms per run. */
  readonly ours: readonly number[];
  /** The same host start → a static one-line page is loaded, ms per run. */
  readonly reference: readonly number[];
}

async function timeToSelector(rendererDir: string, selector: string): Promise<number> {
  const started = performance.now();
  const host = await startChromiumHost({ app: createBreakglassApp(systemPorts({ hostName: 'bench' })), rendererDir, headless: true });
  try {
    await host.page.waitForSelector(selector, { timeout: 30_000 });
    return performance.now() - started;
  } finally {
    await host.close();
  }
}

/** Alternates runs of the app and of the blank reference so both see the same machine state. */
export async function measureHostStart(rendererDir: string, runs: number): Promise<HostStartSamples> {
  const blank = await mkdtemp(join(tmpdir(), 'bg-bench-blank-'));
  try {
    await writeFile(join(blank, 'index.html'), '<!doctype html><html><body><p id="ready">ready</p></body></html>');
    const ours: number[] = [];
    const reference: number[] = [];
    await timeToSelector(rendererDir, '[data-testid="app-ready"]'); // warm the page cache once
    for (let i = 0; i < runs; i += 1) {
      ours.push(await timeToSelector(rendererDir, '[data-testid="app-ready"]'));
      reference.push(await timeToSelector(blank, '#ready'));
    }
    return { ours, reference };
  } finally {
    await rm(blank, { recursive: true, force: true });
  }
}
