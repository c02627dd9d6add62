// The desktop app in the system-Chromium host, as `npm start` runs it: the app on the ports it is given,
// the Chromium window, hot-plug re-scans, and on Linux the D-Bus suspend / screen-lock watch that locks
// every store and tells the window. main/start.ts is the command around it; tests run it in-process.

import type { AppPorts, BreakglassApp, LockTrigger } from '../../src/app/index.js';
import { createBreakglassApp } from '../../src/app/index.js';
import { dbusLockTriggers, describeTriggers, watchSessionLock, type SessionLockWatch } from '../session-lock.js';
import { startChromiumHost, type ChromiumHost } from './host.js';

export interface ChromiumDesktopOptions {
  readonly rendererDir: string;
  readonly headless: boolean;
  /** The app's ports, given what the host adds: hot-plug re-scans and the lock triggers for Settings. */
  readonly ports: (host: { readonly onDrivesChanged: () => void; readonly lockTriggers: () => readonly LockTrigger[] }) => AppPorts;
  /** Operator messages (stderr in start.ts). */
  readonly say: (text: string) => void;
  readonly platform?: NodeJS.Platform;
  /** The environment the D-Bus watch sees. */
  readonly env?: NodeJS.ProcessEnv;
  readonly viewport?: { readonly width: number; readonly height: number };
}

export interface ChromiumDesktop {
  readonly app: BreakglassApp;
  readonly host: ChromiumHost;
  /** Undefined where there is no D-Bus watch (not Linux). */
  readonly watch: SessionLockWatch | undefined;
  close(): Promise<void>;
}

const LOCKED_BY: Record<'suspend' | 'lock-screen', string> = { suspend: 'the machine is going to sleep', 'lock-screen': 'the screen was locked' };

export async function startChromiumDesktop(options: ChromiumDesktopOptions): Promise<ChromiumDesktop> {
  const linux = (options.platform ?? process.platform) === 'linux';
  const running: { host?: ChromiumHost; watch?: SessionLockWatch } = {};
  const tell = (event: string): void => void running.host?.page.evaluate(`window.dispatchEvent(new Event(${JSON.stringify(event)}))`).catch(() => undefined);
  const lockTriggers = (): readonly LockTrigger[] =>
    linux ? dbusLockTriggers(running.watch?.current()) : [{ trigger: 'suspend and screen lock', active: false, reason: 'watched through D-Bus on Linux only' }];
  const app = createBreakglassApp(options.ports({ onDrivesChanged: () => tell('breakglass:drives-changed'), lockTriggers }));
  const host = await startChromiumHost({
    app,
    rendererDir: options.rendererDir,
    headless: options.headless,
    ...(options.viewport ? { viewport: options.viewport } : {}),
    onLockFailure: (error) => options.say(`every store was locked at close, but the audit log could not record it: ${error.message}. Check the vault set's audit log before the next use.`),
  });
  running.host = host;
  if (linux) {
    try {
      running.watch = watchSessionLock({
        ...(options.env ? { env: options.env } : {}),
        onEvent: async (event) => {
          // Every store is locked (its key wiped) even when the lock's audit entry fails; that failure is said.
          await app.lockAll().catch((error: unknown) => {
            options.say(`the audit log could not record the lock: ${(error as Error | undefined)?.message ?? String(error)}`);
          });
          options.say(`locked every store: ${LOCKED_BY[event]}.`);
          tell('breakglass:locked');
        },
        onChange: (statuses) => options.say(describeTriggers(dbusLockTriggers(statuses))),
      });
      void running.watch.status.then((statuses) => options.say(describeTriggers(dbusLockTriggers(statuses))));
    } catch (error) {
      await host.close();
      throw error;
    }
  } else {
    options.say(describeTriggers(lockTriggers()));
  }
  return {
    app,
    host,
    watch: running.watch,
    async close() {
      running.watch?.stop();
      await host.close();
    },
  };
}
