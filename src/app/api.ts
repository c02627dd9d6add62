// The application API: the one typed facade every front end (CLI, Electron IPC, Chromium host, renderer
// client) calls, composed of one interface per capability (api/*.ts). Plain data that crosses IPC. DESIGN §2 and §4.

import type { AccountsApi } from './api/accounts.js';
import type { AuditApi } from './api/audit.js';
import type { CustodyApi } from './api/custody.js';
import type { DrillApi } from './api/drill.js';
import type { DrivesApi } from './api/drives.js';
import type { InventoryApi } from './api/inventory.js';
import type { MfaApi } from './api/mfa.js';
import type { MigrationApi } from './api/migration.js';
import type { PrintingApi } from './api/printing.js';
import type { RunsApi } from './api/runs.js';
import type { VaultSetApi } from './api/vault-set.js';
import type { WorkstationApi } from './api/workstation.js';

export type { StoreKind } from '../shared/store-kind.js';
export type { KdfProfileName } from '../crypto/kdf.js';
export type * from './api/accounts.js';
export type * from './api/audit.js';
export type * from './api/custody.js';
export type * from './api/drives.js';
export type * from './api/inventory.js';
export type * from './api/mfa.js';
export type * from './api/migration.js';
export type * from './api/printing.js';
export type * from './api/runs.js';
export type { Reminder, RunbookPage, RunbookSection, RunRotation, RunState, TempRoot, RunAccount } from '../runs/index.js';
export type * from './api/vault-set.js';
export type * from './api/workstation.js';
export type * from './api/drill.js';

export interface BreakglassApi extends VaultSetApi, AccountsApi, MfaApi, CustodyApi, AuditApi, DrivesApi, PrintingApi, WorkstationApi, RunsApi, DrillApi, InventoryApi, MigrationApi {}
