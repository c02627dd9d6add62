// The emergency sheet's break-glass procedure: each step in the app's words (screen, then button) with the
// same step at a terminal beside it, the vault-set folder written out in full. FORMAT.md §13.3.

import { storeKindLabel, type StoreKind } from '../shared/store-kind.js';

/** One step of the procedure: what to do, then — when the step is done with Breakglass — how, in the app and at a terminal. */
export interface ProcedureStep {
  /** What the step is for, in plain words ("Check the copy before opening it"). */
  readonly what: string;
  /** The step in the app: the screen's name from the navigation, then the fields and buttons as labelled. */
  readonly app?: string;
  /** The same step with the `breakglass` command. */
  readonly cli?: string;
}

/** What the standard procedure needs to know of the store and where it lives. */
export interface ProcedureFacts {
  readonly store: StoreKind;
  /** The vault-set folder on the workstation (absolute path). */
  readonly vaultSetDir: string;
  /** The store file's name in that folder. */
  readonly fileName: string;
  readonly generation: number;
  readonly threshold?: number;
  readonly paperBackupLocation?: string;
}

/** A path or word as a shell reads it back unchanged: bare when it is plain, otherwise in single quotes. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The path of `file` inside the vault-set folder, as written on the sheet. */
function inFolder(dir: string, file: string): string {
  return `${dir.replace(/\/+$/, '')}/${file}`;
}

/** The note printed under the procedure: what the placeholders stand for, since they cannot be known when the sheet is printed. */
export function procedurePlaceholders(): string {
  return (
    `MOUNT is the drive's mount point: it is known only once the drive is plugged in, and the Drives screen ` +
    `(or "breakglass drives list") shows it, e.g. /media/custodian/PW-A.` +
    ' ID is the 12-digit AWS account id from the table "Accounts covered".' +
    ' On a replacement workstation, use the folder you open there instead of the one printed here.'
  );
}

/** The standard break-glass steps for a store (FORMAT.md §13.3). */
export function standardProcedure(facts: ProcedureFacts): ProcedureStep[] {
  const store = storeKindLabel(facts.store);
  const Store = store.charAt(0).toUpperCase() + store.slice(1);
  const other = facts.store === 'password-vault' ? 'MFA seed store' : 'password vault';
  const storeFlag = facts.store === 'password-vault' ? 'password' : 'mfa';
  const dir = shellWord(facts.vaultSetDir);
  const file = shellWord(inFolder(facts.vaultSetDir, facts.fileName));
  const who = facts.threshold
    ? `at least ${facts.threshold} of the custodians listed below, each with their own sealed share envelope`
    : 'the passphrase holder';
  const use: ProcedureStep =
    facts.store === 'password-vault'
      ? {
          what: 'Reveal one root password at a time.',
          app: 'Accounts screen: click the account id, then under "Root password" press "Reveal for 30 s" ("Hide now" when it is typed in).',
          cli: `breakglass password reveal ${dir} --account ID (the custodians enter their shares when asked)`,
        }
      : {
          what: 'Sign in with a login session: it shows TOTP codes for one seed and wipes it after the login. Hardware tokens are where the table below says.',
          app: 'TOTP login screen: choose the Account and MFA device, press "Start session"; press "End session" once signed in.',
          cli: `breakglass totp ${dir} --account ID (the custodians enter their shares when asked; Ctrl-C ends it)`,
        };
  return [
    { what: 'Agree the emergency with a second person and note the time; every step below is recorded in the audit log.' },
    {
      what:
        `Fetch: this sheet; one copy of the ${store} (table "Where every copy is", newest generation first, never one marked DAMAGED); ` +
        `the offline Breakglass workstation; ${who}. To sign in as root you also need the ${other}, opened by its own, separate custodians with its own emergency sheet.`,
    },
    {
      what: `Open the vault set ${facts.vaultSetDir} and say who is present.`,
      app: `Vault set screen: type ${facts.vaultSetDir} in "Vault set directory", press "Open"; write the names under "Who is at the workstation".`,
      cli: `Every command below names the folder ${dir}; add --as "NAME, NAME" for who is present.`,
    },
    {
      what: `Check the drive's copy before using it: generation ${facts.generation} (or newer) and the fingerprint above. A copy that differs: try the next one.`,
      app: 'Drives screen: plug the drive in (press "Rescan" if it does not appear), press "Verify" on its row: it must say "The drive\'s copy is intact" with this generation and fingerprint.',
      cli: `breakglass drives verify MOUNT --dir ${dir}`,
    },
    {
      what: `Copy it to the workstation (the file there now is kept as .prev).`,
      app: `Drives screen: press "Restore…" on the drive's row, choose "${Store}" under "Store to restore", press "Restore to the workstation".`,
      cli: `breakglass restore ${dir} --drive MOUNT --store ${storeFlag}, then breakglass inspect ${file} shows generation and fingerprint`,
    },
    {
      what: `Open the ${store}: each custodian types their own share (or the passphrase holder the passphrase).`,
      app: `Unlock screen: choose "${Store}" under "Store", each custodian types their share, press "Unlock the ${store}".`,
      cli: 'Each command that needs the store asks for the shares or the passphrase itself.',
    },
    use,
    {
      what:
        `No working copy? Scan the paper backup of the ${store} from the safe${facts.paperBackupLocation ? ` (${facts.paperBackupLocation})` : ''}: ` +
        'the file is written only if its SHA-256 matches the fingerprint printed on the backup.',
      app: `Print screen, "Restore a store from its paper backup": list the scanned pages, write the store to ${inFolder(facts.vaultSetDir, facts.fileName)}, press "Rebuild the store".`,
      cli: `breakglass paper restore --out ${file} --dir ${dir} SCANS…`,
    },
    {
      what:
        `Without the app: on any computer with Python 3 (Debian packages python3-nacl, python3-argon2), run "python3 recover.py ${facts.fileName}" from the ` +
        'recovery kit on every drive, and enter the shares or passphrase. recover.py follows FORMAT.md, which is also printed in the safe as the recovery specification.',
    },
    {
      what: 'Afterwards: lock the store, reseal the used share envelopes in new numbered envelopes, and rotate custody if any share or password was exposed.',
      app: `Unlock screen: press "Lock the ${store}". Custodians & shares screen, "Rotate custody": press "Rotate: new key and shares, revoke the old shares".`,
      cli: `breakglass rotate ${file}`,
    },
  ];
}
