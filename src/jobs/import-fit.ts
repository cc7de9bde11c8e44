/**
 * Import one FIT file (a queue task): validate, classify, dedupe, convert each session's
 * records to Parquet in R2, and commit the FIT file and its sessions to D1 in one batch (the
 * commit point: everything before it is safely repeatable). Every outcome is reported to the
 * runner's coordinator, keyed by file id, so a redelivered message changes nothing.
 *
 * Bad input is an outcome (rejected/skipped with a code), not an exception; only transient
 * failures (storage, network) throw, and the consumer retries those.
 */
import type { ImportFileMessage } from '../contracts/queue-messages';
import type { FileOutcome } from '../core/chain/job-state';
import { isDomainError } from '../core/errors';
import { classifyFit, decodeFit, fitIdentity, sliceRecordsForSession } from '../core/fit';
import type { DecodedFit, FitSession } from '../core/fit/types';
import { recordsKey, sessionIdFor } from '../core/keys';
import { encodeRecordsParquet } from '../core/parquet/encode-records';
import type { BlobStore, Clock, Coordinator, Faults, FitFileRow, ImportStore, SessionRow } from '../ports';
import { DEFAULT_ARCHIVE_CAPS, type ArchiveCaps } from '../core/archive';
import { loadFitBytes } from './archive-entry-loader';

export interface ImportFitDeps {
  blobs: BlobStore;
  store: ImportStore;
  coordinator: Coordinator;
  clock: Clock;
  limits: { maxFitBytes: number };
  /** caps for archive members (defaults when absent) */
  archiveCaps?: ArchiveCaps;
  /** fault hooks at step boundaries (test and drill configs only) */
  faults?: Faults;
}

export async function importFit(task: ImportFileMessage, deps: ImportFitDeps): Promise<FileOutcome | null> {
  const { proceed } = await deps.coordinator.markFileStarted(task.jobId, task.fileId);
  if (!proceed) return null; // already terminal: a redelivery
  const outcome = await decideOutcome(task, deps);
  await deps.coordinator.reportFileOutcome(task.jobId, task.fileId, outcome);
  return outcome;
}

async function decideOutcome(task: ImportFileMessage, deps: ImportFitDeps): Promise<FileOutcome> {
  if (task.size > deps.limits.maxFitBytes) {
    return rejected('too_large', `The file is ${formatMb(task.size)}; FIT files larger than ${formatMb(deps.limits.maxFitBytes)} are not accepted.`);
  }
  if (task.source) await deps.faults?.hit('inflate', task.fileId, task.name);
  const loaded = await loadFitBytes(task, { blobs: deps.blobs, caps: deps.archiveCaps ?? DEFAULT_ARCHIVE_CAPS, maxFitBytes: deps.limits.maxFitBytes });
  if ('outcome' in loaded) return loaded.outcome;
  const bytes = loaded.bytes;
  const sha256 = task.sha256 ?? (await sha256Hex(bytes));

  const sameBytes = await deps.store.findFitFileBySha(task.runnerId, sha256);
  if (sameBytes) return duplicateOrOurs(task, sameBytes, deps, 'duplicate_file', 'has identical bytes');

  await deps.faults?.hit('decode', task.fileId, task.name);
  let decoded: DecodedFit;
  try {
    decoded = await decodeFit(bytes);
  } catch (error) {
    if (isDomainError(error) && !error.retryable) return rejected(error.code, error.message);
    throw error;
  }
  const kind = classifyFit(decoded);
  if (kind.kind === 'not_activity') {
    return { status: 'skipped', code: 'not_activity', message: `This is a FIT ${kind.fileType} file, not an activity; nothing to import.` };
  }
  const identity = fitIdentity(decoded);
  if (identity) {
    const sameRecording = await deps.store.findFitFileByIdentity(task.runnerId, identity);
    if (sameRecording) return duplicateOrOurs(task, sameRecording, deps, 'duplicate_activity', 'is the same recording (device and creation time)');
  }

  const now = deps.clock.now();
  const sessions: SessionRow[] = [];
  for (const session of decoded.sessions) {
    const id = sessionIdFor(task.fileId, session.index);
    const records = sliceRecordsForSession(decoded.records, session);
    const key = recordsKey(task.runnerId, id);
    await deps.faults?.hit('parquet', task.fileId, task.name);
    await deps.blobs.put(key, encodeRecordsParquet(records, { sessionId: id, sport: session.sport }), { contentType: 'application/vnd.apache.parquet' });
    sessions.push({ ...toSessionRow(task, session, id, key, records.length, now), events: timerEventsOf(decoded, records) });
  }
  const file: FitFileRow = {
    id: task.fileId, runnerId: task.runnerId, uploadId: task.uploadId, jobId: task.jobId, name: task.name,
    sha256, size: bytes.length, r2Key: loaded.key, fitIdentity: identity, fileType: decoded.fileId.type,
    manufacturer: decoded.fileId.manufacturer, product: decoded.fileId.product, productName: decoded.fileId.productName,
    serialNumber: decoded.fileId.serialNumber, timeCreated: decoded.fileId.timeCreated, createdAt: now,
  };
  // An archive member's original bytes are kept beside it, under the same deterministic key.
  if (loaded.extracted) await deps.blobs.put(loaded.key, bytes, { contentType: 'application/vnd.ant.fit' });
  await deps.faults?.hit('commit', task.fileId, task.name);
  const result = await deps.store.commitImport(file, sessions);
  if (!result.committed) {
    // Lost a race with a concurrent import of the same bytes or recording: the winner holds it.
    if (result.existing) return duplicateOrOurs(task, result.existing, deps, 'duplicate_file', 'was imported at the same time');
    throw new Error('The import did not commit and no conflicting file was found; retrying.');
  }
  return { status: 'imported', sessionIds: sessions.map((s) => s.id) };
}

async function duplicateOrOurs(task: ImportFileMessage, existing: FitFileRow, deps: ImportFitDeps, code: string, why: string): Promise<FileOutcome> {
  const sessionIds = await deps.store.sessionIdsOfFile(task.runnerId, existing.id);
  if (existing.id === task.fileId) return { status: 'imported', sessionIds }; // our own earlier commit
  return {
    status: 'duplicate',
    code,
    message: `This file ${why} as "${existing.name}", already imported.`,
    duplicateOf: existing.id,
    sessionIds,
  };
}

function toSessionRow(task: ImportFileMessage, s: FitSession, id: string, key: string, recordCount: number, now: number): SessionRow {
  const { index: _index, sport, subSport, startTimeUnknown: _unknown, ...totals } = s;
  return {
    id, runnerId: task.runnerId, fitFileId: task.fileId, sessionIndex: s.index, sport, subSport,
    startTime: s.startTime, distanceM: s.totalDistance, timerS: s.totalTimerTime, elapsedS: s.totalElapsedTime,
    avgHr: s.avgHeartRate, device: totals, recordCount, recordsKey: key, createdAt: now,
  };
}

/** Timer start/stop events within the session's records (kept for pause detection). */
function timerEventsOf(decoded: DecodedFit, records: { length: number; timestamp: Float64Array }): SessionRow['events'] {
  if (records.length === 0) return [];
  const first = records.timestamp[0];
  const last = records.timestamp[records.length - 1];
  return decoded.events
    .filter((e) => e.event === 'timer' && e.timestamp >= first - 1000 && e.timestamp <= last + 1000)
    .map(({ timestamp, event, eventType }) => ({ timestamp, event, eventType }));
}

function rejected(code: string, message: string): FileOutcome {
  return { status: 'rejected', code, message };
}

function formatMb(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MB`;
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}
