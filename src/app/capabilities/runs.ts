// Break-glass runs: start one, its runbook (on screen and printed), check-in with the rotation of every exposed
// root password (generate, reveal, confirm, seal), temporary root records and the reminders. FORMAT.md §15.

import { isAbsolute, resolve } from 'node:path';
import type { AuditEntry } from '../../audit/audit-log.js';
import { BreakglassError } from '../../errors.js';
import {
  addTempRoot,
  buildRunbook,
  checkRotation,
  closeRun,
  closeTempRoot,
  findRun,
  findTask,
  recordRotation,
  reminders,
  notReenrolled,
  renderRunbook,
  resolveSeedsExposed,
  ROOT_TASKS,
  runbookText,
  runState,
  setRunRequirement,
  startRun,
  staleCopies,
  unrotated,
  type CopiesBehind,
  type Run,
  type RunbookAccount,
  type RunsRecord,
  type SeedDevice,
  type SeedExposed,
  type SeedExposedInput,
  type TempRoot,
} from '../../runs/index.js';
import { probePath, writeNewFile } from '../../stores/files.js';
import { DEFAULT_GENERATED_LENGTH, generateRootPassword } from '../../stores/password-policy.js';
import { findAccount, updateVaultAccount } from '../../stores/vault.js';
import type { CloseRunRequest, RotationView, RunbookRequest, RunbookView, RunsOverview, RunUse, RunView, StartRunRequest } from '../api.js';
import { auditEntries, enrollmentsIn, passwordVaultCopies, readRuns, saveRuns } from '../run-records.js';
import type { VaultSession } from '../session.js';

const USE_EVENTS = ['password.reveal', 'password.copy', 'totp.session-start'] as const;

/** The reveals, copies and login sessions the audit log ties to run `number`. */
function usesOf(entries: readonly AuditEntry[], number: number): RunUse[] {
  return entries
    .filter((e) => (USE_EVENTS as readonly string[]).includes(e.event) && e.details.run === number && typeof e.details.accountId === 'string')
    .map((e) => ({ seq: e.seq, at: e.at, event: e.event as RunUse['event'], accountId: e.details.accountId as string }));
}

/** Root passwords revealed or copied in the run. */
function exposedIn(entries: readonly AuditEntry[], number: number): string[] {
  return [...new Set(usesOf(entries, number).filter((u) => u.event !== 'totp.session-start').map((u) => u.accountId))];
}

interface RunsState {
  readonly entries: readonly AuditEntry[];
  readonly copies: CopiesBehind;
  /** The MFA seed store's devices (public metadata); [] when it cannot be read. */
  readonly devices: readonly SeedDevice[];
}

function viewOf(run: Run, { entries, copies, devices }: RunsState): RunView {
  const exposed = run.closedAt === null ? exposedIn(entries, run.number) : run.exposed;
  const accountIds = run.accounts.map((a) => a.accountId);
  return {
    number: run.number,
    accounts: run.accounts,
    task: run.task,
    taskTitle: findTask(run.task)?.title ?? run.task,
    reason: run.reason,
    ticket: run.ticket,
    custodians: run.custodians,
    startedAt: run.startedAt,
    fullRoot: run.fullRoot,
    state: runState(run, copies),
    closedAt: run.closedAt,
    outcome: run.outcome,
    uses: usesOf(entries, run.number),
    exposed,
    rotations: run.rotations,
    pendingRotation: unrotated(run, exposed),
    staleCopies: run.closedAt === null ? [] : staleCopies(run, copies),
    seedDevices: devices.filter((d) => d.type === 'virtual' && accountIds.includes(d.accountId)).map((d) => ({ accountId: d.accountId, device: d.name })),
    seedsExposed: run.seedsExposed,
    pendingReenrollment: notReenrolled(run, enrollmentsIn(entries)),
  };
}

export class RunsCapability {
  /** A new password shown for setting in AWS, until it is confirmed (sealed) or cancelled. */
  private pending: RotationView | undefined;

