// The account inventory: import the AWS outputs a custodian brings, then see every organization account's
// custody class, coverage by the vault, drift and root controls, and save the auditors' PDF. FORMAT.md §17.

import { useCallback, useEffect, useState } from 'react';
import type { InventoryReport } from '../../../../src/app/api.js';
import { ApiFailure, call } from '../../api.js';
import { Busy } from '../../components/Busy.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { Section } from '../../components/Section.js';
import { useAction } from '../../components/useAction.js';
import { VaultLocked } from '../../components/VaultLocked.js';
import { useAppState } from '../../state.js';
import { AccountsTable } from './AccountsTable.js';
import { ImportPanel } from './ImportPanel.js';
import { ReportPdfPanel } from './ReportPdfPanel.js';

function SummaryLine({ report }: { readonly report: InventoryReport }) {
  const s = report.summary;
  return (
    <p data-testid="inventory-summary">
      Organization <span className="mono">{s.organizationId ?? 'unknown'}</span>, imported {s.importedAt.slice(0, 10)}: {s.accounts} accounts,{' '}
      <strong className={s.needsAction > 0 ? 'inventory-status-action' : 'inventory-status-ok'}>{s.needsAction} need action</strong>; findings {s.findings.high} high,{' '}
      {s.findings.medium} medium, {s.findings.low} advice, {s.findings.pass} passed.
      {s.evidenceOlderThan90Days > 0 ? (
        <>
          {' '}
          <span className="flag flag-warning" data-testid="inventory-summary-stale">
            {s.evidenceOlderThan90Days} finding{s.evidenceOlderThan90Days === 1 ? ' rests' : 's rest'} on evidence older than 90 days
          </span>
        </>
      ) : null}
    </p>
  );
}

export function InventoryScreen() {
  const { status } = useAppState();
  const unlocked = status?.stores['password-vault'].unlockedAt !== undefined;
  const [report, setReport] = useState<InventoryReport | null>(null);
  const [none, setNone] = useState(false);
  const load = useAction();

  const reload = useCallback(() => {
    if (!unlocked) {
      setReport(null);
      return;
    }
    void load.run('Building the report…', async () => {
      try {
        setReport(await call('getInventoryReport'));
        setNone(false);
      } catch (error) {
        setReport(null);
        if (error instanceof ApiFailure && error.code === 'NOT_FOUND') setNone(true);
        else throw error;
      }
    });
  }, [unlocked, load.run]);

  useEffect(() => reload(), [reload]);

  return (
    <div className="screen" data-testid="screen-inventory">
      <h1>Inventory</h1>
      <p className="lead">
        Which roots must be in custody, and are they? Built offline from the AWS outputs brought from the admin workstation: each account&apos;s class, whether the vault
        covers it, drift, and the root controls (CIS, Security Hub) with their evidence.
      </p>
      <Section title="Import AWS outputs" testId="inventory-import">
        <ImportPanel onRecorded={reload} />
      </Section>
      <Section title="Accounts" testId="inventory-accounts">
        {!unlocked ? (
          <VaultLocked returnTo="inventory" what="compare the inventory with the accounts in custody" />
        ) : (
          <>
            {load.busy ? <Busy label={load.busy} /> : null}
            <ErrorNote error={load.error} testId="inventory-report-error" />
            {none ? (
              <p className="muted" data-testid="inventory-none">
                No inventory is recorded in this vault set yet: import the AWS outputs above.
              </p>
            ) : null}
            {report ? (
              <>
                <SummaryLine report={report} />
                <AccountsTable accounts={report.accounts} />
              </>
            ) : null}
          </>
        )}
      </Section>
      {unlocked && report ? (
        <Section title="Compliance report for the auditors (PDF)" testId="inventory-pdf">
          <ReportPdfPanel />
        </Section>
      ) : null}
    </div>
  );
}
