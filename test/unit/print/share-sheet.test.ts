import { beforeAll, describe, expect, it } from 'vitest';
import { groupHex, renderShareSheets, type ShareSheetInput } from '../../../src/print/index.js';
import { itWithTools } from '../../support/tools.js';
import { overlappingWords, pageCount, pageTexts, pageWords, PDFTOTEXT, wordBoxes, wordsOffPage } from '../../support/pdf-text.js';
import { makeVaultSet, MFA_CUSTODIANS, PW_CUSTODIANS, type PrintFixture } from '../../support/print-fixture.js';

const OPTIONS = { paper: 'A4', printedAt: '2026-11-22T08:00:00Z' } as const;
const withPoppler = itWithTools([PDFTOTEXT]);
let fixture: PrintFixture;
let pw: ShareSheetInput[];
let mfa: ShareSheetInput[];

beforeAll(async () => {
  fixture = await makeVaultSet({ label: 'share-sheet' });
  pw = await fixture.sheets('password-vault');
  mfa = await fixture.sheets('mfa-seeds');
});

describe('share-sheet', () => {
  withPoppler('prints one page per share with store, set ids, k-of-n, index, custodian, words and fields', async () => {
    const pdf = await renderShareSheets(pw, OPTIONS);
    const pages = pageWords(pdf);
    expect(pages).toHaveLength(3);
    expect(pageCount(pdf)).toBe(3);
    pw.forEach((share, i) => {
      const page = pages[i] as string;
      const custodian = PW_CUSTODIANS[i]!;
      expect(page).toContain('PASSWORD VAULT CUSTODIAN SHARE SHEET');
      expect(page).toContain(`Custodian share ${i + 1} of 3`);
      expect(page).toContain('Any 2 of these 3 shares together open the password vault. This one alone opens nothing.');
      expect(page).toContain(`Share ${i + 1} of 3 · threshold 2`);
      expect(page).toContain(`CUSTODIAN ${custodian.name} ${custodian.role} · ${custodian.contact}`);
      expect(page).toContain(`Vault set ${groupHex(share.setId)}`);
      expect(page).toContain(`Share set ${groupHex(share.shareSetId)}`);
      expect(page).toContain(`Issued ${share.issuedAt.slice(0, 10)}`);
      expect(page).toContain('Tamper-evident envelope / bag number');
      expect(page).toContain(`Signature of ${custodian.name}`);
      // The 54 words, numbered, in order.
      expect(page).toContain(share.words.map((word, n) => `${n + 1} ${word}`).join(' '));
      expect(page).toContain(`page ${i + 1} of 3`);
      expect(page).toContain(groupHex(share.fingerprint));
      // Nothing of the other shares on this page.
      for (const other of pw.filter((s) => s.index !== share.index)) expect(page).not.toContain(other.words.map((word, n) => `${n + 1} ${word}`).join(' '));
    });
  });

  withPoppler('says nothing about the other store', async () => {
    const pdf = await renderShareSheets(pw, OPTIONS);
    const text = pageTexts(pdf).join('\n');
    // The shares are random (shamir-secret-sharing draws its own randomness), and "seed" is a BIP-39 word:
    // the sheet's own words are left out, so only what the sheet says about itself is judged.
    const ownWords = new Set(pw.flatMap((share) => share.words));
    const prose = text.split(/(\s+)/).filter((token) => !ownWords.has(token)).join('');
    expect(prose).not.toMatch(/MFA|seed/i);
    for (const custodian of MFA_CUSTODIANS) expect(text).not.toContain(custodian.name);
    expect(text).not.toContain(groupHex(mfa[0]!.shareSetId));
    for (const share of mfa) expect(text).not.toContain(share.words.slice(0, 6).join(' '));

    const mfaText = pageTexts(await renderShareSheets(mfa, OPTIONS)).join('\n');
    expect(mfaText).toContain('MFA SEED STORE');
    expect(mfaText).not.toMatch(/password vault/i);
    for (const custodian of PW_CUSTODIANS) expect(mfaText).not.toContain(custodian.name);
  });

  withPoppler('prints the envelope number when it is known', async () => {
    const pdf = await renderShareSheets([{ ...pw[0]!, envelopeNumber: 'TE-0042-A' }], OPTIONS);
    expect(pageWords(pdf)[0]).toContain('TE-0042-A');
    expect(pageWords(await renderShareSheets([pw[0]!], OPTIONS))[0]).not.toContain('TE-0042-A');
  });

  withPoppler('sets the longest bag number (64 characters) smaller, inside its box and over nothing else', async () => {
    const long = 'TB-' + '0123456789'.repeat(6) + '/';
    expect(long).toHaveLength(64);
    for (const paper of ['A4', 'Letter'] as const) {
      const pdf = await renderShareSheets([{ ...pw[0]!, envelopeNumber: long }], { ...OPTIONS, paper });
      const box = wordBoxes(pdf).find((b) => b.word === long);
      const label = wordBoxes(pdf).find((b) => b.word === 'Sealed');
      expect(box, paper).toBeDefined();
      // The "Sealed on … by" box starts 16 pt right of the bag box: the number ends before it.
      expect(box!.xMax, paper).toBeLessThan(label!.xMin - 16);
      expect(overlappingWords(pdf), paper).toEqual([]);
      expect(wordsOffPage(pdf), paper).toEqual([]);
    }
  });

  withPoppler('extracts Cyrillic and Greek names exactly, in the embedded font', async () => {
    const pdf = await renderShareSheets(pw, OPTIONS);
    const pages = pageTexts(pdf);
    expect(pages[1]).toContain('Борис Петров');
    expect(pages[1]).toContain('Руководитель SecOps');
    expect(pages[2]).toContain('Γιώργος Παπαδόπουλος');
    expect(pages[2]).toContain('Πλατφόρμα');
    const raw = new TextDecoder('latin1').decode(pdf);
    expect(raw).toMatch(/DejaVuSans/);
    expect(raw).not.toMatch(/\/BaseFont \/Helvetica/);
  });

  withPoppler('keeps every word on the page and off the others, on A4 and US Letter', async () => {
    for (const paper of ['A4', 'Letter'] as const) {
      for (const sheets of [pw, mfa]) {
        const pdf = await renderShareSheets(sheets, { ...OPTIONS, paper });
        expect(wordsOffPage(pdf), `${paper} ${sheets[0]!.store}`).toEqual([]);
        expect(overlappingWords(pdf), `${paper} ${sheets[0]!.store}`).toEqual([]);
      }
    }
  });

  withPoppler('wraps a long role and contact instead of running off the page', async () => {
    const long = { ...pw[1]!, role: 'Head of cloud security engineering, incident response and governance', contact: 'a.very.long.address@security.example.com · +44 20 7946 0000 · desk 4.17' };
    const pdf = await renderShareSheets([long], { ...OPTIONS, paper: 'Letter' });
    expect(wordsOffPage(pdf)).toEqual([]);
    expect(pageWords(pdf)[0]).toContain('desk 4.17');
  });

  it('refuses a sheet that cannot fit one page rather than overlap its footer', async () => {
    const absurd = { ...pw[0]!, role: 'role '.repeat(200) };
    await expect(renderShareSheets([absurd], { ...OPTIONS, paper: 'Letter' })).rejects.toThrow(/too long to fit the sheet on Letter paper/);
  });

  it('refuses words and QR text of different shares, mixed stores, and bad options', async () => {
    await expect(renderShareSheets([{ ...pw[0]!, words: pw[1]!.words }], OPTIONS)).rejects.toThrow(/the words and the QR text are not the same share/);
    await expect(renderShareSheets([{ ...pw[0]!, index: 2 }], OPTIONS)).rejects.toThrow(/QR text is not share 2 of 3/);
    await expect(renderShareSheets([{ ...pw[0]!, store: 'mfa-seeds' }], OPTIONS)).rejects.toThrow(RangeError);
    await expect(renderShareSheets([pw[0]!, mfa[0]!], OPTIONS)).rejects.toThrow(/same store and vault set/);
    await expect(renderShareSheets([], OPTIONS)).rejects.toThrow(TypeError);
    await expect(renderShareSheets(pw, { paper: 'A3' as 'A4', printedAt: OPTIONS.printedAt })).rejects.toThrow(/options.paper must be 'A4' or 'Letter'/);
    await expect(renderShareSheets([{ ...pw[0]!, custodian: ' ' }], OPTIONS)).rejects.toThrow(/custodian must be a name/);
  });
});
