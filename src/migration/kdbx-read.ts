// Reads a KeePass database (KDBX 3.1 with AES-KDF, KDBX 4 with Argon2d/Argon2id, AES or ChaCha20) with
// kdbxweb: the header is checked first (KDF cost), then the entries come out as plain fields. FORMAT.md §18.1.

import { BreakglassError } from '../errors.js';
import { checkKdbxArgon2, kdbxweb, MAX_AES_KDF_ROUNDS, useArgon2, type Argon2Port } from './kdbx-engine.js';

export const MAX_KDBX_BYTES = 64 * 1024 * 1024;

/** One entry as the database holds it. `password` and `protectedFields` are secrets: the caller wipes them. */
export interface SourceEntry {
  /** 1-based position in the database (groups depth first), as the preview numbers it. */
  readonly index: number;
  readonly uuid: string;
  readonly groupPath: string;
  readonly title: string;
  readonly userName: string;
  readonly url: string;
  readonly notes: string;
  readonly password: Uint8Array;
  /** Custom fields that are not protected (KeePass' "protect in memory" off). */
  readonly fields: ReadonlyMap<string, string>;
  /** Custom fields that are protected (the `otp` URI usually is): UTF-8 bytes. */
  readonly protectedFields: ReadonlyMap<string, Uint8Array>;
}

export interface KdbxSummary {
  /** "KDBX 3.1" or "KDBX 4.0" / "KDBX 4.1". */
  readonly format: string;
  /** "AES-KDF", "Argon2d", "Argon2id". */
  readonly kdf: string;
  readonly cipher: string;
}

export interface KdbxContents extends KdbxSummary {
  readonly entries: readonly SourceEntry[];
  /** Entries found in the recycle bin (left out). */
  readonly recycled: number;
}

export interface KdbxCredentialsInput {
  /** The master password as UTF-8 (may be empty when only a key file protects the database). */
  readonly password: Uint8Array;
  readonly keyFile?: Uint8Array;
}

const STANDARD_FIELDS = new Set(['Title', 'UserName', 'Password', 'URL', 'Notes']);

function fileError(code: 'FORMAT' | 'TRUNCATED' | 'INTEGRITY', message: string, cause?: unknown): BreakglassError {
  return new BreakglassError(code, message, cause === undefined ? {} : { cause });
}

function uuidName(uuid: { toString(): string } | undefined, table: Record<string, string>): string {
  const id = uuid?.toString() ?? '';
  return table[id] ?? `unknown (${id})`;
}

const KDF_NAMES: Record<string, string> = {
  [kdbxweb.Consts.KdfId.Aes]: 'AES-KDF',
  [kdbxweb.Consts.KdfId.Argon2d]: 'Argon2d',
  [kdbxweb.Consts.KdfId.Argon2id]: 'Argon2id',
};
const CIPHER_NAMES: Record<string, string> = {
  [kdbxweb.Consts.CipherId.Aes]: 'AES-256',
  [kdbxweb.Consts.CipherId.ChaCha20]: 'ChaCha20',
};

function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (value && typeof value === 'object' && 'value' in value) return Number((value as { value: number }).value);
  return Number.NaN;
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const out = new ArrayBuffer(bytes.length);
  new Uint8Array(out).set(bytes);
  return out;
}

/** Reads and checks the header alone: the format and the KDF cost, refused before any key derivation. */
export function readKdbxHeader(bytes: Uint8Array): KdbxSummary {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('bytes must be a Uint8Array');
  if (bytes.length > MAX_KDBX_BYTES) {
    throw new BreakglassError('TOO_LARGE', `The file is larger than ${MAX_KDBX_BYTES / 1024 / 1024} MiB: it is not a KeePass database this import reads.`);
  }
  let header: InstanceType<typeof kdbxweb.KdbxHeader>;
  try {
    const context = new kdbxweb.KdbxContext({ kdbx: {} as InstanceType<typeof kdbxweb.Kdbx> });
    header = kdbxweb.KdbxHeader.read(new kdbxweb.BinaryStream(toArrayBuffer(bytes)), context);
  } catch (error) {
    throw translateKdbxError(error, bytes);
  }
  const major = header.versionMajor;
  const format = `KDBX ${major}.${header.versionMinor}`;
  const cipher = uuidName(header.dataCipherUuid, CIPHER_NAMES);
  let kdf: string;
  if (major < 4) {
    kdf = 'AES-KDF';
    const rounds = header.keyEncryptionRounds ?? 0;
    if (rounds > MAX_AES_KDF_ROUNDS) {
      throw new BreakglassError(
        'KDF_PARAMS',
        `The KeePass database asks for ${rounds} AES-KDF rounds (at most ${MAX_AES_KDF_ROUNDS} are run here). Lower them in KeePassXC and import again.`,
      );
    }
  } else {
    const params = header.kdfParameters;
    const uuid = params?.get('$UUID');
    const kdfId = uuid instanceof ArrayBuffer ? kdbxweb.ByteUtils.bytesToBase64(uuid) : '';
    kdf = KDF_NAMES[kdfId] ?? `unknown (${kdfId})`;
    if (kdf === 'AES-KDF') {
      const rounds = toNumber(params?.get('R'));
      if (!(rounds <= MAX_AES_KDF_ROUNDS)) {
        throw new BreakglassError('KDF_PARAMS', `The KeePass database asks for ${rounds} AES-KDF rounds (at most ${MAX_AES_KDF_ROUNDS}). Lower them in KeePassXC and import again.`);
      }
    } else if (kdf.startsWith('Argon2')) {
      checkKdbxArgon2({ memoryKiB: toNumber(params?.get('M')) / 1024, iterations: toNumber(params?.get('I')), parallelism: toNumber(params?.get('P')) });
    } else {
      throw new BreakglassError('FORMAT', `The KeePass database uses a key derivation this import does not know (${kdfId}): re-save it in KeePassXC with Argon2id.`);
    }
  }
  if (cipher.startsWith('unknown')) {
    throw new BreakglassError('FORMAT', `The KeePass database uses a cipher this import does not know: re-save it in KeePassXC with AES-256 or ChaCha20.`);
  }
  return { format, kdf, cipher };
}

