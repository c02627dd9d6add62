// Writes a store's export as a KDBX 4 database with kdbxweb: Argon2id at the strong profile, ChaCha20, the
// accounts and passwords (password vault) or each account's devices as KeePassXC `otp` URIs (MFA). FORMAT.md §18.5.

import type { KdfParams } from '../crypto/kdf.js';
import { kdbxweb, useArgon2, type Argon2Port } from './kdbx-engine.js';

/** One entry of an export. `password` and `otp` are secrets (UTF-8): the caller wipes them. */
export interface ExportEntry {
  readonly group: string;
  readonly title: string;
  readonly userName: string;
  readonly url: string;
  readonly notes: string;
  readonly password?: Uint8Array;
  /** An otpauth://totp/ URI, written as KeePassXC's protected `otp` attribute. */
  readonly otp?: Uint8Array;
  /** Plain custom fields (AccountId, Account class, Serial, …). */
  readonly fields: Readonly<Record<string, string>>;
}

export interface KdbxExportInput {
  readonly databaseName: string;
  /** The new master password (UTF-8); the caller wipes it. */
  readonly masterPassword: Uint8Array;
  readonly kdf: KdfParams;
  readonly entries: readonly ExportEntry[];
}

function buffer(bytes: Uint8Array): ArrayBuffer {
  const out = new ArrayBuffer(bytes.length);
  new Uint8Array(out).set(bytes);
  return out;
}

/** The KDBX 4 file (Argon2id, ChaCha20) holding `entries` in one group per `group`. */
export async function writeKdbx(input: KdbxExportInput, argon2: Argon2Port): Promise<Uint8Array> {
  useArgon2(argon2);
  const credentials = new kdbxweb.Credentials(kdbxweb.ProtectedValue.fromBinary(buffer(input.masterPassword)));
  await credentials.ready;
  const db = kdbxweb.Kdbx.create(credentials, input.databaseName);
  db.upgrade();
  db.setKdf(kdbxweb.Consts.KdfId.Argon2id);
  const params = db.header.kdfParameters;
  if (!params) throw new Error('kdbxweb gave no KDF parameters');
  params.set('M', kdbxweb.VarDictionary.ValueType.UInt64, kdbxweb.Int64.from(input.kdf.memoryKiB * 1024));
  params.set('I', kdbxweb.VarDictionary.ValueType.UInt64, kdbxweb.Int64.from(input.kdf.iterations));
  params.set('P', kdbxweb.VarDictionary.ValueType.UInt32, input.kdf.parallelism);
  db.header.dataCipherUuid = new kdbxweb.KdbxUuid(kdbxweb.Consts.CipherId.ChaCha20);
  const root = db.getDefaultGroup();
  // An export is a fresh copy: no recycle bin (kdbxweb makes an empty one), so nothing is ever "deleted" into it.
  const bin = db.meta.recycleBinUuid?.toString();
  root.groups = root.groups.filter((group) => group.uuid.toString() !== bin);
  db.meta.recycleBinEnabled = false;
  db.meta.recycleBinUuid = undefined;
  const groups = new Map<string, InstanceType<typeof kdbxweb.KdbxGroup>>();
  for (const entry of input.entries) {
    let group = groups.get(entry.group);
    if (!group) {
      group = db.createGroup(root, entry.group);
      groups.set(entry.group, group);
    }
    const out = db.createEntry(group);
    out.fields.set('Title', entry.title);
    out.fields.set('UserName', entry.userName);
    out.fields.set('URL', entry.url);
    out.fields.set('Notes', entry.notes);
    out.fields.set('Password', kdbxweb.ProtectedValue.fromBinary(buffer(entry.password ?? new Uint8Array())));
    if (entry.otp) out.fields.set('otp', kdbxweb.ProtectedValue.fromBinary(buffer(entry.otp)));
    for (const [name, value] of Object.entries(entry.fields)) out.fields.set(name, value);
  }
  return new Uint8Array(await db.save());
}
