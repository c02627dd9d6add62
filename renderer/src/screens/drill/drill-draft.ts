// What the Drill screen collects step by step before the run (people, each store's shares, bags, drives,
// scans, sheet readings) and how it becomes the runDrill input. FORMAT.md §16.

import type { DrillRunInput, ShareVerification, StoreKind } from '../../../../src/app/api.js';

export interface CollectedShare {
  readonly text: string;
  readonly verification: ShareVerification;
}

/** A share the grid's check refused for what it is (other store, other vault set, revoked, altered): kept for the run, where it is an exception. */
export interface RefusedShare {
  readonly text: string;
  /** The app's reason, as shown on the screen. */
  readonly reason: string;
}

export interface StoreDraft {
  readonly shares: readonly CollectedShare[];
  readonly refused: readonly RefusedShare[];
  readonly passphrase: string;
}

export interface BagDraft {
  readonly seen: string;
  readonly sealedInto: string;
}

/** A live AWS sign-in made during the drill; `at` is HH:MM (UTC) or '' for the drill's time. */
export interface SignInDraft {
  readonly accountId: string;
  readonly at: string;
  readonly outcome: 'ok' | 'failed';
}

export interface DrillDraft {
  readonly lead: string;
  readonly witness: string;
  readonly custodians: string;
  readonly reason: 'quarterly' | 'ad-hoc';
  readonly note: string;
  readonly stores: Readonly<Record<StoreKind, StoreDraft>>;
  /** Keyed `${store}:${index}`. */
  readonly bags: Readonly<Record<string, BagDraft>>;
  /** Mount points ticked; none ticked means every mounted drive of the vault set. */
  readonly drives: readonly string[];
  readonly extraDrives: string;
  readonly paper: Readonly<Record<StoreKind, string>>;
  readonly sheets: Readonly<Record<StoreKind, { readonly generation: string; readonly fingerprint: string }>>;
  readonly signIns: readonly SignInDraft[];
  readonly reportFile: string;
}

export const EMPTY_DRAFT: DrillDraft = {
  lead: '',
  witness: '',
  custodians: '',
  reason: 'quarterly',
  note: '',
  stores: { 'password-vault': { shares: [], refused: [], passphrase: '' }, 'mfa-seeds': { shares: [], refused: [], passphrase: '' } },
  bags: {},
  drives: [],
  extraDrives: '',
  paper: { 'password-vault': '', 'mfa-seeds': '' },
  sheets: { 'password-vault': { generation: '', fingerprint: '' }, 'mfa-seeds': { generation: '', fingerprint: '' } },
  signIns: [],
  reportFile: '',
};

const lines = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');

export const names = (text: string): string[] =>
  text
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');

export function peopleOf(draft: DrillDraft): DrillRunInput['people'] {
  return {
    lead: draft.lead.trim(),
    witness: draft.witness.trim(),
    custodians: names(draft.custodians),
    reason: draft.reason === 'quarterly' ? 'quarterly' : `ad hoc: ${draft.note.trim()}`,
  };
}

/** A problem with the sheet readings, in plain words, or null. */
export function sheetProblem(draft: DrillDraft, store: StoreKind): string | null {
  const { generation, fingerprint } = draft.sheets[store];
  if (generation.trim() === '' && fingerprint.trim() === '') return null;
  if (!/^\d+$/.test(generation.trim())) return 'Type the generation printed on the sheet (a whole number).';
  if (fingerprint.trim() === '') return 'Type the fingerprint printed on the sheet as well, or leave both empty.';
  return null;
}

export function runInput(draft: DrillDraft): DrillRunInput {
  const kinds: StoreKind[] = ['password-vault', 'mfa-seeds'];
  const secrets: Record<string, { shares: string[]; passphrase?: string }> = {};
  const paper: Record<string, string[]> = {};
  const sheets: Record<string, { generation: number; fingerprint: string }> = {};
  for (const kind of kinds) {
    const store = draft.stores[kind];
    if (store.shares.length > 0 || store.refused.length > 0 || store.passphrase !== '') {
      // The refused shares go to the run too: it words each one as an exception, as the CLI does.
      secrets[kind] = { shares: [...store.shares.map((s) => s.text), ...store.refused.map((r) => r.text)], ...(store.passphrase !== '' ? { passphrase: store.passphrase } : {}) };
    }
    const scans = lines(draft.paper[kind]);
    if (scans.length > 0) paper[kind] = scans;
    const sheet = draft.sheets[kind];
    if (sheet.generation.trim() !== '' && sheet.fingerprint.trim() !== '') sheets[kind] = { generation: Number(sheet.generation.trim()), fingerprint: sheet.fingerprint.trim() };
  }
  const bags = Object.entries(draft.bags)
    .filter(([, b]) => b.seen.trim() !== '' || b.sealedInto.trim() !== '')
    .map(([key, b]) => {
      const [store, index] = key.split(':') as [StoreKind, string];
      return { store, index: Number(index), seen: b.seen.trim(), sealedInto: b.sealedInto.trim() };
    });
  const drives = [...draft.drives, ...lines(draft.extraDrives)];
  return {
    people: peopleOf(draft),
    secrets,
    ...(drives.length > 0 ? { drives } : {}),
    ...(bags.length > 0 ? { bags } : {}),
    ...(Object.keys(paper).length > 0 ? { paper } : {}),
    ...(Object.keys(sheets).length > 0 ? { sheets } : {}),
    ...(draft.signIns.length > 0 ? { signIns: draft.signIns.map((s) => ({ accountId: s.accountId, outcome: s.outcome, ...(s.at !== '' ? { at: s.at } : {}) })) } : {}),
    ...(draft.reportFile.trim() !== '' ? { reportFile: draft.reportFile.trim() } : {}),
  };
}
