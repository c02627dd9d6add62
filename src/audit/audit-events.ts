// The audit log's event names (FORMAT.md §10.2), and which of them record the save of a store generation.

/** Every kind of event the log records (FORMAT.md §10.2). */
export const AUDIT_EVENTS = [
  'vault-set.create',
  'store.unlock',
  'store.unlock-failed',
  'store.lock',
  'password.reveal',
  'password.copy',
  'account.add',
  'account.update',
  'account.remove',
  'mfa.add',
  'mfa.remove',
  'totp.session-start',
  'totp.session-end',
  'totp.clock-offset',
  'mfa.enroll',
  'custody.rotate',
  'custody.override',
  'shares.verify',
  'drive.export',
  'drive.restore',
  'print',
  'drill',
  'run.start',
  'run.rotate',
  'run.close',
  'run.setting',
  'temp-root.add',
  'temp-root.close',
  'drill.bags',
  'inventory.import',
  'migration.import',
  'migration.export',
  'audit.repair',
  'store.unaudited',
] as const;

export type AuditEvent = (typeof AUDIT_EVENTS)[number];

/**
 * The events that record a new store generation on disk: the save's own entry, written under the vault-set
 * lock right after the rename (FORMAT.md §10.9). A generation on disk with none of these — and, for
 * generation 1, no `vault-set.create` — was saved without its audit entry (a crash between the two).
 */
export const GENERATION_SAVING_EVENTS: readonly AuditEvent[] = [
  'account.add',
  'account.update',
  'account.remove',
  'mfa.add',
  'mfa.remove',
  'mfa.enroll',
  'custody.rotate',
  'drive.restore',
  'migration.import',
  'store.unaudited',
];
