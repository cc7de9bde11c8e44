/**
 * One file's part of a group import: its bytes and digest (prepareFit), then decode, classify,
 * Parquet per session and the session's statistics read back from that Parquet (convertFit).
 * Bad input comes back as an outcome; only transient failures throw.
 */
import type { ImportFileMessage } from '../contracts/queue-messages';
import type { FileOutcome } from '../core/chain/job-state';
import { DEFAULT_ARCHIVE_CAPS } from '../core/archive';
import { isDomainError } from '../core/errors';
import { decodeActivity, type ActivityFormat, type DecodedActivity } from '../core/activity';
import { assignSessionLaps, assignSessionRecords, classifyFit, fitIdentity, type SessionWindow } from '../core/fit';
import { toActivityLaps } from '../core/laps/activity-lap';
import { lapsJsonText } from '../core/laps/laps-json';
import type { DecodedFit, FitSession, RecordColumns } from '../core/fit/types';
import { lengthsKey, recordsKey, sessionIdFor } from '../core/keys';
import { encodeLengthsJson, isPoolSwim } from '../core/swim/lengths-json';
import { toSwimLengths, type SwimLength } from '../core/swim/swim-length';
import { encodeRecordsParquet } from '../core/parquet/encode-records';
import { toStoredRecordColumns } from '../core/parquet/stored-columns';
import type { ArchiveMemberRef, BestEffortRow, BlobToStore, FitFileRow, SessionRow, StoredStats } from '../ports';
import type { ActivityLap } from '../core/laps/activity-lap';
import type { SessionTotals } from '../core/metrics';
import { buildSessionAnalysis, type AnalysisContext } from './analyse-session';
import { loadFitBytes } from './archive-entry-loader';
import type { ImportFitDeps } from './import-fit';

export interface Prepared {
  task: ImportFileMessage;
  bytes: Uint8Array;
  key: string;
  extracted: boolean;
  /** an archive member read from its archive later: no copy stored (archive-entry-loader.ts) */
  member?: ArchiveMemberRef;
  sha256: string;
}

export interface Converted {
  task: ImportFileMessage;
  format: ActivityFormat;
  file: FitFileRow;
  sessions: SessionRow[];
  /** the objects this file stores before its commit (Parquet, laps, lengths per session; an archive member's bytes) */
  objects: BlobToStore[];
  /** statistics computed at import, stored with the group if the file commits */
  analyses: Array<{ stats: StoredStats; efforts: BestEffortRow[] }>;
}

export async function prepareFit(task: ImportFileMessage, deps: ImportFitDeps): Promise<Prepared | { task: ImportFileMessage; outcome: FileOutcome }> {
  const maxBytes = maxActivityBytes(deps.limits);
  if (task.size > maxBytes) {
    return { task, outcome: rejected('too_large', `The file is ${formatMb(task.size)}; activity files larger than ${formatMb(maxBytes)} are not accepted.`) };
  }
  if (task.source) await deps.faults?.hit('inflate', task.fileId, task.name);
  const loaded = await loadFitBytes(task, { blobs: deps.blobs, caps: deps.archiveCaps ?? DEFAULT_ARCHIVE_CAPS, maxFitBytes: maxBytes, inflater: deps.inflater });
  if ('outcome' in loaded) return { task, outcome: loaded.outcome };
  return { task, bytes: loaded.bytes, key: loaded.key, extracted: loaded.extracted, ...(loaded.member ? { member: loaded.member } : {}), sha256: task.sha256 ?? (await sha256Hex(loaded.bytes)) };
}

/**
 * analysisContext: the runner's profile and critical speed, asked for only once the file has
 * sessions to analyse (a wave of rejected or skipped files costs no D1 read for it).
 */
