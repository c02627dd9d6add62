// The drive bookkeeping files outside a store: the workstation's drive register (DIR/drive-register.json,
// saved atomically with .prev) and a drive's BREAKGLASS/manifest.json, read by mount point. FORMAT.md §14.1 and §14.3.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BreakglassError } from '../errors.js';
import { writeFileAtomic } from '../stores/files.js';
import { decodeManifest, DRIVE_FOLDER, MANIFEST_FILE, type DriveManifest } from './manifest.js';
import { decodeRegister, EMPTY_REGISTER, encodeRegister, REGISTER_FILE, type DriveRegister } from './register.js';

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
