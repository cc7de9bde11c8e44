/**
 * R2 key layout. Everything a runner owns sits under their prefix, keyed by server ids; the
 * name a user gave a file is display data only and never part of a key.
 */
export function runnerPrefix(runnerId: string): string {
  return `runners/${runnerId}/`;
}

export function uploadKey(runnerId: string, uploadId: string): string {
  return `${runnerPrefix(runnerId)}uploads/${uploadId}`;
}

export function recordsKey(runnerId: string, sessionId: string): string {
  return `${runnerPrefix(runnerId)}sessions/${sessionId}/records.parquet`;
}

/** The session's laps (JSON `ActivityLap[]`): bulky for a pool swim's 99 laps, so R2, not D1. */
export function lapsKey(runnerId: string, sessionId: string): string {
  return `${runnerPrefix(runnerId)}sessions/${sessionId}/laps.json`;
}

/**
 * The session's detailed statistics (gzip JSON: splits, mean-max curves, zones, best efforts…),
 * kept out of D1 (core/metrics/stats-layout.ts); overwritten by every re-analysis.
 */
export function statsDetailKey(runnerId: string, sessionId: string): string {
  return `${runnerPrefix(runnerId)}sessions/${sessionId}/stats.json.gz`;
}

/** Every object stored per session (records, laps, pool lengths, statistics detail): what deleting a session removes. */
export function sessionObjectKeys(runnerId: string, sessionId: string): string[] {
  return [recordsKey(runnerId, sessionId), lapsKey(runnerId, sessionId), lengthsKey(runnerId, sessionId), statsDetailKey(runnerId, sessionId)];
}

/** A pool swim's lengths (JSON `SwimLength[]`): ~100-200 per swim, so R2 like the laps. Pool swims only. */
export function lengthsKey(runnerId: string, sessionId: string): string {
  return `${runnerPrefix(runnerId)}sessions/${sessionId}/lengths.json`;
}

/** Session ids are derived from the FIT file id so that a redelivered import writes the same keys. */
export function sessionIdFor(fitFileId: string, index: number): string {
  return `${fitFileId}s${index}`;
}

/** An archive found inside an upload, written out so it can be walked by range like the upload. */
export function nestedArchiveKey(runnerId: string, fileId: string): string {
  return `${runnerPrefix(runnerId)}archives/${fileId}`;
}

/** The raw FIT bytes of an archive member, kept so the original file can be downloaded. */
export function extractedFitKey(runnerId: string, fileId: string): string {
  return `${runnerPrefix(runnerId)}fit/${fileId}.fit`;
}

/** Every object of one session (Parquet, laps, detail JSON, …): deleted by listing this prefix. */
export function sessionPrefix(runnerId: string, sessionId: string): string {
  return `${runnerPrefix(runnerId)}sessions/${sessionId}/`;
}

/** Data exports (ZIPs built on request): not charged to the quota, at most one kept per runner. */
export function exportsPrefix(runnerId: string): string {
  return `${runnerPrefix(runnerId)}exports/`;
}

export function exportKey(runnerId: string, exportId: string): string {
  return `${exportsPrefix(runnerId)}${exportId}.zip`;
}

/**
 * A session's derived JSON (laps, statistics detail): recomputed from the charged records and
 * original file, a few KiB against a Parquet of hundreds, so it is not charged — a ledger row
 * each (≈ 280 B of D1 per object) would cost more of the ≤ 3 KiB per session D1 budget
 * (docs/scale.md) than the bytes it meters.
 */
const DERIVED_SESSION_OBJECT = /^sessions\/[^/]+\/(laps\.json|lengths\.json|stats\.json\.gz)$/;

/** The runner whose object this is and whether it counts against their storage quota. */
export function chargeOfKey(key: string): { runnerId: string; charged: boolean } | null {
  const match = /^runners\/([^/]+)\/(.*)$/.exec(key);
  if (!match) return null;
  const rest = match[2]!;
  return { runnerId: match[1]!, charged: !rest.startsWith('exports/') && !DERIVED_SESSION_OBJECT.test(rest) };
}
