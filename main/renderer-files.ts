// The built renderer as both desktop hosts serve it: one Content Security Policy, one set of response
// headers, and one reader that never answers with a file outside the renderer directory.

import { readFile, realpath } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';

/** The strict CSP (DESIGN §3 invariant 7): nothing but the app's own scripts, styles and images. */
export const CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:";

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

export interface RendererFile {
  readonly status: 200 | 400 | 404;
  readonly body: Uint8Array<ArrayBuffer>;
  readonly type: string;
}

/** Headers of every answer, errors included. */
export function rendererHeaders(type: string): Record<string, string> {
  return { 'content-type': type, 'content-security-policy': CONTENT_SECURITY_POLICY, 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' };
}

function plain(status: 400 | 404, text: string): RendererFile {
  return { status, body: new TextEncoder().encode(text), type: 'text/plain; charset=utf-8' };
}

/**
 * Reads the file a URL path names from `rendererDir` ("/" is index.html). No path — however encoded, with
 * "..", "." or NUL segments, or through a symbolic link — that leaves the directory is ever read.
 */
export async function readRendererFile(rendererDir: string, rawPathname: string): Promise<RendererFile> {
  let pathname: string;
  try {
    pathname = decodeURIComponent(rawPathname);
  } catch {
    return plain(400, 'bad request');
  }
  if (pathname === '/' || pathname === '') pathname = '/index.html';
  const segments = pathname.split(/[/\\]/);
  if (pathname.includes('\0') || segments.some((segment) => segment === '..' || segment === '.')) return plain(404, 'not found');
  const root = resolve(rendererDir);
  const file = resolve(root, `.${pathname}`);
  if (!file.startsWith(root + sep)) return plain(404, 'not found');
  try {
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file)]);
    if (!realFile.startsWith(realRoot + sep)) return plain(404, 'not found');
    return { status: 200, body: new Uint8Array(await readFile(realFile)), type: MIME[extname(realFile).toLowerCase()] ?? 'application/octet-stream' };
  } catch {
    return plain(404, 'not found');
  }
}
