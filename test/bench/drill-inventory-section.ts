// Benchmark section(s) split out of run.ts; see run.ts for the table and verdicts.

import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { formatTimestamp } from '../../src/shared/timestamps.js';
import { benchFullDrill, DRILL_ACCOUNTS, DRILL_MAX_MS } from './drill-bench.js';
import { encodeCanonicalJson } from '../../src/crypto/canonical-json.js';
import { mergeInventory } from '../../src/inventory/merge.js';
import { parseInventoryInput } from '../../src/inventory/recognise.js';
import { buildInventoryReport } from '../../src/inventory/rules.js';
import { credentialReportCsv, describeOrganizationJson, listAccountsJson, MANAGEMENT_ID } from '../support/aws-inventory.js';
import { type BenchSection, QUICK, absoluteRow, timeSync } from './bench-common.js';

// ---------------------------------------------------------------------------------------------------
// Report

export const drillSection: BenchSection = {
  key: 'drill',
  title: `Drill: a full drill of a ${QUICK ? 50 : DRILL_ACCOUNTS}-account vault set, two 3-of-5 share sets, four drives, both paper backups (FORMAT.md §16)`,
  async run() {
    const { ms } = await benchFullDrill(QUICK ? 50 : DRILL_ACCOUNTS);
    const row = absoluteRow('full drill (every share, 4 drive copies opened, recover.py ×2, every seed, 2 paper backups)', ms, DRILL_MAX_MS);
    return { rows: [row], notes: [`drill: ${(ms / 1000).toFixed(1)} s of a ${DRILL_MAX_MS / 1000} s target (ratio ${(ms / DRILL_MAX_MS).toFixed(2)}); setup and typing excluded.`] };
  },
};

export const INVENTORY_ACCOUNTS = 5_000;
export const INVENTORY_MAX_MS = 2_000;

/** Import 5,000 accounts (5 list-accounts pages) with 5,000 credential reports from disk, then build the report. */
export const inventorySection: BenchSection = {
  key: 'inventory',
  title: 'Account inventory',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'bg-bench-inventory-'));
    try {
      const ids = Array.from({ length: INVENTORY_ACCOUNTS }, (_, i) => (i === 0 ? MANAGEMENT_ID : String(200_000_000_000 + i)));
      const pages = 5;
      const per = INVENTORY_ACCOUNTS / pages;
      const paths: string[] = [];
      for (let p = 0; p < pages; p++) {
        const path = join(dir, `page-${p + 1}.json`);
        const accounts = ids.slice(p * per, (p + 1) * per).map((id) => ({ id, name: `Account ${id}`, email: `${id}@example.com` }));
        writeFileSync(path, listAccountsJson(accounts, p < pages - 1 ? `token-${p + 2}` : undefined));
        paths.push(path);
      }
      writeFileSync(join(dir, 'org.json'), describeOrganizationJson());
      paths.push(join(dir, 'org.json'));
      for (const id of ids) {
        const path = join(dir, `${id}.csv`);
        writeFileSync(path, credentialReportCsv(id, { mfa: 'false' }));
        paths.push(path);
      }
      const { readFileSync, statSync } = await import('node:fs');
      const { ms, value } = timeSync(() => {
        const files = paths.map((path) => {
          const bytes = new Uint8Array(readFileSync(path));
          const parsed = parseInventoryInput({ name: path, bytes, modifiedAt: statSync(path).mtimeMs });
          return { name: path, sha256: createHash('sha256').update(bytes).digest('hex'), parsed };
        });
        const doc = mergeInventory(files, formatTimestamp(Date.now()));
        const stored = encodeCanonicalJson(doc);
        createHash('sha256').update(stored).digest('hex');
        return buildInventoryReport({
          inventory: doc,
          vault: { accounts: [], evidence: { file: 'password-vault.bgv', date: '2026-12-02' } },
          mfa: { accounts: [], evidence: { file: 'mfa-seeds.bgv', date: '2026-12-02' } },
          now: Date.now(),
        });
      });
      if (value.accounts.length !== INVENTORY_ACCOUNTS) throw new Error(`the report has ${value.accounts.length} accounts, not ${INVENTORY_ACCOUNTS}`);
      return {
        rows: [absoluteRow(`inventory: import ${INVENTORY_ACCOUNTS} accounts + ${INVENTORY_ACCOUNTS} credential reports, build the report`, ms, INVENTORY_MAX_MS)],
        notes: [`${paths.length} files read from disk, parsed, merged, encoded and hashed; ${value.summary.needsAction} accounts need action.`],
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

