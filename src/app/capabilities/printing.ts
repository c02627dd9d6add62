// Printing and paper: share sheets, emergency sheets, the paper backup and the specification as PDFs — to new
// files, a local printer or a preview, every print audited — and a store rebuilt from paper scans. FORMAT.md §13.

import { bytesToHex } from '@noble/hashes/utils.js';
import { dirname, isAbsolute, resolve } from 'node:path';
import { findSlot, parseContainer, type ParsedContainer } from '../../crypto/container.js';
import { STORE_KINDS, storeKindLabel, type StoreKind } from '../../shared/store-kind.js';
import { shareToQrText, shareToWords } from '../../custody/share-codec.js';
import { verifyShareText } from '../../custody/shares-slot.js';
import { readRegisterFile } from '../../drives/drive-files.js';
import { BreakglassError } from '../../errors.js';
import {
  popplerRasterizer,
  renderEmergencySheet,
  renderPaperBackup,
  renderShareSheets,
  renderSpecification,
  restorePaperBackup as restorePaperBackupScans,
  type EmergencySheetInput,
  type ShareSheetInput,
} from '../../print/index.js';
import { checkPrintTarget, checkRestoreTarget, shareSheetFiles } from '../../print/print-target.js';
import { probeFolder, probePath, readFileIfPresent, readStoreFile, realPathOrSelf, removeFiles, storePath, writeFileAtomic, writeNewFile } from '../../stores/files.js';
import { readCustody } from '../../stores/store-codec.js';
import { formatTimestamp } from '../../shared/timestamps.js';
import type { PaperRestoreInput, PaperRestoreSummary, PrintInput, PrintResult } from '../api.js';
import type { PrintJob } from '../ports.js';
import { formatSpecText } from '../installed-package.js';
import { readScanFile } from '../scan-files.js';
import type { VaultSession } from '../session.js';
import type { AuditCapability } from './audit.js';
import type { DrillCapability } from './drill.js';
import { checkShareBags, type ShareBag } from '../../drill/bag-record.js';

/** Pages shown on screen before a print: PNG images at 110 dpi, sharp when enlarged (the UI shows data: images, never a PDF). */
const PREVIEW_MAX_PAGES = 8;
const PREVIEW_DPI = 110;
async function previewImages(pdf: Uint8Array): Promise<{ previewPages: string[] } | { previewProblem: string }> {
  try {
    const pages = await popplerRasterizer().rasterize(pdf, PREVIEW_DPI);
    return { previewPages: pages.slice(0, PREVIEW_MAX_PAGES).map((png) => `data:image/png;base64,${Buffer.from(png).toString('base64')}`) };
  } catch (error) {
    return { previewProblem: error instanceof Error ? error.message : String(error) };
  }
}

export class PrintingCapability {
  constructor(
    private readonly session: VaultSession,
    /** The emergency sheet names the last drill from the audit log. */
    private readonly auditLog: AuditCapability,
    /** Share sheets printed with bag numbers record them in the envelope record (FORMAT.md §16.6). */
    private readonly drill: Pick<DrillCapability, 'sealBags'>,
  ) {}

  async discardIssuedShares(): Promise<void> {
    this.session.discardIssuedShares();
  }

  /** Share sheets: the shares given (each verified against the store), or those issued in this session. */
  private async shareSheetInputs(kind: StoreKind, parsed: ParsedContainer, texts: readonly string[] | undefined): Promise<ShareSheetInput[]> {
    const { session } = this;
    const custody = readCustody(parsed);
    const common = { generation: parsed.header.generation, fingerprint: bytesToHex(parsed.fingerprint) };
    if (texts === undefined) {
      const issued = session.issuedShares.get(kind);
      if (!issued || issued.length === 0) {
        throw new BreakglassError('NOT_FOUND', `No ${storeKindLabel(kind)} shares were issued in this session: give the shares to print (each custodian types theirs).`);
      }
      if (issued[0]?.shareSetId !== bytesToHex(findSlot(parsed.header, 'shares')?.shareSetId ?? new Uint8Array())) {
        throw new BreakglassError('CONFLICT', 'The shares issued in this session belong to an older share set of this store: they were revoked. Nothing was printed.');
      }
      return issued.map((share) => ({ ...share, ...common, contact: custody.custodians.find((c) => c.shareIndex === share.index)?.contact ?? '' }));
    }
    return texts.map((text, i) => {
      const { share } = verifyShareText(parsed.header, text, `share ${i + 1}`);
      const holder = custody.custodians.find((c) => c.shareIndex === share.index);
      const sheet: ShareSheetInput = {
        store: kind,
        setId: bytesToHex(share.setId),
        shareSetId: bytesToHex(share.shareSetId),
        index: share.index,
        count: share.count,
        threshold: share.threshold,
        custodian: holder?.name ?? `custodian #${share.index}`,
        role: holder?.role ?? '',
        contact: holder?.contact ?? '',
        issuedAt: holder?.issuedAt ?? session.now(),
        words: shareToWords(share),
        qrText: shareToQrText(share),
        ...common,
      };
      share.value.fill(0);
      return sheet;
    });
  }

