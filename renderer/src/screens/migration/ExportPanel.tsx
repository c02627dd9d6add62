// Export to KDBX: one unlocked store to a new KeePass file (KDBX 4, Argon2id) under a new master password
// typed twice; never onto a drive of the other store. FORMAT.md §18.5.

import { useState, type FormEvent } from 'react';
import type { KdbxExportResult, StoreKind } from '../../../../src/app/api.js';
import { call } from '../../api.js';
import { Busy } from '../../components/Busy.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { Field } from '../../components/Field.js';
import { Section } from '../../components/Section.js';
import { StoreBadge } from '../../components/StoreBadge.js';
import { useAction } from '../../components/useAction.js';
import { useAppState } from '../../state.js';
import { ChooseButton, KDBX_EXTENSIONS, PathRow } from '../../components/ChooseButton.js';

export function ExportPanel() {
  const { status, actors, go } = useAppState();
  const [store, setStore] = useState<StoreKind>('password-vault');
  const [outFile, setOutFile] = useState('');
  const [first, setFirst] = useState('');
  const [second, setSecond] = useState('');
  const [result, setResult] = useState<KdbxExportResult | null>(null);
  const action = useAction();
  const unlocked = Boolean(status?.stores[store].unlockedAt);
  const mismatch = second !== '' && first !== second;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (first !== second) return;
    setResult(null);
    const done = await action.run('Writing the KeePass file (Argon2id takes a few seconds)…', () => call('exportKdbx', { store, outFile: outFile.trim(), masterPassword: first, actors }));
    setFirst('');
    setSecond('');
    if (done) setResult(done);
  };

  return (
    <Section title="Export a store to KDBX" testId="migration-export-card">
      <p className="muted small">
        The password vault's export holds the accounts and passwords and no seed; the MFA seed store's holds each account's devices as KeePassXC TOTP entries and no
        password. The file must be new; it is readable only by you. It is never written to a drive of the other store.
      </p>
      <form onSubmit={(e) => void submit(e)} className="migration-form">
        <fieldset className="radio-row">
          <legend>Store</legend>
          {(['password-vault', 'mfa-seeds'] as const).map((kind) => (
            <label key={kind} className="radio">
              <input type="radio" name="migration-export-store" checked={store === kind} onChange={() => setStore(kind)} data-testid={`migration-export-${kind}`} /> <StoreBadge store={kind} withLabel />
            </label>
          ))}
        </fieldset>
        {!unlocked && (
          <p className="note note-locked">
            This store is locked: its custodians unlock it first.{' '}
            <button type="button" className="link-button" onClick={() => go('unlock')}>
              Go to Unlock
            </button>
          </p>
        )}
        <Field label="New file (full path, ending in .kdbx)" htmlFor="migration-export-file">
          <PathRow>
            <input id="migration-export-file" className="mono" value={outFile} spellCheck={false} onChange={(e) => setOutFile(e.target.value)} data-testid="migration-export-file" />
            <ChooseButton testId="migration-export-file-choose" title="Save the KeePass database as" mode="new-file" extensions={KDBX_EXTENSIONS} start="/media" defaultName="breakglass-export.kdbx" value={outFile} onChange={setOutFile} />
          </PathRow>
        </Field>
        <div className="form-grid">
          <Field label="New master password (at least 12 characters)" htmlFor="migration-export-pw">
            <input id="migration-export-pw" type="password" autoComplete="new-password" value={first} onChange={(e) => setFirst(e.target.value)} data-testid="migration-export-pw" />
          </Field>
          <Field label="The same again" htmlFor="migration-export-pw2" problem={mismatch ? 'The two master passwords differ.' : null}>
            <input id="migration-export-pw2" type="password" autoComplete="new-password" value={second} onChange={(e) => setSecond(e.target.value)} data-testid="migration-export-pw2" />
          </Field>
        </div>
        <div className="button-row">
          <button type="submit" className="button-primary" disabled={action.busy !== null || !unlocked || outFile.trim() === '' || first === '' || first !== second} data-testid="migration-export-submit">
            Export
          </button>
        </div>
      </form>
      {action.busy && <Busy label={action.busy} />}
      <ErrorNote error={action.error} testId="migration-export-error" />
      {result && (
        <p className="note note-ok" data-testid="migration-export-done">
          Wrote <span className="mono break">{result.file}</span>: {result.entries} entr{result.entries === 1 ? 'y' : 'ies'}, KDBX 4 ({result.kdf}). SHA-256{' '}
          <span className="mono break">{result.sha256}</span>. Keep it like the store itself.
        </p>
      )}
    </Section>
  );
}
