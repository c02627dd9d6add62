// `breakglass audit list|verify DIR`: the vault set's hash-chained audit log, read and checked without
// any key. `verify` exits 1 and names the first broken link when a line was edited, removed or reordered.

import { BreakglassError } from '../../app/index.js';
import { stringOption, type CommandSpec } from '../command.js';
import { formatJson } from '../output.js';

const auditList: CommandSpec = {
  name: 'audit list',
  usage: 'DIR [--json]',
  summary: 'Print the audit log of a vault set, one line per entry, and whether its chain is intact.',
  options: { json: { type: 'boolean' } },
  positionals: [1, 1],
  async run(context) {
    await context.app.openVaultSet({ dir: context.positionals[0] as string });
    const { entries, verification } = await context.app.listAuditLog();
    if (context.values.json) return context.out(formatJson({ entries, verification }));
    for (const entry of entries) context.out(entry.text + '\n');
    if (!verification.ok) {
      context.err(`The chain is broken at line ${verification.brokenAt?.line}: ${verification.brokenAt?.reason}. Entries after it are not shown.\n`);
    } else if (entries.length === 0) context.out('The audit log is empty.\n');
  },
};

const auditVerify: CommandSpec = {
  name: 'audit verify',
  usage: 'DIR [--expected-head HASH] [--json]',
  summary: 'Check the audit log’s hash chain; any edited, removed, inserted or reordered line is reported (exit 1).',
  details: ['--expected-head is a head hash recorded elsewhere (an earlier verify, a drill report): it also catches a changed or removed last line.'],
  options: { 'expected-head': { type: 'string' }, json: { type: 'boolean' } },
  positionals: [1, 1],
  async run(context) {
    await context.app.openVaultSet({ dir: context.positionals[0] as string });
    const expectedHead = stringOption(context, 'expected-head');
    const result = await context.app.verifyAuditLog(expectedHead === undefined ? {} : { expectedHead });
    if (context.values.json) context.out(formatJson(result));
    else if (result.ok) {
      context.out(`Audit log intact: ${result.entries} entries, chain verified from line 1 to ${result.entries}.\nHead: #${result.head?.seq} ${result.head?.hash}\n`);
    }
    if (!result.ok) {
      throw new BreakglassError(
        'INTEGRITY',
        `The audit log ${result.file} is broken at line ${result.brokenAt?.line}: ${result.brokenAt?.reason}. ` +
          `The ${result.entries} entries before it verify. Keep the file as evidence and compare it with the exported copies.`,
      );
    }
  },
};

export const auditCommands: readonly CommandSpec[] = [auditList, auditVerify];
