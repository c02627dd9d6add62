// The API of the disaster-recovery drill: run one (both stores, every share, every copy), record an
// aborted one, and the drill status (last drill, next due, open exceptions). FORMAT.md §16.

import type { DrillReport } from '../../drill/drill-result.js';
import type { DrillSecret } from '../../drill/store-checks.js';
import type { StoreKind } from '../../shared/store-kind.js';

export type { DrillArtifact, DrillBag, DrillException, DrillPeople, DrillReport, DrillSignIn, DrillStep } from '../../drill/drill-result.js';
export type { DrillSecret } from '../../drill/store-checks.js';

export interface DrillPeopleInput {
  readonly lead: string;
  readonly witness: string;
  readonly custodians?: readonly string[];
  /** "quarterly" (the default) or a note for an ad-hoc drill. */
  readonly reason?: string;
}

export interface DrillRunInput {
  readonly people: DrillPeopleInput;
  /** What each store's custodians entered: their shares in any order and/or the passphrase. */
  readonly secrets: { readonly 'password-vault'?: DrillSecret; readonly 'mfa-seeds'?: DrillSecret };
  /** Mount points of the drives presented; default: every mounted drive holding a Breakglass export. */
  readonly drives?: readonly string[];
  /** Bag numbers: each envelope's bag as seen, and the new bag the share went into. */
  readonly bags?: readonly { readonly store: StoreKind; readonly index: number; readonly seen: string; readonly sealedInto: string }[];
  /** Scans (PNG, JPEG or the PDF) of each store's paper backup, any order. */
  readonly paper?: { readonly 'password-vault'?: readonly string[]; readonly 'mfa-seeds'?: readonly string[] };
  /** The generation and fingerprint typed off each store's emergency sheet. */
  readonly sheets?: { readonly 'password-vault'?: { readonly generation: number; readonly fingerprint: string }; readonly 'mfa-seeds'?: { readonly generation: number; readonly fingerprint: string } };
  /**
   * Live AWS sign-ins the custodians made with the app during the drill, attested by the lead and the
   * witness: each account one of the password vault's, the time HH:MM (UTC) on the drill's day (default:
   * when the step is recorded). A failed one is a `sign-in-failed` exception.
   */
  readonly signIns?: readonly { readonly accountId: string; readonly outcome: 'ok' | 'failed'; readonly at?: string }[];
  /** Where the report PDF goes (a new file, mode 0600); none when omitted. */
  readonly reportFile?: string;
}

export interface DrillRunResult {
  readonly report: DrillReport;
  /** SHA-256 of the report's canonical JSON, recorded in the `drill` audit entry. */
  readonly reportSha256: string;
  /** The PDF written, and its SHA-256 (also in the audit entry). */
  readonly reportFile?: string;
  readonly pdfSha256?: string;
  /** The seq of the `drill` audit entry. */
  readonly auditSeq: number;
  /** The report as plain text (the fixed text of FORMAT.md §16.4). */
  readonly text: string;
}

export interface DrillAbortInput {
  readonly people?: DrillPeopleInput;
  /** Why it stopped ("cancelled at the MFA shares"). */
  readonly reason: string;
}

export interface RecordBagsInput {
  /** The store whose share envelopes were sealed, with each share's bag number. */
  readonly store?: StoreKind;
  readonly bags?: readonly { readonly index: number; readonly bag: string }[];
  /** The drill interval of this vault set, in days (default 90). */
  readonly intervalDays?: number;
  readonly actors?: readonly string[];
}

export interface DrillStatus {
  readonly lastDrill: { readonly at: string; readonly result: string; readonly exceptions: number; readonly reportSha256: string | null } | null;
  /** The last drill that passed. */
  readonly lastPassed: string | null;
  readonly intervalDays: number;
  /** Next due date (timestamp): the last passed drill plus the interval; null when none ever passed. */
  readonly nextDue: string | null;
  readonly overdue: boolean;
  /** The exception kinds of the last drill when it did not pass. */
  readonly openExceptions: readonly string[];
  /** "next drill due 2027-02-20", "drill overdue since …", "no drill recorded". */
  readonly summary: string;
}

export interface DrillApi {
  /** Runs a drill of both stores of the open vault set; never changes a store, a drive or a paper backup. */
  runDrill(input: DrillRunInput): Promise<DrillRunResult>;
  /** Records that a drill was interrupted (its only trace: one `drill` entry with result "aborted"). */
  abortDrill(input: DrillAbortInput): Promise<void>;
  getDrillStatus(): Promise<DrillStatus>;
  /** Records the bag numbers of sealed share envelopes (when sheets are printed or issued) and/or the drill interval. */
  recordBags(input: RecordBagsInput): Promise<{ readonly recordSha256: string; readonly intervalDays: number }>;
}
