// Runtime checks of every request's payload before it reaches the app (valibot), one schema per API
// method: a Record over ApiMethod, so a new method cannot reach the renderer without one. DESIGN §4.

import * as v from 'valibot';
import { PASSWORD_STYLES, type ApiMethod, type BreakglassApi } from '../../src/app/index.js';

// Bounds keep a hostile or buggy renderer from handing the app megabytes to chew on.
const MAX_TEXT = 4_096;
const MAX_SHARE = 2_048;
const MAX_LIST = 255;

const text = (max = MAX_TEXT) => v.pipe(v.string(), v.maxLength(max, `is longer than ${max} characters`));
const nonEmpty = (max = MAX_TEXT) => v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(max, `is longer than ${max} characters`));
const path = nonEmpty(1_024);
const int = (min: number, max: number) => v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(min, `must be at least ${min}`), v.maxValue(max, `must be at most ${max}`));
const store = v.picklist(['password-vault', 'mfa-seeds'], 'must be "password-vault" or "mfa-seeds"');
const actors = v.optional(v.pipe(v.array(nonEmpty(200)), v.maxLength(MAX_LIST)));
const none = v.optional(v.undefined());

const unlockSecret = v.union(
  [
    v.strictObject({ passphrase: v.pipe(v.string(), v.minLength(1, 'must not be empty'), v.maxLength(1_024)) }),
    v.strictObject({ shares: v.pipe(v.array(text(MAX_SHARE)), v.minLength(1, 'needs at least one share'), v.maxLength(MAX_LIST)) }),
  ],
  'must be { passphrase } or { shares }',
);

const custodian = v.strictObject({ name: nonEmpty(200), role: v.optional(text(200)), contact: v.optional(text(500)) });
const custody = v.strictObject({
  passphrase: v.optional(v.pipe(v.string(), v.maxLength(1_024))),
  shares: v.optional(v.strictObject({ threshold: int(1, 255), custodians: v.pipe(v.array(custodian), v.maxLength(MAX_LIST)), allowLargeSet: v.optional(v.boolean()) })),
  passphraseHolders: v.optional(v.pipe(v.array(custodian), v.maxLength(MAX_LIST))),
});
const override = v.optional(v.strictObject({ reason: nonEmpty(1_000) }));
const accountId = v.pipe(v.string(), v.maxLength(64));
const seedsExposed = v.pipe(v.array(v.strictObject({ accountId, device: v.optional(text(128)) })), v.maxLength(MAX_LIST));
const passwordLength = v.optional(int(8, 128));
const drillSecret = v.strictObject({
  shares: v.pipe(v.array(text(MAX_SHARE)), v.maxLength(MAX_LIST)),
  passphrase: v.optional(v.pipe(v.string(), v.minLength(1, 'must not be empty'), v.maxLength(1_024))),
});
const sheetReading = v.strictObject({ generation: int(1, 0xffff_ffff), fingerprint: nonEmpty(100) });
const drillSignIn = v.strictObject({ accountId, outcome: v.picklist(['ok', 'failed'], 'must be "ok" or "failed"'), at: v.optional(text(5)) });
const drillPeople = v.strictObject({ lead: text(200), witness: text(200), custodians: actors, reason: v.optional(text(1_000)) });
const accountClass = v.picklist(['management', 'excluded'], 'must be "management" or "excluded"');
const passwordStyle = v.picklist(PASSWORD_STYLES);

