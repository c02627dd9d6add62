// The MFA seed store: per account up to 8 MFA devices (AWS' limit). Device metadata is the store's public
// document (listing it needs no key); each virtual device's TOTP seed is sealed on its own in the
// encrypted payload, so a login decrypts exactly one seed. Spec: docs/FORMAT.md §3.3.

import { bytesToHex } from '@noble/hashes/utils.js';
import type { JsonValue } from '../crypto/canonical-json.js';
import { checkSecretBox, openSecret, sealSecret, type SecretBox } from '../crypto/secret-box.js';
import { BreakglassError } from '../errors.js';
import { checkAccountId, hasControlCharacters } from './account-fields.js';
import { documentError, expectArray, expectFields, expectSchema, expectSortedUnique, expectValid } from './document-shape.js';
import { isTimestamp } from '../shared/timestamps.js';
import { MAX_SEED_BYTES, MIN_SEED_BYTES } from './totp-seed.js';
import type { SealContext } from './vault.js';

export const SEEDS_SCHEMA = 1;
/** AWS allows up to eight MFA devices per root user. */
export const MAX_DEVICES_PER_ACCOUNT = 8;
export const MAX_SEED_ACCOUNTS = 100_000;

export type TotpAlgorithm = 'SHA1' | 'SHA256' | 'SHA512';
export const TOTP_ALGORITHMS: readonly TotpAlgorithm[] = ['SHA1', 'SHA256', 'SHA512'];
export type MfaDeviceType = 'virtual' | 'hardware-totp' | 'security-key';
export const MFA_DEVICE_TYPES: readonly MfaDeviceType[] = ['virtual', 'hardware-totp', 'security-key'];

export interface VirtualMfaDevice {
  readonly id: string;
  readonly type: 'virtual';
  readonly name: string;
  readonly serialArn: string;
  readonly algorithm: TotpAlgorithm;
  readonly digits: 6 | 8;
  readonly period: number;
  readonly enabledAt: string;
  readonly createdAt: string;
}

/** A hardware TOTP token or a passkey / security key: metadata only, never a secret. */
export interface PhysicalMfaDevice {
  readonly id: string;
  readonly type: 'hardware-totp' | 'security-key';
  readonly name: string;
  readonly serial: string;
  readonly location: string;
  readonly enabledAt: string;
  readonly createdAt: string;
}

export type MfaDevice = VirtualMfaDevice | PhysicalMfaDevice;

export interface SeedAccount {
  readonly accountId: string;
  /** Sorted by device name. */
  readonly devices: readonly MfaDevice[];
}

/** The public document: metadata only. */
export interface SeedMetadata {
  readonly schema: typeof SEEDS_SCHEMA;
  /** Sorted by account id. */
  readonly accounts: readonly SeedAccount[];
}

/** The private document: device id → sealed seed, for every virtual device. */
export interface SeedSecrets {
  readonly schema: typeof SEEDS_SCHEMA;
  readonly seeds: Readonly<Record<string, SecretBox>>;
}

export const EMPTY_SEED_METADATA: SeedMetadata = { schema: SEEDS_SCHEMA, accounts: [] };
export const EMPTY_SEED_SECRETS: SeedSecrets = { schema: SEEDS_SCHEMA, seeds: {} };

function invalid(field: string, message: string): BreakglassError {
  return new BreakglassError('VALIDATION', message, { field });
}

/** IAM's name pattern for MFA devices: 1–128 of letters, digits and + = , . @ _ -. */
export function checkDeviceName(value: unknown): string {
  if (typeof value !== 'string' || !/^[\w+=,.@-]{1,128}$/.test(value)) {
    throw invalid(
      'device',
      `Invalid MFA device name ${JSON.stringify(value)}: use 1–128 letters, digits or + = , . @ _ - (as in the AWS console), e.g. root-mfa-1.`,
    );
  }
  return value;
}

export function checkAlgorithm(value: unknown): TotpAlgorithm {
  const upper = typeof value === 'string' ? value.toUpperCase().replace('-', '') : value;
  if (upper !== 'SHA1' && upper !== 'SHA256' && upper !== 'SHA512') {
    throw invalid('algorithm', `Invalid TOTP algorithm ${JSON.stringify(value)}: use SHA1 (AWS' default), SHA256 or SHA512.`);
  }
  return upper;
}

export function checkDigits(value: unknown): 6 | 8 {
  const n = typeof value === 'string' ? Number(value) : value;
  if (n !== 6 && n !== 8) throw invalid('digits', `Invalid number of digits ${JSON.stringify(value)}: use 6 (AWS) or 8.`);
  return n;
}

