// Custody: one share checked alone (typed or scanned from its sheet), the custodian registers, the
// segregation report and the rotation of a store's custody. FORMAT.md §12.4 and §12.5; DESIGN §3.3.

import { bytesToHex } from '@noble/hashes/utils.js';
import { resolve } from 'node:path';
import { DATA_KEY_LENGTH, findSlot, parseContainer, type ParsedContainer } from '../../crypto/container.js';
import { kdfCostWarning, resolveKdfProfile, type KdfParams } from '../../crypto/kdf.js';
import { checkNewPassphrase } from '../../crypto/passphrase-slot.js';
import { otherStoreKind, STORE_KINDS, storeKindLabel, type StoreKind } from '../../shared/store-kind.js';
import { wipe } from '../../crypto/wipe.js';
import { checkCustodyInput, plannedCustodians, setUpCustody } from '../../custody/custody-setup.js';
import { planRotation } from '../../custody/rotation-plan.js';
import { checkUncheckedSegregation, sharedCustodians, smallestCoalition, type StoreCustody } from '../../custody/segregation.js';
import { describeShare, parseShareText } from '../../custody/share-codec.js';
import { verifyShareText } from '../../custody/shares-slot.js';
import { BreakglassError } from '../../errors.js';
import { decodeQrCodesFromImage, decodeQrCodesFromPdf, popplerRasterizer, sniffImageKind } from '../../print/index.js';
import { EMPTY_CUSTODY, type CustodyRecord } from '../../stores/custody-record.js';
import { previousPath, readStoreFile, storePath } from '../../stores/files.js';
import { resealSeedSecrets } from '../../stores/seeds.js';
import { readCustody, type StoreDocuments } from '../../stores/store-codec.js';
import { resealVaultDocument, type SealContext } from '../../stores/vault.js';
import type { CustodyReport, RotateCustodyInput, RotationResult, ScannedShare, ScanShareSheetInput, SegregationReport, ShareVerification } from '../api.js';
import { readScanFile } from '../scan-files.js';
import type { VaultSession } from '../session.js';
import type { VaultSetLock } from '../../stores/vault-set-lock.js';

export class CustodyCapability {
  constructor(private readonly session: VaultSession) {}

  /** Reads a store file given by path, or the open vault set's store of `store`. */
  private async readStoreFileOrKind(input: { readonly file?: string; readonly store?: StoreKind }): Promise<{ path: string; parsed: ParsedContainer }> {
    if (typeof input?.file === 'string' && input.file.length > 0) {
      const path = resolve(input.file);
      return { path, parsed: parseContainer(await readStoreFile(path), input.store) };
    }
    if (input?.store === undefined || !STORE_KINDS.includes(input.store)) throw new TypeError('give a file or a store');
    return this.session.readStore(input.store);
  }

  async verifyShare(input: { readonly share: string; readonly file?: string; readonly store?: StoreKind; readonly actors?: readonly string[] }): Promise<ShareVerification> {
    if (typeof input?.share !== 'string') throw new TypeError('share must be a string');
    const { parsed } = await this.readStoreFileOrKind(input);
    const { share } = verifyShareText(parsed.header, input.share);
    const holder = readCustody(parsed).custodians.find((c) => c.shareIndex === share.index);
    const result: ShareVerification = {
      valid: true,
      store: share.kind,
      label: describeShare(share),
      setId: bytesToHex(share.setId),
      shareSetId: bytesToHex(share.shareSetId),
      index: share.index,
      count: share.count,
      threshold: share.threshold,
      generation: parsed.header.generation,
      ...(holder ? { custodian: holder.name, issuedAt: holder.issuedAt } : {}),
    };
    share.value.fill(0);
    if (this.session.dir) {
      // The people named for the check, else the share's recorded holder (who brought it): never nobody.
      const actors = input.actors !== undefined && input.actors.length > 0 ? input.actors : holder ? [holder.name] : [];
      await this.session.audit({ event: 'shares.verify', actors, store: result.store, generation: result.generation, details: { index: result.index } });
    }
    return result;
  }

