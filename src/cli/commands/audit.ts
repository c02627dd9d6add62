// `breakglass audit list|verify|repair DIR`: the vault set's hash-chained audit log, read and checked without
// any key. `verify` exits 1 and names the first broken link when a line was edited, removed or reordered,
// or the drive copy the log no longer begins with (a changed or removed last line, a log cut short).

import { BreakglassError } from '../../app/index.js';
import { stringListOption, stringOption, type CommandSpec } from '../command.js';
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
  usage: 'DIR [--expected-head HASH] [--against MOUNT ...] [--json]',
  summary: 'Check the audit log’s hash chain and that it still begins with every drive’s copy; any edited, removed, inserted or reordered line is reported (exit 1).',
  details: [
    '--against MOUNT (repeatable) checks the log against the audit-log copy on that drive; without it, every mounted drive holding an export of this vault set is used.',
    'A drive’s copy catches a changed or removed last line, or a log cut short, made after that export.',
    '--expected-head is a head hash recorded elsewhere (an earlier verify, a drill report): it also catches a changed or removed last line.',
  ],
  options: { 'expected-head': { type: 'string' }, against: { type: 'string', multiple: true }, json: { type: 'boolean' } },
  positionals: [1, 1],
  async run(context) {
    await context.app.openVaultSet({ dir: context.positionals[0] as string });
    const expectedHead = stringOption(context, 'expected-head');
    const against = stringListOption(context, 'against');
    const result = await context.app.verifyAuditLog({
      ...(expectedHead === undefined ? {} : { expectedHead }),
      ...(against.length > 0 ? { againstDrives: against } : {}),
    });
    const anchors = result.anchors ?? [];
    if (context.values.json) context.out(formatJson(result));
    else {
      if (!result.brokenAt) {
        context.out(`${result.ok ? 'Audit log intact' : 'Hash chain intact'}: ${result.entries} entries, chain verified from line 1 to ${result.entries}.\nHead: #${result.head?.seq} ${result.head?.hash}\n`);
      }
      for (const anchor of anchors) {
        context.out(`  ${anchor.ok ? 'OK  ' : 'FAIL'} ${anchor.mountPoint}: ${anchor.message}\n`);
      }
      if (anchors.length === 0) {
        context.out(
          'No drive copy of the audit log was checked (none mounted): a changed or removed last line is caught only against one, or with --expected-head.\n',
        );
      } else if (result.ok) context.out(`The log extends every drive copy checked (${anchors.length}).\n`);
    }
    if (result.brokenAt && result.torn) {
      throw new BreakglassError(
        'AUDIT_TORN',
        `The last audit entry of ${result.file} was cut short (a crash or power cut while writing): repair it with \`breakglass audit repair ${context.positionals[0] as string}\`. ` +
          `The ${result.entries} entries before it verify.`,
      );
    }
    if (result.brokenAt) {
      throw new BreakglassError(
        'INTEGRITY',
        `The audit log ${result.file} is broken at line ${result.brokenAt.line}: ${result.brokenAt.reason}. ` +
          `The ${result.entries} entries before it verify. Keep the file as evidence and compare it with the exported copies.`,
      );
    }
    if (!result.ok) {
      const failed = anchors.filter((a) => !a.ok);
      throw new BreakglassError(
        'INTEGRITY',
        `The audit log ${result.file} does not match ${failed.length === 1 ? 'a drive’s copy' : `${failed.length} drives’ copies`}: ` +
          `${failed.map((a) => a.message).join(' ')} Keep the log and the drives as evidence.`,
      );
    }
  },
};

const auditRepair: CommandSpec = {
  name: 'audit repair',
  usage: 'DIR [--actor NAME ...]',
  summary: 'Repair an audit log whose last entry was cut short by a crash or power cut; the cut bytes are kept in a side file and the repair is audited.',
  details: [
    'Only a last line cut short is repaired: any other damage is refused, and the log is left as it is.',
    'The cut bytes go to audit-log.jsonl.torn-<time> beside the log; the audit.repair entry records its name, SHA-256 and size.',
  ],
  options: { actor: { type: 'string', multiple: true } },
  positionals: [1, 1],
  async run(context) {
    await context.app.openVaultSet({ dir: context.positionals[0] as string });
    const actors = stringListOption(context, 'actor');
    const repair = await context.app.repairAuditLog(actors.length > 0 ? { actors } : {});
    context.out(
      `Repaired ${repair.file}: the ${repair.bytes} cut-short bytes were moved to ${repair.sideFile} (SHA-256 ${repair.sha256}); ` +
        `${repair.entriesKept} complete entries kept, and the repair recorded as entry #${repair.seq}.\n`,
    );
  },
};

export const auditCommands: readonly CommandSpec[] = [auditList, auditVerify, auditRepair];
