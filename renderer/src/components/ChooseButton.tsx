// "Choose…" beside a typed path: opens the in-app PathChooser and hands back what was picked — the path
// for a one-path field, or the box's text with each chosen file added as a line for a one-path-a-line
// box. The typed field stays (paths pasted from a terminal); focus comes back here when the dialog closes,
// and an emptied field opens where the last choice was made.

import { useRef, useState, type ReactNode } from 'react';
import { PathChooser } from './PathChooser.js';
import { appendLines, firstFolder, type ChooseMode } from './path-choice.js';

/**
 * The folder of each button's last choice (by test id), for when its field is empty again — the next share
 * sheet's entry is a fresh one. Kept for the window's life only; nothing is stored.
 */
const LAST_FOLDERS = new Map<string, string>();

export function ChooseButton({
  testId,
  title,
  mode,
  value,
  onChange,
  extensions,
  start,
  defaultName,
  label = 'Choose…',
  disabled,
  lines = false,
  newFolder,
}: {
  /** The dialog's test id is `${testId}-dialog`. */
  readonly testId: string;
  /** The dialog's heading: what is being chosen. */
  readonly title: string;
  readonly mode: ChooseMode;
  /** What the field holds now. */
  readonly value: string;
  /** The field's new value: the chosen path, or (mode "files") the text with the chosen paths appended. */
  onChange(value: string): void;
  readonly extensions?: readonly string[];
  readonly start?: string;
  readonly defaultName?: string;
  readonly label?: ReactNode;
  readonly disabled?: boolean;
  /** The field is one path a line: a chosen folder is added as a new line (mode "files" always adds lines). */
  readonly lines?: boolean;
  /** Folder mode: offer a name box for a new folder inside the chosen one, saying when it is made. */
  readonly newFolder?: string;
}) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const resume = LAST_FOLDERS.get(testId) ?? '';
  const close = () => {
    setOpen(false);
    // After React removes the dialog: back to the button that opened it.
    queueMicrotask(() => button.current?.focus());
  };
  return (
    <>
      <button ref={button} type="button" className="button-secondary choose-button" data-testid={testId} disabled={disabled} aria-haspopup="dialog" onClick={() => setOpen(true)}>
        {label}
      </button>
      {open ? (
        <PathChooser
          title={title}
          mode={mode}
          value={value}
          testId={`${testId}-dialog`}
          {...(extensions ? { extensions } : {})}
          {...(start ? { start } : {})}
          {...(defaultName ? { defaultName } : {})}
          {...(resume ? { resume } : {})}
          {...(newFolder ? { newFolder } : {})}
          onClose={close}
          onChoose={(paths) => {
            const last = paths[paths.length - 1];
            if (last) LAST_FOLDERS.set(testId, mode === 'directory' ? last : firstFolder(last, 'file'));
            onChange(mode === 'files' || lines ? appendLines(value, paths) : (paths[0] ?? value));
            close();
          }}
        />
      ) : null}
    </>
  );
}

/** A typed path and its Choose… button on one line (the input grows; the button keeps its size). */
export function PathRow({ children }: { readonly children: ReactNode }) {
  return <div className="path-row">{children}</div>;
}

/** The file kinds the choosers filter by. */
export const SCAN_EXTENSIONS = ['.png', '.jpg', '.jpeg', '.pdf'] as const;
export const STORE_EXTENSIONS = ['.bgv'] as const;
export const PDF_EXTENSIONS = ['.pdf'] as const;
export const KDBX_EXTENSIONS = ['.kdbx'] as const;
/** A seed table: text, Markdown or CSV (an otpauth:// list is text). */
export const SEED_TABLE_EXTENSIONS = ['.txt', '.md', '.csv'] as const;
