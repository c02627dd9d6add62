// One drill of both stores as a sequence of steps over its inputs and ports: people, every share alone,
// the passphrase, the quorum in memory, every seed, every drive copy, the path without the app. It reads
// and opens; it never writes a store, a drive or a paper backup. FORMAT.md §16.2.

import { bytesToHex } from '@noble/hashes/utils.js';
import { findSlot, parseContainer } from '../crypto/container.js';
import { wipe } from '../crypto/wipe.js';
import type { DriveRegister } from '../drives/register.js';
import { BreakglassError } from '../errors.js';
import type { Clock } from '../shared/determinism.js';
import { STORE_KINDS, storeKindLabel, type StoreKind } from '../shared/store-kind.js';
import { readCustody } from '../stores/store-codec.js';
import { totpCodes } from '../totp/codes.js';
import { checkDriveCopy, checkNoAppPath, notPresented, verifyPresented, type PresentedDrive, type RecoverPyRunner } from './copy-checks.js';
import { findBag, type BagSighting, type DrillRecord } from './bag-record.js';
import type { DrillArtifact, DrillBag, DrillException, DrillPeople, DrillStep } from './drill-result.js';
import { checkEmergencySheet, checkPaperBackup, type SheetReading, type UnreadableScan } from './paper-checks.js';
import type { PaperScan } from '../print/paper-restore.js';
import type { PdfRasterizer } from '../print/pdf-raster.js';
import { recordSignIns, unknownSignInAccount, type DrillSignIn, type SignInInput } from './sign-ins.js';
import { StepLog } from './step-log.js';
import {
  checkEverySharesAlone,
  checkPassphrase,
  chooseOpener,
  decryptEverything,
  describeOpener,
  eachSeed,
  openKey,
  type CheckedShare,
  type DrillSecret,
  type StoreOpener,
} from './store-checks.js';

export interface DrillInputs {
  readonly setId: string;
  readonly people: DrillPeople;
  /** The workstation's store files, read once at the start. */
  readonly stores: Readonly<Record<StoreKind, Uint8Array>>;
  readonly secrets: Readonly<Partial<Record<StoreKind, DrillSecret>>>;
  /** Mount points of the drives presented. */
  readonly drives: readonly string[];
  readonly register: DriveRegister;
  /** The workstation's audit log, for the drives' audit-log copies (undefined when unreadable). */
  readonly auditLog: string | undefined;
  /** Optional further checks over the opened stores (paper backups, emergency sheets), in order. */
  readonly extraSteps?: (context: ExtraStepContext) => Promise<void>;
  /** The vault set's envelope record, and the bag numbers seen and resealed at this drill. */
  readonly bagRecord?: DrillRecord;
  readonly bags?: readonly BagSighting[];
  /** Scans of each store's paper backup (any order), and what was typed off each emergency sheet. */
  readonly paper?: Readonly<Partial<Record<StoreKind, readonly (PaperScan | UnreadableScan)[]>>>;
  readonly sheets?: Readonly<Partial<Record<StoreKind, SheetReading>>>;
  /** Live AWS sign-ins made with the app during the drill, attested by the lead and the witness. */
  readonly signIns?: readonly SignInInput[];
}

export interface DrillPorts {
  readonly clock: Clock;
  readonly recoverPy: RecoverPyRunner;
  /** Turns PDF scans into page images (poppler); images need none. */
  readonly rasterizer?: PdfRasterizer;
}

/** What later steps (paper, sheets, bags) get: the log to add steps to and the workstation's files. */
export interface ExtraStepContext {
  readonly log: StepLog;
  readonly lead: readonly string[];
  readonly fingerprints: Readonly<Record<StoreKind, { generation: number; sha256: string }>>;
  addArtifact(artifact: DrillArtifact): void;
}

