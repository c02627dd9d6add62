// What the path chooser works out from a typed field without asking the app: the folder to open first,
// a new file's full path and whether its name fits, which files a filter shows, and how chosen paths are
// added to a one-path-a-line box. PathChooser.tsx uses these.

/** What a chooser picks: one folder, one existing file, several files (a line each), or a new file's path. */
export type ChooseMode = 'directory' | 'file' | 'files' | 'new-file';

/** The folder to open first for what the field holds: the folder itself, or the folder of a file's path. */
export function firstFolder(value: string, mode: ChooseMode): string {
  const lines = value.split('\n').map((line) => line.trim()).filter((line) => line.length > 0);
  const typed = (mode === 'files' ? lines[lines.length - 1] : lines[0]) ?? '';
  if (typed.length === 0 || mode === 'directory') return typed;
  if (typed.endsWith('/')) return typed;
  const slash = typed.lastIndexOf('/');
  return slash < 0 ? '' : slash === 0 ? '/' : typed.slice(0, slash);
}

/** The last part of a typed file path (the name a new-file chooser starts with), or '' for none. */
export function fileNameOf(value: string): string {
  const typed = value.trim();
  return typed.endsWith('/') ? '' : typed.slice(typed.lastIndexOf('/') + 1);
}

export function joinPath(folder: string, name: string): string {
  return folder.endsWith('/') ? `${folder}${name}` : `${folder}/${name}`;
}

function lower(name: string): string {
  return name.toLowerCase();
}

/** Whether a file's name ends in one of the extensions (any case); no extensions means every file fits. */
export function fitsExtensions(name: string, extensions: readonly string[] | undefined): boolean {
  return !extensions || extensions.length === 0 || extensions.some((ext) => lower(name).endsWith(lower(ext)));
}

/** What is wrong with a new file's (or folder's) name, in words for the dialog, or null when it will do. */
export function newFileNameProblem(name: string, extensions: readonly string[] | undefined, what: 'file' | 'folder' = 'file'): string | null {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed === '.' || trimmed === '..') return `Type a name for the new ${what}.`;
  if (trimmed.includes('/')) return 'Type the name only: open the folder it goes in from the list above.';
  if (trimmed.startsWith('.')) return `A name that starts with a dot would hide the ${what}: start it with a letter or digit.`;
  if (!fitsExtensions(trimmed, extensions) || (extensions && extensions.some((ext) => lower(trimmed) === lower(ext)))) {
    return `The name must end in ${extensionsText(extensions ?? [])} (for example report${extensions?.[0] ?? ''}).`;
  }
  return null;
}

/** ".png, .jpg or .pdf" */
export function extensionsText(extensions: readonly string[]): string {
  if (extensions.length <= 1) return extensions[0] ?? '';
  return `${extensions.slice(0, -1).join(', ')} or ${extensions[extensions.length - 1] ?? ''}`;
}

/** A one-path-a-line box with these paths added as new lines (a path already there is not added twice). */
export function appendLines(text: string, paths: readonly string[]): string {
  const lines = text.split('\n').filter((line) => line.trim().length > 0);
  const have = new Set(lines.map((line) => line.trim()));
  for (const path of paths) {
    if (!have.has(path)) {
      lines.push(path);
      have.add(path);
    }
  }
  return lines.join('\n');
}
