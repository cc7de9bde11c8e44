/**
 * What a decoded FIT file is, how to recognise it again, and which records belong to a session.
 * file_id.type values: Garmin FIT Profile, type `file` (https://developer.garmin.com/fit/protocol/).
 */
import type { DecodedFit, FitSession, RecordColumns, RecordChannel } from './types.js';

export type FitKind = { kind: 'activity' } | { kind: 'not_activity'; fileType: string };

/** An activity needs file_id.type 'activity' and at least one session message. */
export function classifyFit(decoded: Pick<DecodedFit, 'fileId' | 'sessions'>): FitKind {
  const fileType = decoded.fileId.type ?? 'unknown';
  if (fileType === 'activity' && decoded.sessions.length > 0) return { kind: 'activity' };
  return { kind: 'not_activity', fileType };
}

/**
 * Stable identity of the recording device + moment, for duplicate detection across uploads.
 * Undefined when any part is missing (or time_created is device-relative): never guess.
 */
export function fitIdentity(decoded: Pick<DecodedFit, 'fileId'>): string | undefined {
  const { manufacturer, product, serialNumber, timeCreated } = decoded.fileId;
  if (manufacturer === undefined || product === undefined || serialNumber === undefined || timeCreated === undefined) return undefined;
  return `fit:${manufacturer}:${product}:${serialNumber}:${timeCreated}`;
}

/**
 * Records of one session: all of them when it is the file's only session, otherwise those in
 * [start, start + elapsed) — the end is inclusive for the last session. Sessions without a start
 * (or without a length) in a multi-session file get no records.
 */
export function sliceRecordsForSession(records: RecordColumns, session: FitSession): RecordColumns {
  if ((session.sessionCount ?? 0) === 1) return records;
  const start = session.startTime ?? session.relativeStartTime;
  const duration = session.totalElapsedTime ?? session.totalTimerTime;
  if (start === undefined || duration === undefined) return sliceByIndex(records, []);
  const end = start + duration * 1000;
  const last = session.sessionCount !== undefined && session.index === session.sessionCount - 1;
  const indices: number[] = [];
  for (let i = 0; i < records.length; i++) {
    const t = records.timestamp[i]!;
    if (t >= start && (t < end || (last && t === end))) indices.push(i);
  }
  return sliceByIndex(records, indices);
}

function sliceByIndex(records: RecordColumns, indices: number[]): RecordColumns {
  // a session's records are normally contiguous: one block copy instead of a gather
  const contiguous = indices.length > 0 && indices[indices.length - 1]! - indices[0]! === indices.length - 1;
  const pick = (column: Float64Array): Float64Array =>
    contiguous ? column.slice(indices[0]!, indices[0]! + indices.length) : Float64Array.from(indices, (i) => column[i]!);
  const channels: Partial<Record<RecordChannel, Float64Array>> = {};
  for (const [name, column] of Object.entries(records.channels) as [RecordChannel, Float64Array][]) channels[name] = pick(column);
  return { length: indices.length, timestamp: pick(records.timestamp), channels };
}