  constructor(private readonly session: VaultSession) {}

  private async state(): Promise<RunsState & { record: RunsRecord }> {
    const entries = await auditEntries(this.session);
    const record = await readRuns(this.session, entries);
    return { entries, record, copies: await passwordVaultCopies(this.session, entries), devices: await this.seedDevices(false) };
  }

  /** The MFA seed store's devices from its public metadata; with `required`, its read error, else []. */
  private async seedDevices(required: boolean): Promise<SeedDevice[]> {
    let metadata;
    try {
      metadata = await this.session.seedMetadataOrThrow();
    } catch (error) {
      if (!required) return [];
      if (error instanceof BreakglassError) {
        throw new BreakglassError(error.code, `The MFA seed store's device list cannot be read, so no exposed seed can be checked: ${error.message}`);
      }
      throw error;
    }
    return metadata.accounts.flatMap((a) => a.devices.map((d) => ({ accountId: a.accountId, name: d.name, type: d.type })));
  }

  private async runView(number: number): Promise<RunView> {
    const state = await this.state();
    return viewOf(findRun(state.record, number), state);
  }

  async getRuns(): Promise<RunsOverview> {
    const state = await this.state();
    const { record, copies, entries } = state;
    const due = reminders(record, this.session.ports.clock, copies, enrollmentsIn(entries));
    return {
      requireRun: record.requireRun,
      openRunHours: record.openRunHours,
      runs: record.runs.map((r) => viewOf(r, state)),
      tempRoots: record.tempRoots,
      reminders: due,
      due: due.some((r) => r.due),
      tasks: ROOT_TASKS.map((t) => ({ id: t.id, title: t.title, ...(t.taskPolicy ? { taskPolicy: t.taskPolicy } : {}) })),
    };
  }

  async setRunRequirement(input: { readonly required: boolean; readonly openRunHours?: number; readonly actors?: readonly string[] }): Promise<RunsOverview> {
    const record = setRunRequirement(await readRuns(this.session), input?.required, input?.openRunHours);
    await saveRuns(this.session, record, { event: 'run.setting', actors: input.actors, details: { requireRun: record.requireRun, openRunHours: record.openRunHours } });
    return this.getRuns();
  }

  async startRun(input: StartRunRequest): Promise<RunView> {
    const { session } = this;
    const { doc } = session.vault();
    const before = await readRuns(session);
    const { record, run } = startRun(
      before,
      { ...input, custodians: input?.actors ?? [] },
      doc.accounts.map((a) => ({ accountId: a.accountId, accountClass: a.accountClass })),
      session.ports.clock,
    );
    await saveRuns(session, record, {
      event: 'run.start',
      actors: run.custodians,
      details: {
        run: run.number,
        task: run.task,
        accounts: run.accounts.map((a) => (a.root === 'member' ? `${a.accountId} (member)` : a.accountId)).join(', '),
        reason: run.reason,
        ticket: run.ticket,
        fullRoot: run.fullRoot,
      },
    });
    return this.runView(run.number);
  }