  async scanShareSheet(input: ScanShareSheetInput): Promise<ScannedShare> {
    if (typeof input?.image !== 'string' || input.image === '') throw new TypeError('image must be a path');
    if (input.store !== undefined && !STORE_KINDS.includes(input.store)) throw new TypeError('store must be "password-vault" or "mfa-seeds"');
    const name = input.image;
    const bytes = await readScanFile(name);
    const kind = sniffImageKind(bytes);
    if (kind === undefined) throw new BreakglassError('FORMAT', `${name} is not a PNG, JPEG or PDF file: scan the share sheet as PNG or JPEG.`);
    const codes = kind === 'pdf' ? (await decodeQrCodesFromPdf(bytes, { rasterizer: popplerRasterizer(), label: name })).flat() : decodeQrCodesFromImage(bytes, name);
    const shares = [...new Set(codes.map((text) => text.trim().toUpperCase()).filter((text) => text.startsWith('BGS1:')))];
    if (shares.length === 0) {
      throw codes.length === 0
        ? new BreakglassError('NOT_FOUND', `No QR code was found in ${name}: scan the whole share sheet flat, at 150 dpi or more, with its QR code uncovered — or type the 54 words.`)
        : new BreakglassError(
            'FORMAT',
            `${name} holds ${codes.length === 1 ? 'a QR code' : `${codes.length} QR codes`} but no custodian share (BGS1)${codes.some((t) => t.toUpperCase().startsWith('BGP1:')) ? ': it is a page of a paper backup' : ''}. Scan the custodian share sheet.`,
          );
    }
    if (shares.length > 1) {
      throw new BreakglassError('VALIDATION', `${name} holds ${shares.length} different shares: scan one custodian's sheet (one page) at a time.`);
    }
    const share = shares[0] as string;
    if (typeof input.file === 'string' && input.file !== '') {
      return { share, verification: await this.verifyShare({ share, file: input.file, ...(input.store ? { store: input.store } : {}), ...(input.actors ? { actors: input.actors } : {}) }) };
    }
    let store = input.store;
    if (store === undefined) {
      const parsed = parseShareText(share, name);
      store = parsed.kind;
      parsed.value.fill(0);
    }
    return { share, verification: await this.verifyShare({ share, store, ...(input.actors ? { actors: input.actors } : {}) }) };
  }

  private custodyReport(path: string, parsed: ParsedContainer): CustodyReport {
    const { header } = parsed;
    const record = readCustody(parsed);
    const shares = findSlot(header, 'shares');
    return {
      store: header.kind,
      file: path,
      setId: bytesToHex(header.setId),
      generation: header.generation,
      passphrase: findSlot(header, 'passphrase') !== undefined,
      ...(shares ? { shares: { shareSetId: bytesToHex(shares.shareSetId), threshold: shares.threshold, count: shares.commitments.length } } : {}),
      revokedShareSets: header.revokedShareSets.map((id) => bytesToHex(id)),
      custodians: record.custodians.map((c) => ({ ...c })),
      overrides: record.overrides.map((o) => ({ ...o, custodians: [...o.custodians] })),
    };
  }

  async listCustodians(input: { readonly file?: string; readonly store?: StoreKind }): Promise<CustodyReport> {
    const { path, parsed } = await this.readStoreFileOrKind(input);
    const report = this.custodyReport(path, parsed);
    const warning = await this.kdfWarning(path, parsed);
    return warning ? { ...report, kdfWarning: warning } : report;
  }

  /**
   * The cost warning for this store's passphrase slot, judged against what the vault set was created with:
   * the lowest cost among the other store's passphrase slot and this store's previous generation (.prev).
   */
  private async kdfWarning(path: string, parsed: ParsedContainer): Promise<string | undefined> {
    const slot = findSlot(parsed.header, 'passphrase');
    if (!slot) return undefined;
    const references: KdfParams[] = [];
    const candidates = [previousPath(path), ...(this.session.dir ? [storePath(this.session.dir, otherStoreKind(parsed.header.kind))] : [])];
    for (const candidate of candidates) {
      try {
        const other = parseContainer(await readStoreFile(candidate));
        const kdf = findSlot(other.header, 'passphrase')?.kdf;
        if (kdf && bytesToHex(other.header.setId) === bytesToHex(parsed.header.setId)) references.push(kdf);
      } catch {
        // absent or unreadable: no reference from it
      }
    }
    if (references.length === 0) return undefined;
    const usual = references.reduce((a, b) => (a.memoryKiB * a.iterations <= b.memoryKiB * b.iterations ? a : b));
    return kdfCostWarning(slot.kdf, usual, `${storeKindLabel(parsed.header.kind)} file ${path}`);
  }