  private async emergencyInput(kind: StoreKind, parsed: ParsedContainer, input: PrintInput): Promise<EmergencySheetInput> {
    const { session } = this;
    const dir = session.requireDir();
    const custody = readCustody(parsed);
    const shares = findSlot(parsed.header, 'shares');
    const vault = session.unlocked.get('password-vault');
    const names = new Map(vault?.docs.kind === 'password-vault' ? vault.docs.vault.accounts.map((a) => [a.accountId, a] as const) : []);
    const metadata = await session.seedMetadata();
    let accounts: EmergencySheetInput['accounts'];
    if (kind === 'password-vault') {
      if (!vault || vault.docs.kind !== 'password-vault') {
        throw new BreakglassError('AUTH', 'The emergency sheet of the password vault lists its accounts: unlock the password vault first.');
      }
      accounts = vault.docs.vault.accounts.map((a) => ({
        accountId: a.accountId,
        name: a.name,
        accountClass: a.accountClass,
        mfaDevices: (metadata?.accounts.find((m) => m.accountId === a.accountId)?.devices ?? []).map((d) => `${d.name} (${d.type})`),
      }));
    } else {
      accounts = (metadata?.accounts ?? []).map((a) => ({
        accountId: a.accountId,
        ...(names.get(a.accountId) ? { name: names.get(a.accountId)!.name } : {}),
        mfaDevices: a.devices.map((d) => `${d.name} (${d.type})`),
      }));
    }
    const register = await readRegisterFile(dir);
    const setId = bytesToHex(parsed.header.setId);
    const copies = register.drives
      .filter((d) => d.holds?.setId === setId && d.holds.storeKind === kind)
      .map((d) => ({ label: d.name, location: d.location, generation: d.holds?.generation ?? null, serial: d.serial, verifiedAt: d.lastVerifiedAt, damaged: d.damaged ?? null }));
    // The last drill that ran to its end (an aborted one proves nothing), its result in words (FORMAT.md §16.4).
    const drills = (await this.auditLog.listAuditLog()).entries.filter((e) => e.event === 'drill' && (e.details.result === 'passed' || e.details.result === 'exceptions'));
    const last = drills.at(-1);
    const count = typeof last?.details.exceptions === 'number' ? last.details.exceptions : 0;
    const lastDrill = last && { at: last.at, details: { result: last.details.result === 'passed' ? 'passed' : `${count} exception${count === 1 ? '' : 's'}` } };
    return {
      store: kind,
      vaultSetDir: dir,
      setId,
      generation: parsed.header.generation,
      sealedAt: formatTimestamp(parsed.header.sealedAt * 1000),
      fingerprint: bytesToHex(parsed.fingerprint),
      fileSize: parsed.fileLength,
      opensWith: {
        passphrase: findSlot(parsed.header, 'passphrase') !== undefined,
        ...(shares ? { shares: { threshold: shares.threshold, count: shares.commitments.length, shareSetId: bytesToHex(shares.shareSetId) } } : {}),
      },
      custodians: custody.custodians.map((c) => ({ name: c.name, role: c.role, contact: c.contact, shareIndex: c.shareIndex })),
      accounts,
      copies,
      ...(input.locations ? { locations: input.locations } : {}),
      ...(input.paperBackupLocation ? { paperBackupLocation: input.paperBackupLocation } : {}),
      lastDrill: lastDrill ? { at: lastDrill.at, ...(typeof lastDrill.details.result === 'string' ? { result: lastDrill.details.result } : {}) } : null,
    };
  }

