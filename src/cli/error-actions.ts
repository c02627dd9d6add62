// The CLI's words for an error's next step: the structured action an error carries, as the commands and
// flags a custodian types at the terminal. docs/FORMAT.md §8 (errors carry the action, front ends word it).

import type { ErrorAction } from '../app/index.js';

/** One sentence naming the command or flag that does what the action asks. */
export function cliActionText(action: ErrorAction): string {
  switch (action.kind) {
    case 'generate-password':
      return 'Use --generate-password for a compliant 32-character password.';
    case 'choose-device':
      return `Name one with --device (${action.devices.join(', ')}).`;
    case 'list-accounts':
      return 'List the accounts with "breakglass account list DIR".';
    case 'list-devices':
      return 'List them with "breakglass seed list DIR".';
    case 'create-vault-set':
      return 'To create a vault set there, run "breakglass init DIR".';
    case 'verify-audit-log':
      return `Run "breakglass audit verify ${action.dir ?? 'DIR'}".`;
    case 'repair-audit-log':
      return `Repair it with "breakglass audit repair ${action.dir ?? 'DIR'}" (the cut bytes are kept in a side file and the repair is audited).`;
    case 'verify-drive':
      return `Check the drive with "breakglass drives verify ${action.mountPoint ?? 'MOUNT'}".`;
    case 'list-drives':
      return '"breakglass drives list" shows the mounted drives.';
    case 'allow-older':
      return 'Add --allow-older to restore it anyway.';
    case 'allow-fixed':
      return 'Add --allow-fixed to export to it anyway.';
    case 'give-mount-point':
      return 'Give the mount point with --drive and --allow-fixed.';
    case 'allow-large-share-set':
      return `Add --allow-large-share-set to use more than ${action.max} shares.`;
  }
}

/** The error's message with its action in the CLI's words. */
export function cliErrorText(error: { readonly message: string; readonly action?: ErrorAction | undefined }): string {
  return error.action ? `${error.message} ${cliActionText(error.action)}` : error.message;
}