  private async runbookPages(input: RunbookRequest): Promise<RunbookView> {
    const { session } = this;
    const record = await readRuns(session);
    const run = input?.run === undefined ? undefined : findRun(record, input.run);
    const task = input?.task ?? run?.task;
    if (task === undefined) throw new BreakglassError('VALIDATION', 'Name the task the runbook is for (or the run).', { field: 'task' });
    const kept = run ? run.accounts.filter((a) => a.root === 'kept').map((a) => a.accountId) : [...(input.accounts ?? [])];
    const members = run ? run.accounts.filter((a) => a.root === 'member').map((a) => a.accountId) : [...(input.members ?? [])];
    const metadata = await session.seedMetadata();
    const accounts: RunbookAccount[] = [];
    if (kept.length > 0) {
      const { doc } = session.vault();
      for (const id of kept) {
        const held = doc.accounts.find((a) => a.accountId === String(id).trim());
        if (!held) {
          throw new BreakglassError('NOT_FOUND', `Account ${String(id).trim()} is not in this password vault: if it is a centrally managed member account, ask for its runbook as a member account.`, { field: 'accounts' });
        }
        const account = findAccount(doc, held.accountId);
        const devices = metadata?.accounts.find((m) => m.accountId === account.accountId)?.devices ?? [];
        accounts.push({ accountId: account.accountId, root: 'kept', name: account.name, accountClass: account.accountClass, email: account.email, mfaDevices: devices.map((d) => `${d.name} (${d.type})`) });
      }
    }
    for (const id of members) {
      const trimmed = String(id).trim();
      if (!/^\d{12}$/.test(trimmed)) throw new BreakglassError('VALIDATION', `${JSON.stringify(id)} is not an AWS account id (12 digits).`, { field: 'members' });
      const vault = session.unlocked.get('password-vault');
      if (vault?.docs.kind === 'password-vault' && vault.docs.vault.accounts.some((a) => a.accountId === trimmed)) {
        throw new BreakglassError('VALIDATION', `Account ${trimmed} has its root kept in this vault: ask for its runbook as a kept root.`, { field: 'members' });
      }
      accounts.push({ accountId: trimmed, root: 'member' });
    }
    const pages = buildRunbook(accounts, task, run);
    return { task, run: run?.number ?? null, pages, text: pages.map(runbookText).join('\n') };
  }

  getRunbook(input: RunbookRequest): Promise<RunbookView> {
    return this.runbookPages(input);
  }

  async printRunbook(input: RunbookRequest & { readonly outFile: string; readonly paper?: 'A4' | 'Letter'; readonly actors?: readonly string[] }): Promise<{ file: string; pages: number }> {
    const { session } = this;
    if (typeof input?.outFile !== 'string' || !isAbsolute(input.outFile)) {
      throw new BreakglassError('VALIDATION', `The runbook file must be a full path (starting with /), not "${String(input?.outFile)}": nothing was written.`, { field: 'outFile' });
    }
    const file = resolve(input.outFile);
    if ((await probePath(file)).state === 'present') throw new BreakglassError('CONFLICT', `${file} already exists: choose a new file name; nothing was written.`);
    const view = await this.runbookPages(input);
    const pdf = await renderRunbook(view.pages, { paper: input.paper ?? 'A4', printedAt: session.now(), ...(view.run !== null ? { runLabel: `run ${view.run}` } : {}) });
    await writeNewFile(file, pdf);
    await session.audit({ event: 'print', actors: input.actors, details: { document: 'runbook', pages: view.pages.length, destination: 'file', task: view.task, run: view.run } });
    return { file, pages: view.pages.length };
  }

  async beginRotation(input: { readonly run: number; readonly accountId: string }): Promise<RotationView> {
    const { session } = this;
    session.vault(); // the new password is sealed into the unlocked vault
    const entries = await auditEntries(session);
    const record = await readRuns(session, entries);
    const accountId = String(input?.accountId).trim();
    const run = checkRotation(record, input?.run, accountId, exposedIn(entries, input.run));
    this.pending = { run: run.number, accountId, password: generateRootPassword(session.ports.rng, DEFAULT_GENERATED_LENGTH) };
    return this.pending;
  }

