// The drill report's content: the report document (data), its SHA-256 over canonical JSON, and its fixed
// text in sections — the same words for the PDF, the CLI and the screen. FORMAT.md §16.4.

import { bytesToHex } from '@noble/hashes/utils.js';
import { encodeCanonicalJson } from '../crypto/canonical-json.js';
import { sha256Digest } from '../crypto/digest.js';
import { storeKindLabel } from '../shared/store-kind.js';
import type { DrillReport } from './drill-result.js';

export const REPORT_TITLE = 'Disaster-recovery drill report';

/** hex SHA-256 of the report's canonical JSON (FORMAT.md §2.3): what the `drill` audit entry records. */
export function reportDigest(report: DrillReport): string {
  return bytesToHex(sha256Digest(encodeCanonicalJson(report)));
}

export function resultLine(report: DrillReport): string {
  const n = report.exceptions.length;
  return report.result === 'passed'
    ? 'PASSED: every check passed.'
    : `EXCEPTIONS: ${n} exception${n === 1 ? '' : 's'}; each is listed below with what to do.`;
}

const group = (hex: string): string => hex.replace(/(.{4})(?=.)/g, '$1 ');

export interface ReportSection {
  readonly heading: string;
  readonly lines: readonly string[];
}

/** The report as text sections, in the order they are printed. */
export function reportSections(report: DrillReport): ReportSection[] {
  const { people } = report;
  const sections: ReportSection[] = [
    {
      heading: 'Summary',
      lines: [
        `Vault set: ${group(report.setId)}`,
        `Drill: ${report.startedAt} to ${report.endedAt}. Reason: ${people.reason}.`,
        `Result: ${resultLine(report)}`,
        `Drill lead: ${people.lead || '(none named)'}. Witness: ${people.witness || '(none named)'}.`,
        `Custodians present: ${people.custodians.length > 0 ? people.custodians.join(', ') : '(none named)'}.`,
      ],
    },
    {
      heading: 'Steps',
      lines: report.steps.flatMap((step) => [
        `${step.number}. ${step.title}: ${step.result === 'passed' ? 'PASSED' : step.result === 'manual' ? 'MANUAL' : 'EXCEPTIONS'} at ${step.at}` +
          `${step.by.length > 0 ? `, by ${step.by.join(', ')}` : ''}.`,
        ...step.lines.map((line) => `    ${line}`),
      ]),
    },
    {
      heading: 'Exceptions',
      lines:
        report.exceptions.length === 0
          ? ['None.']
          : report.exceptions.map((e, i) => `E${i + 1} (step ${e.step}${e.store ? `, ${storeKindLabel(e.store)}` : ''}) ${e.message}`),
    },
  ];
  if (report.bags.length > 0) {
    sections.push({
      heading: 'Envelope bag numbers',
      lines: report.bags.map(
        (b) =>
          `${storeKindLabel(b.store)} share ${b.index}${b.holder ? ` (${b.holder})` : ''}: recorded ${b.recorded ?? 'none'}, seen ${b.seen ?? 'not entered'}, resealed in ${b.sealedInto ?? 'not entered'}.`,
      ),
    });
  }
  sections.push(
    {
      heading: 'Artifacts checked',
      lines: report.artifacts.map(
        (a) =>
          `${storeKindLabel(a.store)}, ${a.what === 'workstation' ? 'workstation file' : a.what === 'drive' ? `drive "${a.name}"` : `paper backup (${a.name})`}: ` +
          `generation ${a.generation ?? '?'}, SHA-256 ${a.sha256 ?? 'unreadable'}`,
      ),
    },
    {
      heading: 'Audit log',
      lines: [
        `Head before the drill: entry ${report.auditHeadBefore.seq}, ${report.auditHeadBefore.hash}`,
        `Head after the drill's checks: entry ${report.auditHeadAfter.seq}, ${report.auditHeadAfter.hash}`,
        'The drill entry that follows records the SHA-256 of this report\'s data (FORMAT.md §16.4).',
      ],
    },
  );
  sections.push({
    heading: 'Break-glass reminders',
    lines:
      report.reminders.length === 0
        ? ['None: no open run, no exposed password left unrotated, no expired temporary root, no stale copy.']
        : report.reminders.map((r) => `${r.due ? 'DUE' : 'Notice'}: ${r.text}`),
  });
  if (report.manualChecks.length > 0) {
    sections.push({ heading: 'Seen in the safe (tick and initial)', lines: report.manualChecks.map((item) => `[ ] yes  [ ] no   ${item}`) });
  }
  return sections;
}

/** The people who sign the report: the lead, the witness, each custodian present. */
export function signatories(report: DrillReport): { role: string; name: string }[] {
  const out = [
    { role: 'Drill lead', name: report.people.lead },
    { role: 'Witness', name: report.people.witness },
  ];
  for (const name of report.people.custodians) out.push({ role: 'Custodian', name });
  return out;
}

/** The report as plain text (CLI output). */
export function reportText(report: DrillReport, digest: string): string {
  const lines = [REPORT_TITLE.toUpperCase(), ''];
  for (const section of reportSections(report)) lines.push(section.heading, ...section.lines.map((l) => `  ${l}`), '');
  lines.push(`Report data SHA-256: ${digest}`);
  return lines.join('\n') + '\n';
}
