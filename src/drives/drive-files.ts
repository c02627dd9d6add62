// The drive bookkeeping files outside a store: the workstation's drive register (DIR/drive-register.json,
// saved atomically with .prev) and a drive's BREAKGLASS/manifest.json, read by mount point. FORMAT.md §14.1 and §14.3.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BreakglassError } from '../errors.js';
import { writeFileAtomic } from '../stores/files.js';
import { decodeManifest, DRIVE_FOLDER, MANIFEST_FILE, type DriveManifest } from './manifest.js';
import { decodeRegister, EMPTY_REGISTER, encodeRegister, registerFromExports, REGISTER_FILE, type DriveRegister } from './register.js';
import { loggedExportsInLog } from './register-merge.js';

/** The vault set's drive register; the empty register when there is none yet, FORMAT when it is damaged. */
export async function readRegisterFile(dir: string): Promise<DriveRegister> {
  try {
    return decodeRegister(new Uint8Array(await readFile(join(dir, REGISTER_FILE))));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return EMPTY_REGISTER;
    if (error instanceof BreakglassError) {
      throw new BreakglassError('FORMAT', `The drive register ${join(dir, REGISTER_FILE)} is damaged (${error.message}). Restore it from its .prev file.`);
    }
    throw error;
  }
}

export async function writeRegisterFile(dir: string, register: DriveRegister): Promise<void> {
  await writeFileAtomic(join(dir, REGISTER_FILE), encodeRegister(register), { keepPrevious: true });
}

/** The manifest of the export on the drive mounted at `mountPoint`; the read or decode error when there is none. */
export async function readDriveManifest(mountPoint: string): Promise<DriveManifest> {
  return decodeManifest(new Uint8Array(await readFile(join(mountPoint, DRIVE_FOLDER, MANIFEST_FILE))));
}

/** The register's bytes and what became of them: absent, readable, or damaged (with why). */
async function registerState(path: string): Promise<{ state: 'absent' } | { state: 'good'; register: DriveRegister } | { state: 'damaged'; bytes: Uint8Array; why: string }> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'absent' };
    throw new BreakglassError('IO', `Cannot read the drive register ${path}: ${(error as Error).message}. Check the vault-set folder's permissions.`);
  }
  try {
    return { state: 'good', register: decodeRegister(bytes) };
  } catch (error) {
    if (error instanceof BreakglassError) return { state: 'damaged', bytes, why: error.message };
    throw error;
  }
}

/**
 * The drive register an export must judge segregation by: the register file completed with every export
 * the audit log records (§14.4), so neither a lost register nor a crash before its write lets a store go
 * to a drive that held the other. A missing or damaged register is rebuilt — from its readable .prev and
 * the log — and saved at once (a damaged file is kept beside it as drive-register.json.damaged); `notices`
 * says so.
 */
export async function registerWithLoggedExports(dir: string, setId: string, auditLog: string): Promise<{ register: DriveRegister; notices: string[] }> {
  const path = join(dir, REGISTER_FILE);
  const exports = loggedExportsInLog(auditLog, setId);
  const found = await registerState(path);
  if (found.state === 'good') return { register: registerFromExports(found.register, exports), notices: [] };
  const prev = await registerState(`${path}.prev`);
  const base = prev.state === 'good' ? prev.register : EMPTY_REGISTER;
  const rebuilt = registerFromExports(base, exports);
  if (found.state === 'absent' && exports.length === 0 && prev.state !== 'good') return { register: rebuilt, notices: [] };
  const from = `${prev.state === 'good' ? 'its previous copy and ' : ''}the ${exports.length} export${exports.length === 1 ? '' : 's'} the audit log records`;
  let what: string;
  if (found.state === 'damaged') {
    await writeFileAtomic(`${path}.damaged`, found.bytes, { keepPrevious: false });
    what = `The drive register ${path} was damaged (${found.why}); it was rebuilt from ${from}, and the damaged file is kept as ${path}.damaged.`;
  } else {
    what = `The drive register ${path} was missing; it was rebuilt from ${from}.`;
  }
  await writeFileAtomic(path, encodeRegister(rebuilt), { keepPrevious: false });
  return { register: rebuilt, notices: [`${what} Drives known from the log only get their full record when they are next seen.`] };
}