export async function convertFit(p: Prepared, deps: ImportFitDeps, analysisContext: () => Promise<AnalysisContext | null>): Promise<Converted | { outcome: FileOutcome }> {
  const { task, bytes } = p;
  await deps.faults?.hit('decode', task.fileId, task.name);
  let activity: DecodedActivity;
  try {
    activity = await decodeActivity(bytes, { name: task.name, maxFitBytes: deps.limits.maxFitBytes, maxBytes: deps.limits.maxXmlBytes });
  } catch (error) {
    if (isDomainError(error) && !error.retryable) return { outcome: rejected(error.code, error.message) };
    throw error;
  }
  if (activity.skip) return { outcome: { status: 'skipped', ...activity.skip } };
  const { decoded, format } = activity;
  // the export's own list names the activity as the runner saw it; else the file's name for it
  const title = task.title ?? activity.title;
  const kind = classifyFit(decoded);
  if (kind.kind === 'not_activity') {
    return { outcome: { status: 'skipped', code: 'not_activity', message: `This is a FIT ${kind.fileType} file, not an activity; nothing to import.` } };
  }
  const now = deps.clock.now();
  // A clock set to 2100 would stretch the runner's daily history to 2100: refuse the file.
  const future = decoded.sessions.find((x) => !x.startTimeUnknown && x.startTime !== undefined && x.startTime > now + MAX_FUTURE_MS);
  if (future) {
    return { outcome: rejected('implausible_time', `This activity says it starts on ${new Date(future.startTime!).toISOString().slice(0, 10)}, more than a day from now; check the device's date and time. Nothing was imported.`) };
  }
  const out: Converted = { task, format, file: { ...fileRow(p, decoded, now), format }, sessions: [], objects: [], analyses: [] };
  const context = decoded.sessions.length > 0 ? await analysisContext() : null;
  // every record in exactly one session's Parquet; each session's window (session-records.ts)
  const owned = assignSessionRecords(decoded.records, decoded.sessions);
  const lapsBySession = assignSessionLaps(decoded.laps, owned.map((o) => o.window));
  const lengthsBySession = assignSessionLaps(decoded.lengths ?? [], owned.map((o) => o.window));
  for (const session of decoded.sessions) {
    const id = sessionIdFor(task.fileId, session.index);
    const { records, window } = owned[session.index]!;
    const key = recordsKey(task.runnerId, id);
    await deps.faults?.hit('parquet', task.fileId, task.name);
    const laps = toActivityLaps(lapsBySession[session.index]!, window?.startMs);
    // the laps ride in the Parquet's metadata (one R2 put less per session; session-laps.ts reads them)
    const parquet = encodeRecordsParquet(records, { sessionId: id, sport: session.sport, startTimeUnknown: session.startTimeUnknown, laps: lapsJsonText(laps) });
    // pool swims only: the lengths give their distance when the records carry none
    const lengths = toSwimLengths(lengthsBySession[session.index]!, session.poolLengthM, window?.startMs);
    const lengthsJson = lengths.length > 0 || isPoolSwim({ subSport: session.subSport, device: session }) ? encodeLengthsJson(lengths) : undefined;
    // the lengths are derived, not charged to the quota (keys.ts chargeOfKey); the wave reserves
    // the charged objects before it stores any (putMany), so a refusal leaves nothing behind
    out.objects.push({ key, bytes: parquet, contentType: 'application/vnd.apache.parquet' });
    if (lengthsJson) out.objects.push({ key: lengthsKey(task.runnerId, id), bytes: lengthsJson, contentType: 'application/json' });
    const row: SessionRow = { ...toSessionRow(task, session, id, key, records.length, now, window), events: timerEventsOf(decoded, records), ...(title ? { name: title } : {}),
      ...(decoded.utcOffsetMin !== undefined ? { utcOffsetMin: decoded.utcOffsetMin } : {}) };
    out.sessions.push(row);
    const analysis = context ? await analyseAtImport(row, records, laps, lengths, context, deps, now) : null;
    if (analysis) {
      out.analyses.push(analysis);
      applyTotals(row, analysis.stats);
    }
  }
  // A ZIP member's original is read from its archive, which is kept while any of its files is
  // (UploadRepo.removeIfUnused): no second copy. Other extracted bytes (a .fit.gz's content) are
  // kept under the file's deterministic key.
  if (p.extracted && !p.member) out.objects.push({ key: p.key, bytes, contentType: CONTENT_TYPES[format] });
  return out;
}

