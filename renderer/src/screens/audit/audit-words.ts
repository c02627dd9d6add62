// The audit log in words: one sentence per entry ("Ana Lima exported the password vault to PW-A onsite"),
// built from its event, people, store and details (the raw fields stay one click away on the Audit
// screen). An event this list does not know is still said, by its name. docs/FORMAT.md §10.2.

import type { AuditEntryView } from '../../../../src/app/api.js';
import { STORE_IN_SENTENCE } from '../../components/stores.js';

type Details = AuditEntryView['details'];

function text(details: Details, key: string): string | undefined {
  const value = details[key];
  if (value === undefined || value === null || value === '') return undefined;
  return String(value);
}

/** "Ana Lima", "Ana Lima and Ben Okafor", "Ana Lima, Ben Okafor and Chen Wei"; "Someone (no custodian named)". */
export function whoDidIt(actors: readonly string[]): string {
  if (actors.length === 0) return 'Someone (no custodian named)';
  if (actors.length === 1) return actors[0]!;
  return `${actors.slice(0, -1).join(', ')} and ${actors[actors.length - 1]!}`;
}

/** A `drill.bags` entry by its reason (FORMAT.md §16.6): the bags of printed or sealed sheets, a drill's new bags, or the interval. */
function bagsSentence(d: Details): string {
  const n = typeof d.changed === 'number' ? d.changed : 0;
  const bags = `${n} envelope bag number${n === 1 ? '' : 's'}`;
  switch (text(d, 'reason')) {
    case 'print':
      return `recorded ${bags} printed on share sheets`;
    case 'sealed':
      return `recorded ${bags} of sealed share sheets`;
    case 'interval':
      return `set the drill interval to ${text(d, 'intervalDays') ?? '?'} days`;
    case 'drill':
      return `recorded the drill’s ${n === 1 ? 'new envelope bag' : `${n} new envelope bags`}`;
    default:
      return 'recorded envelope bag numbers';
  }
}

const DOCUMENT_NAMES: Readonly<Record<string, string>> = {
  shares: 'share sheets',
  emergency: 'emergency sheet',
  'paper-backup': 'paper backup',
  spec: 'recovery specification',
  runbook: 'break-glass runbook',
  'inventory-report': 'inventory compliance report',
};

const account = (d: Details) => (text(d, 'accountId') ? ` of account ${text(d, 'accountId')}` : '');
const device = (d: Details) => (text(d, 'device') ? ` "${text(d, 'device')}"` : '');

/** What was done, after the people: "exported the password vault to PW-A onsite". */
function predicate(entry: AuditEntryView): string {
  const d = entry.details;
  const store = entry.store ? `the ${STORE_IN_SENTENCE[entry.store]}` : 'a store';
  const gen = entry.generation !== null && entry.generation !== undefined ? ` (generation ${entry.generation})` : '';
  switch (entry.event) {
    case 'vault-set.create':
      return 'created the vault set';
    case 'store.unlock':
      return `unlocked ${store}${text(d, 'method') ? ` with ${text(d, 'method') === 'shares' ? 'shares' : `its ${text(d, 'method')}`}` : ''}`;
    case 'store.unlock-failed':
      return `tried to unlock ${store} and was refused${text(d, 'refusal') ? ` (${text(d, 'refusal')})` : ''}`;
    case 'store.lock':
      return `locked ${store}`;
    case 'store.unaudited':
      return `found ${store}${gen} saved without its audit entry, and recorded it`;
    case 'password.reveal':
      return `revealed the root password${account(d)}`;
    case 'password.copy':
      return `copied the root password${account(d)} to the clipboard${text(d, 'clearAfterSeconds') ? ` (cleared after ${text(d, 'clearAfterSeconds')} s)` : ''}`;
    case 'account.add':
      return `added ${text(d, 'accountId') ? `account ${text(d, 'accountId')}` : 'an account'} to the password vault`;
    case 'account.update':
      return `changed account ${text(d, 'accountId') ?? ''}${d['passwordChanged'] === true ? ' (a new root password)' : ''}`;
    case 'account.remove':
      return `removed account ${text(d, 'accountId') ?? ''} from the password vault`;
    case 'mfa.add':
      return `recorded the MFA device${device(d)}${account(d)}`;
    case 'mfa.remove':
      return `removed the MFA device${device(d)}${account(d)}`;
    case 'mfa.enroll':
      return `enrolled the MFA device${device(d)}${account(d)} and sealed its seed`;
    case 'totp.session-start':
      return `started a TOTP login session${account(d)}`;
    case 'totp.session-end':
      return `ended the TOTP login session${account(d)}${text(d, 'reason') ? ` (${text(d, 'reason')})` : ''}`;
    case 'totp.clock-offset':
      return `set the clock offset${account(d)} to ${text(d, 'offsetSeconds') ?? '?'} s`;
    case 'custody.rotate':
      return `rotated the custody of ${store}${text(d, 'custody') ? `: ${text(d, 'custody')}` : ''}`;
    case 'custody.override':
      return `overrode the segregation check${text(d, 'reason') ? ` ("${text(d, 'reason')}")` : ''}`;
    case 'shares.verify':
      return `checked share ${text(d, 'index') ?? '?'} of ${store}`;
    case 'drive.export':
      return `exported ${store} to ${text(d, 'drive') ?? 'a drive'}`;
    case 'drive.restore':
      return `restored ${store} from ${text(d, 'drive') ?? text(d, 'source') ?? 'a copy'}`;
    case 'print':
      return `printed the ${DOCUMENT_NAMES[text(d, 'document') ?? ''] ?? text(d, 'document') ?? 'document'}${entry.store ? ` of ${store}` : ''}${text(d, 'destination') ? ` (${text(d, 'destination')})` : ''}`;
    case 'drill':
      return `ran the disaster-recovery drill${text(d, 'result') ? `: ${text(d, 'result')}` : ''}`;
    case 'drill.bags':
      return bagsSentence(d);
    case 'run.start':
      return `started break-glass run ${text(d, 'run') ?? text(d, 'number') ?? ''}`.trimEnd();
    case 'run.rotate':
      return `rotated the root password${account(d)} in run ${text(d, 'run') ?? '?'}`;
    case 'run.close':
      return `closed break-glass run ${text(d, 'run') ?? '?'}${text(d, 'outcome') ? ` (${text(d, 'outcome')})` : ''}${text(d, 'seedsExposed') ? `; MFA seed exposed: ${text(d, 'seedsExposed')}` : ''}`;
    case 'run.setting':
      return 'changed the break-glass run settings';
    case 'temp-root.add':
      return `recorded temporary root credentials${account(d)}`;
    case 'temp-root.close':
      return `closed temporary root credentials${account(d)}`;
    case 'inventory.import':
      return `imported the account inventory (${text(d, 'accounts') ?? '?'} accounts)`;
    case 'migration.import':
      return 'imported accounts from KeePass';
    case 'migration.export':
      return `exported a KeePass copy (${text(d, 'entries') ?? '?'} entries)`;
    case 'audit.repair':
      return 'repaired the end of the audit log';
    default:
      return `recorded "${entry.event}"`;
  }
}

/** One sentence for the entry, e.g. "Ana Lima exported the password vault to PW-A onsite." */
export function auditSentence(entry: AuditEntryView): string {
  return `${whoDidIt(entry.actor)} ${predicate(entry)}.`;
}
