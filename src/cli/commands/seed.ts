// `breakglass seed add|list|remove`: MFA devices in the MFA seed store. Listing reads only the store's
// public metadata and never needs its passphrase; adding a virtual device reads its base32 seed.

import type { MfaDeviceSummary } from '../../app/index.js';
import {
  confirm,
  integerOption,
  requireConfirmable,
  requiredOption,
  stringOption,
  UsageError,
  UNLOCK_OPTIONS,
  type CommandSpec,
} from '../command.js';
import { openAndUnlock } from '../unlock.js';
import { formatJson, formatTable } from '../output.js';

const DEVICE_TYPES = ['virtual', 'hardware-totp', 'security-key'] as const;

function describeDevice(device: MfaDeviceSummary): string {
  if (device.type === 'virtual') return `${device.serialArn} (${device.algorithm}, ${device.digits} digits, ${device.period} s)`;
  return `serial ${device.serial}, kept: ${device.location}`;
}

const seedAdd: CommandSpec = {
  name: 'seed add',
  usage:
    'DIR --account ID --device NAME [--type virtual|hardware-totp|security-key] [--algorithm SHA1] [--digits 6] [--period 30] ' +
    '[--serial S --location WHERE] [--enabled-at YYYY-MM-DDTHH:MM:SSZ]',
  summary: 'Record an MFA device of an account’s root user in the MFA seed store.',
  details: [
    'Reads the MFA seed store passphrase, then (virtual devices only) the base32 secret key AWS showed.',
    'Hardware TOTP tokens and security keys/passkeys are metadata only: --serial and --location are required.',
  ],
  options: {
    ...UNLOCK_OPTIONS,
    account: { type: 'string' },
    device: { type: 'string' },
    type: { type: 'string' },
    algorithm: { type: 'string' },
    digits: { type: 'string' },
    period: { type: 'string' },
    serial: { type: 'string' },
    location: { type: 'string' },
    'enabled-at': { type: 'string' },
    json: { type: 'boolean' },
  },
  positionals: [1, 1],
  async run(context) {
    const type = stringOption(context, 'type') ?? 'virtual';
    if (!(DEVICE_TYPES as readonly string[]).includes(type)) {
      throw new UsageError(`--type must be one of ${DEVICE_TYPES.join(', ')}, got ${JSON.stringify(type)}`);
    }
    const accountId = requiredOption(context, 'account');
    const name = requiredOption(context, 'device');
    const enabledAt = stringOption(context, 'enabled-at');
    const common = { accountId, name, ...(enabledAt !== undefined ? { enabledAt } : {}) };
    let device: MfaDeviceSummary;
    if (type === 'virtual') {
      for (const option of ['serial', 'location']) {
        if (stringOption(context, option) !== undefined) throw new UsageError(`--${option} is for hardware-totp and security-key devices`);
      }
      const algorithm = stringOption(context, 'algorithm');
      const digits = integerOption(context, 'digits');
      const period = integerOption(context, 'period');
      await openAndUnlock(context, context.positionals[0] as string, 'mfa-seeds');
      const seed = await context.secrets.read('Base32 secret key shown by AWS: ');
      device = await context.app.addMfaDevice({
        type: 'virtual',
        ...common,
        seed,
        ...(algorithm !== undefined ? { algorithm } : {}),
        ...(digits !== undefined ? { digits } : {}),
        ...(period !== undefined ? { period } : {}),
      });
    } else {
      for (const option of ['algorithm', 'digits', 'period']) {
        if (stringOption(context, option) !== undefined) throw new UsageError(`--${option} is for virtual devices only`);
      }
      const serial = requiredOption(context, 'serial');
      const location = requiredOption(context, 'location');
      await openAndUnlock(context, context.positionals[0] as string, 'mfa-seeds');
      device = await context.app.addMfaDevice({ type: type as 'hardware-totp' | 'security-key', ...common, serial, location });
    }
    if (context.values.json) context.out(formatJson(device));
    else context.out(`Recorded ${device.type} MFA device ${device.name} for account ${device.accountId}: ${describeDevice(device)}.\n`);
  },
};

const seedList: CommandSpec = {
  name: 'seed list',
  usage: 'DIR [--account ID] [--json]',
  summary: 'List MFA devices from the seed store’s metadata — no passphrase needed, no seed decrypted.',
  options: { account: { type: 'string' }, json: { type: 'boolean' } },
  positionals: [1, 1],
  async run(context) {
    await context.app.openVaultSet({ dir: context.positionals[0] as string });
    const accountId = stringOption(context, 'account');
    const devices = await context.app.listMfaDevices(accountId !== undefined ? { accountId } : {});
    if (context.values.json) return context.out(formatJson(devices));
    if (devices.length === 0) return context.out('The MFA seed store holds no devices yet. Add one with "breakglass seed add".\n');
    context.out(
      formatTable(
        ['ACCOUNT ID', 'DEVICE', 'TYPE', 'ENABLED', 'DETAILS'],
        devices.map((d) => [d.accountId, d.name, d.type, d.enabledAt, describeDevice(d)]),
      ),
    );
  },
};

const seedRemove: CommandSpec = {
  name: 'seed remove',
  usage: 'DIR --account ID --device NAME [--yes]',
  summary: 'Remove an MFA device (and its sealed seed) from the MFA seed store.',
  details: ['Reads the MFA seed store passphrase; asks to confirm unless --yes.'],
  options: {
    ...UNLOCK_OPTIONS, account: { type: 'string' }, device: { type: 'string' }, yes: { type: 'boolean' }, json: { type: 'boolean' } },
  positionals: [1, 1],
  async run(context) {
    const accountId = requiredOption(context, 'account');
    const name = requiredOption(context, 'device');
    const question = `Remove MFA device ${name} of account ${accountId}? Deactivate it in AWS first.`;
    requireConfirmable(context, question);
    await openAndUnlock(context, context.positionals[0] as string, 'mfa-seeds');
    await confirm(context, question, name);
    const saved = await context.app.removeMfaDevice({ accountId, name });
    if (context.values.json) context.out(formatJson(saved));
    else context.out(`Removed MFA device ${name}; the MFA seed store is now at generation ${saved.generation}.\n`);
  },
};

export const seedCommands: readonly CommandSpec[] = [seedAdd, seedList, seedRemove];
