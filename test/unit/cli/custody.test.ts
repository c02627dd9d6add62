import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../../../src/cli/run.js';
import { runCliInProcess } from '../../support/cli.js';
import { testPorts } from '../../support/ports.js';

const CUSTODIANS = `[password]
Ana Lima, Security lead, ana@example.com
Ben Okafor, Platform
Chen Wei, Audit
[mfa]
Dana Kim, Finance
Eli Cohen, Legal
Fatma Yilmaz, Ops
`;
const MFA = 'mfa group passphrase here';

let root: string;
let dir: string;
let invocation = 0;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'bg-cli-custody-'));
  dir = join(root, 'set');
  await writeFile(join(root, 'custodians.txt'), CUSTODIANS);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const cli = (argv: string[], stdinLines: readonly string[] = []) => runCliInProcess(argv, { ports: testPorts(`cli custody ${invocation++}`), stdin: stdinLines });

/** The words of a share file, as a custodian would type them from the printed sheet. */
async function shareWords(file: string): Promise<string> {
  const content = await readFile(file, 'utf8');
  return [...content.matchAll(/\d+\. (\w+)/g)].map((m) => m[1]).join(' ');
}

/** A vault set whose password vault opens with shares (2 of 3 unless told); returns the share files. */
async function init(custody = 'shares:2-of-3', coalition = 3): Promise<string[]> {
  const result = await cli(
    ['init', dir, '--kdf-profile', 'test', '--require-run', 'off', '--password-custody', custody, '--mfa-custody', 'passphrase', '--custodians', join(root, 'custodians.txt'), '--shares-out', join(root, 'shares')],
    [MFA, MFA],
  );
  expect(result.stderr).toBe('');
  expect(result.code).toBe(EXIT_OK);
  expect(result.stdout).toMatch(new RegExp(`Smallest coalition that can open both stores: ${coalition} people`));
  expect(result.stdout).toMatch(/PRINT each one.*then DESTROY/s);
  return (await readdir(join(root, 'shares'))).sort().map((name) => join(root, 'shares', name));
}

