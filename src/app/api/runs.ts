// The API of break-glass runs: start (task, reason, custodians), the runbook, check-in with rotation of every
// exposed root password, temporary root records and the reminders. Plain data across IPC. FORMAT.md §15.

import type { Reminder, RunbookPage, RunRotation, RunState, SeedExposed, SeedExposedInput, StartRunInput, TempRoot, RunAccount } from '../../runs/index.js';

export interface RunTaskView {
  readonly id: string;
  readonly title: string;
  /** The AssumeRoot task policy enough on a member account; absent: full root needed. */
  readonly taskPolicy?: string;
}

/** A reveal, copy or login session the audit log ties to a run. */
export interface RunUse {
  readonly seq: number;
  readonly at: string;
  readonly event: 'password.reveal' | 'password.copy' | 'totp.session-start';
  readonly accountId: string;
}

export interface RunView {
  readonly number: number;
  readonly accounts: readonly RunAccount[];
  readonly task: string;
  readonly taskTitle: string;
  readonly reason: string;
  readonly ticket: string | null;
  readonly custodians: readonly string[];
  readonly startedAt: string;
  readonly fullRoot: boolean;
  readonly state: RunState;
  readonly closedAt: string | null;
  readonly outcome: string | null;
  readonly uses: readonly RunUse[];
  /** Root passwords revealed or copied in the run. */
  readonly exposed: readonly string[];
  readonly rotations: readonly RunRotation[];
  /** Exposed passwords not sealed anew yet. */
  readonly pendingRotation: readonly string[];
  /** "drive PW-B (generation 3)", "paper backup (generation 3)": copies older than the run's last rotation. */
  readonly staleCopies: readonly string[];
  /** Virtual MFA devices of the run's accounts (from the seed store's metadata; [] when it cannot be read). */
  readonly seedDevices: readonly SeedExposed[];
  /** Seeds recorded at check-in as exposed beyond a login session. */
  readonly seedsExposed: readonly SeedExposed[];
  /** Exposed seeds no enrollment since the close replaced yet. */
  readonly pendingReenrollment: readonly SeedExposed[];
}

export interface RunsOverview {
  /** Reveals and login sessions need an open run; null: the vault set has not decided yet. */
  readonly requireRun: boolean | null;
  readonly openRunHours: number;
  readonly runs: readonly RunView[];
  readonly tempRoots: readonly TempRoot[];
  readonly reminders: readonly Reminder[];
  /** True when any reminder is due (the status command exits 1). */
  readonly due: boolean;
  readonly tasks: readonly RunTaskView[];
}

export interface StartRunRequest extends Omit<StartRunInput, 'custodians'> {
  /** The custodians present (at least one). */
  readonly actors: readonly string[];
}

export interface RunbookRequest {
  /** Accounts kept in the vault (the password vault must be unlocked). */
  readonly accounts?: readonly string[];
  /** Centrally managed member accounts. */
  readonly members?: readonly string[];
  /** Takes accounts and task from this run when given. */
  readonly run?: number;
  readonly task?: string;
}

export interface RunbookView {
  readonly task: string;
  readonly run: number | null;
  readonly pages: readonly RunbookPage[];
  /** The pages as plain text (the CLI prints it). */
  readonly text: string;
}

export interface RotationView {
  readonly run: number;
  readonly accountId: string;
  /** The new root password (AWS root policy), for setting in AWS; sealed only on confirmation. */
  readonly password: string;
}

export interface CloseRunRequest {
  readonly run: number;
  readonly outcome: string;
  readonly rotate: boolean;
  /** MFA seeds exposed beyond a login session (an account of the run; the device when it has several virtual ones). */
  readonly seedsExposed?: readonly SeedExposedInput[];
  readonly actors?: readonly string[];
}

export interface RunsApi {
  getRuns(): Promise<RunsOverview>;
  setRunRequirement(input: { readonly required: boolean; readonly openRunHours?: number; readonly actors?: readonly string[] }): Promise<RunsOverview>;
  startRun(input: StartRunRequest): Promise<RunView>;
  getRunbook(input: RunbookRequest): Promise<RunbookView>;
  /** Writes the runbook PDF (one page per account) to a new file. */
  printRunbook(input: RunbookRequest & { readonly outFile: string; readonly paper?: 'A4' | 'Letter'; readonly actors?: readonly string[] }): Promise<{ readonly file: string; readonly pages: number }>;
  /** A new password for an exposed account of an open run, held until confirmed or cancelled. */
  beginRotation(input: { readonly run: number; readonly accountId: string }): Promise<RotationView>;
  /** AWS accepted the new password: seal it (a new generation of the password vault). */
  confirmRotation(input: { readonly run: number; readonly accountId: string; readonly actors?: readonly string[] }): Promise<{ readonly generation: number; readonly run: RunView }>;
  /** The new password was not set: forget it; the old one stays, the run stays open. */
  cancelRotation(): Promise<void>;
  /** The exposed seeds as check-in would record them, or the refusal (checked before any rotation). */
  checkSeedsExposed(input: { readonly run: number; readonly seedsExposed: readonly SeedExposedInput[] }): Promise<readonly SeedExposed[]>;
  closeRun(input: CloseRunRequest): Promise<RunView>;
  addTempRoot(input: { readonly accountId: string; readonly run?: number; readonly hours?: number; readonly note?: string; readonly actors?: readonly string[] }): Promise<TempRoot>;
  closeTempRoot(input: { readonly id: number; readonly credentialsDeleted: boolean; readonly actors?: readonly string[] }): Promise<TempRoot>;
}