  async printDocument(input: PrintInput): Promise<PrintResult> {
    const { session } = this;
    const kind = input?.store;
    if (!STORE_KINDS.includes(kind)) throw new TypeError('store must be "password-vault" or "mfa-seeds"');
    const documentKind = input.document;
    if (!['shares', 'emergency', 'paper-backup', 'spec'].includes(documentKind)) throw new TypeError('document must be shares, emergency, paper-backup or spec');
    const outFile = input.outFile;
    if (outFile !== undefined) {
      if (typeof outFile !== 'string' || outFile === '') throw new TypeError('outFile must be a path');
      if (!isAbsolute(outFile)) {
        throw new BreakglassError('VALIDATION', `The output file must be a full path (starting with /), not "${outFile}": nothing was written.`, { field: 'outFile' });
      }
    }
    const options = { paper: input.paper ?? 'A4', printedAt: session.now() } as const;
    const dir = session.requireDir();
    const file = await readStoreFile(storePath(dir, kind));
    const parsed = parseContainer(file, kind);
    if (input.bags !== undefined && documentKind !== 'shares') {
      throw new BreakglassError('VALIDATION', 'Bag numbers go on share sheets only: nothing was printed.', { field: 'bags' });
    }
    if (input.bags !== undefined && !Array.isArray(input.bags)) throw new TypeError('bags must be a list of { index, bag }');
    const unnumbered = documentKind === 'shares' ? await this.shareSheetInputs(kind, parsed, input.shares) : [];
    // Every bag number is checked before anything is printed: a refusal prints and records nothing.
    const bags = checkShareBags(input.bags ?? [], unnumbered.map((s) => s.index), 'Nothing was printed.');
    const sheets = unnumbered.map((sheet) => {
      const bag = bags.find((b) => b.index === sheet.index)?.bag;
      return bag === undefined ? sheet : { ...sheet, envelopeNumber: bag };
    });
    // Share sheets go to a file each (one custodian's share a file); the other documents to one file.
    const targets = outFile === undefined ? [] : documentKind === 'shares' ? shareSheetFiles(outFile, sheets) : [resolve(outFile)];
    for (const target of targets) {
      checkPrintTarget(target, dir, { folder: await probeFolder(dirname(target)), vaultSetRealPath: await realPathOrSelf(dir), target: await probePath(target) });
    }
    let pdf: Uint8Array;
    let pages: number | undefined;
    const pdfs: Uint8Array[] = [];
    if (documentKind === 'shares') {
      for (const sheet of outFile !== undefined ? sheets : []) pdfs.push(await renderShareSheets([sheet], options));
      pdf = outFile !== undefined && input.printer === undefined ? new Uint8Array() : await renderShareSheets(sheets, options);
      pages = sheets.length;
    } else if (documentKind === 'emergency') pdf = await renderEmergencySheet(await this.emergencyInput(kind, parsed, input), options);
    else if (documentKind === 'paper-backup') ({ pdf, pages } = await renderPaperBackup(file, undefined, options));
    else {
      const markdown = await formatSpecText();
      pdf = await renderSpecification(markdown, { ...options, fileName: 'FORMAT.md', versionLabel: `format version ${parsed.header.version}` });
    }
    if (documentKind !== 'shares' && targets.length > 0) pdfs.push(pdf);
    pages ??= (new TextDecoder('latin1').decode(pdf).match(/\/Type \/Page[^s]/g) ?? []).length;
    const bytes = documentKind === 'shares' && pdfs.length > 0 ? pdfs.reduce((sum, p) => sum + p.length, 0) : pdf.length;
    // The printer goes first: when it refuses, nothing has been written, so no copy of a document (a share
    // sheet above all) is left on disk to be shredded, and nothing happened that the audit log lacks.
    let sent: PrintJob | undefined;
    if (input.printer !== undefined) {
      if (!session.ports.printer) throw new BreakglassError('IO', 'No printing system is available here: save the PDF to a file instead.');
      sent = await session.ports.printer.print(pdf, input.printer, `Breakglass ${documentKind} ${storeKindLabel(kind)} gen ${parsed.header.generation}`);
    }
    // The audit entry names the queue that got the document, also when "default" was asked for.
    const printer = sent === undefined ? undefined : sent.queue === input.printer ? sent.queue : `${sent.queue} (${input.printer})`;
    const record = (files: number) =>
      session.audit({
        event: 'print',
        actors: input.actors,
        store: kind,
        generation: parsed.header.generation,
        details: {
          document: documentKind,
          pages,
          destination: [files > 0 ? 'file' : '', printer ? `printer ${printer}` : ''].filter(Boolean).join(' + ') || 'preview',
          ...(files > 0 ? { files } : {}),
          ...(documentKind === 'shares' ? { sheets: sheets.length } : {}),
        },
      });
    const written: string[] = [];
    try {
      for (const [i, target] of targets.entries()) {
        await writeNewFile(target, pdfs[i]!);
        written.push(target);
      }
    } catch (error) {
      // Never leave some custodians' sheets on disk and not the others: all files, or none.
      await removeFiles(written);
      if (sent === undefined) throw error;
      // The printer has the job: that much happened, and is recorded.
      const recorded = await record(0).then(
        () => 'that print is in the audit log',
        () => 'recording that print in the audit log failed too',
      );
      const message = error instanceof Error ? error.message : String(error);
      throw new BreakglassError(error instanceof BreakglassError ? error.code : 'IO', `${message} The printer did get the document (job ${sent.job}); ${recorded}.`, { cause: error });
    }
    await record(written.length);
    // The session's issued sheets reached paper or files: the "share sheets to print" reminder ends for this store.
    if (documentKind === 'shares' && input.shares === undefined && (written.length > 0 || sent !== undefined)) session.issuedSharesDelivered.add(kind);
    const bagsRecorded = await this.recordPrintedBags(kind, sheets, bags, input.actors, written.length > 0 || sent !== undefined);
    const saved = documentKind === 'shares' ? (written.length > 0 ? { files: written } : {}) : written.length > 0 ? { file: written[0]! } : {};
    return {
      document: documentKind,
      store: kind,
      generation: parsed.header.generation,
      pages,
      bytes,
      ...saved,
      ...(sent !== undefined ? { printer: sent.queue, job: sent.job } : {}),
      ...(bagsRecorded.length > 0 ? { bagsRecorded } : {}),
      ...(written.length === 0 && input.printer === undefined && documentKind !== 'shares' ? { previewPdfBase64: Buffer.from(pdf).toString('base64'), ...(await previewImages(pdf)) } : {}),
    };
  }

