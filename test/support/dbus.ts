// A private D-Bus daemon for tests that need logind / screen-saver signals, and dbus-send to emit them.

import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll } from 'vitest';
import { findTool, type Tool } from './tools.js';

export const DBUS_TOOLS: readonly Tool[] = [
  findTool('dbus-daemon', ['--version'], 'dbus-daemon'),
  findTool('dbus-monitor', ['--help'], 'dbus-bin'),
  findTool('dbus-send', ['--help'], 'dbus-bin'),
];

export interface PrivateBus {
  readonly address: string;
  /** Broadcasts one signal, e.g. ('/org/freedesktop/login1', 'org.freedesktop.login1.Manager.PrepareForSleep', 'boolean:true'). */
  signal(path: string, member: string, ...args: string[]): void;
  stop(): void;
}

export async function startPrivateBus(): Promise<PrivateBus> {
  const daemon = spawn('dbus-daemon', ['--session', '--nofork', '--print-address'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const address = await new Promise<string>((resolve, reject) => {
    createInterface({ input: daemon.stdout }).once('line', resolve);
    daemon.once('error', reject);
  });
  return {
    address,
    signal(path, member, ...args) {
      const sent = spawnSync('dbus-send', [`--bus=${address}`, '--type=signal', path, member, ...args], { encoding: 'utf8' });
      if (sent.status !== 0) throw new Error(`dbus-send ${member} failed: ${sent.stderr}`);
    },
    stop() {
      daemon.kill();
    },
  };
}

/** A private bus for one describe block (started in beforeAll when the tools are there, stopped after). */
export function privateBusForSuite(tools: readonly Tool[] = DBUS_TOOLS): () => PrivateBus {
  let bus: PrivateBus | undefined;
  beforeAll(async () => {
    if (tools.every((t) => t.available)) bus = await startPrivateBus();
  });
  afterAll(() => bus?.stop());
  return () => {
    if (!bus) throw new Error('the private D-Bus daemon did not start');
    return bus;
  };
}
