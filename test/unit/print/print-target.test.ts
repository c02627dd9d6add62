// Where a printed PDF and a store rebuilt from paper may be written (FORMAT.md §13 and §13.5): the rules over
// what the file system was found to hold, each refusal beside the file that passes.

import { describe, expect, it } from 'vitest';
import { bytesToHex } from '@noble/hashes/utils.js';
import { checkPrintTarget, checkRestoreTarget, refuseStoreName, shareSheetFiles, type PrintTargetFacts } from '../../../src/print/print-target.js';
import { seededRng } from '../../support/ports.js';
import { buildVault } from '../../support/stores.js';
import { errorOf } from '../../support/errors.js';

const refusal = (check: () => unknown) => errorOf(Promise.resolve().then(check));
const SET_DIR = '/srv/vault-set';
const fine: PrintTargetFacts = { folder: { state: 'folder', realPath: '/home/alice/print' }, vaultSetRealPath: SET_DIR, target: { state: 'absent' } };

describe('refuseStoreName', () => {
  it('refuses *.bgv and *.bgv.prev in any case, and lets a PDF name pass', async () => {
    for (const name of ['/x/password-vault.bgv', '/x/COPY.BGV', '/x/mfa-seeds.bgv.prev']) {
      const error = await refusal(() => refuseStoreName(name));
      expect(error.code, name).toBe('CONFLICT');
      expect(error.message).toBe(`${name} is named like a Breakglass store (.bgv): a printed PDF never goes there. Choose a name ending in .pdf; nothing was written.`);
    }
    expect(() => refuseStoreName('/x/vault.bgv.pdf')).not.toThrow();
  });
});

describe('checkPrintTarget', () => {
  it('accepts a new file in an existing folder outside the vault set', () => {
    expect(() => checkPrintTarget('/home/alice/print/emergency.pdf', SET_DIR, fine)).not.toThrow();
  });

  it('refuses a store name before anything the file system said', async () => {
    expect((await refusal(() => checkPrintTarget('/home/alice/print/x.bgv', SET_DIR, { ...fine, folder: { state: 'absent' } }))).code).toBe('CONFLICT');
  });

  it('says that a missing folder does not exist, that a file is not a folder, and why a folder could not be checked', async () => {
    const out = '/home/alice/missing/emergency.pdf';
    const missing = await refusal(() => checkPrintTarget(out, SET_DIR, { ...fine, folder: { state: 'absent' } }));
    expect([missing.code, missing.message]).toEqual(['NOT_FOUND', 'The folder /home/alice/missing does not exist: choose an existing folder (or create it first); nothing was written.']);
    const notFolder = await refusal(() => checkPrintTarget(out, SET_DIR, { ...fine, folder: { state: 'not-folder' } }));
    expect([notFolder.code, notFolder.message]).toEqual(['NOT_FOUND', '/home/alice/missing is not a folder: choose an existing folder for the PDF; nothing was written.']);
    const unreadable = await refusal(() => checkPrintTarget(out, SET_DIR, { ...fine, folder: { state: 'unreadable', reason: 'EACCES' } }));
    expect([unreadable.code, unreadable.message]).toEqual(['IO', 'Cannot check the folder /home/alice/missing before writing to it (EACCES): nothing was written.']);
  });

  it('refuses the vault-set folder and any folder inside it by real path, but not a sibling sharing its prefix', async () => {
    for (const realPath of [SET_DIR, `${SET_DIR}/sub`, `${SET_DIR}/sub/deeper`]) {
      const error = await refusal(() => checkPrintTarget('/home/alice/link/out.pdf', SET_DIR, { ...fine, folder: { state: 'folder', realPath } }));
      expect(error.code, realPath).toBe('CONFLICT');
      expect(error.message).toMatch(/^\/home\/alice\/link\/out\.pdf is inside the vault set folder \/srv\/vault-set, which holds the stores/);
    }
    expect(() => checkPrintTarget('/srv/vault-set-prints/out.pdf', SET_DIR, { ...fine, folder: { state: 'folder', realPath: '/srv/vault-set-prints' } })).not.toThrow();
  });

  it('refuses an existing file, and one that could not be checked', async () => {
    const out = '/home/alice/print/emergency.pdf';
    const exists = await refusal(() => checkPrintTarget(out, SET_DIR, { ...fine, target: { state: 'present' } }));
    expect([exists.code, exists.message]).toEqual(['CONFLICT', `${out} already exists: choose a new file name; nothing was written.`]);
    const unchecked = await refusal(() => checkPrintTarget(out, SET_DIR, { ...fine, target: { state: 'unreadable', reason: 'ELOOP' } }));
    expect([unchecked.code, unchecked.message]).toEqual(['IO', `Cannot check ${out} before writing it (ELOOP): nothing was written.`]);
  });
});