  /** After the sheets reached a file or a printer: their bag numbers go into the envelope record (one `drill.bags` entry). */
  private async recordPrintedBags(kind: StoreKind, sheets: readonly ShareSheetInput[], bags: readonly ShareBag[], actors: readonly string[] | undefined, delivered: boolean): Promise<ShareBag[]> {
    if (bags.length === 0 || !delivered) return [];
    try {
      await this.drill.sealBags({ store: kind, shareSetId: sheets[0]!.shareSetId, bags, actors: actors ?? [], reason: 'print' });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new BreakglassError(error instanceof BreakglassError ? error.code : 'IO', `The share sheets were printed, but their bag numbers were not recorded: ${message} Record the bag numbers again once that is fixed.`, { cause: error });
    }
    return [...bags].sort((a, b) => a.index - b.index);
  }

  async restorePaperBackup(input: PaperRestoreInput): Promise<PaperRestoreSummary> {
    const { session } = this;
    if (!Array.isArray(input?.images) || input.images.length === 0) throw new TypeError('images must be a non-empty list of paths');
    if (typeof input.outFile !== 'string' || input.outFile === '') throw new TypeError('outFile must be a path');
    if (input.store !== undefined && !STORE_KINDS.includes(input.store)) throw new TypeError('store must be "password-vault" or "mfa-seeds"');
    const scans = [];
    for (const image of input.images) scans.push({ name: image, bytes: await readScanFile(image) });
    // With a vault set open, the backup must be of that set (a backup of another set is refused by number).
    const expect = { ...(input.store ? { kind: input.store } : {}), ...(session.dir && session.setIdHex ? { setIdHex: session.setIdHex } : {}) };
    const result = await restorePaperBackupScans(scans, { rasterizer: popplerRasterizer(), expect });
    const out = resolve(input.outFile);
    checkRestoreTarget(out, await readFileIfPresent(out), result.meta);
    await writeFileAtomic(out, result.file, { keepPrevious: true });
    if (session.dir) {
      await session.audit({
        event: 'drive.restore',
        actors: input.actors,
        store: result.meta.kind,
        generation: result.meta.generation,
        details: { source: 'paper backup', chunks: result.chunks, fingerprint: result.meta.fingerprintHex },
      });
    }
    return {
      file: out,
      kind: result.meta.kind,
      generation: result.meta.generation,
      fingerprint: result.meta.fingerprintHex,
      chunks: result.chunks,
      duplicates: result.duplicates,
      scans: result.scans,
    };
  }
}
