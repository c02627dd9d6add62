// The audit log: every entry newest first, the hash chain's status (verified head, or the first broken
// link in red), and each drive copy the log was checked against. docs/FORMAT.md §10.5–10.6.

import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import type { AuditAnchorView, AuditEntryView, AuditVerification } from '../../../src/app/api.js';
import { call } from '../api.js';
import { Busy } from '../components/Busy.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { Section } from '../components/Section.js';
import { useAction } from '../components/useAction.js';
import { formatTimestamp } from '../components/format.js';
import { StoreBadge } from '../components/StoreBadge.js';
import { auditSentence } from './audit/audit-words.js';

/** The entry's line without what the other columns already say ("#7 <time> <event> <store> gen 2 by A, B — "). */
function detailsOf(entry: AuditEntryView): string {
  if (!entry.text.startsWith(`#${entry.seq} `)) return entry.text;
  const dash = entry.text.indexOf(' — ');
  return dash === -1 ? '' : entry.text.slice(dash + 3);
}

function ChainStatus({ verification }: { readonly verification: AuditVerification }) {
  if (!verification.brokenAt) {
    return (
      <p className="state-line state-line-ok" data-testid="audit-chain" data-ok="true">
        ✔ Chain verified: {verification.entries} entr{verification.entries === 1 ? 'y' : 'ies'}
        {verification.head ? (
          <>
            , head <span className="mono break">{verification.head.hash}</span> (entry {verification.head.seq})
          </>
        ) : (
          ' (empty log)'
        )}
      </p>
    );
  }
  const broken = verification.brokenAt;
  return (
    <p className="state-line state-line-bad" role="alert" data-testid="audit-chain" data-ok="false">
      ✖ Chain broken at line {broken?.line ?? '?'}
      {broken?.seq !== undefined ? ` (entry ${broken.seq})` : ''}: {broken?.reason ?? 'unknown reason'}. The {verification.entries} entries before it are intact.
    </p>
  );
}

/** The drives' audit-log copies: each must still be the beginning of the log (a changed last line shows here). */
function AnchorList({ anchors }: { readonly anchors: readonly AuditAnchorView[] }) {
  if (anchors.length === 0) {
    return (
      <p className="muted small" data-testid="audit-anchors" data-ok="true">
        No drive copy of the audit log is mounted: a changed or removed last line is caught only against one (plug in a drive this vault set was exported to), or with an expected head.
      </p>
    );
  }
  const ok = anchors.every((a) => a.ok);
  return (
    <ul className="anchor-list" data-testid="audit-anchors" data-ok={ok ? 'true' : 'false'} {...(ok ? {} : { role: 'alert' })}>
      {anchors.map((anchor, i) => (
        <li key={`${anchor.mountPoint}-${i}`} className={anchor.ok ? 'state-line state-line-ok' : 'state-line state-line-bad'} data-testid={`audit-anchor-${i}`} data-ok={anchor.ok ? 'true' : 'false'}>
          {anchor.ok ? '✔' : '✖'} {anchor.driveName ? <strong>{anchor.driveName}</strong> : null} <span className="mono small">{anchor.mountPoint}</span>
          {anchor.exportedAt ? <span className="muted small"> (exported {formatTimestamp(anchor.exportedAt, 'seconds')})</span> : null}: {anchor.message}
        </li>
      ))}
    </ul>
  );
}

