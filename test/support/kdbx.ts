// KeePass test inputs and readers: KDBX 4 files written with kdbxweb (Argon2d/Argon2id, AES or ChaCha20),
// KDBX 3.1 files made by Debian's keepassxc-cli from KeePass 2 XML, and keepassxc-cli's show -s / -t.

import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { nativeArgon2 } from '../../src/app/argon2-raw.js';
import { kdbxweb, useArgon2 } from '../../src/migration/kdbx-engine.js';
import { findTool } from './tools.js';

export const keepassxc = findTool('keepassxc-cli', ['--version'], 'keepassxc');
export const oathtoolTool = findTool('oathtool', ['--version'], 'oathtool');

export interface TestEntry {
  readonly title: string;
  readonly userName?: string;
  readonly password?: string;
  readonly url?: string;
  readonly notes?: string;
  /** Custom fields; protected ones (like otp) are marked with a leading '*'. */
  readonly fields?: Readonly<Record<string, string>>;
  /** Put in the recycle bin. */
  readonly recycled?: boolean;
  /** A sub-group name. */
  readonly group?: string;
}

export interface Kdbx4Options {
  readonly kdf?: 'argon2id' | 'argon2d';
  readonly cipher?: 'aes' | 'chacha20';
  readonly keyFile?: Uint8Array;
  /** KiB, default 1024 (a test KDF). */
  readonly memoryKiB?: number;
  readonly iterations?: number;
}

function buffer(bytes: Uint8Array): ArrayBuffer {
  const out = new ArrayBuffer(bytes.length);
  new Uint8Array(out).set(bytes);
  return out;
}

/** A KDBX 4 database with `entries`, written by kdbxweb with the native Argon2. */
export async function makeKdbx4(password: string, entries: readonly TestEntry[], options: Kdbx4Options = {}): Promise<Uint8Array> {
  useArgon2(nativeArgon2);
  const credentials = new kdbxweb.Credentials(kdbxweb.ProtectedValue.fromString(password), options.keyFile ? buffer(options.keyFile) : null);
  await credentials.ready;
  const db = kdbxweb.Kdbx.create(credentials, 'test');
  db.setKdf(options.kdf === 'argon2d' ? kdbxweb.Consts.KdfId.Argon2d : kdbxweb.Consts.KdfId.Argon2id);
  const params = db.header.kdfParameters!;
  params.set('M', kdbxweb.VarDictionary.ValueType.UInt64, kdbxweb.Int64.from((options.memoryKiB ?? 1024) * 1024));
  params.set('I', kdbxweb.VarDictionary.ValueType.UInt64, kdbxweb.Int64.from(options.iterations ?? 1));
  params.set('P', kdbxweb.VarDictionary.ValueType.UInt32, 1);
  db.header.dataCipherUuid = new kdbxweb.KdbxUuid(options.cipher === 'aes' ? kdbxweb.Consts.CipherId.Aes : kdbxweb.Consts.CipherId.ChaCha20);
  db.createRecycleBin();
  const root = db.getDefaultGroup();
  const bin = db.getGroup(db.meta.recycleBinUuid!)!;
  const groups = new Map<string, InstanceType<typeof kdbxweb.KdbxGroup>>();
  for (const entry of entries) {
    let group = entry.recycled ? bin : root;
    if (!entry.recycled && entry.group) {
      group = groups.get(entry.group) ?? db.createGroup(root, entry.group);
      groups.set(entry.group, group);
    }
    const out = db.createEntry(group);
    out.fields.set('Title', entry.title);
    out.fields.set('UserName', entry.userName ?? '');
    out.fields.set('Password', kdbxweb.ProtectedValue.fromString(entry.password ?? ''));
    out.fields.set('URL', entry.url ?? '');
    out.fields.set('Notes', entry.notes ?? '');
    for (const [name, value] of Object.entries(entry.fields ?? {})) {
      if (name.startsWith('*')) out.fields.set(name.slice(1), kdbxweb.ProtectedValue.fromString(value));
      else out.fields.set(name, value);
    }
  }
  return new Uint8Array(await db.save());
}

function xmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function uuid(n: number): string {
  const bytes = new Uint8Array(16);
  new DataView(bytes.buffer).setUint32(12, n);
  return Buffer.from(bytes).toString('base64');
}

/** A KeePass 2 XML export holding `entries` (recycled ones in a Recycle Bin group). */
export function keepassXml(entries: readonly TestEntry[]): string {
  const entryXml = (entry: TestEntry, n: number): string => {
    const strings: [string, string, boolean][] = [
      ['Title', entry.title, false],
      ['UserName', entry.userName ?? '', false],
      ['Password', entry.password ?? '', true],
      ['URL', entry.url ?? '', false],
      ['Notes', entry.notes ?? '', false],
      ...Object.entries(entry.fields ?? {}).map(([k, v]): [string, string, boolean] => (k.startsWith('*') ? [k.slice(1), v, true] : [k, v, false])),
    ];
    return `<Entry><UUID>${uuid(100 + n)}</UUID>${strings
      .map(([k, v, p]) => `<String><Key>${xmlText(k)}</Key><Value${p ? ' ProtectInMemory="True"' : ''}>${xmlText(v)}</Value></String>`)
      .join('')}</Entry>`;
  };
  const live = entries.map((e, i) => ({ e, i })).filter(({ e }) => !e.recycled);
  const binned = entries.map((e, i) => ({ e, i })).filter(({ e }) => e.recycled);
  return (
    '<?xml version="1.0" encoding="utf-8" standalone="yes"?>\n<KeePassFile><Meta><Generator>test</Generator><DatabaseName>legacy</DatabaseName>' +
    `<RecycleBinEnabled>True</RecycleBinEnabled><RecycleBinUUID>${uuid(1)}</RecycleBinUUID></Meta><Root><Group><UUID>${uuid(0)}</UUID><Name>Root</Name>` +
    live.map(({ e, i }) => entryXml(e, i)).join('') +
    `<Group><UUID>${uuid(1)}</UUID><Name>Recycle Bin</Name>${binned.map(({ e, i }) => entryXml(e, i)).join('')}</Group>` +
    '</Group></Root></KeePassFile>\n'
  );
}

/** `keepassxc-cli import` of the XML: a KDBX 3.1 database (AES-KDF, ~100 ms of rounds). */
export async function makeKdbx31(xmlPath: string, out: string, password: string, entries: readonly TestEntry[], keyFile?: string): Promise<void> {
  await writeFile(xmlPath, keepassXml(entries));
  const args = ['import', '-q', '-p', '-t', '100', ...(keyFile ? ['--set-key-file', keyFile] : []), xmlPath, out];
  const result = spawnSync('keepassxc-cli', args, { input: `${password}\n${password}\n`, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`keepassxc-cli import failed: ${result.stderr}`);
}

/** `keepassxc-cli show [-s|-t] FILE ENTRY` with the password on stdin. */
export function keepassxcShow(file: string, password: string, entry: string, flags: readonly string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync('keepassxc-cli', ['show', '-q', ...flags, file, entry], { input: `${password}\n`, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `keepassxc-cli ls -R -f FILE`: every entry path. */
export function keepassxcList(file: string, password: string): string[] {
  const result = spawnSync('keepassxc-cli', ['ls', '-q', '-R', '-f', file], { input: `${password}\n`, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`keepassxc-cli ls failed: ${result.stderr}`);
  return result.stdout.split('\n').filter((l) => l !== '' && !l.endsWith('/'));
}

/** oathtool's current TOTP code for a base32 seed. */
export function oathtoolCode(base32: string, options: { digits?: number; period?: number; algorithm?: string } = {}): string {
  const args = ['--totp' + (options.algorithm && options.algorithm !== 'SHA1' ? `=${options.algorithm}` : ''), '-b', '-d', String(options.digits ?? 6), '-s', `${options.period ?? 30}s`, '-'];
  return spawnSync('oathtool', args, { input: base32, encoding: 'utf8' }).stdout.trim();
}
