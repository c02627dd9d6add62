// The account inventory: reads the custodian's AWS exports (bounded, all-or-nothing), stores them in the
// vault set with an inventory.import audit entry, and builds the report against the vault. FORMAT.md §17.

import { bytesToHex } from '@noble/hashes/utils.js';
import { readFile, stat } from 'node:fs/promises';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { readAuditLog } from '../../audit/audit-file.js';
import { verifyAuditChain } from '../../audit/audit-log.js';
import { decodeCanonicalJson, encodeCanonicalJson } from '../../crypto/canonical-json.js';
import { sha256Digest } from '../../crypto/digest.js';
import { BreakglassError } from '../../errors.js';
import { utcDate } from '../../inventory/inputs.js';
import { checkInventoryDocument, INVENTORY_FILE_NAME, type InventoryDocument } from '../../inventory/inventory-document.js';
import { mergeInventory, type ImportedFile } from '../../inventory/merge.js';
import { MAX_INPUT_FILE_BYTES, parseInventoryInput } from '../../inventory/recognise.js';
import { buildInventoryReport, type InventoryReport } from '../../inventory/rules.js';
import { renderInventoryReport } from '../../print/inventory-report.js';
import { probePath, readFileIfPresent, storePath, writeFileAtomic, writeNewFile } from '../../stores/files.js';
import { withVaultSetLock } from '../../stores/vault-set-lock.js';
import type {
  InventoryImportInput,
  InventoryImportPreview,
  InventoryImportResult,
  InventoryPreviewFile,
  InventoryPreviewInput,
  InventoryReportInput,
  PrintInventoryReportInput,
  PrintInventoryReportResult,
  RecordInventoryImportInput,
} from '../api/inventory.js';
import type { VaultSession } from '../session.js';

const MAX_FILES = 20_000;