export function checkPeriod(value: unknown): number {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 10 || n > 300) {
    throw invalid('period', `Invalid TOTP period ${JSON.stringify(value)}: use a whole number of seconds from 10 to 300 (AWS: 30).`);
  }
  return n;
}

function checkLabel(value: unknown, field: string, label: string, max: number): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text.length === 0 || [...text].length > max || hasControlCharacters(text, false) || !text.isWellFormed()) {
    throw invalid(field, `Invalid ${label} ${JSON.stringify(value)}: give 1–${max} printable characters.`);
  }
  return text.normalize('NFC');
}

export function virtualMfaArn(accountId: string, deviceName: string): string {
  return `arn:aws:iam::${checkAccountId(accountId)}:mfa/${checkDeviceName(deviceName)}`;
}

function decodeDevice(value: unknown, accountId: string, what: string): MfaDevice {
  const type = (value as { type?: unknown } | null)?.type;
  if (type === 'virtual') {
    const f = expectFields(value, what, ['id', 'type', 'name', 'serialArn', 'algorithm', 'digits', 'period', 'enabledAt', 'createdAt']);
    if (typeof f.digits !== 'number' || typeof f.period !== 'number' || typeof f.algorithm !== 'string') {
      throw documentError(what, 'bad TOTP parameters');
    }
    const device: VirtualMfaDevice = {
      id: expectDeviceId(f.id, what),
      type: 'virtual',
      name: expectValid(what, () => checkDeviceName(f.name)),
      serialArn: String(f.serialArn),
      algorithm: expectValid(what, () => checkAlgorithm(f.algorithm)),
      digits: expectValid(what, () => checkDigits(f.digits)),
      period: expectValid(what, () => checkPeriod(f.period)),
      enabledAt: expectTimestamp(f.enabledAt, what),
      createdAt: expectTimestamp(f.createdAt, what),
    };
    if (device.algorithm !== f.algorithm) throw documentError(what, 'algorithm not in normal form');
    if (f.serialArn !== virtualMfaArn(accountId, device.name)) throw documentError(what, 'serial ARN does not match');
    return device;
  }
  if (type === 'hardware-totp' || type === 'security-key') {
    const f = expectFields(value, what, ['id', 'type', 'name', 'serial', 'location', 'enabledAt', 'createdAt']);
    const device: PhysicalMfaDevice = {
      id: expectDeviceId(f.id, what),
      type,
      name: expectValid(what, () => checkDeviceName(f.name)),
      serial: expectValid(what, () => checkLabel(f.serial, 'serial', 'serial', 128)),
      location: expectValid(what, () => checkLabel(f.location, 'location', 'location', 256)),
      enabledAt: expectTimestamp(f.enabledAt, what),
      createdAt: expectTimestamp(f.createdAt, what),
    };
    if (device.serial !== f.serial || device.location !== f.location) throw documentError(what, 'fields not in normal form');
    return device;
  }
  throw documentError(what, `unknown device type ${JSON.stringify(type)}`);
}

function expectDeviceId(value: unknown, what: string): string {
  if (typeof value !== 'string' || !/^[0-9a-f]{32}$/.test(value)) throw documentError(what, 'bad device id');
  return value;
}

function expectTimestamp(value: unknown, what: string): string {
  if (!isTimestamp(value)) throw documentError(what, 'bad timestamp');
  return value;
}

/** Validates the public document of an MFA seed store; FORMAT on any deviation. */
export function decodeSeedMetadata(json: JsonValue): SeedMetadata {
  const f = expectFields(json, 'MFA seed store metadata', ['schema', 'accounts']);
  expectSchema(f, 'MFA seed store metadata', SEEDS_SCHEMA);
  const list = expectArray(f.accounts, 'MFA seed store account list');
  if (list.length > MAX_SEED_ACCOUNTS) throw documentError('MFA seed store metadata', 'too many accounts');
  const ids = new Set<string>();
  const accounts = list.map((value, index): SeedAccount => {
    const what = `MFA seed store account #${index + 1}`;
    const a = expectFields(value, what, ['accountId', 'devices']);
    const accountId = expectValid(what, () => checkAccountId(a.accountId));
    if (accountId !== a.accountId) throw documentError(what, 'account id not in normal form');
    const devices = expectArray(a.devices, `${what} devices`).map((d, i) => decodeDevice(d, accountId, `${what} device #${i + 1}`));
    if (devices.length < 1 || devices.length > MAX_DEVICES_PER_ACCOUNT) throw documentError(what, 'device count outside 1–8');
    expectSortedUnique(
      devices.map((d) => d.name),
      `${what} devices`,
    );
    for (const device of devices) {
      if (ids.has(device.id)) throw documentError(what, 'repeated device id');
      ids.add(device.id);
    }
    return { accountId, devices };
  });
  expectSortedUnique(
    accounts.map((a) => a.accountId),
    'MFA seed store account list',
  );
  return { schema: SEEDS_SCHEMA, accounts };
}