/**
 * The session's statistics from its records exactly as its Parquet stores them, and its row as
 * D1 gives it back (JSON), so they equal what the analyse step would compute. Any failure here
 * only leaves the session to that step (which reports it).
 */
async function analyseAtImport(row: SessionRow, decoded: RecordColumns, laps: ActivityLap[], lengths: SwimLength[], context: AnalysisContext, deps: ImportFitDeps, now: number) {
  try {
    await deps.faults?.hit('analyse', row.id);
    const records = toStoredRecordColumns(decoded);
    const stored = JSON.parse(JSON.stringify({ device: row.device, events: row.events ?? null, laps, lengths })) as Pick<SessionRow, 'device' | 'events'> & { laps: ActivityLap[]; lengths: SwimLength[] };
    return buildSessionAnalysis({ ...row, device: stored.device, events: stored.events ?? undefined }, records, context, now, stored.laps, stored.lengths);
  } catch {
    return null;
  }
}

export function duplicateOutcome(task: ImportFileMessage, existing: { id: string; name: string }, sessionIds: string[], code: string, why: string): FileOutcome {
  if (existing.id === task.fileId) return { status: 'imported', sessionIds }; // our own earlier commit
  return { status: 'duplicate', code, message: `This file ${why} as "${existing.name}", already imported.`, duplicateOf: existing.id, sessionIds };
}

function fileRow(p: Prepared, decoded: DecodedFit, now: number): FitFileRow {
  const { task } = p;
  return {
    id: task.fileId, runnerId: task.runnerId, uploadId: task.uploadId, jobId: task.jobId, name: task.name,
    sha256: p.sha256, size: p.bytes.length, r2Key: p.key, fitIdentity: fitIdentity(decoded), fileType: decoded.fileId.type,
    manufacturer: decoded.fileId.manufacturer, product: decoded.fileId.product, productName: decoded.fileId.productName,
    serialNumber: decoded.fileId.serialNumber, timeCreated: decoded.fileId.timeCreated, createdAt: now,
    ...(p.member ? { archiveMember: p.member } : {}),
  };
}

function toSessionRow(task: ImportFileMessage, s: FitSession, id: string, key: string, recordCount: number, now: number, window: SessionWindow | undefined): SessionRow {
  // the end position only places the window's end (already in `window`): not stored
  const { index: _index, sport, subSport, endPosition: _endPosition, ...totals } = s;
  // the device's totals until the analysis resolves the session's totals (session-totals.ts)
  return {
    id, runnerId: task.runnerId, fitFileId: task.fileId, sessionIndex: s.index, sport, subSport,
    startTime: s.startTime, distanceM: s.totalDistance, timerS: s.totalTimerTime, elapsedS: s.totalElapsedTime,
    avgHr: s.avgHeartRate, device: window ? { ...totals, window } : totals, recordCount, recordsKey: key, createdAt: now,
  };
}

/** The row shows the session's totals by the one rule (list = page = API). */
function applyTotals(row: SessionRow, stored: StoredStats): void {
  const t = (stored.stats as { totals?: SessionTotals }).totals;
  if (!t) return;
  Object.assign(row, { distanceM: t.distanceM, timerS: t.timerS, elapsedS: t.elapsedS, avgHr: t.avgHr });
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

/** how far in the future a session may start (time zones, a device clock a little ahead) */
const MAX_FUTURE_MS = 86_400_000;
export const CONTENT_TYPES: Record<ActivityFormat, string> = { fit: 'application/vnd.ant.fit', gpx: 'application/gpx+xml', tcx: 'application/vnd.garmin.tcx+xml' };

/** The largest file the importer reads: a FIT is capped at maxFitBytes, GPX/TCX (verbose XML) at maxXmlBytes. */
export function maxActivityBytes(limits: ImportFitDeps['limits']): number {
  return Math.max(limits.maxFitBytes, limits.maxXmlBytes ?? 0);
}

function rejected(code: string, message: string): FileOutcome {
  return { status: 'rejected', code, message };
}

function formatMb(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MB`;
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}