async function readInput(path: string): Promise<{ name: string; bytes: Uint8Array; modifiedAt: number }> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new BreakglassError('NOT_FOUND', `${path} ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? 'error'})`}: check the file name. Nothing was imported.`, { field: path });
  }
  if (!info.isFile()) throw new BreakglassError('VALIDATION', `${path} is not a file. Nothing was imported.`, { field: path });
  if (info.size > MAX_INPUT_FILE_BYTES) {
    throw new BreakglassError('TOO_LARGE', `${path} is ${info.size} bytes, more than the ${MAX_INPUT_FILE_BYTES} an inventory input may have. Nothing was imported.`, { field: path });
  }
  return { name: basename(path), bytes: new Uint8Array(await readFile(path)), modifiedAt: info.mtimeMs };
}

function checkPaths(paths: readonly string[] | undefined): readonly string[] {
  if (!Array.isArray(paths) || paths.length === 0) throw new BreakglassError('VALIDATION', 'Name at least one AWS export to import.', { field: 'files' });
  if (paths.length > MAX_FILES) throw new BreakglassError('TOO_LARGE', `At most ${MAX_FILES} files can be imported at once, not ${paths.length}.`, { field: 'files' });
  return paths;
}

/** The name a file is recorded under: its base name, or its path when another file has the same base name. */
function importName(path: string, paths: readonly string[]): string {
  const name = basename(path);
  return paths.length > 1 && paths.filter((p) => basename(p) === name).length > 1 ? path : name;
}

export class InventoryCapability {
  constructor(private readonly session: VaultSession) {}

  private path(): string {
    return join(this.session.requireDir(), INVENTORY_FILE_NAME);
  }

  async importInventory(input: InventoryImportInput): Promise<InventoryImportResult> {
    this.session.requireDir();
    const paths = checkPaths(input?.files);
    const imported: ImportedFile[] = [];
    for (const path of paths) imported.push((await this.readOne(path, paths)).file);
    return this.commit(imported, input.record === true, input.actors ?? []);
  }

  /** Each file read on its own, so every refused file is named with its reason; then the join of the others. */
  async previewInventoryImport(input: InventoryPreviewInput): Promise<InventoryImportPreview> {
    this.session.requireDir();
    const paths = checkPaths(input?.files);
    const files: InventoryPreviewFile[] = [];
    const imported: ImportedFile[] = [];
    for (const path of paths) {
      const name = importName(path, paths);
      try {
        const { file } = await this.readOne(path, paths);
        imported.push(file);
        files.push({ path, name, kind: file.parsed.kind, date: file.parsed.evidence.date, sha256: file.sha256, refused: null });
      } catch (error) {
        if (!(error instanceof BreakglassError)) throw error;
        files.push({ path, name, kind: null, date: null, sha256: null, refused: { code: error.code, message: error.message } });
      }
    }
    if (imported.length < paths.length) return { files, result: null, problem: null, warnings: [] };
    try {
      const result = await this.commit(imported, false, []);
      const warnings: string[] = [];
      if (result.accounts === 0) {
        warnings.push('None of these files lists the organization’s accounts (organizations list-accounts): the report will have no organization accounts to check. Add the account listing.');
      }
      if (result.managementAccountId === null) warnings.push('The management account is not known (no describe-organization output, and no account ARN names it).');
      return { files, result, problem: null, warnings };
    } catch (error) {
      if (!(error instanceof BreakglassError)) throw error;
      return { files, result: null, problem: { code: error.code, message: error.message, ...(error.field === undefined ? {} : { field: error.field }) }, warnings: [] };
    }
  }

  /** Records the previewed files, refusing all of them when one changed (or went) since the preview. */
  async recordInventoryImport(input: RecordInventoryImportInput): Promise<InventoryImportResult> {
    this.session.requireDir();
    const expected = input?.files ?? [];
    const paths = checkPaths(expected.map((f) => f.path));
    const imported: ImportedFile[] = [];
    for (const [i, path] of paths.entries()) {
      const { file } = await this.readOne(path, paths);
      const seen = (expected[i] as { sha256: string }).sha256;
      if (file.sha256 !== seen) {
        throw new BreakglassError(
          'CONFLICT',
          `${path} changed since the preview (SHA-256 ${seen.slice(0, 16)}… then, ${file.sha256.slice(0, 16)}… now). Nothing was recorded: preview the files again, check what changed, then record.`,
          { field: path },
        );
      }
      imported.push(file);
    }
    return this.commit(imported, true, input.actors ?? []);
  }

  private async readOne(path: string, paths: readonly string[]): Promise<{ file: ImportedFile }> {
    const read = await readInput(path);
    const parsed = parseInventoryInput({ ...read, name: importName(path, paths) });
    return { file: { name: parsed.evidence.file, sha256: bytesToHex(sha256Digest(read.bytes)), parsed } };
  }

  /** Joins the read files all-or-nothing; with `record`, stores the inventory and its audit entry. */
  private async commit(imported: readonly ImportedFile[], record: boolean, actors: readonly string[]): Promise<InventoryImportResult> {
    const dir = this.session.requireDir();
    const doc = mergeInventory(imported, this.session.now());
    const bytes = encodeCanonicalJson(doc);
    const sha256 = bytesToHex(sha256Digest(bytes));
    const file = this.path();
    if (record) {
      await withVaultSetLock(dir, async () => {
        await writeFileAtomic(file, bytes, { keepPrevious: true });
        await this.session.audit({
          event: 'inventory.import',
          actors,
          details: { sha256, files: doc.files.length, accounts: doc.accounts.length, organizationId: doc.organization?.id ?? null },
        });
      });
    }
    return {
      recorded: record,
      file,
      sha256,
      files: doc.files,
      organizationId: doc.organization?.id ?? null,
      managementAccountId: doc.organization?.managementAccountId ?? null,
      accounts: doc.accounts.length,
      credentialReports: doc.credentialReports.length,
      accountSummaries: doc.accountSummaries.length,
      deletions: doc.deletions.length,
      excludedAccounts: doc.excluded ? doc.excluded.accountIds.length : null,
    };
  }

  /** The stored inventory, refused when it is not the one the last inventory.import entry recorded. */
  async readInventory(): Promise<InventoryDocument> {
    return (await this.readCheckedInventory()).doc;
  }

  private async readCheckedInventory(): Promise<{ doc: InventoryDocument; sha256: string }> {
    const dir = this.session.requireDir();
    const file = this.path();
    const read = await readFileIfPresent(file);
    if (read.state === 'absent') throw new BreakglassError('NOT_FOUND', 'This vault set has no inventory yet: import the AWS exports first.');
    if (read.state === 'unreadable') throw new BreakglassError('IO', `Cannot read ${file} (${read.reason}).`);
    const sha256 = bytesToHex(sha256Digest(read.bytes));
    const chain = verifyAuditChain(await readAuditLog(dir));
    const entries = chain.ok ? chain.entries : chain.entriesBefore;
    const last = entries.filter((e) => e.event === 'inventory.import').at(-1);
    if (!last) throw new BreakglassError('INTEGRITY', `${file} has no inventory.import entry in the audit log: it was not imported here. Keep it as evidence and import the exports again.`);
    if (last.details.sha256 !== sha256) {
      throw new BreakglassError(
        'INTEGRITY',
        `${file} changed since it was imported (audit entry #${last.seq} recorded SHA-256 ${String(last.details.sha256)}, the file now has ${sha256}). Keep it as evidence and import the exports again.`,
      );
    }
    const checked = checkInventoryDocument(decodeCanonicalJson(read.bytes, INVENTORY_FILE_NAME));
    if (!checked.ok) throw new BreakglassError('FORMAT', `${file} is not a valid inventory (${checked.problem}). Import the exports again.`);
    return { doc: checked.doc, sha256 };
  }

  async getInventoryReport(input: InventoryReportInput = {}): Promise<InventoryReport> {
    return (await this.buildReport(input)).report;
  }

  /** The compliance report as a PDF in a new file (never over an existing one), with a print audit entry. */
  async printInventoryReport(input: PrintInventoryReportInput): Promise<PrintInventoryReportResult> {
    const { session } = this;
    if (typeof input?.outFile !== 'string' || !isAbsolute(input.outFile)) {
      throw new BreakglassError('VALIDATION', `The report file must be a full path (starting with /), not "${String(input?.outFile)}": nothing was written.`, { field: 'outFile' });
    }
    const paper = input.paper ?? 'A4';
    if (paper !== 'A4' && paper !== 'Letter') throw new BreakglassError('VALIDATION', `The paper must be A4 or Letter, not "${String(paper)}".`, { field: 'paper' });
    const file = resolve(input.outFile);
    if ((await probePath(file)).state === 'present') throw new BreakglassError('CONFLICT', `${file} already exists: choose a new file name; nothing was written.`, { field: 'outFile' });
    const { report, sha256 } = await this.buildReport(input);
    const pdf = await renderInventoryReport({ report, inventorySha256: sha256 }, { paper, printedAt: session.now() });
    await writeNewFile(file, pdf);
    await session.audit({
      event: 'print',
      actors: input.actors ?? [],
      details: { document: 'inventory-report', destination: 'file', accounts: report.summary.accounts, needsAction: report.summary.needsAction, inventorySha256: sha256 },
    });
    return { file, accounts: report.summary.accounts, needsAction: report.summary.needsAction };
  }

  private async buildReport(input: InventoryReportInput): Promise<{ report: InventoryReport; sha256: string }> {
    const days = input?.recentUseDays;
    if (days !== undefined && (!Number.isInteger(days) || days < 1 || days > 3650)) {
      throw new BreakglassError('VALIDATION', `Recent root use is counted over 1–3650 whole days, not ${String(days)}.`, { field: 'recentUseDays' });
    }
    const { doc: vault } = this.session.vault();
    const { doc: inventory, sha256 } = await this.readCheckedInventory();
    const metadata = await this.session.seedMetadata();
    const dir = this.session.requireDir();
    const today = utcDate(this.session.ports.clock.now());
    const report = buildInventoryReport({
      inventory,
      vault: {
        accounts: vault.accounts.map((a) => ({ accountId: a.accountId, name: a.name, email: a.email, accountClass: a.accountClass })),
        evidence: { file: basename(storePath(dir, 'password-vault')), date: today },
      },
      mfa: {
        accounts: (metadata?.accounts ?? []).map((a) => ({ accountId: a.accountId, devices: a.devices.map((d) => ({ name: d.name, type: d.type })) })),
        evidence: { file: basename(storePath(dir, 'mfa-seeds')), date: today },
      },
      now: this.session.ports.clock.now(),
      ...(days === undefined ? {} : { recentUseDays: days }),
    });
    return { report, sha256 };
  }
}
