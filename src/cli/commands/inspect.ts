// `breakglass inspect FILE`: the header of a store file (kind, set id, generation, KDF, slots,
// fingerprint) without any key.

import { groupHex, type StoreInspection } from '../../app/index.js';
import type { CommandSpec } from '../command.js';
import { formatFields, formatJson } from '../output.js';

export function describeInspection(info: StoreInspection): string {
  const slots = info.slots.map((slot) =>
    slot.type === 'passphrase'
      ? `passphrase: ${slot.kdf.label}, ${slot.saltLength}-byte salt`
      : `shares: ${slot.threshold}-of-${slot.shares}, share set ${groupHex(slot.shareSetId)}`,
  );
  const fields: [string, string][] = [
    ['File', info.file],
    ['Store', `${info.label} (format version ${info.formatVersion})`],
    ['Vault set', groupHex(info.setId)],
    ['Generation', `${info.generation} (sealed ${info.sealedAt})`],
    ['Size', `${info.fileSize} bytes`],
    ['Fingerprint', `SHA-256 ${info.fingerprint}`],
    ['Key slots', slots.join('\n' + ' '.repeat(13))],
    ['Revoked sets', info.revokedShareSets.length === 0 ? 'none' : info.revokedShareSets.map(groupHex).join(', ')],
  ];
  if (info.mfa) {
    fields.push(['MFA devices', `${info.mfa.devices} on ${info.mfa.accounts} accounts (${info.mfa.virtualDevices} virtual with sealed seeds)`]);
  }
  fields.push(['Checksums', 'OK (authenticity is proven when the store is unlocked)']);
  return formatFields(fields);
}

export const inspectCommand: CommandSpec = {
  name: 'inspect',
  usage: 'FILE [--json]',
  summary: 'Show a store file’s header (kind, vault set, generation, KDF, key slots, fingerprint) without any key.',
  options: { json: { type: 'boolean' } },
  positionals: [1, 1],
  async run(context) {
    const info = await context.app.inspectStore({ file: context.positionals[0] as string });
    context.out(context.values.json ? formatJson(info) : describeInspection(info));
  },
};
