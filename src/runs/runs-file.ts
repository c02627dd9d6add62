// The runs record on disk: DIR/runs.json read (absent: the empty record) and written atomically with .prev,
// and the check that it is the file the audit log last recorded (its SHA-256). FORMAT.md §15.2.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BreakglassError } from '../errors.js';
import { writeFileAtomic } from '../stores/files.js';
import { decodeRunsRecord, EMPTY_RUNS_RECORD, encodeRunsRecord, RUNS_FILE, runsRecordSha256, type RunsRecord } from './runs-record.js';

export interface RunsFile {
  readonly record: RunsRecord;
  /** SHA-256 of the file's bytes; null when there is no file yet. */
  readonly sha256: string | null;
}

async function readIfPresent(path: string): Promise<Uint8Array | undefined> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * The runs record, checked against `recordedSha256` (the `runsSha256` of the last run or temp-root entry in
 * the audit log; undefined when the log has none): a file the log does not know is refused with INTEGRITY.
 */
export async function readRunsFile(dir: string, recordedSha256: string | undefined): Promise<RunsFile> {
  const path = join(dir, RUNS_FILE);
  const bytes = await readIfPresent(path);
  if (bytes === undefined) {
    if (recordedSha256 !== undefined) {
      throw new BreakglassError('INTEGRITY', `The runs record ${path} is missing, but the audit log records one: restore it from runs.json.prev or a backup.`);
    }
    return { record: EMPTY_RUNS_RECORD, sha256: null };
  }
  const sha256 = runsRecordSha256(bytes);
  if (sha256 !== recordedSha256) {
    const prev = await readIfPresent(`${path}.prev`);
    const interrupted = prev !== undefined && recordedSha256 !== undefined && runsRecordSha256(prev) === recordedSha256;
    throw new BreakglassError(
      'INTEGRITY',
      interrupted
        ? `The last change to the runs record ${path} did not reach the audit log (interrupted). Its previous version, runs.json.prev, is the one the log records: put it back as runs.json and repeat the step.`
        : `The runs record ${path} is not the one the audit log recorded last (SHA-256 ${sha256}): it was changed outside Breakglass. Keep it as evidence and restore runs.json.prev or a backup.`,
    );
  }
  try {
    return { record: decodeRunsRecord(bytes), sha256 };
  } catch (error) {
    if (error instanceof BreakglassError) throw error;
    throw new BreakglassError('FORMAT', `The runs record ${path} is damaged (${(error as Error).message}): restore runs.json.prev.`);
  }
}

/** Writes the record (the old file becomes runs.json.prev); returns the new file's SHA-256 for the audit entry. */
export async function writeRunsFile(dir: string, record: RunsRecord): Promise<{ sha256: string; undo: () => Promise<void> }> {
  const path = join(dir, RUNS_FILE);
  const before = await readIfPresent(path);
  const bytes = encodeRunsRecord(record);
  await writeFileAtomic(path, bytes, { keepPrevious: true });
  return {
    sha256: runsRecordSha256(bytes),
    undo: async () => {
      if (before !== undefined) await writeFileAtomic(path, before, { keepPrevious: false });
    },
  };
}
