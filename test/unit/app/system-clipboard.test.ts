// The system clipboard port against stand-in xclip/xsel/wl-copy scripts: which tool is chosen, fixed argv,
// the text only on stdin/stdout (never argv or env), and no hang on a tool that leaves a daemon behind.

import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chooseClipboardTool, systemClipboardPort } from '../../../src/app/system-clipboard.js';

const SECRET = 'Root-Password-On-Stdin-Only-9!';

let bin: string;

/** A stand-in tool: logs its argv and env, keeps the "clipboard" in a file, and leaves a short-lived child. */
async function fakeTool(name: string, options: { fail?: string } = {}): Promise<void> {
  const script = options.fail
    ? `#!/bin/sh\necho "${options.fail}" >&2\nexit 1\n`
    : [
        '#!/bin/sh',
        'dir=$(dirname "$0")',
        `echo "${name} $*" >> "$dir/argv.log"`,
        'env >> "$dir/env.log"',
        'case "$*" in',
        '  *-out*|*--output*|*--no-newline*) cat "$dir/store" 2>/dev/null ;;',
        '  *--clear*) : > "$dir/store" ;;',
        // like xclip: a background process that keeps the inherited stdout/stderr open
        '  *) cat > "$dir/store"; sleep 2 & echo $! >> "$dir/daemons" ;;',
        'esac',
        '',
      ].join('\n');
  await writeFile(join(bin, name), script);
  await chmod(join(bin, name), 0o755);
}

beforeEach(async () => {
  bin = await mkdtemp(join(tmpdir(), 'bg-clip-'));
});

afterEach(async () => {
  const daemons = await readFile(join(bin, 'daemons'), 'utf8').catch(() => '');
  for (const pid of daemons.split('\n').filter(Boolean)) {
    try {
      process.kill(Number(pid));
    } catch {
      // already gone
    }
  }
  await rm(bin, { recursive: true, force: true });
});

describe('system-clipboard', () => {
  it('chooses wl-copy under Wayland, then xclip, then xsel, and nothing without a tool or a display', async () => {
    const searchPath = [bin];
    expect(chooseClipboardTool({ env: { DISPLAY: ':0', WAYLAND_DISPLAY: 'wayland-0' }, searchPath })).toBeUndefined();
    await fakeTool('xsel');
    expect(chooseClipboardTool({ env: { DISPLAY: ':0' }, searchPath })?.name).toBe('xsel');
    await fakeTool('xclip');
    expect(chooseClipboardTool({ env: { DISPLAY: ':0' }, searchPath })?.name).toBe('xclip');
    await fakeTool('wl-copy');
    expect(chooseClipboardTool({ env: { DISPLAY: ':0', WAYLAND_DISPLAY: 'wayland-0' }, searchPath })?.name).toBe('xclip'); // wl-paste missing
    await fakeTool('wl-paste');
    expect(chooseClipboardTool({ env: { DISPLAY: ':0', WAYLAND_DISPLAY: 'wayland-0' }, searchPath })?.name).toBe('wl-copy');
    expect(chooseClipboardTool({ env: {}, searchPath })).toBeUndefined();
    expect(systemClipboardPort({ env: {}, searchPath })).toBeUndefined();
  });

  it('writes through xclip on stdin with fixed argv, reads it back, and empties it', async () => {
    await fakeTool('xclip');
    const port = systemClipboardPort({ env: { DISPLAY: ':7', HOME: '/home/custodian', SECRET_LIKE: 'x' }, searchPath: [bin] })!;
    const started = Date.now();
    await port.writeText(SECRET);
    expect(Date.now() - started).toBeLessThan(1_500); // did not wait for the background process
    expect(await port.readText()).toBe(SECRET);
    await port.writeText('');
    expect(await port.readText()).toBe('');
    const argv = await readFile(join(bin, 'argv.log'), 'utf8');
    expect(argv.split('\n').filter(Boolean)).toEqual([
      'xclip -selection clipboard -in',
      'xclip -selection clipboard -out',
      'xclip -selection clipboard -in',
      'xclip -selection clipboard -out',
    ]);
    const env = await readFile(join(bin, 'env.log'), 'utf8');
    expect(argv + env).not.toContain(SECRET);
    expect(env).toContain('DISPLAY=:7');
    expect(env).not.toContain('SECRET_LIKE');
  });

  it('clears with wl-copy --clear and reads with wl-paste --no-newline under Wayland', async () => {
    await fakeTool('wl-copy');
    await fakeTool('wl-paste');
    const port = systemClipboardPort({ env: { WAYLAND_DISPLAY: 'wayland-0', XDG_RUNTIME_DIR: '/run/user/1000' }, searchPath: [bin] })!;
    await port.writeText(SECRET);
    expect(await port.readText()).toBe(SECRET);
    await port.writeText('');
    expect(await port.readText()).toBe('');
    const argv = (await readFile(join(bin, 'argv.log'), 'utf8')).split('\n').filter(Boolean);
    expect(argv).toEqual(['wl-copy ', 'wl-paste --no-newline', 'wl-copy --clear', 'wl-paste --no-newline']);
  });

  it('rejects with the tool’s own first line of error when it fails', async () => {
    await fakeTool('xclip', { fail: "Error: Can't open display: :9" });
    const port = systemClipboardPort({ env: { DISPLAY: ':9' }, searchPath: [bin] })!;
    await expect(port.writeText(SECRET)).rejects.toThrow("Error: Can't open display: :9");
  });
});
