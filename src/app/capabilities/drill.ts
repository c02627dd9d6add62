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
import { drillStatus } from '../../drill/status.js';
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
import { checkBagNumber, checkShareBags, decodeDrillRecord, DRILL_RECORD_FILE, drillRecordDigest, EMPTY_DRILL_RECORD, encodeDrillRecord, recordBag, type BagSighting, type DrillRecord, type ShareBag } from '../../drill/bag-record.js';
import { findSlot } from '../../crypto/container.js';
import { readFileIfPresent, writeFileAtomic } from '../../stores/files.js';
import type { RecordBagsInput } from '../api.js';
import type { PaperScan } from '../../print/paper-restore.js';
import { popplerRasterizer } from '../../print/index.js';
import type { SheetReading, UnreadableScan } from '../../drill/paper-checks.js';
import { readScanFile } from '../scan-files.js';
import { remindersNow } from '../run-records.js';
import { checkSignIns } from '../../drill/sign-ins.js';

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

function sightingsOf(value: unknown): BagSighting[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new TypeError('bags must be a list');
  return value.map((b: { store?: unknown; index?: unknown; seen?: unknown; sealedInto?: unknown }) => {
    if (!STORE_KINDS.includes(b?.store as StoreKind) || !Number.isInteger(b.index)) throw new TypeError('each bag needs a store and an index');
    return { store: b.store as StoreKind, index: b.index as number, seen: checkBagNumber(b.seen, 'seen bag'), sealedInto: checkBagNumber(b.sealedInto, 'new bag') };
  });
}

export class DrillCapability {
  constructor(private readonly session: VaultSession) {}

  private async readRecord(dir: string): Promise<DrillRecord> {
    const file = await readFileIfPresent(join(dir, DRILL_RECORD_FILE));
    if (file.state === 'unreadable') throw new BreakglassError('IO', `${DRILL_RECORD_FILE} cannot be read (${file.reason}): check its permissions.`);
    return file.state === 'read' ? decodeDrillRecord(file.bytes) : EMPTY_DRILL_RECORD;
  }

  /** Saves the record and appends the `drill.bags` entry carrying its SHA-256, so the log vouches for it. */
  private async saveRecord(dir: string, record: DrillRecord, actors: readonly string[], reason: string, count: number): Promise<void> {
    await writeFileAtomic(join(dir, DRILL_RECORD_FILE), encodeDrillRecord(record), { keepPrevious: true });
    await this.session.audit({ event: 'drill.bags', actors, details: { recordSha256: drillRecordDigest(record), changed: count, reason, intervalDays: record.intervalDays } });
  }

  /**
   * Records the bag numbers of one store's current share set: `bags` checked by checkShareBags, one
   * `drill.bags` entry. Used by recordBags and by printing share sheets (reason "print").
   */
  async sealBags(input: { readonly store: StoreKind; readonly shareSetId: string; readonly bags: readonly ShareBag[]; readonly actors?: readonly string[]; readonly reason: string; readonly intervalDays?: number }): Promise<{ readonly recordSha256: string; readonly intervalDays: number }> {
    const dir = this.session.requireDir();
    let record = await this.readRecord(dir);
    for (const b of input.bags) {
      record = recordBag(record, { store: input.store, shareSetId: input.shareSetId, index: b.index, bag: b.bag, recordedAt: this.session.now() });
    }
    if (input.intervalDays !== undefined) record = { ...record, intervalDays: input.intervalDays };
    await this.saveRecord(dir, record, input.actors ?? [], input.reason, input.bags.length);
    return { recordSha256: drillRecordDigest(record), intervalDays: record.intervalDays };
  }

