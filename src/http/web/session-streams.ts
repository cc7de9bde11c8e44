/**
 * The record streams a session page draws: read from the session's Parquet file in R2 by range
 * reads (one row group at a time), then each series downsampled with LTTB so a 20,000-record
 * session ships a few hundred points per chart.
 */
import { openRecordsParquet } from '../../core/parquet/read-records';
import type { BlobStore } from '../../ports';
import { downsampleLttb, type Point } from '../pages/charts/lttb';
import { blobRecordsFile } from '../../jobs/blob-records-file';
import { derivePoolDistance } from '../../core/swim/pool-distance';
import type { SwimLength } from '../../core/swim/swim-length';

const WANTED = ['timestamp', 'distance', 'speed', 'heart_rate', 'power', 'altitude', 'cadence', 'position_lat', 'position_long'] as const;
type Column = (typeof WANTED)[number];

export interface SessionStreams {
  /** seconds since the first record */
  t: number[];
  /** metres from the start (null where unknown) */
  d: Array<number | null>;
  values: Partial<Record<Exclude<Column, 'timestamp' | 'distance'>, Array<number | null>>>;
  /** ms of the first record (t = 0) on the file's clock */
  startMs?: number;
}

export async function readSessionStreams(blobs: BlobStore, key: string): Promise<SessionStreams | null> {
  const size = await blobs.size(key);
  if (size === null) return null;
  const reader = await openRecordsParquet(blobRecordsFile(blobs, key, size));
  const columns = WANTED.filter((c) => reader.columns.includes(c));
  if (!columns.includes('timestamp')) return null;
  const out: SessionStreams = { t: [], d: [], values: {} };
  for (const c of columns) if (c !== 'timestamp' && c !== 'distance') out.values[c] = [];
  let t0: number | null = null;
  for await (const batch of reader.batches({ columns })) {
    for (const row of batch.rows) {
      const ms = Date.parse(String(row.timestamp));
      if (!Number.isFinite(ms)) continue;
      if (t0 === null) {
        t0 = ms;
        out.startMs = ms;
      }
      out.t.push((ms - t0) / 1000);
      const dist = row.distance;
      out.d.push(typeof dist === 'number' ? dist : null);
      for (const [name, arr] of Object.entries(out.values)) {
        const v = row[name];
        arr!.push(typeof v === 'number' && Number.isFinite(v) ? v : null);
      }
    }
  }
  return out;
}

/** y against x with nulls (either side) dropped, then LTTB-downsampled to at most `max` points. */
export function seriesAgainst(xs: ReadonlyArray<number | null>, ys: ReadonlyArray<number | null>, max = 500, mapY: (y: number) => number | null = (y) => y): Point[] {
  const points: Point[] = [];
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    const raw = ys[i];
    if (x == null || raw == null) continue;
    const y = mapY(raw);
    if (y !== null && Number.isFinite(y)) points.push({ x, y });
  }
  return downsampleLttb(points, max);
}

/**
 * A pool swim whose records carry no speed or distance (HR only): each record inside a length swum
 * gets that length's speed and the distance its lengths give (swim/pool-distance.ts), so its pace
 * chart shows the lengths instead of "no speed data"; rests at the wall stay empty.
 */
export function withLengthSpeeds(streams: SessionStreams | null, lengths: readonly SwimLength[]): SessionStreams | null {
  if (!streams || streams.startMs === undefined || streams.t.length === 0) return streams;
  if (streams.values.speed?.some((v) => v !== null) || streams.d.some((v) => v !== null)) return streams;
  const spans = lengths.filter((l) => l.type === 'active' && l.startMs !== undefined && (l.elapsedS ?? l.timerS) !== undefined);
  if (spans.length === 0) return streams;
  const timestamp = Float64Array.from(streams.t, (t) => streams.startMs! + t * 1000);
  const pool = derivePoolDistance({ length: timestamp.length, timestamp, channels: {} }, lengths);
  const speed = streams.t.map((_, i) => {
    const at = timestamp[i]!;
    const l = spans.find((x) => at >= x.startMs! && at < x.startMs! + (x.elapsedS ?? x.timerS)! * 1000);
    if (!l) return null;
    const seconds = (l.timerS ?? l.elapsedS)!;
    return l.avgSpeedMps ?? (l.distanceM !== undefined && seconds > 0 ? l.distanceM / seconds : null);
  });
  const d = pool ? Array.from(pool.records.channels.distance!) : streams.d;
  return { ...streams, d, values: { ...streams.values, speed } };
}