describe('cli custody', () => {
  it('writes one 0600 share file per custodian into a new 0700 directory, never to stdout', async () => {
    const files = await init();
    expect(files.map((f) => f.split('/').pop())).toEqual([
      'password-vault-share-1-of-3-ana-lima.txt',
      'password-vault-share-2-of-3-ben-okafor.txt',
      'password-vault-share-3-of-3-chen-wei.txt',
    ]);
    expect((await stat(join(root, 'shares'))).mode & 0o777).toBe(0o700);
    for (const file of files) expect((await stat(file)).mode & 0o777).toBe(0o600);
    const sheet = await readFile(files[0]!, 'utf8');
    expect(sheet).toMatch(/Custodian:\s+Ana Lima \(Security lead\)/);
    expect(sheet).toMatch(/Share:\s+1 of 3; 2 custodians are needed/);
    expect(sheet).toMatch(/QR text: BGS1:/);
  });

  it('refuses shares custody without --shares-out, and a non-empty shares directory', async () => {
    const missing = await cli(['init', dir, '--kdf-profile', 'test', '--password-custody', 'shares:2-of-3', '--custodians', join(root, 'custodians.txt')], [MFA, MFA]);
    expect(missing.code).toBe(EXIT_USAGE);
    expect(missing.stderr).toMatch(/--shares-out is required/);
    await writeFile(join(root, 'busy'), 'x');
    const busy = await cli(
      ['init', dir, '--kdf-profile', 'test', '--password-custody', 'shares:2-of-3', '--custodians', join(root, 'custodians.txt'), '--shares-out', root],
      [MFA, MFA],
    );
    expect(busy.code).toBe(EXIT_FAILED);
    expect(busy.stderr).toMatch(/is not empty/);
  });

  it('opens the vault with two shares typed from the sheets (one per stdin line)', async () => {
    const files = await init();
    const add = await cli(
      ['account', 'add', dir, '--account', '123456789012', '--name', 'Mgmt', '--class', 'management', '--email', 'root@example.com', '--as', 'Ana Lima, Chen Wei'],
      [await shareWords(files[0]!), await shareWords(files[2]!), 'Root-Password-1!'],
    );
    expect(add).toMatchObject({ code: EXIT_OK, stderr: '' });
    const reveal = await cli(['password', 'reveal', dir, '--account', '123456789012'], [await shareWords(files[1]!), await shareWords(files[0]!)]);
    expect(reveal.stdout).toBe('Root-Password-1!\n');
  });

  it('verifies one share alone and names its holder; refuses a typo naming the word', async () => {
    const files = await init();
    const ok = await cli(['shares', 'verify', join(dir, 'password-vault.bgv')], [await shareWords(files[1]!)]);
    expect(ok.stdout).toMatch(/^Valid: share 2 of 3 \(2 needed\) of the password vault.*issued to Ben Okafor/);
    const words = (await shareWords(files[1]!)).split(' ');
    words[20] = words[20] === 'zoo' ? 'zone' : 'zoo';
    const typo = await cli(['shares', 'verify', join(dir, 'password-vault.bgv')], [words.join(' ')]);
    expect(typo.code).toBe(EXIT_FAILED);
    expect(typo.stderr).toMatch(/Word 21 looks wrong.*\[SHARE_CHECKSUM\]/);
  });

  it('records the check in the vault set\'s audit log with the people named by --as, else the holder', async () => {
    const files = await init();
    await cli(['shares', 'verify', join(dir, 'password-vault.bgv'), '--as', 'Ben Okafor, Zoe Auditor'], [await shareWords(files[1]!)]);
    await cli(['shares', 'verify', join(dir, 'password-vault.bgv')], [await shareWords(files[2]!)]);
    const log = (await readFile(join(dir, 'audit-log.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { event: string; actor: string[] });
    expect(log.filter((e) => e.event === 'shares.verify').map((e) => e.actor)).toEqual([['Ben Okafor', 'Zoe Auditor'], ['Chen Wei']]);
  });

  it('lists custodians and the coalition without any key', async () => {
    await init();
    const list = await cli(['custodians', 'list', join(dir, 'password-vault.bgv')]);
    expect(list.stdout).toMatch(/Opened with:\s+2-of-3 shares/);
    expect(list.stdout).toMatch(/1\s+Ana Lima\s+Security lead\s+ana@example.com/);
    expect(list.stdout).toMatch(/Smallest coalition that can open both stores: 3 people/);
    const json = JSON.parse((await cli(['custodians', 'list', join(dir, 'mfa-seeds.bgv'), '--json'])).stdout);
    expect(json).toMatchObject({ store: 'mfa-seeds', passphrase: true, smallestCoalition: { size: 3 } });
  });

  it('rotates with new shares and the old ones are refused as revoked', async () => {
    const files = await init();
    const oldShares = [await shareWords(files[0]!), await shareWords(files[1]!)];
    const rotated = await cli(['rotate', join(dir, 'password-vault.bgv'), '--shares-out', join(root, 'new-shares')], oldShares);
    expect(rotated.stderr).toBe('');
    expect(rotated.stdout).toMatch(/Rotated the password vault.*generation 2.*is revoked/s);
    const again = await cli(['account', 'list', dir], oldShares);
    expect(again.code).toBe(EXIT_FAILED);
    expect(again.stderr).toMatch(/this share belongs to revoked share set .*\[REVOKED_SHARE\]/);
    const fresh = (await readdir(join(root, 'new-shares'))).sort().map((n) => join(root, 'new-shares', n));
    const list = await cli(['account', 'list', dir], [await shareWords(fresh[0]!), await shareWords(fresh[2]!)]);
    expect(list.code).toBe(EXIT_OK);
  });

  it('refuses a custodians file that puts one person in both groups, unless the override reason is given', async () => {
    await writeFile(join(root, 'overlap.txt'), CUSTODIANS.replace('Fatma Yilmaz', 'Ben Okafor'));
    const args = ['init', dir, '--kdf-profile', 'test', '--password-custody', 'shares:2-of-3', '--mfa-custody', 'shares:2-of-3', '--custodians', join(root, 'overlap.txt'), '--shares-out', join(root, 's')];
    const refused = await cli(args);
    expect(refused.code).toBe(EXIT_FAILED);
    expect(refused.stderr).toMatch(/Ben Okafor would be a custodian of both.*\[SEGREGATION\]/);
    const allowed = await cli([...args, '--allow-shared-custodian', 'Only three staff at the DR site this year']);
    expect(allowed.code).toBe(EXIT_OK);
    expect(allowed.stdout).toMatch(/Segregation override recorded for: Ben Okafor/);
    expect(allowed.stdout).toMatch(/Smallest coalition that can open both stores: 3 people/);
  });

  describe('shares on stdin that end before the threshold (FORMAT.md §12.4 order)', () => {
    const reveal = (lines: readonly string[]) => cli(['password', 'reveal', dir, '--account', '123456789012'], lines);

    it('reports a garbage share line followed by end of input as that share’s error, not QUORUM', async () => {
      await init();
      const result = await reveal(['this is not a share at all']);
      expect(result.code).toBe(EXIT_FAILED);
      expect(result.stderr).toMatch(/share 1\b.*\[SHARE_CHECKSUM\]/i);
      expect(result.stderr).not.toMatch(/QUORUM/);
    });

    it('names a bad share after good ones, and a repeated share as DUPLICATE_SHARE', async () => {
      const words = await Promise.all((await init('shares:3-of-3', 4)).map(shareWords));
      const typo = (words[1] as string).split(' ');
      typo[20] = typo[20] === 'zoo' ? 'zone' : 'zoo';
      expect((await reveal([words[0] as string, typo.join(' ')])).stderr).toMatch(/share 2\b.*Word 21 looks wrong.*\[SHARE_CHECKSUM\]/is);
      expect((await reveal([words[0] as string, words[0] as string])).stderr).toMatch(/share 2 is custodian share #1 again.*\[DUPLICATE_SHARE\]/);
      expect((await reveal([words[0] as string, words[2] as string])).stderr).toMatch(
        /2 of the 3 shares needed to open the password vault were given: 1 more custodian.s share is needed.*\[QUORUM\]/,
      );
    });
  });
});
