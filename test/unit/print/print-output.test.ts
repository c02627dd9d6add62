// Where printed PDFs may go (FORMAT.md §13): only to a new file, by absolute path,
// in an existing folder outside the vault set and never under a store's name; share sheets one file per share.

import { lstat, mkdir, mkdtemp, readdir, readFile, rmdir, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PrintInput } from '../../../src/app/index.js';
import { itWithTools } from '../../support/tools.js';
import { pageTexts, PDFTOTEXT } from '../../support/pdf-text.js';
import { makeVaultSet, PW_CUSTODIANS, type PrintFixture } from '../../support/print-fixture.js';
import { errorOf } from '../../support/errors.js';

const withPoppler = itWithTools([PDFTOTEXT]);
let fixture: PrintFixture;
let out: string;

const exists = (path: string): Promise<boolean> => lstat(path).then(() => true, () => false);

/** The vault set's files (not folders) and their bytes, to show that a refused print changed nothing there. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const names = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name).sort();
  return Object.fromEntries(await Promise.all(names.map(async (name) => [name, (await readFile(join(dir, name))).toString('base64')] as const)));
}

async function auditLength(): Promise<number> {
  return (await fixture.app.listAuditLog()).entries.length;
}

beforeAll(async () => {
  fixture = await makeVaultSet({ label: 'print-output', devices: false });
  out = await mkdtemp(join(tmpdir(), 'bg-print-out-'));
});

describe('printDocument output files', () => {
  it('refuses to overwrite an existing file, and writes nothing', async () => {
    const existing = join(out, 'emergency.pdf');
    await writeFile(existing, 'the custodians’ notes');
    const error = await errorOf(fixture.app.printDocument({ document: 'spec', store: 'password-vault', outFile: existing }));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toBe(`${existing} already exists: choose a new file name; nothing was written.`);
    expect(await readFile(existing, 'utf8')).toBe('the custodians’ notes');
    expect(await exists(existing + '.prev')).toBe(false);
  });

  it('refuses a store, in the vault set or anywhere else, and any *.bgv or *.bgv.prev name', async () => {
    const before = await snapshot(fixture.dir);
    const entries = await auditLength();
    for (const store of ['password-vault', 'mfa-seeds'] as const) {
      for (const document of ['spec', 'paper-backup', 'shares'] as const) {
        const target = join(fixture.dir, `${store === 'password-vault' ? 'mfa-seeds' : 'password-vault'}.bgv`);
        const error = await errorOf(fixture.app.printDocument({ document, store, outFile: target }));
        expect(error.code, `${document} ${store}`).toBe('CONFLICT');
        expect(error.message).toMatch(/is named like a Breakglass store \(\.bgv\): a printed PDF never goes there\. .*nothing was written\.$/);
      }
    }
    const elsewhere = join(out, 'copy-of-vault.bgv');
    await writeFile(elsewhere, 'a store copy');
    for (const name of [elsewhere, join(out, 'new.BGV'), join(out, 'password-vault.bgv.prev')]) {
      expect((await errorOf(fixture.app.printDocument({ document: 'spec', store: 'password-vault', outFile: name }))).code, name).toBe('CONFLICT');
    }
    expect(await readFile(elsewhere, 'utf8')).toBe('a store copy');
    expect(await exists(join(out, 'new.BGV'))).toBe(false);
    expect(await snapshot(fixture.dir)).toEqual(before);
    expect(await auditLength()).toBe(entries);
  });

  it('refuses any path inside the vault set folder, also through a symbolic link', async () => {
    const before = await snapshot(fixture.dir);
    const link = join(out, 'set-link');
    await symlink(fixture.dir, link);
    await mkdir(join(fixture.dir, 'print'), { recursive: true });
    for (const target of [join(fixture.dir, 'spec.pdf'), join(fixture.dir, 'print', 'spec.pdf'), join(link, 'spec.pdf')]) {
      const error = await errorOf(fixture.app.printDocument({ document: 'spec', store: 'mfa-seeds', outFile: target }));
      expect(error.code, target).toBe('CONFLICT');
      expect(error.message).toMatch(/is inside the vault set folder .*: a printed PDF never goes there\. Choose another folder; nothing was written\.$/);
    }
    await expect(readdir(join(fixture.dir, 'print'))).resolves.toEqual([]);
    await rmdir(join(fixture.dir, 'print'));
    expect(await snapshot(fixture.dir)).toEqual(before);
  });

  it('refuses a relative path from the app API, naming it; the CLI resolves its own', async () => {
    const name = `relative-${process.pid}.pdf`;
    const error = await errorOf(fixture.app.printDocument({ document: 'spec', store: 'password-vault', outFile: name }));
    expect(error).toMatchObject({ code: 'VALIDATION', field: 'outFile' });
    expect(error.message).toBe(`The output file must be a full path (starting with /), not "${name}": nothing was written.`);
    expect(await exists(name)).toBe(false);
    await expect(fixture.app.printDocument({ document: 'spec', store: 'password-vault', outFile: '' })).rejects.toThrow(TypeError);
  });

  it('says plainly that a missing folder does not exist (not the store-oriented text)', async () => {
    const folder = join(out, 'no-such-folder');
    const error = await errorOf(fixture.app.printDocument({ document: 'spec', store: 'password-vault', outFile: join(folder, 'spec.pdf') }));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toBe(`The folder ${folder} does not exist: choose an existing folder (or create it first); nothing was written.`);
    expect(error.message).not.toMatch(/store|breakglass init/);
    const file = join(out, 'a-file');
    await writeFile(file, '');
    expect((await errorOf(fixture.app.printDocument({ document: 'spec', store: 'password-vault', outFile: join(file, 'spec.pdf') }))).code).toBe('NOT_FOUND');
  });

  it('writes a single-file document to a new file, mode 0600, and says where', async () => {
    const target = join(out, 'spec.pdf');
    const result = await fixture.app.printDocument({ document: 'spec', store: 'mfa-seeds', outFile: target });
    expect(result.file).toBe(target);
    expect(result.files).toBeUndefined();
    expect((await stat(target)).mode & 0o777).toBe(0o600);
    expect((await readFile(target)).length).toBe(result.bytes);
    expect((await fixture.app.listAuditLog()).entries.at(-1)?.details).toMatchObject({ document: 'spec', destination: 'file', files: 1 });
  });
});

describe('share sheets saved to files', () => {
  withPoppler('writes one PDF per share beside the name given, each holding exactly that custodian’s sheet', async () => {
    const folder = await mkdtemp(join(out, 'shares-'));
    const result = await fixture.app.printDocument({ document: 'shares', store: 'password-vault', outFile: join(folder, 'pw-shares.pdf') });
    const files = [1, 2, 3].map((i) => join(folder, `pw-shares-${i}-of-3.pdf`));
    expect(result.files).toEqual(files);
    expect(result.file).toBeUndefined();
    expect(result.pages).toBe(3);
    expect((await readdir(folder)).sort()).toEqual(files.map((f) => f.slice(folder.length + 1)));
    let total = 0;
    for (const [i, file] of files.entries()) {
      expect((await stat(file)).mode & 0o777, file).toBe(0o600);
      const pdf = new Uint8Array(await readFile(file));
      total += pdf.length;
      const pages = pageTexts(pdf);
      expect(pages, file).toHaveLength(1);
      expect(pages[0]).toContain(`Custodian share ${i + 1} of 3`);
      expect(pages[0]).toContain(PW_CUSTODIANS[i]!.name);
      for (const other of PW_CUSTODIANS.filter((_, j) => j !== i)) expect(pages[0]).not.toContain(other.name);
    }
    expect(result.bytes).toBe(total);
    expect((await fixture.app.listAuditLog()).entries.at(-1)?.details).toMatchObject({ document: 'shares', sheets: 3, files: 3, destination: 'file' });
  });

  it('names the files after a name without .pdf too, and keeps the share numbers of the shares given', async () => {
    const folder = await mkdtemp(join(out, 'given-'));
    const shares = [fixture.shares['mfa-seeds'][2]!.words.join(' '), fixture.shares['mfa-seeds'][0]!.qrText];
    const result = await fixture.app.printDocument({ document: 'shares', store: 'mfa-seeds', shares, outFile: join(folder, 'mfa') });
    expect(result.files).toEqual([join(folder, 'mfa-3-of-3.pdf'), join(folder, 'mfa-1-of-3.pdf')]);
    const twice = await errorOf(fixture.app.printDocument({ document: 'shares', store: 'mfa-seeds', shares: [shares[0]!, shares[0]!], outFile: join(folder, 'again.pdf') }));
    expect(twice.code).toBe('DUPLICATE_SHARE');
    expect(await readdir(folder)).toHaveLength(2);
  });

  it('checks every file before writing any: one existing file refuses them all', async () => {
    const folder = await mkdtemp(join(out, 'taken-'));
    const taken = join(folder, 'pw-shares-3-of-3.pdf');
    await writeFile(taken, 'an older sheet');
    const entries = await auditLength();
    const input: PrintInput = { document: 'shares', store: 'password-vault', outFile: join(folder, 'pw-shares.pdf') };
    const error = await errorOf(fixture.app.printDocument(input));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toBe(`${taken} already exists: choose a new file name; nothing was written.`);
    expect(await readdir(folder)).toEqual(['pw-shares-3-of-3.pdf']);
    expect(await readFile(taken, 'utf8')).toBe('an older sheet');
    expect(await auditLength()).toBe(entries);
    expect(dirname(taken)).toBe(folder);
  });
});
