// The stored inventory (DIR/inventory.json): what the imported files said, normalised and sorted, with each
// file's SHA-256 and each fact's evidence. Not secret; encoded as canonical JSON. FORMAT.md §17.2.

import * as v from 'valibot';
import { ACCOUNT_STATES, INPUT_KINDS } from './inputs.js';

export const INVENTORY_SCHEMA = 1;
export const INVENTORY_FILE_NAME = 'inventory.json';

const id = v.pipe(v.string(), v.regex(/^\d{12}$/));
const day = v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/));
const evidence = v.strictObject({ file: v.string(), date: day });
const key = v.strictObject({ active: v.boolean(), lastUsed: v.nullable(day) });

export const inventoryDocumentSchema = v.strictObject({
  schema: v.literal(INVENTORY_SCHEMA),
  importedAt: v.string(),
  files: v.array(v.strictObject({ name: v.string(), kind: v.picklist(INPUT_KINDS), sha256: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)), date: day })),
  organization: v.nullable(
    v.strictObject({ id: v.string(), managementAccountId: v.nullable(id), managementAccountEmail: v.nullable(v.string()), evidence }),
  ),
  accounts: v.array(
    v.strictObject({ id, arn: v.string(), name: v.string(), email: v.string(), state: v.picklist(ACCOUNT_STATES), joinedMethod: v.string(), evidence }),
  ),
  excluded: v.nullable(v.strictObject({ accountIds: v.array(id), evidence })),
  deletions: v.array(v.strictObject({ accountId: id, rootUserDeleted: v.boolean(), evidence })),
  credentialReports: v.array(
    v.strictObject({
      accountId: id,
      mfaActive: v.boolean(),
      passwordLastUsed: v.nullable(day),
      accessKeys: v.tuple([key, key]),
      certificatesActive: v.boolean(),
      evidence,
    }),
  ),
  accountSummaries: v.array(
    v.strictObject({ accountId: id, mfaEnabled: v.boolean(), accessKeysPresent: v.boolean(), passwordPresent: v.boolean(), evidence }),
  ),
  features: v.nullable(v.strictObject({ organizationId: v.string(), rootCredentialsManagement: v.boolean(), rootSessions: v.boolean(), evidence })),
});

export type InventoryDocument = v.InferOutput<typeof inventoryDocumentSchema>;
export type InventoryAccount = InventoryDocument['accounts'][number];
export type InventoryCredentialReport = InventoryDocument['credentialReports'][number];
export type InventorySummary = InventoryDocument['accountSummaries'][number];

/** Checks a decoded inventory.json; the first problem names its field. */
export function checkInventoryDocument(json: unknown): { ok: true; doc: InventoryDocument } | { ok: false; problem: string } {
  const result = v.safeParse(inventoryDocumentSchema, json);
  if (result.success) return { ok: true, doc: result.output };
  const issue = result.issues[0];
  return { ok: false, problem: `${v.getDotPath(issue) ?? 'the document'}: ${issue.message}` };
}
