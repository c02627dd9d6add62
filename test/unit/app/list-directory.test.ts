// The path chooser's folder listing over real temporary folders: the order, what is left out, where an empty
// field starts, symbolic links, the refusals' words, and that a listing never opens a file.

import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBreakglassApp, type BreakglassApp } from '../../../src/app/index.js';
import { listingRefusal, MAX_DIRECTORY_ENTRIES } from '../../../src/app/directory-listing.js';
import { testPorts } from '../../support/ports.js';
import { outcomeOf } from '../../support/errors.js';

async function expectBreakglassError(promise: Promise<unknown>, code: string, message: string): Promise<void> {
  expect(await outcomeOf(promise)).toBe(`${code}: ${message}`);
}

let root: string;
let home: string;
let app: BreakglassApp;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'bg-list-'));
  home = join(root, 'home');
  await mkdir(home);
  app = createBreakglassApp({ ...testPorts('list-directory'), homeDirectory: home });
});
afterEach(async () => {
  await chmod(join(root, 'open', 'locked'), 0o700).catch(() => undefined);
  await rm(root, { recursive: true, force: true });
});

describe('listDirectory', () => {
  it('lists folders first, then files, each by name (case aside), with file sizes, and leaves hidden entries out', async () => {
    await mkdir(join(root, 'b-folder'));
    await mkdir(join(root, 'A-folder'));
    await mkdir(join(root, '.hidden-folder'));
    await writeFile(join(root, 'z.pdf'), 'x'.repeat(12));
    await writeFile(join(root, 'a.png'), '');
    await writeFile(join(root, 'B.txt'), 'abc');
    await writeFile(join(root, '.hidden-file'), 'secret');
    const listing = await app.listDirectory({ path: root });
    expect(listing).toEqual({
      path: root,
      parent: tmpdir(),
      entries: [
        { name: 'A-folder', kind: 'directory' },
        { name: 'b-folder', kind: 'directory' },
        { name: 'home', kind: 'directory' },
        { name: 'a.png', kind: 'file', size: 0 },
        { name: 'B.txt', kind: 'file', size: 3 },
        { name: 'z.pdf', kind: 'file', size: 12 },
      ],
      truncated: false,
      total: 6,
    });
  });

  it('gives the full path with "." and ".." resolved, and no parent at /', async () => {
    await mkdir(join(root, 'a', 'b'), { recursive: true });
    expect((await app.listDirectory({ path: `${root}/a/b/../.` })).path).toBe(join(root, 'a'));
    expect((await app.listDirectory({ path: `  ${root}/a/  ` })).path).toBe(join(root, 'a'));
    const top = await app.listDirectory({ path: '/' });
    expect(top.path).toBe('/');
    expect(top.parent).toBeNull();
  });

  it('starts an empty field at the start folder the caller names when it exists, else at home; "~" is home', async () => {
    await writeFile(join(home, 'in-home.txt'), '');
    await mkdir(join(root, 'media'));
    expect((await app.listDirectory({ path: '' })).path).toBe(home);
    expect((await app.listDirectory({})).entries).toEqual([{ name: 'in-home.txt', kind: 'file', size: 0 }]);
    expect((await app.listDirectory({ path: '', start: join(root, 'media') })).path).toBe(join(root, 'media'));
    expect((await app.listDirectory({ start: join(root, 'no-such-media') })).path).toBe(home);
    expect((await app.listDirectory({ start: join(home, 'in-home.txt') })).path).toBe(home);
    expect((await app.listDirectory({ path: '~' })).path).toBe(home);
    await mkdir(join(home, 'scans'));
    expect((await app.listDirectory({ path: '~/scans' })).path).toBe(join(home, 'scans'));
  });

  it('follows symbolic links for their kind and leaves broken (and looping) links out', async () => {
    await mkdir(join(root, 'real-folder'));
    await writeFile(join(root, 'real.pdf'), 'pdf!');
    await symlink(join(root, 'real-folder'), join(root, 'link-to-folder'));
    await symlink(join(root, 'real.pdf'), join(root, 'link-to-file.pdf'));
    await symlink(join(root, 'gone'), join(root, 'broken-link'));
    await symlink(join(root, 'loop-b'), join(root, 'loop-a'));
    await symlink(join(root, 'loop-a'), join(root, 'loop-b'));
    const listing = await app.listDirectory({ path: root });
    expect(listing.entries).toEqual([
      { name: 'home', kind: 'directory' },
      { name: 'link-to-folder', kind: 'directory' },
      { name: 'real-folder', kind: 'directory' },
      { name: 'link-to-file.pdf', kind: 'file', size: 4 },
      { name: 'real.pdf', kind: 'file', size: 4 },
    ]);
    // A linked folder opens like any other, under the name it was reached by.
    expect((await app.listDirectory({ path: join(root, 'link-to-folder') })).path).toBe(join(root, 'link-to-folder'));
  });

  it('lists at most 2,000 entries and says how many there are', async () => {
    const many = join(root, 'many');
    await mkdir(many);
    for (let i = 0; i < MAX_DIRECTORY_ENTRIES + 5; i++) await writeFile(join(many, `scan-${String(i).padStart(4, '0')}.png`), '');
    const listing = await app.listDirectory({ path: many });
    expect(listing.entries).toHaveLength(MAX_DIRECTORY_ENTRIES);
    expect(listing.entries[0]?.name).toBe('scan-0000.png');
    expect(listing.truncated).toBe(true);
    expect(listing.total).toBe(MAX_DIRECTORY_ENTRIES + 5);
  });

  it('refuses a folder that does not exist, in words for the app', async () => {
    const missing = join(root, 'no-such-folder');
    await expectBreakglassError(app.listDirectory({ path: missing }), 'NOT_FOUND', `There is no folder ${missing}: choose another.`);
  });

  it('refuses a file as a folder, and a path that is not a full one', async () => {
    await writeFile(join(root, 'share.png'), 'not a folder');
    await expectBreakglassError(app.listDirectory({ path: join(root, 'share.png') }), 'VALIDATION', `${join(root, 'share.png')} is a file, not a folder: choose the folder that holds it.`);
    await expectBreakglassError(app.listDirectory({ path: 'relative/scans' }), 'VALIDATION', 'relative/scans is not a full path: give one that starts with /, or choose a folder.');
  });

  it('words a permission refusal for the app (EACCES and EPERM alike)', () => {
    for (const code of ['EACCES', 'EPERM']) {
      const error = listingRefusal(Object.assign(new Error('denied'), { code }), '/root/private');
      expect([error.code, error.message, error.field]).toEqual(['IO', 'You may not look inside /root/private (permission denied): choose another folder.', 'path']);
    }
    const other = listingRefusal(Object.assign(new Error('io'), { code: 'EIO' }), '/media/usb');
    expect(other.message).toBe('Cannot list /media/usb (EIO): choose another folder.');
  });

  // Root reads every folder: as root, the listing runs (from the build) as the user nobody.
  it('refuses a folder it may not read (permission denied)', async () => {
    const open = join(root, 'open');
    const locked = join(open, 'locked');
    await mkdir(locked, { recursive: true });
    await writeFile(join(locked, 'inside.txt'), '');
    await chmod(root, 0o755);
    await chmod(open, 0o755);
    await chmod(locked, 0o000);
    const expected = `IO: You may not look inside ${locked} (permission denied): choose another folder.`;
    if (process.getuid?.() !== 0) {
      expect(await outcomeOf(app.listDirectory({ path: locked }))).toBe(expected);
      return;
    }
    const module = new URL('../../../dist/src/app/directory-listing.js', import.meta.url).pathname;
    const script = `import(${JSON.stringify(module)}).then((m) => m.listFolder({ path: process.argv[1] }, '/')).then(() => console.log('ok'), (e) => console.log(e.code + ': ' + e.message))`;
    const output = execFileSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '-e', script, locked], { encoding: 'utf8' });
    expect(output.trim()).toBe(expected);
  });

  it('lists a file it may not read by name and size: a listing never opens a file', async () => {
    await writeFile(join(root, 'unreadable.kdbx'), 'twelve bytes');
    await chmod(join(root, 'unreadable.kdbx'), 0o000);
    const listing = await app.listDirectory({ path: root });
    expect(listing.entries).toContainEqual({ name: 'unreadable.kdbx', kind: 'file', size: 12 });
  });
});