describe('shareSheetFiles', () => {
  it('names one file per share next to the one given, with or without .pdf', () => {
    const sheets = [
      { index: 1, count: 3 },
      { index: 3, count: 3 },
    ];
    expect(shareSheetFiles('/x/pw-shares.pdf', sheets)).toEqual(['/x/pw-shares-1-of-3.pdf', '/x/pw-shares-3-of-3.pdf']);
    expect(shareSheetFiles('/x/pw-shares', sheets)).toEqual(['/x/pw-shares-1-of-3.pdf', '/x/pw-shares-3-of-3.pdf']);
    expect(shareSheetFiles('/x/PW.PDF', [{ index: 2, count: 5 }])).toEqual(['/x/PW-2-of-5.pdf']);
  });

  it('refuses a share given twice with DUPLICATE_SHARE, and a store name with CONFLICT', async () => {
    const twice = await refusal(() => shareSheetFiles('/x/s.pdf', [{ index: 2, count: 3 }, { index: 2, count: 3 }]));
    expect([twice.code, twice.message]).toEqual(['DUPLICATE_SHARE', "Share 2 is given twice: each custodian's sheet is its own file, so give each share once. Nothing was written."]);
    expect((await refusal(() => shareSheetFiles('/x/password-vault.bgv', [{ index: 1, count: 2 }]))).code).toBe('CONFLICT');
  });
});

describe('checkRestoreTarget', () => {
  const storeAtGeneration2 = () => buildVault({ rng: seededRng('restore-target'), nowMs: Date.UTC(2026, 10, 22), passphrase: 'restore target passphrase', generation: 2 }, []);

  it('writes where nothing is, and over an older or equal generation of the same store', async () => {
    const older = await storeAtGeneration2();
    const setIdHex = bytesToHex(older.setId);
    expect(() => checkRestoreTarget('/x/pw.bgv', { state: 'absent' }, { kind: 'password-vault', setIdHex, generation: 1 })).not.toThrow();
    for (const generation of [2, 3]) {
      expect(() => checkRestoreTarget('/x/pw.bgv', { state: 'read', bytes: older.bytes }, { kind: 'password-vault', setIdHex, generation })).not.toThrow();
    }
  });

  it('refuses a newer generation, another store or vault set, a file that is not a store, and an unreadable file', async () => {
    const store = await storeAtGeneration2();
    const setIdHex = bytesToHex(store.setId);
    const read = { state: 'read', bytes: store.bytes } as const;
    const newer = await refusal(() => checkRestoreTarget('/x/pw.bgv', read, { kind: 'password-vault', setIdHex, generation: 1 }));
    expect([newer.code, newer.message]).toEqual([
      'CONFLICT',
      "/x/pw.bgv holds generation 2 of the password vault, newer than the paper backup's generation 1: nothing was written. Restore to another file if you really need the older one.",
    ]);
    const otherKind = await refusal(() => checkRestoreTarget('/x/pw.bgv', read, { kind: 'mfa-seeds', setIdHex, generation: 5 }));
    expect(otherKind.code).toBe('WRONG_STORE');
    expect(otherKind.message).toBe(
      `/x/pw.bgv holds the password vault of vault set ${setIdHex.slice(0, 8)} …, not the MFA seed store of vault set ${setIdHex.slice(0, 8)} … that the scans hold: nothing was written. Choose another output file.`,
    );
    expect((await refusal(() => checkRestoreTarget('/x/pw.bgv', read, { kind: 'password-vault', setIdHex: 'ff'.repeat(16), generation: 5 }))).code).toBe('WRONG_STORE');
    const notStore = await refusal(() => checkRestoreTarget('/x/notes.txt', { state: 'read', bytes: new TextEncoder().encode('notes') }, { kind: 'password-vault', setIdHex, generation: 5 }));
    expect([notStore.code, notStore.message]).toEqual([
      'CONFLICT',
      '/x/notes.txt exists and is not a readable Breakglass store: nothing was written. Choose another output file (or move that file away first).',
    ]);
    const unreadable = await refusal(() => checkRestoreTarget('/x/pw.bgv', { state: 'unreadable', reason: 'EISDIR' }, { kind: 'password-vault', setIdHex, generation: 5 }));
    expect([unreadable.code, unreadable.message]).toEqual(['IO', 'Cannot check /x/pw.bgv before writing it (EISDIR). Nothing was written.']);
  });
});
