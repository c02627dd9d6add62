// What a drill found, as data: its people, every step with its time and who did it, the exceptions, the
// artifacts checked with their SHA-256, and the audit log's head before and after. FORMAT.md §16.

import type { StoreKind } from '../shared/store-kind.js';
import type { DrillSignIn } from './sign-ins.js';

export type { DrillSignIn } from './sign-ins.js';

/** Who ran the drill and why. */
export interface DrillPeople {
  readonly lead: string;
  readonly witness: string;
  /** The custodians present, as entered. */
  readonly custodians: readonly string[];
  /** "quarterly", or "ad hoc: <note>". */
  readonly reason: string;
}

/** One thing the drill could not confirm: its own line in the report, never a silent pass. */
export interface DrillException {
  /** The step it belongs to (its number in `steps`). */
  readonly step: number;
  readonly store: StoreKind | null;
  /** A stable word for front ends and tests: 'share-not-checked', 'share-refused', 'drive-stale', … (FORMAT.md §16.3). */
  readonly kind: string;
  readonly message: string;
}

export type StepResult = 'passed' | 'exceptions' | 'manual';

export interface DrillStep {
  readonly number: number;
  readonly title: string;
  readonly store: StoreKind | null;
  /** When the step ended (timestamp). */
  readonly at: string;
  /** Who did it: the holder of a share, the lead for machine steps. */
  readonly by: readonly string[];
  readonly result: StepResult;
  /** What was checked, one line each (never a secret). */
  readonly lines: readonly string[];
}

/** One artifact the drill read: the workstation's store, a drive copy, a paper backup. */
export interface DrillArtifact {
  readonly what: 'workstation' | 'drive' | 'paper';
  readonly name: string;
  readonly store: StoreKind;
  readonly generation: number | null;
  readonly sha256: string | null;
}

/** A tamper-evident bag seen at the drill and the new bag the share went into. */
export interface DrillBag {
  readonly store: StoreKind;
  readonly index: number;
  readonly holder: string | null;
  readonly recorded: string | null;
  readonly seen: string | null;
  readonly sealedInto: string | null;
}

export type DrillOutcome = 'passed' | 'exceptions';

export interface DrillReport {
  readonly schema: 1;
  readonly setId: string;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly people: DrillPeople;
  readonly result: DrillOutcome;
  readonly steps: readonly DrillStep[];
  readonly exceptions: readonly DrillException[];
  readonly artifacts: readonly DrillArtifact[];
  readonly bags: readonly DrillBag[];
  /** Physical MFA devices to be seen in the safe (a manual step; the report has a yes/no box each). */
  readonly manualChecks: readonly string[];
  /** Break-glass reminders at the time of the drill (FORMAT.md §15.5): `due` ones need action. Not drill exceptions. */
  readonly reminders: readonly { readonly due: boolean; readonly text: string }[];
  /** The live AWS sign-ins the lead and the witness attested (present only when any was recorded). */
  readonly signIns?: readonly DrillSignIn[];
  readonly auditHeadBefore: { readonly seq: number; readonly hash: string };
  /** After the drill's checks and records, before its own `drill` entry. */
  readonly auditHeadAfter: { readonly seq: number; readonly hash: string };
}