/** kdbxweb's errors in the custodian's words. */
function translateKdbxError(error: unknown, bytes: Uint8Array): BreakglassError {
  if (error instanceof BreakglassError) return error;
  const code = (error as { code?: string })?.code;
  const message = String((error as Error)?.message ?? error);
  const E = kdbxweb.Consts.ErrorCodes;
  if (code === E.InvalidKey) {
    return new BreakglassError(
      'AUTH',
      'The KeePass master password (or key file) is wrong: the database did not open. Type it again; if the database uses a key file, give that file too. Nothing was imported.',
    );
  }
  if (code === E.BadSignature) return fileError('FORMAT', 'This file is not a KeePass database (KDBX): choose the .kdbx file. Nothing was imported.', error);
  if (code === E.InvalidVersion || code === E.Unsupported) {
    return fileError('FORMAT', `This KeePass database's version is not supported (${message}): open it in KeePassXC, save it as KDBX 4, and import again.`, error);
  }
  if (bytes.length < 256 || /unexpected end|out of bounds|offset|Offset|length/i.test(message)) {
    return fileError('TRUNCATED', 'The KeePass database is cut short or damaged: copy it again from its source (and check its size). Nothing was imported.', error);
  }
  return fileError('INTEGRITY', `The KeePass database is damaged (${message}): copy it again from its source, or open and re-save it in KeePassXC. Nothing was imported.`, error);
}

function fieldText(value: unknown): string {
  if (value instanceof kdbxweb.ProtectedValue) return value.getText();
  return typeof value === 'string' ? value : '';
}

function fieldBytes(value: unknown): Uint8Array {
  if (value instanceof kdbxweb.ProtectedValue) return value.getBinary();
  return new TextEncoder().encode(typeof value === 'string' ? value : '');
}

/**
 * Opens the database with its master password (and key file) and returns its entries outside the recycle
 * bin; history and attachments are not read. The caller wipes the entries' secrets (wipeSourceEntries).
 */
export async function readKdbx(bytes: Uint8Array, credentials: KdbxCredentialsInput, argon2: Argon2Port): Promise<KdbxContents> {
  const summary = readKdbxHeader(bytes);
  useArgon2(argon2);
  let db: InstanceType<typeof kdbxweb.Kdbx>;
  try {
    const password = kdbxweb.ProtectedValue.fromBinary(toArrayBuffer(credentials.password));
    const creds = new kdbxweb.Credentials(password, credentials.keyFile ? toArrayBuffer(credentials.keyFile) : null);
    await creds.ready;
    db = await kdbxweb.Kdbx.load(toArrayBuffer(bytes), creds);
  } catch (error) {
    throw translateKdbxError(error, bytes);
  }
  const recycleBin = db.meta.recycleBinEnabled !== false ? db.meta.recycleBinUuid?.toString() : undefined;
  const entries: SourceEntry[] = [];
  let recycled = 0;
  const visit = (group: InstanceType<typeof kdbxweb.KdbxGroup>, path: string[], inBin: boolean): void => {
    const here = [...path, group.name ?? ''];
    const binned = inBin || (recycleBin !== undefined && group.uuid.toString() === recycleBin);
    for (const entry of group.entries) {
      if (binned) {
        recycled += 1;
        continue;
      }
      const fields = new Map<string, string>();
      const protectedFields = new Map<string, Uint8Array>();
      for (const [name, value] of entry.fields) {
        if (STANDARD_FIELDS.has(name)) continue;
        if (value instanceof kdbxweb.ProtectedValue) protectedFields.set(name, value.getBinary());
        else fields.set(name, value);
      }
      entries.push({
        index: entries.length + 1,
        uuid: entry.uuid.toString(),
        groupPath: here.join('/'),
        title: fieldText(entry.fields.get('Title')),
        userName: fieldText(entry.fields.get('UserName')),
        url: fieldText(entry.fields.get('URL')),
        notes: fieldText(entry.fields.get('Notes')),
        password: fieldBytes(entry.fields.get('Password')),
        fields,
        protectedFields,
      });
    }
    for (const child of group.groups) visit(child, here, binned);
  };
  for (const group of db.groups) visit(group, [], false);
  return { ...summary, entries, recycled };
}

export function wipeSourceEntries(entries: readonly SourceEntry[]): void {
  for (const entry of entries) {
    entry.password.fill(0);
    for (const value of entry.protectedFields.values()) value.fill(0);
  }
}
