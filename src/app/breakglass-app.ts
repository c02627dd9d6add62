// The application facade: implements BreakglassApi by composing one module per capability over one shared
// VaultSession (open vault set, unlocked keys, audit writer, save). It decides nothing itself. DESIGN §2.

import type {
  AccountUpdateInput,
  BreakglassApi,
  ConfirmImportInput,
  CopyPasswordInput,
  CreateVaultSetInput,
  DrillAbortInput,
  DrillRunInput,
  RecordBagsInput,
  InventoryImportInput,
  InventoryReportInput,
  PrintInventoryReportInput,
  InventoryPreviewInput,
  RecordInventoryImportInput,
  ExportInput,
  KdbxExportInput,
  KeepassImportInput,
  NewAccountInput,
  NewMfaDeviceInput,
  PaperRestoreInput,
  PrepareEnrollmentInput,
  PrintInput,
  RestoreInput,
  RotateCustodyInput,
  ScanShareSheetInput,
  SeedImportInput,
  StartTotpInput,
  StoreKind,
  UnlockStoreInput,
} from './api.js';
import { AccountsCapability } from './capabilities/accounts.js';
import { AuditCapability } from './capabilities/audit.js';
import { CustodyCapability } from './capabilities/custody.js';
import { DrivesCapability } from './capabilities/drives.js';
import { InventoryCapability } from './capabilities/inventory.js';
import { MfaDevicesCapability } from './capabilities/mfa-devices.js';
import { MigrationCapability } from './capabilities/migration.js';
import { PrintingCapability } from './capabilities/printing.js';
import { RunsCapability } from './capabilities/runs.js';
import { TotpSessionsCapability } from './capabilities/totp-sessions.js';
import { VaultSetCapability } from './capabilities/vault-set.js';
import { WorkstationCapability } from './capabilities/workstation.js';
import { DrillCapability } from './capabilities/drill.js';
import type { AppPorts } from './ports.js';
import { VaultSession } from './session.js';

export { DEFAULT_CLIPBOARD_SECONDS } from './capabilities/accounts.js';

export class BreakglassApp implements BreakglassApi {
  /** The one unlocked-session state every capability shares. */
  private readonly session: VaultSession;
  private readonly vaultSet: VaultSetCapability;
  private readonly accounts: AccountsCapability;
  private readonly mfaDevices: MfaDevicesCapability;
  private readonly totpSessions: TotpSessionsCapability;
  private readonly custody: CustodyCapability;
  private readonly auditLog: AuditCapability;
  private readonly drives: DrivesCapability;
  private readonly printing: PrintingCapability;
  private readonly workstation: WorkstationCapability;
  private readonly runs: RunsCapability;
  private readonly drill: DrillCapability;
  private readonly inventory: InventoryCapability;
  private readonly migration: MigrationCapability;

  constructor(ports: AppPorts) {
    const session = new VaultSession(ports);
    this.session = session;
    this.vaultSet = new VaultSetCapability(session);
    this.accounts = new AccountsCapability(session);
    this.mfaDevices = new MfaDevicesCapability(session);
    this.totpSessions = new TotpSessionsCapability(session);
    this.custody = new CustodyCapability(session);
    this.auditLog = new AuditCapability(session);
    this.drives = new DrivesCapability(session);
    this.drill = new DrillCapability(session);
    this.printing = new PrintingCapability(session, this.auditLog, this.drill);
    this.workstation = new WorkstationCapability(session);
    this.runs = new RunsCapability(session);
    this.inventory = new InventoryCapability(session);
    this.migration = new MigrationCapability(session);
  }

  // ---- vault set and unlock (capabilities/vault-set.ts) --------------------------------------------
  createVaultSet(input: CreateVaultSetInput) {
    return this.vaultSet.createVaultSet(input);
  }
  openVaultSet(input: { readonly dir: string }) {
    return this.vaultSet.openVaultSet(input);
  }
  getStatus() {
    return this.vaultSet.getStatus();
  }
  inspectStore(input: { readonly file: string }) {
    return this.vaultSet.inspectStore(input);
  }
  unlockStore(input: UnlockStoreInput) {
    return this.vaultSet.unlockStore(input);
  }
  lockStore(input: { readonly store: StoreKind }) {
    return this.vaultSet.lockStore(input);
  }
  lockAll() {
    return this.vaultSet.lockAll();
  }

