// What a KDBX export holds: per account its vault fields and password (password vault), or per MFA device
// its otpauth URI (MFA seed store) — never both kinds in one file. FORMAT.md §18.5.

import { openSeed, type SeedStoreDocuments } from '../stores/seeds.js';
import { encodeBase32Seed } from '../stores/totp-seed.js';
import { openVaultPassword, type VaultDocument } from '../stores/vault.js';
import { signinUrl } from './account-mapping.js';
import type { ExportEntry } from './kdbx-write.js';

export const OTP_ISSUER = 'Amazon Web Services';

interface StoreKey {
  readonly dataKey: Uint8Array;
  readonly setId: Uint8Array;
}

/** The password vault's accounts as KeePass entries: title = name, user name = root email, AccountId field. */
export function vaultExportEntries(doc: VaultDocument, key: StoreKey): ExportEntry[] {
  return doc.accounts.map((account) => ({
    group: account.accountClass === 'management' ? 'Management account' : 'Excluded member accounts',
    title: account.name,
    userName: account.email,
    url: signinUrl(account.accountId),
    notes: account.notes,
    password: openVaultPassword(doc, account.accountId, key),
    fields: { AccountId: account.accountId, 'Account class': account.accountClass },
  }));
}

/** The otpauth URI KeePassXC shows codes from; its label "DEVICE@ACCOUNT" is how AWS names the device. */
export function exportOtpUri(seed: Uint8Array, accountId: string, device: { name: string; algorithm: string; digits: number; period: number }): Uint8Array {
  const issuer = encodeURIComponent(OTP_ISSUER);
  const label = `${issuer}:${encodeURIComponent(`${device.name}@${accountId}`)}`;
  return new TextEncoder().encode(
    `otpauth://totp/${label}?secret=${encodeBase32Seed(seed)}&period=${device.period}&digits=${device.digits}&issuer=${issuer}&algorithm=${device.algorithm}`,
  );
}

/** The MFA seed store's devices as KeePass entries: one per device, AccountId field, no password. */
export function seedExportEntries(docs: SeedStoreDocuments, key: StoreKey): ExportEntry[] {
  const entries: ExportEntry[] = [];
  for (const account of docs.metadata.accounts) {
    for (const device of account.devices) {
      const common = { group: `Account ${account.accountId}`, title: `${account.accountId} ${device.name}`, userName: '', url: signinUrl(account.accountId) };
      if (device.type === 'virtual') {
        const seed = openSeed(docs.secrets, device, key);
        try {
          entries.push({ ...common, notes: `Virtual MFA device ${device.serialArn}, enabled ${device.enabledAt}.`, otp: exportOtpUri(seed, account.accountId, device), fields: { AccountId: account.accountId, 'MFA device': device.name } });
        } finally {
          seed.fill(0);
        }
      } else {
        entries.push({
          ...common,
          notes: `${device.type === 'hardware-totp' ? 'Hardware TOTP token' : 'Security key / passkey'}: no secret is stored; fetch the device.`,
          fields: { AccountId: account.accountId, 'MFA device': device.name, 'Device type': device.type, Serial: device.serial, Location: device.location },
        });
      }
    }
  }
  return entries;
}

export function wipeExportEntries(entries: readonly ExportEntry[]): void {
  for (const entry of entries) {
    entry.password?.fill(0);
    entry.otp?.fill(0);
  }
}
