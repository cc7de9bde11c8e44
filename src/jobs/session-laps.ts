/**
 * A session's laps (core/laps/laps-json.ts): read for the laps API and the analysis from the
 * metadata of the session's records Parquet (written there at import), else from their own object
 * in R2 (sessions imported before issue 14 item 5); for a session imported before laps were
 * stored at all, rebuilt once from its original file (FIT, GPX, TCX) and written as that object.
 */
import { decodeActivity } from '../core/activity';
import { assignSessionLaps, assignSessionRecords } from '../core/fit';
import { isDomainError } from '../core/errors';
import { lapsKey, recordsKey } from '../core/keys';
import { hasOnlyAutoLaps, toActivityLaps, type ActivityLap } from '../core/laps/activity-lap';
import type { SessionInterval } from '../core/metrics/intervals';
import type { ActualSession } from '../core/plan';
import { decodeLapsJson, encodeLapsJson } from '../core/laps/laps-json';
import { RECORDS_LAPS_KEY } from '../core/parquet/encode-records';
import { openRecordsParquet } from '../core/parquet/read-records';
import type { AnalysisStore, BlobStore, FitFileRow, SessionRow } from '../ports';
import { blobRecordsFile } from './blob-records-file';
import { readOriginalBytes } from './original-file';

export async function readStoredLaps(blobs: BlobStore, runnerId: string, sessionId: string): Promise<ActivityLap[] | undefined> {
  const inRecords = await readLapsOfRecords(blobs, recordsKey(runnerId, sessionId));
  if (inRecords) return inRecords;
  const bytes = await blobs.getBytes(lapsKey(runnerId, sessionId));
  return bytes ? decodeLapsJson(new TextDecoder().decode(bytes)) : undefined;
}

/**
 * The laps written into the session's records Parquet at import (`pacelab.laps`, issue 14 item 5):
 * its footer only, by range. Undefined for a session imported before (its laps are an object of
 * their own, or rebuilt from the original) or when the records cannot be read.
 */
async function readLapsOfRecords(blobs: BlobStore, key: string): Promise<ActivityLap[] | undefined> {
  const size = await blobs.size(key);
  if (size === null) return undefined;
  try {
    const text = (await openRecordsParquet(blobRecordsFile(blobs, key, size))).keyValueMetadata[RECORDS_LAPS_KEY];
    return text === undefined ? undefined : decodeLapsJson(text);
  } catch (error) {
    if (isDomainError(error) && !error.retryable) return undefined;
    throw error;
  }
}

/** Stored laps, or the laps of the session's FIT file (then stored). Undefined when neither exists. */
export async function loadSessionLaps(blobs: BlobStore, session: SessionRow & { fitFile: Pick<FitFileRow, 'r2Key' | 'archiveMember'> }): Promise<ActivityLap[] | undefined> {
  const stored = await readStoredLaps(blobs, session.runnerId, session.id);
  if (stored) return stored;
  const fit = await readOriginalBytes(blobs, session.fitFile);
  if (!fit) return undefined;
  const { decoded } = await decodeActivity(fit); // the original may be a GPX or TCX: its content decides
  const owned = assignSessionRecords({ length: 0, timestamp: new Float64Array(0), channels: {} }, decoded.sessions);
  const window = owned[session.sessionIndex]?.window;
  const laps = toActivityLaps(assignSessionLaps(decoded.laps, owned.map((o) => o.window))[session.sessionIndex] ?? [], window?.startMs);
  await blobs.put(lapsKey(session.runnerId, session.id), encodeLapsJson(laps), { contentType: 'application/json' });
  return laps;
}

/**
 * A run's pieces for compliance (core/plan/compliance.ts): the laps when they mark the workout
 * (manual or structured laps), else the intervals detected from speed, else the automatic laps —
 * each as time and average speed. Only what is stored is read (no original file is decoded here).
 */
export async function loadRunPieces(deps: { blobs: BlobStore; analysis: AnalysisStore }, runnerId: string, sessionId: string): Promise<ActualSession['pieces']> {
  const laps = ((await readStoredLaps(deps.blobs, runnerId, sessionId)) ?? []).flatMap((l) => {
    const speed = l.avgSpeedMps ?? (l.distanceM !== undefined && l.timerS ? l.distanceM / l.timerS : undefined);
    return l.timerS && speed ? [{ seconds: l.timerS, speedMps: speed, lap: l }] : [];
  });
  if (laps.length >= 2 && !hasOnlyAutoLaps(laps.map((x) => x.lap))) return { source: 'laps', items: laps.map(({ seconds, speedMps }) => ({ seconds, speedMps })) };
  const stored = await deps.analysis.getStats(runnerId, sessionId);
  const detected = (stored?.stats.intervals ?? []) as SessionInterval[];
  if (detected.length >= 2) return { source: 'intervals', items: detected.map((i) => ({ seconds: i.durationS, speedMps: i.avgSpeedMps })) };
  if (laps.length >= 2) return { source: 'laps', items: laps.map(({ seconds, speedMps }) => ({ seconds, speedMps })) };
  return undefined;
}
