// The one error type every Breakglass failure is reported with: a literal code plus a message that
// tells the custodian what is wrong and what to do, and fields a front end can act on. docs/FORMAT.md §8.

export const ERROR_CODES = [
  'AUTH', // wrong passphrase (or wrong key) for a store
  'FORMAT', // not a Breakglass file, or a malformed / non-canonical encoding
  'UNSUPPORTED_VERSION', // a format version this build does not read
  'KDF_PARAMS', // KDF parameters outside the sane bounds (hostile or damaged file)
  'TRUNCATED', // the file ends before its declared length
  'INTEGRITY', // checksum or authentication tag mismatch: the file was damaged or altered
  'WRONG_STORE', // a store of the other kind (or of another vault set) was given
  'VALIDATION', // an invalid field value (account id, email, password, seed, ...)
  'NOT_FOUND', // no such account, device, file or directory
  'CONFLICT', // the thing already exists, or the file changed on disk since it was opened
  'QUORUM', // fewer shares than the threshold
  'SHARE_CHECKSUM', // a share's checksum does not match (typo)
  'FOREIGN_SHARE', // a share of another store, vault set or share set
  'REVOKED_SHARE', // a share of a share set that was revoked by rotation
  'DUPLICATE_SHARE', // the same share index given twice
  'TAMPERED_SHARE', // a well-formed share that does not match its commitment in the store
  'SEGREGATION', // the two stores would share a custodian, key or drive
  'DRIVE', // removable-drive problems (wrong drive, read-only, full, not removable)
  'SESSION', // a login session is missing, expired or already running
  'IO', // the file system refused an operation
  'CANCELLED', // the custodian cancelled an interactive step
  'TOO_LARGE', // an input is bigger than its documented limit (image pixels, PDF pages or page size)
  'BUSY', // another Breakglass process holds the vault-set write lock
  // Set by the desktop hosts and the renderer's bridge, never by the core; they cross IPC like the rest.
  'FOREIGN_FRAME', // an API call from a frame other than the app window's own top frame was refused
  'INTERNAL', // an unexpected failure; the message names no path, stack or secret
  'HOST', // the window runs outside a Breakglass host (no window.breakglass)
  'RUN_REQUIRED', // the vault set requires a break-glass run for a reveal or login session, and none is open
  'DRILL', // a drill ran with exceptions, or the next drill is overdue
  'AUDIT_TORN', // the audit log's last line was cut short (a crash or power cut while writing): repairable
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * What a share's words or QR text got wrong, as the share codec knows it (docs/FORMAT.md §12.3). Word
 * numbers count from 1, as printed on the share sheet. Front ends word it themselves (the UI marks the
 * word in its grid); the error's message says the same in English for the CLI.
 */
export type ShareProblem =
  /** Not 54 words. */
  | { readonly kind: 'word-count'; readonly given: number; readonly expected: number }
  /** A word that is not in the BIP-39 list (nor the unique first four letters of one), with close ones. */
  | { readonly kind: 'unknown-word'; readonly word: number; readonly typed: string; readonly suggestions: readonly string[] }
  /** The checksum fits if this one word is `expected` instead of `typed`. */
  | { readonly kind: 'word'; readonly word: number; readonly typed: string; readonly expected: string }
  /** The checksum fits if these two adjacent words change places. */
  | { readonly kind: 'swapped'; readonly words: readonly [number, number] }
  /** The checksum does not fit and no single word or swap explains it. */
  | { readonly kind: 'checksum' }
  /** The BGS1: text is not base32, or does not match its own checksum. */
  | { readonly kind: 'qr-text' };

/** Structured details of an error, kept with it across IPC. */
export type ErrorDetail = ShareProblem;

/**
 * What the custodian can do next, as a key each front end words itself: the CLI with its commands and
 * flags, the app with its screens and buttons. The error's message states the problem in words that fit
 * both (no flag, no command, no screen name); the front end appends the action in its own words.
 */
export type ErrorAction =
  /** Let the tool generate a compliant root password. */
  | { readonly kind: 'generate-password' }
  /** Say which of the account's MFA devices is meant. */
  | { readonly kind: 'choose-device'; readonly devices: readonly string[] }
  /** See which accounts the password vault holds. */
  | { readonly kind: 'list-accounts' }
  /** See which MFA devices the seed store holds. */
  | { readonly kind: 'list-devices' }
  /** No vault set at that place: create one. */
  | { readonly kind: 'create-vault-set' }
  /** Find the damage in the audit log of the vault set in `dir`. */
  | { readonly kind: 'verify-audit-log'; readonly dir?: string }
  /** The audit log's last line was cut short: repair it (the cut bytes are kept, the repair audited). */
  | { readonly kind: 'repair-audit-log'; readonly dir?: string }
  /** Check a drive's export against its manifest. */
  | { readonly kind: 'verify-drive'; readonly mountPoint?: string }
  /** See which drives are mounted. */
  | { readonly kind: 'list-drives' }
  /** Restore anyway over a newer workstation copy (only if that copy is known bad). */
  | { readonly kind: 'allow-older' }
  /** Export to a fixed disk anyway (recorded). */
  | { readonly kind: 'allow-fixed' }
  /** Discovery is unavailable: give the drive's mount point by hand, as a fixed disk. */
  | { readonly kind: 'give-mount-point' }
  /** Opt in to a share set larger than the default maximum. */
  | { readonly kind: 'allow-large-share-set'; readonly max: number };

export type ErrorActionKind = ErrorAction['kind'];

export interface BreakglassErrorOptions {
  /** The offending field or item, for VALIDATION and share errors (e.g. 'accountId', 'share 3'). */
  readonly field?: string;
  readonly detail?: ErrorDetail;
  /** What to do next, worded by each front end (the message itself names no flag, command or screen). */
  readonly action?: ErrorAction;
  readonly cause?: unknown;
}

export class BreakglassError extends Error {
  override readonly name = 'BreakglassError';
  readonly code: ErrorCode;
  readonly field: string | undefined;
  readonly detail: ErrorDetail | undefined;
  readonly action: ErrorAction | undefined;

  constructor(code: ErrorCode, message: string, options: BreakglassErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.field = options.field;
    this.detail = options.detail;
    this.action = options.action;
  }
}

export function isBreakglassError(value: unknown, code?: ErrorCode): value is BreakglassError {
  return value instanceof BreakglassError && (code === undefined || value.code === code);
}