  /** Records the bag numbers shares were sealed in when their sheets were printed or issued (or a new drill interval). */
  async recordBags(input: RecordBagsInput): Promise<{ readonly recordSha256: string; readonly intervalDays: number }> {
    const dir = this.session.requireDir();
    if (input?.intervalDays !== undefined && (!Number.isInteger(input.intervalDays) || input.intervalDays < 1 || input.intervalDays > 366)) {
      throw new BreakglassError('VALIDATION', 'The drill interval must be 1 to 366 days. Nothing was recorded.', { field: 'intervalDays' });
    }
    const interval = input?.intervalDays !== undefined ? { intervalDays: input.intervalDays } : {};
    if (input?.store === undefined) {
      const record = { ...(await this.readRecord(dir)), ...interval };
      await this.saveRecord(dir, record, input?.actors ?? [], 'interval', 0);
      return { recordSha256: drillRecordDigest(record), intervalDays: record.intervalDays };
    }
    if (!STORE_KINDS.includes(input.store)) throw new TypeError('store must be "password-vault" or "mfa-seeds"');
    const { parsed } = await this.session.readStore(input.store);
    const slot = findSlot(parsed.header, 'shares');
    if (!slot) throw new BreakglassError('VALIDATION', 'This store has no shares: there are no share envelopes to record.', { field: 'store' });
    const indexes = Array.from({ length: slot.commitments.length }, (_, i) => i + 1);
    const bags = checkShareBags(input.bags ?? [], indexes, 'Nothing was recorded.');
    return this.sealBags({ store: input.store, shareSetId: bytesToHex(slot.shareSetId), bags, actors: input.actors ?? [], reason: 'sealed', ...interval });
  }

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
    const sightings = sightingsOf(input?.bags);
    const signIns = checkSignIns(input?.signIns);
    const paper: Partial<Record<StoreKind, (PaperScan | UnreadableScan)[]>> = {};
    const sheets: Partial<Record<StoreKind, SheetReading>> = {};
    for (const kind of STORE_KINDS) {
      const files = input?.paper?.[kind];
      if (files !== undefined) {
        if (!Array.isArray(files) || files.some((f) => typeof f !== 'string' || f === '')) throw new TypeError(`paper.${kind} must be a list of paths`);
        paper[kind] = [];
        for (const name of files) {
          try {
            paper[kind]!.push({ name, bytes: await readScanFile(name) });
          } catch (error) {
            if (!(error instanceof BreakglassError)) throw error;
            paper[kind]!.push({ name, problem: error.message });
          }
        }
      }
      const sheet = input?.sheets?.[kind];
      if (sheet !== undefined) {
        if (!Number.isInteger(sheet?.generation) || typeof sheet.fingerprint !== 'string') throw new TypeError(`sheets.${kind} must be { generation, fingerprint }`);
        sheets[kind] = { generation: sheet.generation, fingerprint: sheet.fingerprint };
      }
    }
    const bagRecord = await this.readRecord(dir);
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
        { setId: session.setIdHex as string, people: who, stores, secrets, drives, register: await readRegisterFile(dir), auditLog, bagRecord, bags: sightings, paper, sheets, signIns },
        { clock: session.ports.clock, recoverPy: session.ports.recoverPy ?? systemRecoverPy(), rasterizer: popplerRasterizer() },
      );
      if (sightings.length > 0) {
        // Each share went into a new bag: the record learns it (under the share set the drill checked).
        let next = bagRecord;
        for (const bag of findings.bags) {
          if (bag.sealedInto === null) continue;
          const { parsed } = await session.readStore(bag.store);
          const slot = findSlot(parsed.header, 'shares');
          if (slot) next = recordBag(next, { store: bag.store, shareSetId: bytesToHex(slot.shareSetId), index: bag.index, bag: bag.sealedInto, recordedAt: session.now() });
        }
        await this.saveRecord(dir, next, [who.lead, who.witness].filter((n) => n !== ''), 'drill', findings.bags.filter((b) => b.sealedInto !== null).length);
      }
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
        bags: findings.bags,
        manualChecks: findings.manualChecks,
        reminders: (await remindersNow(session)).map((r) => ({ due: r.due, text: r.text })),
        ...(findings.signIns.length > 0 ? { signIns: findings.signIns } : {}),
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
    const record = await this.readRecord(dir).catch(() => EMPTY_DRILL_RECORD);
    return drillStatus(entries, this.session.ports.clock.now(), record.intervalDays);
  }
}