  // ---- accounts (capabilities/accounts.ts) ---------------------------------------------------------
  listAccounts() {
    return this.accounts.listAccounts();
  }
  getAccount(input: { readonly accountId: string }) {
    return this.accounts.getAccount(input);
  }
  addAccount(input: NewAccountInput) {
    return this.accounts.addAccount(input);
  }
  updateAccount(input: AccountUpdateInput) {
    return this.accounts.updateAccount(input);
  }
  removeAccount(input: { readonly accountId: string }) {
    return this.accounts.removeAccount(input);
  }
  revealPassword(input: { readonly accountId: string; readonly run?: number }) {
    return this.accounts.revealPassword(input);
  }
  copyPassword(input: CopyPasswordInput) {
    return this.accounts.copyPassword(input);
  }
  generatePassword(input: { readonly length?: number }) {
    return this.accounts.generatePassword(input);
  }

  // ---- MFA devices and enrollment (capabilities/mfa-devices.ts) -------------------------------------
  listMfaDevices(input?: { readonly accountId?: string }) {
    return this.mfaDevices.listMfaDevices(input);
  }
  addMfaDevice(input: NewMfaDeviceInput) {
    return this.mfaDevices.addMfaDevice(input);
  }
  removeMfaDevice(input: { readonly accountId: string; readonly name: string }) {
    return this.mfaDevices.removeMfaDevice(input);
  }
  prepareEnrollment(input: PrepareEnrollmentInput) {
    return this.mfaDevices.prepareEnrollment(input);
  }
  getEnrollmentCodes() {
    return this.mfaDevices.getEnrollmentCodes();
  }
  confirmEnrollment(input?: { readonly enabledAt?: string; readonly actors?: readonly string[] }) {
    return this.mfaDevices.confirmEnrollment(input);
  }
  cancelEnrollment() {
    return this.mfaDevices.cancelEnrollment();
  }

  // ---- TOTP login sessions (capabilities/totp-sessions.ts) -----------------------------------------
  startTotpSession(input: StartTotpInput) {
    return this.totpSessions.startTotpSession(input);
  }
  getTotpCodes() {
    return this.totpSessions.getTotpCodes();
  }
  setTotpOffset(input: { readonly offset: string; readonly actors?: readonly string[] }) {
    return this.totpSessions.setTotpOffset(input);
  }
  endTotpSession() {
    return this.totpSessions.endTotpSession();
  }
  trustedTimeOffset(input: { readonly time: string }) {
    return this.totpSessions.trustedTimeOffset(input);
  }

  // ---- custody and rotation (capabilities/custody.ts) ----------------------------------------------
  verifyShare(input: { readonly share: string; readonly file?: string; readonly store?: StoreKind; readonly actors?: readonly string[] }) {
    return this.custody.verifyShare(input);
  }
  scanShareSheet(input: ScanShareSheetInput) {
    return this.custody.scanShareSheet(input);
  }
  listCustodians(input: { readonly file?: string; readonly store?: StoreKind }) {
    return this.custody.listCustodians(input);
  }
  getSegregationReport() {
    return this.custody.getSegregationReport();
  }
  rotateCustody(input: RotateCustodyInput) {
    return this.custody.rotateCustody(input);
  }

  // ---- audit log (capabilities/audit.ts) -------------------------------------------------------------
  listAuditLog() {
    return this.auditLog.listAuditLog();
  }
  repairAuditLog(input?: { readonly actors?: readonly string[] }) {
    return this.auditLog.repairAuditLog(input);
  }
  verifyAuditLog(input?: { readonly expectedHead?: string; readonly againstDrives?: readonly string[] }) {
    return this.auditLog.verifyAuditLog(input);
  }

  // ---- drives (capabilities/drives.ts) ---------------------------------------------------------------
  listDrives() {
    return this.drives.listDrives();
  }
  exportStore(input: ExportInput) {
    return this.drives.exportStore(input);
  }
  verifyDrive(input: { readonly mountPoint: string }) {
    return this.drives.verifyDrive(input);
  }
  restoreStore(input: RestoreInput) {
    return this.drives.restoreStore(input);
  }

