// The drill: reads the vault set's files, runs the drill's steps over them with the drives presented, and
// records one `drill` audit entry with the report's SHA-256 — or, when it stops early, one "aborted" entry
// and nothing else. It never changes a store, a drive or a paper backup. FORMAT.md §16.

import { isAbsolute, join, resolve } from 'node:path';
import { readAuditLog } from '../../audit/audit-file.js';
import { verifyAuditChain } from '../../audit/audit-log.js';
import { sha256Digest } from '../../crypto/digest.js';
import type { DrillPeople, DrillReport } from '../../drill/drill-result.js';
import { reportDigest, reportText } from '../../drill/report.js';
import { runDrillSteps } from '../../drill/run-drill.js';
import type { DrillSecret } from '../../drill/store-checks.js';
import { drillStatus, DEFAULT_DRILL_INTERVAL_DAYS } from '../../drill/status.js';
import { readRegisterFile } from '../../drives/drive-files.js';
import { DRIVE_FOLDER, MANIFEST_FILE } from '../../drives/manifest.js';
import { BreakglassError } from '../../errors.js';
import { STORE_KINDS, type StoreKind } from '../../shared/store-kind.js';
import { fileSizeIfPresent, readStoreFile, storePath, writeNewFile } from '../../stores/files.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { DrillAbortInput, DrillPeopleInput, DrillRunInput, DrillRunResult, DrillStatus } from '../api.js';
import { systemRecoverPy } from '../recover-py-runner.js';
import type { VaultSession } from '../session.js';
import { renderDrillReport } from '../../drill/report-pdf.js';

function people(input: DrillPeopleInput | undefined): DrillPeople {
  const text = (v: unknown, name: string): string => {
    if (v === undefined) return '';
    if (typeof v !== 'string') throw new TypeError(`people.${name} must be a string`);
    return v.trim();
  };
  const custodians = input?.custodians ?? [];
  if (!Array.isArray(custodians) || custodians.some((c) => typeof c !== 'string')) throw new TypeError('people.custodians must be a list of names');
  return {
    lead: text(input?.lead, 'lead'),
    witness: text(input?.witness, 'witness'),
    custodians: custodians.map((c) => c.trim()).filter((c) => c !== ''),
    reason: text(input?.reason, 'reason') || 'quarterly',
  };
}

function secretOf(value: unknown, kind: StoreKind): DrillSecret | undefined {
  if (value === undefined) return undefined;
  const v = value as { shares?: unknown; passphrase?: unknown };
  if (!Array.isArray(v.shares) || v.shares.some((s) => typeof s !== 'string')) throw new TypeError(`secrets.${kind}.shares must be a list of strings`);
  if (v.passphrase !== undefined && typeof v.passphrase !== 'string') throw new TypeError(`secrets.${kind}.passphrase must be a string`);
  return { shares: v.shares as string[], ...(v.passphrase !== undefined ? { passphrase: v.passphrase as string } : {}) };
}

export class DrillCapability {
  constructor(private readonly session: VaultSession) {}

  private async head(dir: string): Promise<{ seq: number; hash: string }> {
    const chain = verifyAuditChain(await readAuditLog(dir));
    if (!chain.ok) {
      throw new BreakglassError('INTEGRITY', `The audit log does not verify (${chain.brokenAt.reason}): run "audit verify" and resolve it before a drill. Nothing was checked.`);
    }
    return chain.head;
  }

  /** Mounted drives that hold a Breakglass export (any vault set: a foreign one is named in the report). */
  private async mountedExports(): Promise<string[]> {
    const found: string[] = [];
    for (const drive of await this.session.discoveredDrives()) {
      if ((await fileSizeIfPresent(join(drive.mountPoint, DRIVE_FOLDER, MANIFEST_FILE))) !== undefined) found.push(drive.mountPoint);
    }
    return found;
  }

