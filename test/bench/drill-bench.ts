// The drill's bench row: the machine time of a full drill of a 500-account vault set — two 3-of-5 share
// sets, four drives, both paper backups — against the ≤ 60 s target (typing excluded). FORMAT.md §16.

import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBreakglassApp } from '../../src/app/index.js';
import { directoryDrivesPort } from '../support/directory-drives.js';
import { testPorts } from '../support/ports.js';

export const DRILL_ACCOUNTS = 500;
export const DRILL_MAX_MS = 60_000;

/** Builds the vault set (not timed) and times one drill; throws when the drill does not pass. */
export async function benchFullDrill(accounts = DRILL_ACCOUNTS): Promise<{ ms: number; exceptions: number }> {
  const root = mkdtempSync(join(tmpdir(), 'bg-bench-drill-'));
  try {
    const names = ['PW1', 'PW2', 'MFA1', 'MFA2'];
    for (const name of names) mkdirSync(join(root, name));
    const ports = { ...testPorts('bench drill'), drives: directoryDrivesPort((name) => join(root, name), names) };
    const app = createBreakglassApp(ports);
    const dir = join(root, 'set');
    const group = (prefix: string) => [1, 2, 3, 4, 5].map((i) => ({ name: `${prefix} Custodian ${i}` }));
    const created = await app.createVaultSet({
      dir,
      kdfProfile: 'test',
      password: { shares: { threshold: 3, custodians: group('Password') } },
      mfa: { shares: { threshold: 3, custodians: group('MFA') } },
    });
    const shares = (store: string) => created.issuedShares.filter((s) => s.store === store).map((s) => s.words.join(' '));
    await app.unlockStore({ store: 'password-vault', secret: { shares: shares('password-vault').slice(0, 3) } });
    await app.unlockStore({ store: 'mfa-seeds', secret: { shares: shares('mfa-seeds').slice(0, 3) } });
    process.stderr.write(`bench: building a ${accounts}-account vault set for the drill…\n`);
    for (let i = 0; i < accounts; i++) {
      const accountId = String(300000000000 + i);
      await app.addAccount({ accountId, name: `Account ${i}`, accountClass: 'excluded', email: `root+${i}@example.com`, password: `Bench-Password-${i}-xY!` });
      await app.addMfaDevice({ type: 'virtual', accountId, name: 'root-mfa', seed: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' });
    }
    await app.lockAll();
    await app.exportStore({ store: 'password-vault', mountPoint: join(root, 'PW1'), driveName: 'PW1', location: 'Safe A' });
    await app.exportStore({ store: 'password-vault', mountPoint: join(root, 'PW2'), driveName: 'PW2', location: 'Safe B' });
    await app.exportStore({ store: 'mfa-seeds', mountPoint: join(root, 'MFA1'), driveName: 'MFA1', location: 'Safe C' });
    await app.exportStore({ store: 'mfa-seeds', mountPoint: join(root, 'MFA2'), driveName: 'MFA2', location: 'Safe D' });
    // The emergency sheet needs the vault open for its account list; the paper backups need no key.
    const paper = { 'password-vault': join(root, 'pw-paper.pdf'), 'mfa-seeds': join(root, 'mfa-paper.pdf') } as const;
    await app.printDocument({ document: 'paper-backup', store: 'password-vault', outFile: paper['password-vault'] });
    await app.printDocument({ document: 'paper-backup', store: 'mfa-seeds', outFile: paper['mfa-seeds'] });
    const start = performance.now();
    const result = await app.runDrill({
      people: { lead: 'Bench Lead', witness: 'Bench Witness' },
      secrets: { 'password-vault': { shares: shares('password-vault') }, 'mfa-seeds': { shares: shares('mfa-seeds') } },
      paper: { 'password-vault': [paper['password-vault']], 'mfa-seeds': [paper['mfa-seeds']] },
      reportFile: join(root, 'report.pdf'),
    });
    const ms = performance.now() - start;
    if (result.report.result !== 'passed') {
      throw new Error(`the bench drill did not pass: ${result.report.exceptions.map((e) => e.message).join(' | ')}`);
    }
    return { ms, exceptions: result.report.exceptions.length };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