  async getSegregationReport(): Promise<SegregationReport> {
    const reports = {} as Record<StoreKind, CustodyReport>;
    for (const kind of STORE_KINDS) {
      const { path, parsed } = await this.session.readStore(kind);
      reports[kind] = this.custodyReport(path, parsed);
    }
    const custody = (report: CustodyReport): StoreCustody => ({
      threshold: report.shares?.threshold ?? null,
      hasPassphrase: report.passphrase,
      custodians: report.custodians,
      overrides: report.overrides,
    });
    return {
      sharedCustodians: sharedCustodians(reports['password-vault'].custodians, reports['mfa-seeds'].custodians),
      smallestCoalition: smallestCoalition(custody(reports['password-vault']), custody(reports['mfa-seeds'])),
      stores: reports,
    };
  }

  /** Holds the vault-set lock from reading the other store's custodians through the audit entries. */
  async rotateCustody(input: RotateCustodyInput): Promise<RotationResult> {
    return this.session.withLock((lock) => this.rotateHoldingLock(lock, input));
  }

  private async rotateHoldingLock(lock: VaultSetLock, input: RotateCustodyInput): Promise<RotationResult> {
    const { session } = this;
    const kind = input?.store;
    if (!STORE_KINDS.includes(kind)) throw new TypeError('store must be "password-vault" or "mfa-seeds"');
    const store = session.requireUnlocked(kind);
    checkCustodyInput(kind, input.custody);
    if (input.custody.passphrase !== undefined) checkNewPassphrase(input.custody.passphrase, kind);
    const issuedAt = session.now();
    const other = otherStoreKind(kind);
    let otherRecord: CustodyRecord = EMPTY_CUSTODY;
    let unchecked: string | undefined;
    try {
      otherRecord = readCustody((await this.session.readStore(other)).parsed);
    } catch (error) {
      if (!(error instanceof BreakglassError && error.code === 'NOT_FOUND')) throw error;
      unchecked = checkUncheckedSegregation(kind, input.uncheckedSegregation?.reason);
    }
    const { header } = store.parsed;
    const plan = planRotation({
      kind,
      header,
      current: store.docs.custody,
      planned: plannedCustodians(input.custody, issuedAt),
      otherCustodians: otherRecord.custodians,
      custody: input.custody,
      overrideReason: input.segregationOverride?.reason,
      issuedAt,
    });
    const kdf = findSlot(header, 'passphrase')?.kdf ?? resolveKdfProfile('strong', session.ports.totalMemoryBytes());
    const newKey = session.ports.rng.bytes(DATA_KEY_LENGTH);
    try {
      const setup = await setUpCustody(kind, header.setId, newKey, input.custody, kdf, session.ports.rng, issuedAt);
      const oldKey = { dataKey: store.dataKey, setId: header.setId };
      const context: SealContext = { setId: header.setId, dataKey: newKey, rng: session.ports.rng, now: issuedAt };
      const docs: StoreDocuments =
        store.docs.kind === 'password-vault'
          ? { kind: 'password-vault', vault: resealVaultDocument(store.docs.vault, oldKey, context), custody: plan.custody }
          : {
              kind: 'mfa-seeds',
              seeds: { metadata: store.docs.seeds.metadata, secrets: resealSeedSecrets(store.docs.seeds, oldKey, context) },
              custody: plan.custody,
            };
      const saved = await session.save(lock, store, docs, { slots: setup.slots, revokedShareSets: plan.revokedShareSets, dataKey: newKey });
      await session.audit({
        event: 'custody.rotate',
        actors: input.actors,
        store: kind,
        generation: saved.generation,
        details: { revokedShareSet: plan.revokedShareSet, custody: plan.description },
      });
      if (unchecked !== undefined) {
        await session.audit({
          event: 'custody.override',
          actors: input.actors,
          store: kind,
          generation: saved.generation,
          details: { reason: unchecked, custodians: plan.custody.custodians.map((c) => c.name).join(', '), unchecked: `the ${storeKindLabel(other)} was missing` },
        });
      }
      if (plan.override) {
        await session.audit({
          event: 'custody.override',
          actors: input.actors,
          store: kind,
          generation: saved.generation,
          details: { reason: plan.override.reason, custodians: plan.sharedCustodians.join(', ') },
        });
      }
      session.issuedShares.delete(kind);
      session.issuedSharesDelivered.delete(kind);
      session.rememberIssuedShares(setup.issuedShares);
      return {
        store: kind,
        generation: saved.generation,
        ...(plan.revokedShareSet !== null ? { revokedShareSet: plan.revokedShareSet } : {}),
        issuedShares: setup.issuedShares,
      };
    } catch (error) {
      wipe(newKey);
      throw error;
    }
  }
}
