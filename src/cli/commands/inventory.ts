// `breakglass inventory import|report`: the account inventory from the AWS exports a custodian brings
// (dry run unless --yes), and the report of custody, coverage, drift and root controls (--strict: exit 1).

import { BreakglassError, custodyClassLabel, inventoryReportCsv, needsAction, type InventoryReport } from '../../app/index.js';
import { resolve } from 'node:path';
import { actors, flag, integerOption, stringOption, UNLOCK_OPTIONS, UsageError, type CommandSpec } from '../command.js';
import { formatJson, formatTable } from '../output.js';
import { openAndUnlock } from '../unlock.js';

const inventoryImport: CommandSpec = {
  name: 'inventory import',
  usage: 'DIR FILE... [--yes] [--as NAMES]',
  summary: 'Check AWS exports (list-accounts pages, describe-organization, credential reports, …) and, with --yes, store them as the vault set’s inventory.',
  details: [
    'Files are recognised by their content. Without --yes nothing is recorded: it prints what would be.',
    'An import is all-or-nothing and replaces the stored inventory; its SHA-256 goes into an inventory.import audit entry.',
    'An account summary (get-account-summary) must have its account id in its file name.',
  ],
  options: { yes: { type: 'boolean' }, as: { type: 'string' } },
  positionals: [2, 20_001],
  async run(context) {
    const [dir, ...files] = context.positionals as [string, ...string[]];
    await context.app.openVaultSet({ dir });
    const record = flag(context, 'yes');
    const result = await context.app.importInventory({ files, record, actors: actors(context) });
    context.out(
      formatTable(
        ['file', 'kind', 'dated', 'sha256'],
        result.files.map((f) => [f.name, f.kind, f.date, f.sha256.slice(0, 16)]),
      ),
    );
    context.out(
      `Organization ${result.organizationId ?? 'unknown'} (management account ${result.managementAccountId ?? 'unknown'}): ${result.accounts} accounts, ` +
        `${result.credentialReports} credential reports, ${result.accountSummaries} account summaries, ${result.deletions} deletion results, ` +
        `${result.excludedAccounts === null ? 'no exclusion list' : `${result.excludedAccounts} excluded accounts`}.\n`,
    );
    context.out(
      result.recorded
        ? `Recorded ${result.file} (SHA-256 ${result.sha256}) and its inventory.import audit entry.\n`
        : `Dry run: nothing was recorded. Re-run with --yes to store this inventory in ${result.file}.\n`,
    );
  },
};

function formatReport(report: InventoryReport): string {
  const rows = report.accounts.map((a) => {
    const open = a.findings.filter((f) => f.severity === 'high' || f.severity === 'medium');
    return [a.id, a.name, custodyClassLabel(a.custodyClass), a.inVault ? 'yes' : 'no', String(a.mfaDevices.length), needsAction(a) ? `ACTION (${open.length})` : 'ok'];
  });
  let text = formatTable(['account', 'name', 'class', 'in vault', 'MFA', 'status'], rows);
  for (const a of report.accounts) {
    const open = a.findings.filter((f) => f.severity !== 'pass');
    if (open.length === 0) continue;
    text += `\n${a.id} ${a.name} (${custodyClassLabel(a.custodyClass)})\n`;
    for (const f of open) {
      const evidence = f.evidence.length === 0 ? 'no evidence' : f.evidence.map((e) => `${e.file}, ${e.date}${e.olderThan90Days ? ', older than 90 days' : ''}`).join('; ');
      text += `  [${f.severity}] ${f.control}: ${f.message}\n      evidence: ${evidence}\n`;
    }
  }
  const s = report.summary;
  text += `\n${s.accounts} accounts, ${s.needsAction} need action; findings: ${s.findings.high} high, ${s.findings.medium} medium, ${s.findings.low} low, ${s.findings.pass} passed.\n`;
  return text;
}

const inventoryReport: CommandSpec = {
  name: 'inventory report',
  usage: 'DIR [--json | --csv | --pdf FILE [--paper A4|Letter]] [--strict] [--recent-days N] [--as NAMES]',
  summary: 'Report every organization account’s custody class, coverage by the vault, drift and root controls (CIS, Security Hub).',
  details: [
    'Reads the password vault passphrase (the vault’s accounts are needed); the MFA store’s device types are read without its key.',
    '--strict exits 1 when any account needs action. --recent-days N (default 90): root use within N days is flagged (CIS 1.6).',
    '--pdf FILE writes the compliance report for auditors to a new file (never over an existing one): one line per account, its findings and the evidence dates.',
  ],
  options: { ...UNLOCK_OPTIONS, json: { type: 'boolean' }, csv: { type: 'boolean' }, pdf: { type: 'string' }, paper: { type: 'string' }, as: { type: 'string' }, strict: { type: 'boolean' }, 'recent-days': { type: 'string' } },
  positionals: [1, 1],
  async run(context) {
    const pdf = stringOption(context, 'pdf');
    if ([flag(context, 'json'), flag(context, 'csv'), pdf !== undefined].filter(Boolean).length > 1) throw new UsageError('choose one of --json, --csv and --pdf');
    const paper = stringOption(context, 'paper');
    if (paper !== undefined && pdf === undefined) throw new UsageError('--paper goes with --pdf');
    if (paper !== undefined && paper !== 'A4' && paper !== 'Letter') throw new UsageError('--paper must be A4 or Letter');
    const days = integerOption(context, 'recent-days');
    await openAndUnlock(context, context.positionals[0] as string, 'password-vault');
    const range = days === undefined ? {} : { recentUseDays: days };
    let summary: { accounts: number; needsAction: number };
    if (pdf !== undefined) {
      summary = await context.app.printInventoryReport({ ...range, outFile: resolve(pdf), paper: paper ?? 'A4', actors: actors(context) });
      context.out(`Wrote the compliance report (${summary.accounts} accounts, ${summary.needsAction} need action) to ${resolve(pdf)}.\n`);
    } else {
      const report = await context.app.getInventoryReport(range);
      summary = report.summary;
      if (flag(context, 'json')) context.out(formatJson(report));
      else if (flag(context, 'csv')) context.out(inventoryReportCsv(report));
      else context.out(formatReport(report));
    }
    if (flag(context, 'strict') && summary.needsAction > 0) {
      throw new BreakglassError('VALIDATION', `${summary.needsAction} of ${summary.accounts} accounts need action (--strict).`);
    }
  },
};

export const inventoryCommands: readonly CommandSpec[] = [inventoryImport, inventoryReport];