  // ---- printing and paper (capabilities/printing.ts) -----------------------------------------------
  printDocument(input: PrintInput) {
    return this.printing.printDocument(input);
  }
  discardIssuedShares() {
    return this.printing.discardIssuedShares();
  }
  restorePaperBackup(input: PaperRestoreInput) {
    return this.printing.restorePaperBackup(input);
  }

  // ---- workstation (capabilities/workstation.ts) ---------------------------------------------------
  getWorkstationStatus() {
    return this.workstation.getWorkstationStatus();
  }

  listDirectory(input: { readonly path?: string; readonly start?: string }) {
    return this.workstation.listDirectory(input);
  }

  // ---- break-glass runs (capabilities/runs.ts) -------------------------------------------------------
  getRuns() {
    return this.runs.getRuns();
  }
  setRunRequirement(input: Parameters<RunsCapability['setRunRequirement']>[0]) {
    return this.runs.setRunRequirement(input);
  }
  startRun(input: Parameters<RunsCapability['startRun']>[0]) {
    return this.runs.startRun(input);
  }
  getRunbook(input: Parameters<RunsCapability['getRunbook']>[0]) {
    return this.runs.getRunbook(input);
  }
  printRunbook(input: Parameters<RunsCapability['printRunbook']>[0]) {
    return this.runs.printRunbook(input);
  }
  beginRotation(input: Parameters<RunsCapability['beginRotation']>[0]) {
    return this.runs.beginRotation(input);
  }
  confirmRotation(input: Parameters<RunsCapability['confirmRotation']>[0]) {
    return this.runs.confirmRotation(input);
  }
  cancelRotation() {
    return this.runs.cancelRotation();
  }
  checkSeedsExposed(input: Parameters<RunsCapability['checkSeedsExposed']>[0]) {
    return this.runs.checkSeedsExposed(input);
  }
  closeRun(input: Parameters<RunsCapability['closeRun']>[0]) {
    return this.runs.closeRun(input);
  }
  addTempRoot(input: Parameters<RunsCapability['addTempRoot']>[0]) {
    return this.runs.addTempRoot(input);
  }
  closeTempRoot(input: Parameters<RunsCapability['closeTempRoot']>[0]) {
    return this.runs.closeTempRoot(input);
  }
  // ---- drill (capabilities/drill.ts) ------------------------------------------------------------------
  runDrill(input: DrillRunInput) {
    return this.drill.runDrill(input);
  }
  abortDrill(input: DrillAbortInput) {
    return this.drill.abortDrill(input);
  }
  getDrillStatus() {
    return this.drill.getDrillStatus();
  }
  recordBags(input: RecordBagsInput) {
    return this.drill.recordBags(input);
  }
  // ---- inventory (capabilities/inventory.ts) -------------------------------------------------------
  importInventory(input: InventoryImportInput) {
    return this.inventory.importInventory(input);
  }

  getInventoryReport(input?: InventoryReportInput) {
    return this.inventory.getInventoryReport(input);
  }
  // ---- migration: KeePass and seed-table import, KDBX export (capabilities/migration.ts) -----------
  previewKeepassImport(input: KeepassImportInput) {
    return this.migration.previewKeepassImport(input);
  }
  previewSeedImport(input: SeedImportInput) {
    return this.migration.previewSeedImport(input);
  }
  confirmImport(input: ConfirmImportInput) {
    return this.migration.confirmImport(input);
  }
  cancelImport() {
    return this.migration.cancelImport();
  }
  exportKdbx(input: KdbxExportInput) {
    return this.migration.exportKdbx(input);
  }
  printInventoryReport(input: PrintInventoryReportInput) {
    return this.inventory.printInventoryReport(input);
  }
  previewInventoryImport(input: InventoryPreviewInput) {
    return this.inventory.previewInventoryImport(input);
  }
  recordInventoryImport(input: RecordInventoryImportInput) {
    return this.inventory.recordInventoryImport(input);
  }
}

export function createBreakglassApp(ports: AppPorts): BreakglassApp {
  return new BreakglassApp(ports);
}
