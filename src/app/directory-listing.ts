// The workstation's own folders as the in-app path chooser browses them (renderer/src/components/
// PathChooser.tsx): names, kinds and sizes only — a listing never opens a file. Same in both desktop hosts
// because it goes through the app API. DESIGN §4.

import { lstat, readdir, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { DirectoryEntry, DirectoryListing } from './api.js';
import { BreakglassError } from '../errors.js';
import { probeFolder } from '../stores/files.js';

/** The most entries one listing returns; a bigger folder says it was cut short. */
export const MAX_DIRECTORY_ENTRIES = 2_000;

/** Where a listing starts when the field is empty and the caller names no start folder of its own. */
export const MEDIA_FOLDER = '/media';

function errnoOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}

/** The refusal, in words for the app, for a folder the file system would not list. */
export function listingRefusal(error: unknown, folder: string): BreakglassError {
  const code = errnoOf(error);
  if (code === 'ENOENT') return new BreakglassError('NOT_FOUND', `There is no folder ${folder}: choose another.`, { field: 'path', cause: error });
  if (code === 'ENOTDIR') return new BreakglassError('VALIDATION', `${folder} is a file, not a folder: choose the folder that holds it.`, { field: 'path', cause: error });
  if (code === 'EACCES' || code === 'EPERM') {
    return new BreakglassError('IO', `You may not look inside ${folder} (permission denied): choose another folder.`, { field: 'path', cause: error });
  }
  return new BreakglassError('IO', `Cannot list ${folder} (${code ?? 'unexpected error'}): choose another folder.`, { field: 'path', cause: error });
}

/** "~" and "~/x" as the custodian's home; anything else must be a full path. */
function absoluteFolder(typed: string, home: string): string {
  const path = typed.trim();
  if (path === '~') return home;
  if (path.startsWith('~/')) return join(home, path.slice(2));
  if (!isAbsolute(path)) throw new BreakglassError('VALIDATION', `${path} is not a full path: give one that starts with /, or choose a folder.`, { field: 'path' });
  return resolve(path);
}

/** One entry's kind (a symbolic link counts as what it points to), or null for a broken link or a special file. */
async function entryOf(folder: string, name: string): Promise<DirectoryEntry | null> {
  const full = join(folder, name);
  try {
    const info = await stat(full);
    if (info.isDirectory()) return { name, kind: 'directory' };
    if (info.isFile()) return { name, kind: 'file', size: info.size };
    return null;
  } catch (error) {
    // A broken link is left out; anything the listing may see but not stat is still shown as a file.
    if (errnoOf(error) === 'ENOENT' || errnoOf(error) === 'ELOOP') return null;
    const link = await lstat(full).catch(() => null);
    return link && !link.isSymbolicLink() && link.isFile() ? { name, kind: 'file', size: link.size } : null;
  }
}

function byKindThenName(a: DirectoryEntry, b: DirectoryEntry): number {
  if (a.kind !== b.kind) return a.kind === 'directory' ? -1 : 1;
  const [x, y] = [a.name.toLowerCase(), b.name.toLowerCase()];
  if (x !== y) return x < y ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * Lists one folder: `path` when given, else `start` when it is a folder, else the home folder. Folders
 * first, then files, each by name (case aside); hidden (dot) entries and broken links left out.
 */
export async function listFolder(input: { readonly path?: string; readonly start?: string }, home: string): Promise<DirectoryListing> {
  const typed = input.path?.trim() ?? '';
  const start = input.start?.trim() ?? '';
  let folder = home;
  if (typed.length > 0) folder = absoluteFolder(typed, home);
  else if (start.length > 0) {
    const startFolder = absoluteFolder(start, home);
    if ((await probeFolder(startFolder)).state === 'folder') folder = startFolder;
  }

  let names: string[];
  try {
    names = (await readdir(folder)).filter((name) => !name.startsWith('.'));
  } catch (error) {
    throw listingRefusal(error, folder);
  }
  const entries = (await Promise.all(names.map((name) => entryOf(folder, name)))).filter((e): e is DirectoryEntry => e !== null).sort(byKindThenName);
  const parent = dirname(folder);
  return {
    path: folder,
    parent: parent === folder ? null : parent,
    entries: entries.slice(0, MAX_DIRECTORY_ENTRIES),
    truncated: entries.length > MAX_DIRECTORY_ENTRIES,
    total: entries.length,
  };
}