/** Validates the decrypted private document against the metadata: exactly one seed per virtual device. */
export function decodeSeedSecrets(json: JsonValue, metadata: SeedMetadata): SeedSecrets {
  const f = expectFields(json, 'MFA seed store payload', ['schema', 'seeds']);
  expectSchema(f, 'MFA seed store payload', SEEDS_SCHEMA);
  const seeds = expectFields(f.seeds, 'MFA seed list', [], Object.keys(f.seeds ?? {}));
  const virtualIds = metadata.accounts.flatMap((a) => a.devices.filter((d) => d.type === 'virtual').map((d) => d.id));
  const keys = Object.keys(seeds).sort();
  if (keys.join(',') !== [...virtualIds].sort().join(',')) {
    throw documentError('MFA seed store payload', 'seeds do not match the virtual devices listed in the metadata');
  }
  const out: Record<string, SecretBox> = {};
  for (const key of keys) out[key] = checkSecretBox(seeds[key], `seed of device ${key}`);
  return { schema: SEEDS_SCHEMA, seeds: out };
}

export function findDevice(metadata: SeedMetadata, accountId: string, deviceName?: string): MfaDevice {
  const id = checkAccountId(accountId);
  const account = metadata.accounts.find((a) => a.accountId === id);
  if (!account) {
    throw new BreakglassError('NOT_FOUND', `The MFA seed store has no devices for account ${id}.`, {
      field: 'accountId',
      action: { kind: 'list-devices' },
    });
  }
  if (deviceName === undefined) {
    const virtual = account.devices.filter((d) => d.type === 'virtual');
    if (virtual.length === 1) return virtual[0] as MfaDevice;
    if (virtual.length === 0 && account.devices.length === 1) return account.devices[0] as MfaDevice;
    throw new BreakglassError(
      'VALIDATION',
      `Account ${id} has ${account.devices.length} MFA devices (${account.devices.map((d) => d.name).join(', ')}): say which one is meant.`,
      { field: 'device', action: { kind: 'choose-device', devices: account.devices.map((d) => d.name) } },
    );
  }
  const device = account.devices.find((d) => d.name === deviceName);
  if (!device) {
    throw new BreakglassError(
      'NOT_FOUND',
      `Account ${id} has no MFA device named ${JSON.stringify(deviceName)} (it has: ${account.devices.map((d) => d.name).join(', ')}).`,
      { field: 'device' },
    );
  }
  return device;
}

export type NewDeviceInput =
  | {
      readonly type: 'virtual';
      readonly accountId: string;
      readonly name: string;
      readonly algorithm?: string;
      readonly digits?: number | string;
      readonly period?: number | string;
      readonly enabledAt?: string;
    }
  | {
      readonly type: 'hardware-totp' | 'security-key';
      readonly accountId: string;
      readonly name: string;
      readonly serial: string;
      readonly location: string;
      readonly enabledAt?: string;
    };

export interface SeedStoreDocuments {
  readonly metadata: SeedMetadata;
  readonly secrets: SeedSecrets;
}

function seedContext(context: { readonly setId: Uint8Array }, deviceId: string) {
  return { kind: 'mfa-seeds' as const, setId: context.setId, entryId: deviceId };
}

/**
 * Adds a device to an account. A virtual device needs its seed bytes (which this function does not wipe:
 * the caller owns them); hardware tokens and security keys carry metadata only.
 */
