// The in-app file and folder chooser: the workstation's own folders, listed by the app (listDirectory), in
// a modal dialog that works the same in the Electron shell and the system-Chromium host. Folders open on
// a click; files are picked; a new file is a folder plus a typed name. Nothing here reads a file.
// Opened by ChooseButton beside every typed path.

import { useCallback, useEffect, useRef, useState } from 'react';
import type { DirectoryEntry, DirectoryListing } from '../../../src/app/index.js';
import { call } from '../api.js';
import { ErrorNote } from './ErrorNote.js';
import { formatBytes } from './format.js';
import { extensionsText, fileNameOf, firstFolder, fitsExtensions, joinPath, newFileNameProblem, type ChooseMode } from './path-choice.js';

export interface PathChooserProps {
  /** What is being chosen, for the heading ("Choose the vault set folder"). */
  readonly title: string;
  readonly mode: ChooseMode;
  /** Which files fit (".pdf", ".kdbx", …); others are left out of the list. */
  readonly extensions?: readonly string[];
  /** What the field holds now: its folder opens first. */
  readonly value: string;
  /** Where an empty field starts (e.g. /media for drives); the home folder when it is absent or missing. */
  readonly start?: string;
  /** Where the last choice from this button was made: opened when the field is empty again. */
  readonly resume?: string;
  /** Folder mode: a name box for a new folder inside the one shown, and when it is made ("when the vault set is created"). */
  readonly newFolder?: string;
  /** The new file's name when the field has none ("inventory-report.pdf"). */
  readonly defaultName?: string;
  readonly testId: string;
  onChoose(paths: readonly string[]): void;
  onClose(): void;
}

/** The breadcrumb's parts: "/" then each folder down to the current one, with the path each opens. */
function crumbsOf(path: string): { readonly name: string; readonly path: string }[] {
  const parts = path.split('/').filter((part) => part.length > 0);
  return [{ name: '/', path: '/' }, ...parts.map((name, i) => ({ name, path: `/${parts.slice(0, i + 1).join('/')}` }))];
}

