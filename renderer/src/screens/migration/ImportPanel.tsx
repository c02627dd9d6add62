// Import: a KeePass database or a seed table is read and previewed; nothing is written until the custodians
// confirm each store's part — the vault, then the MFA seed store with its own custodians. FORMAT.md §18.

import { useState, type FormEvent } from 'react';
import type { ImportPreview, StoreKind } from '../../../../src/app/api.js';
import { call } from '../../api.js';
import { Busy } from '../../components/Busy.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { Field } from '../../components/Field.js';
import { Section } from '../../components/Section.js';
import { StoreBadge } from '../../components/StoreBadge.js';
import { useAction } from '../../components/useAction.js';
import { useAppState } from '../../state.js';
import { PreviewTable, type RowChoices } from './PreviewTable.js';
import { ChooseButton, KDBX_EXTENSIONS, PathRow, SEED_TABLE_EXTENSIONS } from '../../components/ChooseButton.js';

type Source = 'keepass' | 'seeds';

/** The preview survives a trip to the Unlock screen (the app keeps the pending import; this keeps its view). */
let remembered: { preview: ImportPreview; saved: string[] } | null = null;

export function ImportPanel() {
  const { status, refresh, go, actors } = useAppState();
  const [source, setSource] = useState<Source>(remembered?.preview.source ?? 'keepass');
  const [file, setFile] = useState(remembered?.preview.file ?? '');
  const [masterPassword, setMasterPassword] = useState('');
  const [keyFile, setKeyFile] = useState('');
  const [defaultClass, setDefaultClass] = useState<'' | 'management' | 'excluded'>('');
  const [update, setUpdate] = useState(false);
  const [preview, setPreview] = useState<ImportPreview | null>(remembered?.preview ?? null);
  const [saved, setSaved] = useState<string[]>(remembered?.saved ?? []);
  const [choices, setChoices] = useState<RowChoices>({ classes: {}, mapping: {} });
  const action = useAction();
  const unlocked = (kind: StoreKind) => Boolean(status?.stores[kind].unlockedAt);

  const remember = (next: ImportPreview | null, notes: string[]) => {
    remembered = next ? { preview: next, saved: notes } : null;
    setPreview(next);
    setSaved(notes);
  };

  const runPreview = async (event: FormEvent) => {
    event.preventDefault();
    const classes = Object.fromEntries(Object.entries(choices.classes).filter(([, v]) => v !== '')) as Record<string, 'management' | 'excluded'>;
    const mapping = Object.fromEntries(Object.entries(choices.mapping).filter(([, v]) => v !== ''));
    const result = await action.run(source === 'keepass' ? 'Opening the KeePass database (its key derivation takes a moment)…' : 'Reading the seed table…', () =>
      source === 'keepass'
        ? call('previewKeepassImport', {
            file: file.trim(),
            masterPassword,
            ...(keyFile.trim() ? { keyFile: keyFile.trim() } : {}),
            ...(defaultClass ? { defaultClass } : {}),
            classes,
            mapping,
            update,
          })
        : call('previewSeedImport', { file: file.trim(), update }),
    );
    setMasterPassword(''); // the master password leaves the screen once it was used
    if (result) remember(result, []);
  };

  const confirmPart = async (store: StoreKind) => {
    const result = await action.run(store === 'password-vault' ? 'Saving the password vault…' : 'Saving the MFA seed store…', () => call('confirmImport', { store, actors }));
    if (!result || !preview) return;
    const label = store === 'password-vault' ? 'Password vault' : 'MFA seed store';
    const note =
      result.generation === null
        ? `${label}: nothing to import.`
        : `${label} saved (generation ${result.generation}): ${result.counts.added} added, ${result.counts.updated} updated, ${result.counts.skipped} skipped.`;
    remember({ ...preview, pending: result.pending }, [...saved, note]);
    await refresh();
  };

  const cancel = async () => {
    await action.run('Cancelling…', () => call('cancelImport'));
    remember(null, []);
  };

  const pending = preview?.pending;
  const done = preview !== null && pending !== undefined && !pending.passwordVault && !pending.mfaSeeds && saved.length > 0;

  return (
    <>
      <Section title="Source" testId="migration-source-card">
        <form onSubmit={(e) => void runPreview(e)} className="migration-form">
          <fieldset className="radio-row">
            <legend>What to import</legend>
            <label className="radio">
              <input type="radio" name="migration-source" checked={source === 'keepass'} onChange={() => setSource('keepass')} data-testid="migration-source-keepass" /> KeePass database (.kdbx)
            </label>
            <label className="radio">
              <input type="radio" name="migration-source" checked={source === 'seeds'} onChange={() => setSource('seeds')} data-testid="migration-source-seeds" /> Seed table (.txt, .md, .csv, otpauth:// list)
            </label>
          </fieldset>
          <Field label="File (full path)" htmlFor="migration-file">
            <PathRow>
              <input id="migration-file" className="mono" value={file} spellCheck={false} onChange={(e) => setFile(e.target.value)} data-testid="migration-file" />
              <ChooseButton
                testId="migration-file-choose"
                title={source === 'keepass' ? 'Choose the KeePass database' : 'Choose the seed table'}
                mode="file"
                extensions={source === 'keepass' ? KDBX_EXTENSIONS : SEED_TABLE_EXTENSIONS}
                start="/media"
                value={file}
                onChange={setFile}
              />
            </PathRow>
          </Field>
          {source === 'keepass' && (
            <div className="form-grid">
              <Field label="Master password of the KeePass database" htmlFor="migration-master" hint="Cleared as soon as the database is read.">
                <input id="migration-master" type="password" autoComplete="off" value={masterPassword} onChange={(e) => setMasterPassword(e.target.value)} data-testid="migration-master" />
              </Field>
              <Field label="Key file (optional, full path)" htmlFor="migration-keyfile">
                <PathRow>
                  <input id="migration-keyfile" className="mono" value={keyFile} spellCheck={false} onChange={(e) => setKeyFile(e.target.value)} data-testid="migration-keyfile" />
                  <ChooseButton testId="migration-keyfile-choose" title="Choose the KeePass key file" mode="file" start="/media" value={keyFile || file} onChange={setKeyFile} />
                </PathRow>
              </Field>
              <Field label="Class of new accounts" htmlFor="migration-class" hint="Change it per account in the preview.">
                <select id="migration-class" value={defaultClass} onChange={(e) => setDefaultClass(e.target.value as '' | 'management' | 'excluded')} data-testid="migration-class">
                  <option value="">choose…</option>
                  <option value="management">management (the organization's management account)</option>
                  <option value="excluded">excluded (member account excluded from root deletion)</option>
                </select>
              </Field>
            </div>
          )}
          <label className="check-label">
            <input type="checkbox" checked={update} onChange={(e) => setUpdate(e.target.checked)} data-testid="migration-update" /> Update accounts and devices already in the stores (otherwise they are skipped)
          </label>
          {source === 'keepass' && !unlocked('password-vault') && (
            <p className="note note-locked">
              Unlock the password vault first: the preview checks which accounts it already holds.{' '}
              <button type="button" className="link-button" onClick={() => go('unlock')}>
                Go to Unlock
              </button>
            </p>
          )}
          <div className="button-row">
            <button type="submit" className="button-primary" disabled={action.busy !== null || file.trim() === ''} data-testid="migration-preview-button">
              {preview ? 'Preview again' : 'Preview'}
            </button>
            {preview && (
              <button type="button" className="button-secondary" disabled={action.busy !== null} onClick={() => void cancel()} data-testid="migration-cancel">
                Cancel the import
              </button>
            )}
          </div>
        </form>
        {action.busy && <Busy label={action.busy} />}
        <ErrorNote error={action.error} testId="migration-error" />
      </Section>

      {preview && (
        <Section title="Preview — nothing is written until you confirm" testId="migration-preview-card">
          <p className="small">
            <span className="mono break">{preview.file}</span> — {preview.format}
            <br />
            SHA-256 <span className="mono break">{preview.sha256}</span>
          </p>
          <p data-testid="migration-counts">
            <StoreBadge store="password-vault" /> {preview.vault.added} to add, {preview.vault.updated} to update, {preview.vault.skipped} skipped
            {preview.vault.rotate > 0 ? `, ${preview.vault.rotate} flagged rotate` : ''} · <StoreBadge store="mfa-seeds" /> {preview.mfa.added} to add, {preview.mfa.updated} to update,{' '}
            {preview.mfa.skipped} skipped
            {preview.source === 'keepass' ? ` · recycle bin: ${preview.recycled} left out · without an account id: ${preview.unmapped}` : ''}
          </p>
          {preview.warnings.map((warning) => (
            <p key={warning} className="note note-warning" data-testid="migration-warning">
              {warning}
            </p>
          ))}
          <PreviewTable preview={preview} choices={choices} onChange={setChoices} disabled={action.busy !== null} />
          {preview.source === 'keepass' && (preview.unmapped > 0 || preview.needsClass > 0) && (
            <p className="muted small">Type an account id (or "skip") for each entry without one, choose classes, then type the master password again and press Preview again.</p>
          )}
          {saved.map((note) => (
            <p key={note} className="note note-ok" data-testid="migration-saved">
              {note}
            </p>
          ))}
          <div className="button-row">
            {pending?.passwordVault && (
              <button type="button" className="button-primary" disabled={action.busy !== null || !unlocked('password-vault') || preview.needsClass > 0} onClick={() => void confirmPart('password-vault')} data-testid="migration-confirm-vault">
                Import into the password vault
              </button>
            )}
            {pending?.mfaSeeds && (
              <button
                type="button"
                className="button-primary"
                disabled={action.busy !== null || !unlocked('mfa-seeds') || (pending.passwordVault && preview.source === 'keepass')}
                onClick={() => void confirmPart('mfa-seeds')}
                data-testid="migration-confirm-mfa"
              >
                Import into the MFA seed store
              </button>
            )}
          </div>
          {pending?.mfaSeeds && !unlocked('mfa-seeds') && (
            <p className="note note-locked" data-testid="migration-needs-mfa">
              The seeds go only to the MFA seed store: its custodians unlock it now, in person (it is recorded).{' '}
              <button type="button" className="link-button" onClick={() => go('unlock')}>
                Go to Unlock
              </button>
            </p>
          )}
          {done && (
            <p className="note note-warning" data-testid="migration-destroy">
              Imported. Export both stores to their own drives now; then destroy the source file and every copy of it.
            </p>
          )}
        </Section>
      )}
    </>
  );
}