  async runDrill(input: DrillRunInput): Promise<DrillRunResult> {
    const { session } = this;
    const dir = session.requireDir();
    const who = people(input?.people);
    const secrets: Partial<Record<StoreKind, DrillSecret>> = {};
    for (const kind of STORE_KINDS) {
      const s = secretOf((input?.secrets as Record<string, unknown> | undefined)?.[kind], kind);
      if (s) secrets[kind] = s;
    }
    const reportFile = input?.reportFile;
    if (reportFile !== undefined) {
      if (typeof reportFile !== 'string' || !isAbsolute(reportFile)) {
        throw new BreakglassError('VALIDATION', 'The report file must be a full path (starting with /): nothing was checked.', { field: 'reportFile' });
      }
      if ((await fileSizeIfPresent(reportFile)) !== undefined) {
        throw new BreakglassError('CONFLICT', `${reportFile} exists: choose a new file for the drill report. Nothing was checked.`, { field: 'reportFile' });
      }
    }
    const drives = input?.drives === undefined ? await this.mountedExports() : input.drives.map((d) => resolve(d));
    const startedAt = session.now();
    const before = await this.head(dir);
    let report: DrillReport;
    try {
      const stores = {} as Record<StoreKind, Uint8Array>;
      for (const kind of STORE_KINDS) stores[kind] = await readStoreFile(storePath(dir, kind));
      if (!session.setIdHex) await session.readStore('password-vault').then(({ parsed }) => (session.setIdHex = bytesToHex(parsed.header.setId)));
      let auditLog: string | undefined;
      try {
        auditLog = await readAuditLog(dir);
      } catch {
        auditLog = undefined;
      }
      const findings = await runDrillSteps(
        { setId: session.setIdHex as string, people: who, stores, secrets, drives, register: await readRegisterFile(dir), auditLog },
        { clock: session.ports.clock, recoverPy: session.ports.recoverPy ?? systemRecoverPy() },
      );
      const after = await this.head(dir);
      report = {
        schema: 1,
        setId: session.setIdHex as string,
        startedAt,
        endedAt: session.now(),
        people: who,
        result: findings.exceptions.length === 0 ? 'passed' : 'exceptions',
        steps: findings.steps,
        exceptions: findings.exceptions,
        artifacts: findings.artifacts,
        bags: [],
        manualChecks: findings.manualChecks,
        auditHeadBefore: before,
        auditHeadAfter: after,
      };
    } catch (error) {
      await this.abortDrill({ people: who, reason: error instanceof Error ? error.message.slice(0, 300) : 'interrupted' }).catch(() => undefined);
      throw error;
    }
    const digest = reportDigest(report);
    let pdfSha256: string | undefined;
    if (reportFile !== undefined) {
      const pdf = await renderDrillReport(report, digest, { paper: 'A4' });
      await writeNewFile(reportFile, pdf);
      pdfSha256 = bytesToHex(sha256Digest(pdf));
    }
    await session.audit({
      event: 'drill',
      actors: [...new Set([who.lead, who.witness, ...who.custodians].filter((n) => n !== ''))],
      details: {
        result: report.result,
        exceptions: report.exceptions.length,
        reportSha256: digest,
        pdfSha256: pdfSha256 ?? null,
        reason: who.reason,
        kinds: [...new Set(report.exceptions.map((e) => e.kind))].join(',').slice(0, 1000),
      },
    });
    const seq = (await this.head(dir)).seq;
    return {
      report,
      reportSha256: digest,
      ...(reportFile !== undefined ? { reportFile, pdfSha256: pdfSha256 as string } : {}),
      auditSeq: seq,
      text: reportText(report, digest),
    };
  }

  async abortDrill(input: DrillAbortInput): Promise<void> {
    const who = people(input?.people);
    const reason = typeof input?.reason === 'string' && input.reason.trim() !== '' ? input.reason.trim().slice(0, 1000) : 'interrupted';
    await this.session.audit({
      event: 'drill',
      actors: [...new Set([who.lead, who.witness, ...who.custodians].filter((n) => n !== ''))],
      details: { result: 'aborted', why: reason },
    });
  }

  async getDrillStatus(): Promise<DrillStatus> {
    const dir = this.session.requireDir();
    const chain = verifyAuditChain(await readAuditLog(dir));
    const entries = chain.ok ? chain.entries : chain.entriesBefore;
    return drillStatus(entries, this.session.ports.clock.now(), DEFAULT_DRILL_INTERVAL_DAYS);
  }
}
