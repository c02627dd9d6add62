// The first screen: open an existing vault set directory, or create a new one; and say who is present.
// docs/FORMAT.md §6 (the files of a vault set).

import { useState } from 'react';
import { call } from '../api.js';
import { Busy } from '../components/Busy.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { Section } from '../components/Section.js';
import { useAction } from '../components/useAction.js';
import { ActorsField } from '../components/ActorsField.js';
import { Field } from '../components/Field.js';
import { StoreSummary } from '../components/StoreSummary.js';
import { useMounted } from '../components/useMounted.js';
import { STORE_KINDS } from '../components/stores.js';
import { useAppState } from '../state.js';
import { ChooseButton, PathRow } from '../components/ChooseButton.js';

export function WelcomeScreen() {
  const { status, refresh, go } = useAppState();
  const [dir, setDir] = useState(status?.dir ?? '');
  const { busy, error, run } = useAction();
  const mounted = useMounted();

  const open = () =>
    void run('Opening the vault set', async () => {
      if (dir.trim().length === 0) throw new Error('Type the directory that holds password-vault.bgv and mfa-seeds.bgv, or press Choose… to find it.');
      await call('openVaultSet', { dir: dir.trim() });
      await refresh();
      if (mounted.current) go('accounts');
    });

  return (
    <div className="screen" data-testid="screen-welcome">
      <h1>Breakglass Vault</h1>
      <p className="lead">
        Offline custody of AWS root credentials. The password vault <span className="badge badge-pw">PW</span> and the MFA seed store{' '}
        <span className="badge badge-mfa">MFA</span> are kept apart and opened by different custodians.
      </p>

      {status ? (
        <Section title="Open vault set" testId="welcome-current">
          <p>
            <code className="path">{status.dir}</code>
          </p>
          {STORE_KINDS.map((kind) => (
            <StoreSummary key={kind} status={status.stores[kind]} />
          ))}
          <div className="button-row">
            <button type="button" className="button-primary" data-testid="welcome-accounts" onClick={() => go('accounts')}>
              Go to accounts
            </button>
            <button type="button" className="button-secondary" data-testid="welcome-unlock" onClick={() => go('unlock')}>
              Unlock a store
            </button>
          </div>
        </Section>
      ) : null}

      <Section title="Who is at the workstation" testId="welcome-actors-section">
        <p className="field-hint">Every action is recorded in the audit log with these names.</p>
        <ActorsField id="welcome-actors" />
      </Section>

      <Section title={status ? 'Open another vault set' : 'Open a vault set'} testId="welcome-open-section">
        <form
          className="form-inline"
          onSubmit={(event) => {
            event.preventDefault();
            open();
          }}
        >
          <Field label="Vault set directory" htmlFor="welcome-dir" hint="The folder that holds password-vault.bgv and mfa-seeds.bgv.">
            <PathRow>
              <input
                id="welcome-dir"
                data-testid="welcome-dir"
                type="text"
                autoComplete="off"
                spellCheck={false}
                placeholder="/home/custodian/breakglass"
                value={dir}
                onChange={(e) => setDir(e.target.value)}
              />
              <ChooseButton testId="welcome-dir-choose" title="Choose the vault set folder" mode="directory" value={dir} onChange={setDir} />
            </PathRow>
          </Field>
          <button type="submit" className="button-primary" data-testid="welcome-open" disabled={busy !== null}>
            Open
          </button>
        </form>
        {busy ? <Busy label={busy} /> : null}
        <ErrorNote error={error} testId="welcome-error" />
      </Section>

      <Section title="Start a new vault set" testId="welcome-create-section">
        <p>Create both stores, name their custodians and issue the shares.</p>
        <button type="button" className="button-secondary" data-testid="welcome-create" onClick={() => go('create')}>
          Create a vault set
        </button>
      </Section>
    </div>
  );
}
