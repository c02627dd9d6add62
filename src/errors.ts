// The one error type every Breakglass failure is reported with: a literal code plus a message that
// tells the custodian what is wrong and what to do. Spec: docs/FORMAT.md §8 (error codes).

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
  'BUSY', // another Breakglass process holds the vault-set write lock
  'AUDIT_TORN', // the audit log's last entry was cut short (crash, power cut): `breakglass audit repair` fixes it
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface BreakglassErrorOptions {
  /** The offending field or item, for VALIDATION and share errors (e.g. 'accountId', 'share 3'). */
  readonly field?: string;
  readonly cause?: unknown;
}

export class BreakglassError extends Error {
  override readonly name = 'BreakglassError';
  readonly code: ErrorCode;
  readonly field: string | undefined;

  constructor(code: ErrorCode, message: string, options: BreakglassErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.field = options.field;
  }
}

export function isBreakglassError(value: unknown, code?: ErrorCode): value is BreakglassError {
  return value instanceof BreakglassError && (code === undefined || value.code === code);
}
