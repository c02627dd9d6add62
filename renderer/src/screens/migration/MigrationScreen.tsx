// Migrate: bring in the KeePass database and seed tables custodians already keep (a preview, then each
// store's part confirmed on its own), and export a store to a KDBX file KeePassXC opens. FORMAT.md §18.

import { useState } from 'react';
import { ExportPanel } from './ExportPanel.js';
import { ImportPanel } from './ImportPanel.js';

type Tab = 'import' | 'export';

export function MigrationScreen() {
  const [tab, setTab] = useState<Tab>('import');
  return (
    <div className="screen" data-testid="migration-screen">
      <h1>Migrate</h1>
      <div className="migration-tabs" role="tablist" aria-label="Migration">
        <button type="button" role="tab" aria-selected={tab === 'import'} className={tab === 'import' ? 'tab tab-current' : 'tab'} onClick={() => setTab('import')} data-testid="migration-tab-import">
          Import
        </button>
        <button type="button" role="tab" aria-selected={tab === 'export'} className={tab === 'export' ? 'tab tab-current' : 'tab'} onClick={() => setTab('export')} data-testid="migration-tab-export">
          Export to KDBX
        </button>
      </div>
      <div role="tabpanel">{tab === 'import' ? <ImportPanel /> : <ExportPanel />}</div>
    </div>
  );
}
