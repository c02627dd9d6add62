// The app's words for an error's next step: the structured action an error carries, as the screens,
// buttons and boxes of this window (never a CLI flag). docs/FORMAT.md §8 (front ends word the action).

import type { ErrorAction } from '../../../src/app/index.js';

/** One sentence naming where in the app the action is done. */
export function appActionText(action: ErrorAction): string {
  switch (action.kind) {
    case 'generate-password':
      return 'Tick "Generate a password" (when editing, choose "Generate a new password") for a compliant one.';
    case 'choose-device':
      return `Choose one of them (${action.devices.join(', ')}).`;
    case 'list-accounts':
      return 'The Accounts screen lists the accounts this vault holds.';
    case 'list-devices':
      return "The account's MFA devices panel lists its devices.";
    case 'create-vault-set':
      return 'To start a new one, open Vault set and press "Create a vault set".';
    case 'verify-audit-log':
      return 'Open Audit log and press "Verify" to find the damage.';
    case 'repair-audit-log':
      return 'Open Audit log and press "Repair audit log" (the cut bytes are kept in a side file and the repair is audited).';
    case 'verify-drive':
      return 'Open Drives and press "Verify" on that drive.';
    case 'list-drives':
      return 'Drives shows the mounted drives (press Rescan after plugging one in).';
    case 'allow-older':
      return 'To restore it anyway, tick "Allow replacing a newer workstation copy with this older one".';
    case 'allow-fixed':
      return 'To export to it anyway, tick "This is a fixed disk, not a removable drive".';
    case 'give-mount-point':
      return 'Mount the drive where this workstation lists drives, or use a workstation where discovery works.';
    case 'allow-large-share-set':
      return `Tick "Allow more than ${action.max} custodians" to use more shares.`;
  }
}