export const INPUT_SCHEMAS = {
  createVaultSet: v.strictObject({
    dir: path,
    kdfProfile: v.picklist(['strong', 'test'], 'must be "strong" or "test"'),
    password: custody,
    mfa: custody,
    segregationOverride: override,
    actors,
    requireRun: v.optional(v.boolean()),
  }),
  openVaultSet: v.strictObject({ dir: path }),
  getStatus: none,
  inspectStore: v.strictObject({ file: path }),
  unlockStore: v.strictObject({ store, secret: unlockSecret, actors }),
  lockStore: v.strictObject({ store }),
  lockAll: none,

  listAccounts: none,
  getAccount: v.strictObject({ accountId }),
  addAccount: v.strictObject({
    accountId,
    name: text(),
    accountClass: text(64),
    email: text(320),
    notes: v.optional(text()),
    password: v.optional(text(256)),
    generatePasswordLength: passwordLength,
    generatePassword: v.optional(v.boolean()),
    passwordStyle: v.optional(passwordStyle),
  }),
  updateAccount: v.strictObject({
    accountId,
    name: v.optional(text()),
    accountClass: v.optional(text(64)),
    email: v.optional(text(320)),
    notes: v.optional(text()),
    password: v.optional(text(256)),
    generatePasswordLength: passwordLength,
    generatePassword: v.optional(v.boolean()),
    passwordStyle: v.optional(passwordStyle),
  }),
  removeAccount: v.strictObject({ accountId }),
  revealPassword: v.strictObject({ accountId, run: v.optional(int(1, 1_000_000)) }),
  copyPassword: v.strictObject({ accountId, clearAfterSeconds: v.optional(int(5, 120)), actors, run: v.optional(int(1, 1_000_000)) }),
  generatePassword: v.strictObject({ length: passwordLength, style: v.optional(passwordStyle) }),

  listMfaDevices: v.optional(v.strictObject({ accountId: v.optional(accountId) })),
  addMfaDevice: v.variant('type', [
    v.strictObject({
      type: v.literal('virtual'),
      accountId,
      name: nonEmpty(128),
      seed: text(1_024),
      algorithm: v.optional(text(16)),
      digits: v.optional(int(6, 8)),
      period: v.optional(int(1, 300)),
      enabledAt: v.optional(text(64)),
    }),
    v.strictObject({
      type: v.picklist(['hardware-totp', 'security-key']),
      accountId,
      name: nonEmpty(128),
      serial: text(256),
      location: text(1_000),
      enabledAt: v.optional(text(64)),
    }),
  ]),
  removeMfaDevice: v.strictObject({ accountId, name: nonEmpty(128) }),

  verifyShare: v.strictObject({ share: nonEmpty(MAX_SHARE), file: v.optional(path), store: v.optional(store), actors }),
  scanShareSheet: v.strictObject({ image: path, store: v.optional(store), file: v.optional(path), actors }),
  listCustodians: v.strictObject({ file: v.optional(path), store: v.optional(store) }),
  getSegregationReport: none,
  rotateCustody: v.strictObject({ store, custody, segregationOverride: override, uncheckedSegregation: override, actors }),

  listAuditLog: none,
  verifyAuditLog: v.optional(v.strictObject({ expectedHead: v.optional(text(128)), againstDrives: v.optional(v.pipe(v.array(path), v.maxLength(MAX_LIST))) })),
  repairAuditLog: v.optional(v.strictObject({ actors })),

  listDrives: none,
  exportStore: v.strictObject({
    store,
    mountPoint: path,
    driveName: v.optional(text(200)),
    location: v.optional(text(1_000)),
    allowFixed: v.optional(v.boolean()),
    actors,
  }),
  verifyDrive: v.strictObject({ mountPoint: path }),
  restoreStore: v.strictObject({ dir: path, store, mountPoint: path, allowOlder: v.optional(v.boolean()), actors }),

  startTotpSession: v.strictObject({
    accountId,
    device: v.optional(text(128)),
    secret: v.optional(unlockSecret),
    durationSeconds: v.optional(int(30, 900)),
    offset: v.optional(text(32)),
    actors,
    run: v.optional(int(1, 1_000_000)),
  }),
  getTotpCodes: none,
  setTotpOffset: v.strictObject({ offset: text(32), actors }),
  endTotpSession: none,

  prepareEnrollment: v.strictObject({
    accountId,
    device: nonEmpty(128),
    secret: v.optional(text(2_048)),
    generate: v.optional(v.boolean()),
    offset: v.optional(text(32)),
  }),
  getEnrollmentCodes: none,
  confirmEnrollment: v.optional(v.strictObject({ enabledAt: v.optional(text(64)), actors })),
  cancelEnrollment: none,

  printDocument: v.strictObject({
    document: v.picklist(['shares', 'emergency', 'paper-backup', 'spec'], 'must be shares, emergency, paper-backup or spec'),
    store,
    paper: v.optional(v.picklist(['A4', 'Letter'], 'must be A4 or Letter')),
    shares: v.optional(v.pipe(v.array(text(MAX_SHARE)), v.maxLength(MAX_LIST))),
    bags: v.optional(v.pipe(v.array(v.strictObject({ index: int(1, 255), bag: nonEmpty(64) })), v.maxLength(MAX_LIST))),
    locations: v.optional(text()),
    paperBackupLocation: v.optional(text(1_000)),
    outFile: v.optional(path),
    printer: v.optional(nonEmpty(200)),
    actors,
  }),
  discardIssuedShares: none,
  restorePaperBackup: v.strictObject({
    images: v.pipe(v.array(path), v.minLength(1, 'needs at least one scan'), v.maxLength(1_000)),
    outFile: path,
    store: v.optional(store),
    actors,
  }),

  previewKeepassImport: v.strictObject({
    file: path,
    masterPassword: v.pipe(v.string(), v.maxLength(1_024)),
    keyFile: v.optional(path),
    defaultClass: v.optional(accountClass),
    classes: v.optional(v.record(v.pipe(v.string(), v.regex(/^\d{12}$/, 'must be a 12-digit account id')), accountClass)),
    mapping: v.optional(v.record(v.pipe(v.string(), v.maxLength(1_024)), v.pipe(v.string(), v.maxLength(64)))),
    update: v.optional(v.boolean()),
  }),
  previewSeedImport: v.strictObject({ file: path, update: v.optional(v.boolean()) }),
  confirmImport: v.strictObject({ store, actors }),
  cancelImport: none,
  exportKdbx: v.strictObject({
    store,
    outFile: path,
    masterPassword: v.pipe(v.string(), v.minLength(1, 'must not be empty'), v.maxLength(1_024)),
    kdfProfile: v.optional(v.picklist(['strong', 'test'], 'must be "strong" or "test"')),
    actors,
  }),

  getWorkstationStatus: none,
  listDirectory: v.strictObject({ path: v.optional(text(1_024)), start: v.optional(text(1_024)) }),

  getRuns: none,
  setRunRequirement: v.strictObject({ required: v.boolean(), openRunHours: v.optional(int(1, 720)), actors }),
  startRun: v.strictObject({
    accounts: v.pipe(v.array(accountId), v.maxLength(MAX_LIST)),
    members: v.optional(v.pipe(v.array(accountId), v.maxLength(MAX_LIST))),
    task: text(64),
    reason: text(1_000),
    ticket: v.optional(text(256)),
    fullRoot: v.optional(v.boolean()),
    actors: v.pipe(v.array(nonEmpty(200)), v.maxLength(MAX_LIST)),
  }),
  getRunbook: v.strictObject({ accounts: v.optional(v.pipe(v.array(accountId), v.maxLength(MAX_LIST))), members: v.optional(v.pipe(v.array(accountId), v.maxLength(MAX_LIST))), run: v.optional(int(1, 1_000_000)), task: v.optional(text(64)) }),
  printRunbook: v.strictObject({
    accounts: v.optional(v.pipe(v.array(accountId), v.maxLength(MAX_LIST))),
    members: v.optional(v.pipe(v.array(accountId), v.maxLength(MAX_LIST))),
    run: v.optional(int(1, 1_000_000)),
    task: v.optional(text(64)),
    outFile: path,
    paper: v.optional(v.picklist(['A4', 'Letter'], 'must be A4 or Letter')),
    actors,
  }),
  beginRotation: v.strictObject({ run: int(1, 1_000_000), accountId }),
  confirmRotation: v.strictObject({ run: int(1, 1_000_000), accountId, actors }),
  cancelRotation: none,
  checkSeedsExposed: v.strictObject({ run: int(1, 1_000_000), seedsExposed }),
  closeRun: v.strictObject({ run: int(1, 1_000_000), outcome: text(1_000), rotate: v.boolean(), seedsExposed: v.optional(seedsExposed), actors }),
  addTempRoot: v.strictObject({ accountId, run: v.optional(int(1, 1_000_000)), hours: v.optional(int(1, 168)), note: v.optional(text(1_000)), actors }),
  closeTempRoot: v.strictObject({ id: int(1, 1_000_000), credentialsDeleted: v.boolean(), actors }),
  runDrill: v.strictObject({
    people: drillPeople,
    secrets: v.strictObject({ 'password-vault': v.optional(drillSecret), 'mfa-seeds': v.optional(drillSecret) }),
    drives: v.optional(v.pipe(v.array(path), v.maxLength(MAX_LIST))),
    bags: v.optional(v.pipe(v.array(v.strictObject({ store, index: int(1, 255), seen: nonEmpty(64), sealedInto: nonEmpty(64) })), v.maxLength(2 * MAX_LIST))),
    paper: v.optional(v.strictObject({ 'password-vault': v.optional(v.pipe(v.array(path), v.maxLength(1_000))), 'mfa-seeds': v.optional(v.pipe(v.array(path), v.maxLength(1_000))) })),
    sheets: v.optional(v.strictObject({ 'password-vault': v.optional(sheetReading), 'mfa-seeds': v.optional(sheetReading) })),
    signIns: v.optional(v.pipe(v.array(drillSignIn), v.maxLength(100))),
    reportFile: v.optional(path),
  }),
  abortDrill: v.strictObject({ people: v.optional(drillPeople), reason: nonEmpty(1_000) }),
  getDrillStatus: none,
  recordBags: v.strictObject({
    store: v.optional(store),
    bags: v.optional(v.pipe(v.array(v.strictObject({ index: int(1, 255), bag: nonEmpty(64) })), v.maxLength(MAX_LIST))),
    intervalDays: v.optional(int(1, 366)),
    actors,
  }),
  importInventory: v.strictObject({ files: v.pipe(v.array(path), v.minLength(1, 'needs at least one file'), v.maxLength(20_000)), record: v.optional(v.boolean()), actors }),
  getInventoryReport: v.optional(v.strictObject({ recentUseDays: v.optional(int(1, 3650)) })),
  printInventoryReport: v.strictObject({ outFile: path, paper: v.optional(v.picklist(['A4', 'Letter'], 'must be A4 or Letter')), recentUseDays: v.optional(int(1, 3650)), actors }),
  previewInventoryImport: v.strictObject({ files: v.pipe(v.array(path), v.maxLength(20_000)) }),
  recordInventoryImport: v.strictObject({
    files: v.pipe(v.array(v.strictObject({ path, sha256: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 in hex')) })), v.maxLength(20_000)),
    actors,
  }),
  trustedTimeOffset: v.strictObject({ time: text(32) }),
} as const satisfies Record<ApiMethod, v.GenericSchema>;

// Compile-time proof that what each schema lets through is what the API method accepts.
type Checked = { [K in ApiMethod]: v.InferOutput<(typeof INPUT_SCHEMAS)[K]> extends Parameters<BreakglassApi[K]>[0] ? true : K };
type Mismatched = Exclude<Checked[ApiMethod], true>;
export const INPUT_SCHEMAS_MATCH_API: [Mismatched] extends [never] ? true : { mismatched: Mismatched } = true;

// ...and that no field the API accepts is missing from its schema (a strict schema would refuse it).
type InputOf<K extends ApiMethod> = NonNullable<Parameters<BreakglassApi[K]>[0]>;
type SchemaOf<K extends ApiMethod> = NonNullable<v.InferOutput<(typeof INPUT_SCHEMAS)[K]>>;
type MissingFields = { [K in ApiMethod]: Exclude<keyof InputOf<K>, keyof SchemaOf<K>> extends never ? never : `${K}.${Exclude<keyof InputOf<K>, keyof SchemaOf<K>> & string}` }[ApiMethod];
export const INPUT_SCHEMAS_COVER_API: [MissingFields] extends [never] ? true : { missing: MissingFields } = true;

/** Returns the checked payload, or throws a TypeError that names the method, the field and what is wrong. */
export function validateInput(method: ApiMethod, payload: unknown): unknown {
  const schema: v.GenericSchema = INPUT_SCHEMAS[method];
  const result = v.safeParse(schema, payload);
  if (!result.success) {
    const issue = result.issues[0];
    const where = issue?.path?.map((p) => String(p.key)).join('.') || 'input';
    throw new TypeError(`${method}: ${where} ${issue?.message ?? 'is not valid'}`);
  }
  return result.output;
}
