// The Linux desktop clipboard through wl-copy/wl-paste (Wayland), xclip or xsel (X11): fixed argv, the
// text on stdin or stdout only (never argv or env, DESIGN §3.4). Used by systemPorts() when a tool exists.

import { execFile, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import type { ClipboardPort } from './ports.js';

/** Where the tools are looked for (the same fixed PATH the printer port uses; nothing user-writable). */
export const CLIPBOARD_SEARCH_PATH: readonly string[] = ['/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/** Environment variables a clipboard tool needs to reach the display; none of them holds a secret. */
const DISPLAY_ENV = ['DISPLAY', 'XAUTHORITY', 'HOME', 'WAYLAND_DISPLAY', 'XDG_RUNTIME_DIR'] as const;

const TIMEOUT_MS = 5_000;

interface ClipboardTool {
  readonly name: 'wl-copy' | 'xclip' | 'xsel';
  readonly write: { readonly file: string; readonly args: readonly string[] };
  /** How to empty the clipboard (a tool-specific flag where writing '' is not a clear). */
  readonly clear: { readonly file: string; readonly args: readonly string[] };
  readonly read: { readonly file: string; readonly args: readonly string[] };
}

export interface SystemClipboardOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly searchPath?: readonly string[];
}

function findExecutable(name: string, searchPath: readonly string[]): string | undefined {
  for (const dir of searchPath) {
    const file = join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Which tool this desktop session can use: Wayland's wl-clipboard first, then xclip, then xsel. */
export function chooseClipboardTool(options: SystemClipboardOptions = {}): ClipboardTool | undefined {
  const env = options.env ?? process.env;
  const searchPath = options.searchPath ?? CLIPBOARD_SEARCH_PATH;
  if (env.WAYLAND_DISPLAY) {
    const copy = findExecutable('wl-copy', searchPath);
    const paste = findExecutable('wl-paste', searchPath);
    if (copy && paste) {
      return { name: 'wl-copy', write: { file: copy, args: [] }, clear: { file: copy, args: ['--clear'] }, read: { file: paste, args: ['--no-newline'] } };
    }
  }
  if (!env.DISPLAY) return undefined; // X11 tools need a display (Xwayland sets one too)
  const xclip = findExecutable('xclip', searchPath);
  if (xclip) {
    const args = ['-selection', 'clipboard'];
    return { name: 'xclip', write: { file: xclip, args: [...args, '-in'] }, clear: { file: xclip, args: [...args, '-in'] }, read: { file: xclip, args: [...args, '-out'] } };
  }
  const xsel = findExecutable('xsel', searchPath);
  if (xsel) {
    return { name: 'xsel', write: { file: xsel, args: ['--clipboard', '--input'] }, clear: { file: xsel, args: ['--clipboard', '--clear'] }, read: { file: xsel, args: ['--clipboard', '--output'] } };
  }
  return undefined;
}

function toolEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { PATH: CLIPBOARD_SEARCH_PATH.join(':'), LC_ALL: 'C.UTF-8' };
  for (const name of DISPLAY_ENV) if (env[name]) out[name] = env[name];
  return out;
}

/**
 * Runs a writing tool with `text` on stdin. These tools fork a daemon that serves the selection and keeps
 * any inherited stdout open, so stdout is not a pipe and the write is done when the first process exits
 * (not when the pipes close). That is why this uses spawn (no shell, fixed argv) rather than execFile.
 */
function writeWith(command: { file: string; args: readonly string[] }, text: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command.file, [...command.args], { env, stdio: ['pipe', 'ignore', 'pipe'], shell: false });
    let stderr = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      if (stderr.length < 2_000) stderr += chunk;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command.file} did not finish within ${TIMEOUT_MS / 1000} s`));
    }, TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) {
        child.stderr?.destroy(); // the daemon may hold it; do not keep this process alive for it
        resolve();
        return;
      }
      // A failed tool forked nothing: its stderr closes promptly and says why.
      const done = () => reject(new Error(stderr.trim().split('\n')[0] || `${command.file} exited with ${signal ?? `code ${code}`}`));
      if (child.stderr && !child.stderr.closed) child.stderr.once('close', done);
      else done();
    });
    child.stdin?.on('error', () => undefined); // EPIPE when the tool exits early: reported by 'exit'
    child.stdin?.end(text, 'utf8');
  });
}

function readWith(command: { file: string; args: readonly string[] }, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command.file, [...command.args], { env, timeout: TIMEOUT_MS, encoding: 'utf8', maxBuffer: 1024 * 1024 }, (error, stdout) =>
      error ? reject(error) : resolve(stdout),
    );
  });
}

/** The clipboard of this desktop session, or undefined when no tool (or no display) is available. */
export function systemClipboardPort(options: SystemClipboardOptions = {}): ClipboardPort | undefined {
  const tool = chooseClipboardTool(options);
  if (!tool) return undefined;
  const env = toolEnv(options.env ?? process.env);
  return {
    writeText: (text) => (text === '' ? writeWith(tool.clear, '', env) : writeWith(tool.write, text, env)),
    readText: () => readWith(tool.read, env),
  };
}
