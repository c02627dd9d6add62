// The drill's checks of every copy: each drive presented is verified (manifest, every file's SHA-256,
// generation, audit-log copy) and its store opened with the drill's quorum; each drive the register knows
// but nobody presented is named with its location; recover.py is run on a presented drive. FORMAT.md §16.2.

import { join } from 'node:path';
import { parseContainer } from '../crypto/container.js';
import { wipe } from '../crypto/wipe.js';
import { DRIVE_FOLDER, type DriveManifest } from '../drives/manifest.js';
import type { DriveRegister } from '../drives/register.js';
import { verifyDrive, type DriveVerification } from '../drives/verify.js';
import { BreakglassError } from '../errors.js';
import { storeKindLabel, type StoreKind } from '../shared/store-kind.js';
import { openCopy, type StoreOpener } from './store-checks.js';

type StepSink = { line(text: string): void; exception(kind: string, message: string): void };

/** A drive the drill looked at, verified (no key yet). */
export interface PresentedDrive {
  readonly mountPoint: string;
  readonly verification: DriveVerification;
}

/** What runs the drive's own recover.py: the system python3 in production, a fake in unit tests. */
export interface RecoverPyRunner {
  /**
   * Runs `python3 SCRIPT STORE_FILE` with `stdin`; returns its exit code, stdout bytes (the caller wipes
   * them) and stderr; `missing` when python3 itself cannot be started.
   */
  run(script: string, storeFile: string, stdin: Uint8Array): Promise<{ code: number | null; stdout: Uint8Array; stderr: string; missing?: string }>;
}

/** Verifies every drive presented against the workstation (no key). */
export async function verifyPresented(
  mountPoints: readonly string[],
  options: { register: DriveRegister; setId: string; current: Partial<Record<StoreKind, number>>; auditLog: string | undefined },
): Promise<PresentedDrive[]> {
  const drives: PresentedDrive[] = [];
  for (const mountPoint of mountPoints) {
    const verification = await verifyDrive(mountPoint, {
      register: options.register,
      setId: options.setId,
      current: options.current,
      ...(options.auditLog !== undefined ? { auditLog: options.auditLog } : {}),
    });
    drives.push({ mountPoint, verification });
  }
  return drives;
}

function driveName(drive: PresentedDrive): string {
  return drive.verification.manifest ? `"${drive.verification.manifest.drive.name}" (${drive.mountPoint})` : drive.mountPoint;
}

/**
 * One presented drive of `kind`: its findings as lines and exceptions, then — when it verified — its copy
 * opened with the drill's opener. Returns true when the copy verified and opened.
 */
export async function checkDriveCopy(
  drive: PresentedDrive,
  kind: StoreKind,
  opener: StoreOpener | undefined,
  workstation: { fingerprint: string; generation: number; entries: number },
  step: StepSink,
): Promise<boolean> {
  const name = driveName(drive);
  const { verification } = drive;
  for (const finding of verification.findings) {
    if (finding.level === 'error') step.exception(finding.kind === 'damaged' ? 'drive-damaged' : `drive-${finding.kind}`, `${name}: ${finding.message}`);
    else if (finding.kind === 'stale') step.exception('drive-stale', `${name}: stale: re-export. ${finding.message}`);
    else if (finding.kind === 'newer') step.exception('drive-newer', `${name}: ${finding.message}`);
    else step.line(`${name}: ${finding.message}`);
  }
  if (!verification.ok || !verification.storeFile) return false;
  if (!opener) {
    step.exception('copy-not-opened', `${name}: the copy verified but was not opened: the drill reached no quorum for the ${storeKindLabel(kind)}.`);
    return false;
  }
  try {
    const parsed = parseContainer(verification.storeFile, kind);
    const opened = await openCopy(parsed, opener);
    if (parsed.header.generation === workstation.generation && verification.store?.fingerprint !== workstation.fingerprint) {
      step.exception('copy-differs', `${name}: generation ${parsed.header.generation} like the workstation's, but a different file (SHA-256 differs): re-export from the workstation.`);
      return false;
    }
    step.line(`${name}: the copy opened with the drill's quorum; ${opened.entries} entr${opened.entries === 1 ? 'y' : 'ies'} decrypted; every key wiped.`);
    return true;
  } catch (error) {
    if (!(error instanceof BreakglassError)) throw error;
    step.exception('copy-not-opened', `${name}: the copy verifies but does not decrypt with the drill's quorum: ${error.message} Re-export to this drive from the workstation.`);
    return false;
  }
}