export interface DrillFindings {
  readonly steps: readonly DrillStep[];
  readonly exceptions: readonly DrillException[];
  readonly artifacts: readonly DrillArtifact[];
  readonly manualChecks: readonly string[];
  readonly bags: readonly DrillBag[];
  readonly signIns: readonly DrillSignIn[];
}

function peopleStep(people: DrillPeople, step: { line(t: string): void; exception(k: string, m: string): void }): void {
  if (people.lead.trim() === '') step.exception('people-missing', 'No drill lead was named: name the person who leads the drill.');
  else step.line(`Drill lead: ${people.lead}`);
  if (people.witness.trim() === '') step.exception('people-missing', 'No witness was named: a drill needs a witness who is not its lead.');
  else if (people.witness.trim() === people.lead.trim()) step.exception('people-missing', 'The witness is the drill lead: a drill needs a second person as witness.');
  else step.line(`Witness: ${people.witness}`);
  step.line(`Custodians present: ${people.custodians.length > 0 ? people.custodians.join(', ') : 'none named'}`);
  step.line(`Reason: ${people.reason}`);
}

export async function runDrillSteps(inputs: DrillInputs, ports: DrillPorts): Promise<DrillFindings> {
  const log = new StepLog(ports.clock);
  const lead = inputs.people.lead.trim() === '' ? [] : [inputs.people.lead];
  const artifacts: DrillArtifact[] = [];
  const manualChecks: string[] = [];
  const bags: DrillBag[] = [];
  const signIns = inputs.signIns ?? [];
  /** The password vault's accounts (id → name) once the drill opened it: what a sign-in may name. */
  let vaultAccounts: Map<string, string> | undefined;
  await log.step('People and reason', null, [...lead, ...(inputs.people.witness ? [inputs.people.witness] : [])], (s) => peopleStep(inputs.people, s));

  const parsedStores = STORE_KINDS.map((kind) => ({ kind, parsed: parseContainer(inputs.stores[kind], kind) }));
  const fingerprints = {} as Record<StoreKind, { generation: number; sha256: string }>;
  for (const { kind, parsed } of parsedStores) {
    if (bytesToHex(parsed.header.setId) !== inputs.setId) throw new BreakglassError('WRONG_STORE', `The workstation's ${storeKindLabel(kind)} belongs to another vault set.`);
    fingerprints[kind] = { generation: parsed.header.generation, sha256: bytesToHex(parsed.fingerprint) };
    artifacts.push({ what: 'workstation', name: 'workstation', store: kind, generation: parsed.header.generation, sha256: fingerprints[kind].sha256 });
  }
  const current = Object.fromEntries(STORE_KINDS.map((k) => [k, fingerprints[k].generation])) as Record<StoreKind, number>;
  const presented = await verifyPresented(inputs.drives, { register: inputs.register, setId: inputs.setId, current, auditLog: inputs.auditLog });
  const ofStore = (kind: StoreKind): PresentedDrive[] =>
    presented.filter((d) => d.verification.manifest?.storeKind === kind && d.verification.manifest.setId === inputs.setId);
  const others = presented.filter((d) => !d.verification.manifest || d.verification.manifest.setId !== inputs.setId);

  for (const { kind, parsed } of parsedStores) {
    const label = storeKindLabel(kind);
    const custody = readCustody(parsed);
    const secret = inputs.secrets[kind] ?? { shares: [] };
    let checked: CheckedShare[] = [];
    const sightings = (inputs.bags ?? []).filter((b) => b.store === kind);
    const slot = findSlot(parsed.header, 'shares');
    if (slot && inputs.bagRecord && (sightings.length > 0 || inputs.bagRecord.bags.some((b) => b.store === kind))) {
      const shareSetId = bytesToHex(slot.shareSetId);
      await log.step(`Envelopes of the ${label}: bag numbers`, kind, lead, (s) => {
        for (let index = 1; index <= slot.commitments.length; index++) {
          const recorded = findBag(inputs.bagRecord!, kind, shareSetId, index);
          const seen = sightings.find((b) => b.index === index);
          const holder = custody.custodians.find((c) => c.shareIndex === index)?.name ?? null;
          bags.push({ store: kind, index, holder, recorded, seen: seen?.seen ?? null, sealedInto: seen?.sealedInto ?? null });
          const who = `share ${index} of the ${label}${holder ? ` (${holder})` : ''}`;
          if (!seen) s.line(`${who}: no bag number entered${recorded ? ` (recorded ${recorded})` : ''}.`);
          else if (recorded === null) s.exception('bag-unknown', `Possible tampering: ${who} came in bag ${seen.seen}, but no bag is recorded for it: rotate this store's shares.`);
          else if (recorded !== seen.seen) s.exception('bag-mismatch', `Possible tampering: ${who} came in bag ${seen.seen}, but bag ${recorded} was recorded when it was sealed: rotate this store's shares.`);
          else s.line(`${who}: bag ${seen.seen} matches the record; resealed in bag ${seen.sealedInto}.`);
        }
        for (const extra of sightings.filter((b) => b.index > slot.commitments.length)) {
          s.exception('bag-unknown', `Possible tampering: a bag (${extra.seen}) was entered for share ${extra.index} of the ${label}, which has only ${slot.commitments.length} shares: rotate this store's shares.`);
        }
      });
    }
    const holdersOf = (shares: readonly CheckedShare[]) => shares.map((c) => c.holder ?? `holder of share ${c.index}`);
    await log.step(`Every share of the ${label}, each alone`, kind, () => holdersOf(checked), (s) => {
      checked = checkEverySharesAlone(parsed.header, custody, secret.shares, s);
    });
    let passphraseOk = false;
    if (findSlot(parsed.header, 'passphrase') || secret.passphrase !== undefined) {
      await log.step(`The passphrase of the ${label}`, kind, lead, async (s) => {
        passphraseOk = await checkPassphrase(parsed.header, secret.passphrase, s);
      });
    }
    const opener: StoreOpener | undefined = chooseOpener(parsed.header, checked, secret.passphrase, passphraseOk);
    let entries = 0;
    let dataKey: Uint8Array | undefined;
    try {
      await log.step(`Quorum: the ${label} opened in memory`, kind, opener && 'shares' in opener ? holdersOf(checked.slice(0, opener.shares.length)) : lead, async (s) => {
        if (!opener) {
          s.exception('quorum-not-reached', `The ${label} was not opened: the shares that passed are fewer than its threshold and no passphrase opened it.`);
          return;
        }
        try {
          dataKey = await openKey(parsed, opener);
          const opened = decryptEverything(parsed, dataKey);
          entries = opened.entries;
          if (opened.docs.kind === 'password-vault') vaultAccounts = new Map(opened.docs.vault.accounts.map((a) => [a.accountId, a.name]));
          s.line(`${describeOpener(parsed.header, opener)} opened the key slot; the payload and every ${kind === 'password-vault' ? 'password' : 'seed'} box decrypted (${entries} entr${entries === 1 ? 'y' : 'ies'}); nothing was shown.`);
        } catch (error) {
          if (!(error instanceof BreakglassError)) throw error;
          s.exception('quorum-failed', `The ${label} did not open: ${error.message}`);
        }
      });
      // A sign-in to an account the vault does not hold is an input error: stop before the long checks.
      const unknown = kind === 'password-vault' && vaultAccounts ? unknownSignInAccount(signIns, vaultAccounts) : undefined;
      if (unknown) throw unknown;
      if (kind === 'mfa-seeds') {
        await log.step('Every seed yields a code', kind, lead, (s) => {
          if (!dataKey) {
            s.exception('seeds-not-checked', 'The seeds were not checked: the MFA seed store was not opened.');
            return;
          }
          const docs = decryptEverything(parsed, dataKey).docs;
          const now = ports.clock.now();
          const result = eachSeed(
            parsed,
            dataKey,
            docs,
            (seed, device) => {
              const code = totpCodes(seed, device, now).current;
              if (!/^\d+$/.test(code) || code.length !== device.digits) throw new Error('no code');
            },
            (what, message) => s.exception('seed-failed', `The seed of ${what} did not yield a code: ${message}`),
          );
          s.line(`${result.checked} virtual MFA seed${result.checked === 1 ? '' : 's'} decrypted one at a time, each yielded a code (not shown, not stored) and was wiped.`);
          manualChecks.push(...result.physical);
        });
      }
    } finally {
      if (dataKey) wipe(dataKey);
    }
    const drives = ofStore(kind);
    let firstGood: PresentedDrive | undefined;
    await log.step(`Every copy of the ${label}`, kind, lead, async (s) => {
      for (const drive of drives) {
        const m = drive.verification.manifest!;
        artifacts.push({ what: 'drive', name: m.drive.name, store: kind, generation: m.generation, sha256: m.store.sha256 });
        const ok = await checkDriveCopy(drive, kind, opener, { fingerprint: fingerprints[kind].sha256, generation: fingerprints[kind].generation, entries }, s);
        if (ok) firstGood ??= drive;
      }
      notPresented(inputs.register, inputs.setId, kind, drives.map((d) => d.verification.manifest!), s);
      if (drives.length === 0) s.line(`No drive of the ${label} was presented.`);
    });
    await log.step(`The path without the app: recover.py on a drive of the ${label}`, kind, lead, (s) =>
      checkNoAppPath(firstGood, kind, opener, entries, ports.recoverPy, s),
    );
  }
  if (others.length > 0) {
    await log.step('Other drives presented', null, lead, (s) => {
      for (const drive of others) {
        const m = drive.verification.manifest;
        if (!m) s.exception('drive-not-breakglass', `${drive.mountPoint} holds no Breakglass export: ${drive.verification.findings.map((f) => f.message).join(' ')}`);
        else s.exception('drive-foreign', `"${m.drive.name}" (${drive.mountPoint}) holds the ${storeKindLabel(m.storeKind)} of another vault set (${m.setId}), not this one.`);
      }
    });
  }
  for (const kind of STORE_KINDS) {
    const scans = inputs.paper?.[kind];
    if (scans && scans.length > 0) {
      await log.step(`Paper backup of the ${storeKindLabel(kind)}`, kind, lead, async (s) => {
        const artifact = await checkPaperBackup(kind, scans, inputs.stores[kind], inputs.setId, ports.rasterizer, s);
        if (artifact) artifacts.push(artifact);
      });
    }
  }
  for (const kind of STORE_KINDS) {
    const reading = inputs.sheets?.[kind];
    if (reading) await log.step(`Emergency sheet of the ${storeKindLabel(kind)}`, kind, lead, (s) => checkEmergencySheet(kind, reading, fingerprints[kind], s));
  }
  if (inputs.extraSteps) await inputs.extraSteps({ log, lead, fingerprints, addArtifact: (a) => artifacts.push(a) });
  let signedIn: DrillSignIn[] = [];
  if (signIns.length > 0) {
    const attesters = [inputs.people.lead, inputs.people.witness].map((n) => n.trim()).filter((n) => n !== '');
    const title = `Live sign-in (attested by ${attesters.length > 0 ? attesters.join(' and ') : 'nobody named'})`;
    await log.step(title, null, attesters, (s) => {
      signedIn = recordSignIns(signIns, vaultAccounts, log.now(), s);
    });
  }
  if (manualChecks.length > 0) {
    await log.step('Hardware tokens and security keys: seen in the safe', 'mfa-seeds', lead, (s) => {
      s.manual();
      for (const item of manualChecks) s.line(`${item}: seen in the safe  yes / no (initial on the report)`);
    });
  }
  return { steps: log.steps, exceptions: log.exceptions, artifacts, manualChecks, bags, signIns: signedIn };
}
