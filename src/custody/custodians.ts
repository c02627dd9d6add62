// Custodians as people enter them: name checks, assignment of share indexes, and the custodians file
// written for `init` and `rotate`. The register itself is stores/custody-record.ts. FORMAT.md §12.4.

import { BreakglassError } from '../errors.js';
import { hasControlCharacters } from '../stores/account-fields.js';
import { registerNameKey, type Custodian } from '../stores/custody-record.js';
import { refuseInvisibleCharacters } from '../stores/invisible-text.js';
import { personKey } from './person-names.js';

export { personKey } from './person-names.js';
export type { Custodian, CustodyRecord, SegregationOverride } from '../stores/custody-record.js';

export interface CustodianInput {
  readonly name: string;
  readonly role?: string;
  readonly contact?: string;
}


function text(value: unknown, field: string, label: string, min: number, max: number): string {
  if (typeof value === 'string') refuseInvisibleCharacters(value, `custodian ${label}`, field);
  const trimmed = typeof value === 'string' ? value.trim().replace(/\s+/g, ' ').normalize('NFC') : value === undefined ? '' : null;
  if (trimmed === null || [...trimmed].length < min || [...trimmed].length > max || hasControlCharacters(trimmed, false) || !trimmed.isWellFormed()) {
    throw new BreakglassError('VALIDATION', `Invalid custodian ${label} ${JSON.stringify(value)}: give ${min}–${max} printable characters.`, { field });
  }
  return trimmed;
}

export function checkCustodianInput(input: CustodianInput): Required<CustodianInput> {
  return {
    name: text(input?.name, 'custodian', 'name', 1, 128),
    role: text(input?.role, 'role', 'role', 0, 128),
    contact: text(input?.contact, 'contact', 'contact', 0, 256),
  };
}

/** Builds a register: share holders get indexes 1…n in the order given; extra names hold the passphrase. */
export function assignCustodians(inputs: readonly CustodianInput[], shareCount: number, issuedAt: string): Custodian[] {
  const checked = inputs.map(checkCustodianInput);
  const keys = new Map<string, string>();
  for (const c of checked) {
    const earlier = keys.get(personKey(c.name));
    if (earlier !== undefined) {
      const same = registerNameKey(earlier) === registerNameKey(c.name) ? 'is listed twice' : `is listed twice: it looks the same as "${earlier}"`;
      throw new BreakglassError('VALIDATION', `Custodian "${c.name}" ${same}. Each person holds at most one share of a store.`, {
        field: 'custodian',
      });
    }
    keys.set(personKey(c.name), c.name);
  }
  if (shareCount > 0 && checked.length !== shareCount) {
    throw new BreakglassError(
      'VALIDATION',
      `${shareCount} shares need ${shareCount} named custodians, one per share; ${checked.length} were given.`,
      { field: 'custodian' },
    );
  }
  return checked.map((c, i) => ({ ...c, shareIndex: shareCount > 0 ? i + 1 : null, issuedAt }));
}

/**
 * Parses a custodians file: `[password]` and `[mfa]` sections of `name,role[,contact]` lines; blank lines
 * and lines starting with # are ignored.
 */
export function parseCustodiansFile(textContent: string): { password: CustodianInput[]; mfa: CustodianInput[] } {
  const groups: { password: CustodianInput[]; mfa: CustodianInput[] } = { password: [], mfa: [] };
  let section: 'password' | 'mfa' | undefined;
  textContent.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const header = /^\[(password|mfa)\]$/i.exec(line);
    if (header) {
      section = (header[1] as string).toLowerCase() as 'password' | 'mfa';
      return;
    }
    if (!section) {
      throw new BreakglassError('VALIDATION', `Custodians file line ${i + 1}: put names under a [password] or [mfa] heading first.`, {
        field: 'custodians',
      });
    }
    const [name, role = '', ...contact] = line.split(',').map((part) => part.trim());
    try {
      groups[section].push(checkCustodianInput({ name: name ?? '', role, contact: contact.join(',') }));
    } catch (error) {
      throw new BreakglassError('VALIDATION', `Custodians file line ${i + 1}: ${(error as Error).message}`, { field: 'custodians' });
    }
  });
  return groups;
}