  async confirmRotation(input: { readonly run: number; readonly accountId: string; readonly actors?: readonly string[] }): Promise<{ generation: number; run: RunView }> {
    const { session } = this;
    const pending = this.pending;
    if (!pending || pending.run !== input?.run || pending.accountId !== String(input.accountId).trim()) {
      throw new BreakglassError('SESSION', 'No new password is waiting for this account: begin its rotation again (the old password is still the one sealed).');
    }
    // One read-modify-write under the vault-set lock: the runs record and the vault re-read, the save, both entries.
    const saved = await session.withLock(async (lock) => {
      const { store, doc } = session.vault();
      const record = await readRuns(session);
      checkRotation(record, pending.run, pending.accountId, [pending.accountId]);
      const next = updateVaultAccount(doc, pending.accountId, {}, pending.password, session.sealContext(store));
      const generation = await session.save(lock, store, { kind: 'password-vault', vault: next, custody: store.docs.custody });
      this.pending = undefined;
      await session.audit({ event: 'account.update', actors: input.actors, store: 'password-vault', generation: generation.generation, details: { accountId: pending.accountId, passwordChanged: true, generated: true, run: pending.run } });
      await saveRuns(session, recordRotation(record, pending.run, pending.accountId, generation.generation, session.ports.clock), {
        event: 'run.rotate',
        actors: input.actors,
        store: 'password-vault',
        generation: generation.generation,
        details: { run: pending.run, accountId: pending.accountId },
      });
      return generation;
    });
    return { generation: saved.generation, run: await this.runView(pending.run) };
  }

  async cancelRotation(): Promise<void> {
    this.pending = undefined;
  }

  private async resolveSeeds(record: RunsRecord, number: number, inputs: readonly SeedExposedInput[] | undefined): Promise<SeedExposed[]> {
    if (inputs === undefined || inputs.length === 0) return [];
    if (!Array.isArray(inputs)) throw new TypeError('seedsExposed must be a list');
    return resolveSeedsExposed(findRun(record, number), inputs, await this.seedDevices(true));
  }

  async checkSeedsExposed(input: { readonly run: number; readonly seedsExposed: readonly SeedExposedInput[] }): Promise<readonly SeedExposed[]> {
    return this.resolveSeeds(await readRuns(this.session), input?.run, input?.seedsExposed);
  }

  async closeRun(input: CloseRunRequest): Promise<RunView> {
    const { session } = this;
    if (typeof input?.rotate !== 'boolean') throw new TypeError('rotate must be a boolean');
    const entries = await auditEntries(session);
    const record = await readRuns(session, entries);
    const exposed = exposedIn(entries, input.run);
    // A closed run is refused as such by closeRun, not by what its seeds would have been.
    const seedsExposed = findRun(record, input.run).closedAt === null ? await this.resolveSeeds(record, input.run, input.seedsExposed) : [];
    const { record: next, run } = closeRun(record, input.run, { outcome: input.outcome, rotate: input.rotate, custodians: input.actors ?? [], seedsExposed }, exposed, session.ports.clock);
    this.pending = undefined;
    const notRotated = unrotated(run, exposed);
    await saveRuns(session, next, {
      event: 'run.close',
      actors: input.actors,
      details: {
        run: run.number,
        outcome: run.outcome,
        rotated: run.rotations.map((r) => r.accountId).join(', '),
        notRotated: notRotated.join(', '),
        seedsExposed: run.seedsExposed.map((s) => `${s.accountId}:${s.device}`).join(', '),
      },
    });
    return this.runView(run.number);
  }

  async addTempRoot(input: { readonly accountId: string; readonly run?: number; readonly hours?: number; readonly note?: string; readonly actors?: readonly string[] }): Promise<TempRoot> {
    const { record, tempRoot } = addTempRoot(await readRuns(this.session), input, this.session.ports.clock);
    await saveRuns(this.session, record, {
      event: 'temp-root.add',
      actors: input.actors,
      details: { tempRoot: tempRoot.id, accountId: tempRoot.accountId, run: tempRoot.run, expiresAt: tempRoot.expiresAt },
    });
    return tempRoot;
  }

  async closeTempRoot(input: { readonly id: number; readonly credentialsDeleted: boolean; readonly actors?: readonly string[] }): Promise<TempRoot> {
    const { record, tempRoot } = closeTempRoot(await readRuns(this.session), input?.id, input?.credentialsDeleted, this.session.ports.clock);
    await saveRuns(this.session, record, {
      event: 'temp-root.close',
      actors: input.actors,
      details: { tempRoot: tempRoot.id, accountId: tempRoot.accountId, credentialsDeleted: true },
    });
    return tempRoot;
  }
}