export function PathChooser({ title, mode, extensions, value, start, resume, newFolder, defaultName, testId, onChoose, onClose }: PathChooserProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [listing, setListing] = useState<DirectoryListing | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [picked, setPicked] = useState<readonly string[]>([]);
  const [name, setName] = useState(() => (mode === 'new-file' ? fileNameOf(value) || defaultName || '' : ''));
  const named = mode === 'new-file' || (mode === 'directory' && newFolder !== undefined);
  const [nameProblem, setNameProblem] = useState<string | null>(null);
  const headingId = `${testId}-heading`;

  const open = useCallback(async (path: string, fallback = false) => {
    setLoading(true);
    try {
      setListing(await call('listDirectory', { path, ...(start ? { start } : {}) }));
      setError(null);
    } catch (failure) {
      // A new folder typed in the field (Create makes it): open the folder it goes in, its name in the box.
      const above = fallback && newFolder !== undefined ? firstFolder(path, 'file') : '';
      const parent = above ? await call('listDirectory', { path: above }).catch(() => null) : null;
      if (parent) {
        setListing(parent);
        setName(fileNameOf(path));
        setError(null);
        return;
      }
      setError(failure);
      // The field's own folder is gone: say so, and show where an empty field starts instead.
      if (fallback) setListing(await call('listDirectory', start ? { start } : {}).catch(() => null));
    } finally {
      setLoading(false);
    }
  }, [start, newFolder]);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    element?.focus();
    const first = firstFolder(value, mode) || (resume ?? '');
    void open(first, first.length > 0);
    // Opened once per showing: a later change of the field does not move the dialog.
  }, []);

  const entries = listing?.entries ?? [];
  // Folder mode shows the files too (greyed, not choosable): the custodian sees what a folder holds.
  const fitting = entries.filter((entry) => entry.kind === 'directory' || mode === 'directory' || fitsExtensions(entry.name, extensions));
  const leftOut = entries.length - fitting.length;
  const folder = listing?.path ?? null;

  const pickFile = (entry: DirectoryEntry) => {
    if (!folder) return;
    const path = joinPath(folder, entry.name);
    if (mode === 'file') onChoose([path]);
    else if (mode === 'files') setPicked((now) => (now.includes(path) ? now.filter((p) => p !== path) : [...now, path]));
    else if (mode === 'new-file') {
      setName(entry.name);
      setNameProblem(null);
    }
  };

  const saveNew = () => {
    if (!folder) return;
    // Folder mode with an empty name box chooses the folder shown.
    if (mode === 'directory' && name.trim() === '') return onChoose([folder]);
    const problem = newFileNameProblem(name, mode === 'new-file' ? extensions : undefined, mode === 'directory' ? 'folder' : 'file');
    setNameProblem(problem);
    if (!problem) onChoose([joinPath(folder, name.trim())]);
  };

  return (
    <dialog
      ref={dialog}
      className="chooser"
      role="dialog"
      aria-modal="true"
      aria-labelledby={headingId}
      tabIndex={-1}
      data-testid={testId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <div className="chooser-head">
        <h2 id={headingId}>{title}</h2>
        {extensions && extensions.length > 0 && mode !== 'directory' ? <p className="field-hint">Files ending in {extensionsText(extensions)}.</p> : null}
      </div>

      <div className="chooser-where">
        <button type="button" className="button-secondary button-small" data-testid={`${testId}-up`} disabled={!listing?.parent || loading} onClick={() => listing?.parent && void open(listing.parent)}>
          ↑ Up
        </button>
        <button type="button" className="button-quiet button-small" data-testid={`${testId}-home`} disabled={loading} onClick={() => void open('~')}>
          Home
        </button>
        <nav className="chooser-crumbs" aria-label="Current folder" data-testid={`${testId}-path`} data-path={folder ?? ''}>
          {folder
            ? crumbsOf(folder).map((crumb, i, all) =>
                i === all.length - 1 ? (
                  <span key={crumb.path} className="chooser-crumb-current" aria-current="location">
                    {crumb.name}
                  </span>
                ) : (
                  <button key={crumb.path} type="button" className="chooser-crumb" onClick={() => void open(crumb.path)}>
                    {crumb.name}
                  </button>
                ),
              )
            : null}
        </nav>
      </div>

      <ErrorNote error={error} testId={`${testId}-error`} />

      <div className="chooser-list" aria-busy={loading} data-testid={`${testId}-list`}>
        {loading && !listing ? <p className="field-hint">Reading the folder…</p> : null}
        {listing && fitting.length === 0 ? <p className="field-hint">This folder is empty{leftOut > 0 ? ' of what can be chosen here' : ''}.</p> : null}
        <ul>
          {fitting.map((entry) => {
            const path = folder ? joinPath(folder, entry.name) : entry.name;
            const isPicked = picked.includes(path);
            return (
              <li key={entry.name}>
                <button
                  type="button"
                  className={`chooser-entry chooser-${entry.kind}${isPicked ? ' chooser-picked' : ''}`}
                  data-testid={`${testId}-entry`}
                  data-name={entry.name}
                  aria-pressed={mode === 'files' && entry.kind === 'file' ? isPicked : undefined}
                  disabled={loading || (mode === 'directory' && entry.kind === 'file')}
                  onClick={() => (entry.kind === 'directory' ? void open(path) : pickFile(entry))}
                >
                  <span className="chooser-kind" aria-hidden="true">
                    {entry.kind === 'directory' ? '▸' : mode === 'files' ? (isPicked ? '☑' : '☐') : '·'}
                  </span>
                  <span className="chooser-name">{entry.name}</span>
                  <span className="chooser-size">{entry.kind === 'directory' ? 'folder' : formatBytes(entry.size ?? 0)}</span>
                </button>
              </li>
            );
          })}
        </ul>
        {listing?.truncated ? (
          <p className="field-hint" data-testid={`${testId}-truncated`}>
            Only the first {entries.length.toLocaleString('en')} of {listing.total.toLocaleString('en')} entries are listed: type the path in the field instead.
          </p>
        ) : null}
        {leftOut > 0 ? (
          <p className="field-hint">
            {leftOut} other {leftOut === 1 ? 'file is' : 'files are'} not listed (not {extensionsText(extensions ?? [])}).
          </p>
        ) : null}
      </div>

      {named ? (
        <div className={`field chooser-name-field${nameProblem ? ' field-problem' : ''}`}>
          <label htmlFor={`${testId}-name`}>{mode === 'new-file' ? 'File name (in the folder above)' : `New folder in it (optional: made ${newFolder ?? ''})`}</label>
          <input
            id={`${testId}-name`}
            data-testid={`${testId}-name`}
            type="text"
            autoComplete="off"
            spellCheck={false}
            value={name}
            onChange={(e) => {
              setName(e.target.value);
              setNameProblem(null);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                saveNew();
              }
            }}
          />
          {nameProblem ? (
            <span className="field-message" data-testid={`${testId}-name-problem`}>
              {nameProblem}
            </span>
          ) : null}
        </div>
      ) : null}

      <div className="button-row chooser-actions">
        {mode === 'directory' ? (
          <button type="button" className="button-primary" data-testid={`${testId}-choose`} disabled={!folder || loading} onClick={saveNew}>
            {newFolder !== undefined && name.trim() !== '' ? 'Use the new folder' : 'Choose this folder'}
          </button>
        ) : null}
        {mode === 'files' ? (
          <button type="button" className="button-primary" data-testid={`${testId}-choose`} disabled={picked.length === 0} onClick={() => onChoose(picked)}>
            {picked.length === 0 ? 'Add the chosen files' : `Add ${picked.length} chosen ${picked.length === 1 ? 'file' : 'files'}`}
          </button>
        ) : null}
        {mode === 'new-file' ? (
          <button type="button" className="button-primary" data-testid={`${testId}-choose`} disabled={!folder || loading} onClick={saveNew}>
            Use this name here
          </button>
        ) : null}
        <button type="button" className="button-secondary" data-testid={`${testId}-cancel`} onClick={onClose}>
          Cancel
        </button>
        {mode === 'file' ? <span className="field-hint">Click a file to choose it.</span> : null}
      </div>
    </dialog>
  );
}
