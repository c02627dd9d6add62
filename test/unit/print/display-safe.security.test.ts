// Names stored before bidi and invisible characters were refused print with those characters visible as
// ⟨U+XXXX⟩ — on emergency sheets and share sheets — never raw, so a page cannot be spoofed. FORMAT.md §13.1.

import { describe, expect } from 'vitest';
import { renderEmergencySheet, renderShareSheets, type EmergencySheetInput } from '../../../src/print/index.js';
import { itWithTools } from '../../support/tools.js';
import { pageWords, PDFTOTEXT } from '../../support/pdf-text.js';
import { makeVaultSet } from '../../support/print-fixture.js';

const withPoppler = itWithTools([PDFTOTEXT]);
const OPTIONS = { paper: 'A4', printedAt: '2026-11-22T08:00:00Z' } as const;
const RAW = /[\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/u;

const SHEET: EmergencySheetInput = {
  store: 'password-vault',
  vaultSetDir: '/home/custodian/breakglass',
  setId: '0f'.repeat(16),
  generation: 7,
  fingerprint: 'ab'.repeat(32),
  fileSize: 18_339,
  opensWith: { passphrase: true },
  custodians: [{ name: 'Ana \u202eamiL', role: 'CISO\u200b', shareIndex: null }],
  accounts: [{ accountId: '123456789012', name: 'Prod \u202eTSET', accountClass: 'management', mfaDevices: ['root\u2066-mfa (virtual)'] }],
  copies: [{ label: 'PW-A\u200d', location: 'Safe A', generation: 7 }],
  locations: 'Safe code held by\u200e facilities',
  lastDrill: null,
};

describe('display-safe printing (security)', () => {
  withPoppler('prints bidi controls and invisible characters of stored names as ⟨U+XXXX⟩ on the emergency sheet', async () => {
    const text = pageWords(await renderEmergencySheet(SHEET, OPTIONS)).join(' ');
    for (const visible of ['Ana ⟨U+202E⟩amiL', 'CISO⟨U+200B⟩', 'Prod ⟨U+202E⟩TSET', 'root⟨U+2066⟩-mfa', 'PW-A⟨U+200D⟩', 'by⟨U+200E⟩ facilities']) {
      expect(text).toContain(visible);
    }
    expect(text).not.toMatch(RAW);
  });

  withPoppler('prints them as ⟨U+XXXX⟩ on a share sheet, its band and its signature line', async () => {
    const fixture = await makeVaultSet({ label: 'display-safe' });
    const [sheet] = await fixture.sheets('password-vault');
    const pdf = await renderShareSheets([{ ...sheet!, custodian: 'Ana \u202eamiL', role: 'CISO\u200b', contact: 'ana@\u2066example.com' }], OPTIONS);
    const text = pageWords(pdf).join(' ');
    expect(text).toContain('Ana ⟨U+202E⟩amiL');
    expect(text).toContain('Signature of Ana ⟨U+202E⟩amiL');
    expect(text).toContain('CISO⟨U+200B⟩ · ana@⟨U+2066⟩example.com');
    expect(text).toMatch(/share 1 of 3 · Ana ⟨U\+202E⟩amiL/);
    expect(text).not.toMatch(RAW);
  });
});