export function AuditScreen() {
  const [entries, setEntries] = useState<readonly AuditEntryView[]>([]);
  const [verification, setVerification] = useState<AuditVerification | null>(null);
  const [expectedHead, setExpectedHead] = useState('');
  const [filter, setFilter] = useState('');
  const load = useAction();
  const verify = useAction();
  const repair = useAction();
  const [repaired, setRepaired] = useState<string | null>(null);

  const reload = useCallback(async () => {
    const result = await load.run('Reading the audit log…', async () => {
      const list = await call('listAuditLog');
      // verifyAuditLog also checks the log against the copies on mounted drives of this vault set.
      return { ...list, verification: await call('verifyAuditLog', {}) };
    });
    if (result) {
      setEntries(result.entries);
      setVerification(result.verification);
    }
  }, [load.run]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const runVerify = async (event: FormEvent) => {
    event.preventDefault();
    const head = expectedHead.trim();
    const result = await verify.run('Checking the hash chain and the drive copies…', () => call('verifyAuditLog', head ? { expectedHead: head } : {}));
    if (result) setVerification(result);
  };

  const runRepair = async () => {
    const result = await repair.run('Repairing the cut-short last entry…', () => call('repairAuditLog', {}));
    if (result) {
      setRepaired(`Repaired: the ${result.bytes} cut-short bytes were kept in ${result.sideFile} (SHA-256 ${result.sha256}); the repair is entry ${result.seq}.`);
      await reload();
    }
  };

  const shown = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    const newestFirst = [...entries].sort((a, b) => b.seq - a.seq);
    if (!needle) return newestFirst;
    return newestFirst.filter((e) => `${auditSentence(e)} ${e.event} ${e.text} ${e.actor.join(' ')}`.toLowerCase().includes(needle));
  }, [entries, filter]);

  return (
    <div className="screen" data-testid="audit-screen">
      <h1>Audit log</h1>
      <Section title="Hash chain" testId="audit-chain-card">
        {verification && <ChainStatus verification={verification} />}
        {verification?.anchors && <AnchorList anchors={verification.anchors} />}
        {verification && <p className="muted small">{verification.file}</p>}
        <form className="form-inline-end" onSubmit={(e) => void runVerify(e)}>
          <div className="field grow">
            <label htmlFor="audit-expected-head">Expected head hash (optional, e.g. from the last drill report)</label>
            <input id="audit-expected-head" className="mono" value={expectedHead} spellCheck={false} onChange={(e) => setExpectedHead(e.target.value)} data-testid="audit-expected-head" />
          </div>
          <button type="submit" className="button-primary" disabled={verify.busy !== null} data-testid="audit-verify">
            Verify
          </button>
          <button type="button" className="button-secondary" disabled={load.busy !== null} onClick={() => void reload()} data-testid="audit-reload">
            Reload
          </button>
        </form>
        {verify.busy && <Busy label={verify.busy} />}
        <ErrorNote error={verify.error} testId="audit-verify-error" />
        {verification?.torn && (
          <div className="note note-warning" role="alert" data-testid="audit-torn">
            <p>
              The last audit entry was cut short (a crash or power cut while it was written). This is not tampering: repair it to go on. The cut bytes are
              kept in a side file beside the log, and the repair is itself recorded.
            </p>
            <button type="button" className="button-primary" disabled={repair.busy !== null} onClick={() => void runRepair()} data-testid="audit-repair">
              Repair audit log
            </button>
          </div>
        )}
        {repair.busy && <Busy label={repair.busy} />}
        <ErrorNote error={repair.error} testId="audit-repair-error" />
        {repaired && (
          <p className="note note-ok" role="status" data-testid="audit-repaired">
            {repaired}
          </p>
        )}
      </Section>
      <Section title={`Entries (${entries.length}, newest first)`} testId="audit-entries-card">
        <div className="field">
          <label htmlFor="audit-filter">Filter</label>
          <input id="audit-filter" value={filter} placeholder="custodian, account, drive, event…" onChange={(e) => setFilter(e.target.value)} data-testid="audit-filter" />
        </div>
        {load.busy && <Busy label={load.busy} />}
        <ErrorNote error={load.error} testId="audit-error" />
        <div className="table-wrap">
          <table className="data-table" data-testid="audit-table">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Time (UTC)</th>
                <th scope="col">What happened</th>
                <th scope="col">Store</th>
                <th scope="col">Gen</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((e) => (
                <tr key={e.seq} data-testid={`audit-row-${e.seq}`} data-event={e.event}>
                  <td className="numeric nowrap">{e.seq}</td>
                  <td className="nowrap">{formatTimestamp(e.at, 'seconds').replace(' UTC', '')}</td>
                  <td className="audit-text">
                    <span data-testid={`audit-words-${e.seq}`}>{auditSentence(e)}</span>
                    <details className="audit-raw">
                      <summary>Raw entry</summary>
                      <span className="mono small">{e.event}</span>
                      {e.actor.length > 0 ? ` · actor ${e.actor.join(', ')}` : ''} {detailsOf(e)}
                    </details>
                  </td>
                  <td>{e.store ? <StoreBadge store={e.store} /> : <span className="muted">—</span>}</td>
                  <td className="numeric nowrap">{e.generation ?? ''}</td>
                </tr>
              ))}
              {shown.length === 0 && !load.busy && (
                <tr>
                  <td colSpan={5} className="muted">
                    {entries.length === 0 ? 'The log is empty.' : 'No entry matches the filter.'}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      </Section>
    </div>
  );
}