export function addMfaDevice(
  docs: SeedStoreDocuments,
  input: NewDeviceInput,
  seed: Uint8Array | undefined,
  context: SealContext,
): { docs: SeedStoreDocuments; device: MfaDevice } {
  const accountId = checkAccountId(input.accountId);
  const name = checkDeviceName(input.name);
  const enabledAt = input.enabledAt ?? context.now;
  if (!isTimestamp(enabledAt)) throw invalid('enabledAt', `Invalid enabled-at time ${JSON.stringify(enabledAt)}: use YYYY-MM-DDTHH:MM:SSZ.`);
  const existing = docs.metadata.accounts.find((a) => a.accountId === accountId);
  const devices = existing?.devices ?? [];
  if (devices.some((d) => d.name === name)) {
    throw new BreakglassError('CONFLICT', `Account ${accountId} already has an MFA device named ${JSON.stringify(name)}.`, { field: 'device' });
  }
  if (devices.length >= MAX_DEVICES_PER_ACCOUNT) {
    throw new BreakglassError(
      'CONFLICT',
      `Account ${accountId} already has ${MAX_DEVICES_PER_ACCOUNT} MFA devices, the most AWS allows for a root user. Remove one first.`,
      { field: 'device' },
    );
  }
  const id = bytesToHex(context.rng.bytes(16));
  let device: MfaDevice;
  let seeds = docs.secrets.seeds;
  if (input.type === 'virtual') {
    if (!(seed instanceof Uint8Array) || seed.length < MIN_SEED_BYTES || seed.length > MAX_SEED_BYTES) {
      throw invalid('seed', `A virtual MFA device needs its TOTP seed (${MIN_SEED_BYTES}–${MAX_SEED_BYTES} bytes).`);
    }
    device = {
      id,
      type: 'virtual',
      name,
      serialArn: virtualMfaArn(accountId, name),
      algorithm: checkAlgorithm(input.algorithm ?? 'SHA1'),
      digits: checkDigits(input.digits ?? 6),
      period: checkPeriod(input.period ?? 30),
      enabledAt,
      createdAt: context.now,
    };
    seeds = { ...seeds, [id]: sealSecret(context.dataKey, seed, seedContext(context, id), context.rng) };
  } else {
    if (!MFA_DEVICE_TYPES.includes(input.type)) throw invalid('type', `Invalid MFA device type ${JSON.stringify(input.type)}.`);
    if (seed !== undefined) throw invalid('seed', 'Hardware tokens and security keys are recorded as metadata only: no seed is stored.');
    device = {
      id,
      type: input.type,
      name,
      serial: checkLabel(input.serial, 'serial', 'serial number', 128),
      location: checkLabel(input.location, 'location', 'location (where the device is kept)', 256),
      enabledAt,
      createdAt: context.now,
    };
  }
  const account: SeedAccount = { accountId, devices: [...devices, device].sort((a, b) => (a.name < b.name ? -1 : 1)) };
  const accounts = [...docs.metadata.accounts.filter((a) => a.accountId !== accountId), account].sort((a, b) =>
    a.accountId < b.accountId ? -1 : 1,
  );
  return {
    docs: { metadata: { schema: SEEDS_SCHEMA, accounts }, secrets: { schema: SEEDS_SCHEMA, seeds } },
    device,
  };
}

export function removeMfaDevice(docs: SeedStoreDocuments, accountId: string, deviceName: string): SeedStoreDocuments {
  const device = findDevice(docs.metadata, accountId, deviceName);
  const accounts = docs.metadata.accounts
    .map((a) => ({ accountId: a.accountId, devices: a.devices.filter((d) => d.id !== device.id) }))
    .filter((a) => a.devices.length > 0);
  const seeds = Object.fromEntries(Object.entries(docs.secrets.seeds).filter(([id]) => id !== device.id));
  return { metadata: { schema: SEEDS_SCHEMA, accounts }, secrets: { schema: SEEDS_SCHEMA, seeds } };
}

/** Decrypts exactly one seed; the caller wipes it. */
export function openSeed(secrets: SeedSecrets, device: MfaDevice, key: { readonly dataKey: Uint8Array; readonly setId: Uint8Array }): Uint8Array {
  const box = secrets.seeds[device.id];
  if (device.type !== 'virtual' || !box) {
    throw new BreakglassError(
      'VALIDATION',
      `MFA device ${device.name} is a ${device.type === 'virtual' ? 'virtual device without a seed' : device.type}: it has no seed here. ` +
        (device.type === 'virtual' ? '' : `Fetch the physical device (kept: ${device.location}).`),
      { field: 'device' },
    );
  }
  return openSecret(key.dataKey, box, seedContext(key, device.id));
}

/** Re-seals every seed under a new data key (rotation), one seed in memory at a time. */
export function resealSeedSecrets(
  docs: SeedStoreDocuments,
  oldKey: { readonly dataKey: Uint8Array; readonly setId: Uint8Array },
  context: SealContext,
): SeedSecrets {
  const seeds: Record<string, SecretBox> = {};
  for (const account of docs.metadata.accounts) {
    for (const device of account.devices) {
      if (device.type !== 'virtual') continue;
      const seed = openSeed(docs.secrets, device, oldKey);
      try {
        seeds[device.id] = sealSecret(context.dataKey, seed, seedContext(context, device.id), context.rng);
      } finally {
        seed.fill(0);
      }
    }
  }
  return { schema: SEEDS_SCHEMA, seeds };
}