/** Drives the register says hold `kind` of this vault set and that nobody presented. */
export function notPresented(register: DriveRegister, setId: string, kind: StoreKind, presented: readonly DriveManifest[], step: StepSink): void {
  for (const entry of register.drives) {
    if (entry.holds?.setId !== setId || entry.holds.storeKind !== kind) continue;
    if (presented.some((m) => m.drive.markerId === entry.markerId)) continue;
    step.exception(
      'drive-not-presented',
      `"${entry.name}" not presented: it should be at ${entry.location || 'no location recorded'} (holds generation ${entry.holds.generation} of the ${storeKindLabel(kind)}).`,
    );
  }
}

const MISSING_MODULES = /cannot import (\S+): install the Debian packages ([^\n]+)/;

/** The path without the app: the drive's recover.py opens its copy with the drill's secrets on stdin. */
export async function checkNoAppPath(
  drive: PresentedDrive | undefined,
  kind: StoreKind,
  opener: StoreOpener | undefined,
  expectedEntries: number,
  runner: RecoverPyRunner,
  step: StepSink,
): Promise<void> {
  const label = storeKindLabel(kind);
  if (!drive || !drive.verification.manifest) {
    step.exception('no-app-path-not-checked', `No-app path not checked for the ${label}: no verified drive of it was presented.`);
    return;
  }
  if (!opener) {
    step.exception('no-app-path-not-checked', `No-app path not checked for the ${label}: the drill reached no quorum to give recover.py.`);
    return;
  }
  const folder = join(drive.mountPoint, DRIVE_FOLDER);
  const script = join(folder, 'recovery', 'recover.py');
  const storeFile = join(folder, drive.verification.manifest.store.file);
  const stdin = new TextEncoder().encode(('shares' in opener ? opener.shares : [opener.passphrase]).map((line) => `${line}\n`).join(''));
  let result: Awaited<ReturnType<RecoverPyRunner['run']>>;
  try {
    result = await runner.run(script, storeFile, stdin);
  } finally {
    wipe(stdin);
  }
  try {
    if (result.missing !== undefined) {
      step.exception('no-app-path-not-checked', `No-app path not checked: install python3 (${result.missing}).`);
      return;
    }
    const missing = MISSING_MODULES.exec(result.stderr);
    if (missing) {
      step.exception('no-app-path-not-checked', `No-app path not checked: install ${missing[2]!.replace(/ and /g, ' and ')} (python3 cannot import ${missing[1]}).`);
      return;
    }
    if (result.code !== 0) {
      const reason = result.stderr.trim().split('\n')[0]?.replace(/^recover\.py:\s*/, '') ?? `exit ${result.code}`;
      step.exception('no-app-path-failed', `recover.py on ${driveName(drive)} did not open the ${label}: ${reason}`);
      return;
    }
    const entries = countEntries(kind, result.stdout);
    if (entries !== expectedEntries) {
      step.exception('no-app-path-failed', `recover.py on ${driveName(drive)} opened the ${label} but gave ${entries} entries, not ${expectedEntries}.`);
      return;
    }
    step.line(`recover.py (the drive's own copy, run with /usr/bin/python3) opened the ${label} on ${driveName(drive)}: ${entries} entr${entries === 1 ? 'y' : 'ies'}; its output was counted and discarded.`);
  } finally {
    wipe(result.stdout);
  }
}

/** How many entries recover.py's JSON holds: accounts of the vault, seeds of the seed store; -1 when unreadable. */
function countEntries(kind: StoreKind, stdout: Uint8Array): number {
  try {
    const doc = JSON.parse(new TextDecoder().decode(stdout)) as { payload?: { accounts?: unknown[]; seeds?: Record<string, unknown> } };
    return kind === 'password-vault' ? (doc.payload?.accounts?.length ?? -1) : Object.keys(doc.payload?.seeds ?? {}).length;
  } catch {
    return -1;
  }
}
