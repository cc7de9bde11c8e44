/**
 * Which records belong to which session, and the session's window on the file's clock
 * (docs/session-totals.md §2). FIT sessions say where they start (start_time) and how long they
 * ran (total_elapsed_time); the records do not say which session they belong to.
 *
 * Ownership (the Parquet file of each session): every record belongs to exactly one session —
 * the last session that starts at or before it; records before the first session's start belong
 * to the first session. So a boundary record is never written twice and records in a gap between
 * sessions, or after the last window, are never dropped. A file with one session: it owns all.
 *
 * Window (what statistics count): [start_time, start_time + total_elapsed_time], the elapsed time
 * counted on the device's clock where the file says that clock lagged the records'. Records of a
 * session that lie outside its window (a watch that kept logging after the session ended) stay in
 * its Parquet but are left out of its statistics. The cumulative distance of the whole file at
 * both window edges is interpolated in time across session boundaries (a leg starts where the
 * previous one ended, not at its own first record) — or, at a leg's end, read where its lap's end
 * position lies on the recorded track (distanceAtPosition) — and is 0 at the first session's start (the
 * device's counter starts there: a pool swim writes the first length's distance only at its end).
 *
 * Records sharing a timestamp (a GPS record and a sensor record of the same second) are merged
 * field-wise, the later finite value winning, before anything else: the Parquet file, the
 * session's record count and the statistics see the same rows.
 */
import { fileTimeAfter } from './clock-correlation.js';
import { distanceAtPosition, NEAR_END_MS } from './track-position.js';
import type { FitSession, RecordChannel, RecordColumns } from './types.js';

export interface SessionWindow {
  /** ms on the file's clock (device-relative when the file's start time is unknown) */
  startMs: number;
  endMs: number;
  /** the file's cumulative distance at startMs / endMs, when the records carry distance */
  distanceAtStartM?: number;
  distanceAtEndM?: number;
}

export interface SessionRecords {
  records: RecordColumns;
  /** absent when the session has no start or no length */
  window?: SessionWindow;
}

/** Sort by time and merge records sharing a timestamp (later finite value wins, field by field). */
export function mergeRecordsByTimestamp(records: RecordColumns): RecordColumns {
  const n = records.length;
  let clean = true;
  for (let i = 1; i < n && clean; i++) if (!(records.timestamp[i]! > records.timestamp[i - 1]!)) clean = false;
  if (clean) return records;
  const order = Array.from({ length: n }, (_, i) => i).filter((i) => Number.isFinite(records.timestamp[i]!));
  order.sort((a, b) => records.timestamp[a]! - records.timestamp[b]! || a - b);
  const keys = Object.keys(records.channels) as RecordChannel[];
  const ts: number[] = [];
  const out = keys.map(() => [] as number[]);
  for (const i of order) {
    const t = records.timestamp[i]!;
    const dup = ts.length > 0 && ts[ts.length - 1] === t;
    if (!dup) ts.push(t);
    keys.forEach((k, c) => {
      const v = records.channels[k]![i]!;
      if (!dup) out[c]!.push(v);
      else if (Number.isFinite(v)) out[c]![out[c]!.length - 1] = v;
    });
  }
  const channels: Partial<Record<RecordChannel, Float64Array>> = {};
  keys.forEach((k, c) => (channels[k] = Float64Array.from(out[c]!)));
  return { length: ts.length, timestamp: Float64Array.from(ts), channels };
}

function sessionStart(s: FitSession): number | undefined {
  return s.startTime ?? s.relativeStartTime;
}

function sessionLength(s: FitSession): number | undefined {
  return s.totalElapsedTime ?? s.totalTimerTime;
}

/** Cumulative distance of the whole file at time t: linear between finite samples, 0 before the first session. */
function distanceAt(records: RecordColumns, t: number, firstStart: number): number | undefined {
  const d = records.channels.distance;
  if (!d) return undefined;
  let prev = -1;
  for (let i = 0; i < records.length; i++) {
    if (!Number.isFinite(d[i]!)) continue;
    const ti = records.timestamp[i]!;
    if (ti >= t) {
      if (prev < 0) return t <= firstStart ? 0 : d[i]; // before any sample: the counter is 0 at the first start
      const tp = records.timestamp[prev]!;
      return ti === tp ? d[i] : d[prev]! + ((d[i]! - d[prev]!) * (t - tp)) / (ti - tp);
    }
    prev = i;
  }
  return prev < 0 ? undefined : d[prev];
}

function windowOf(records: RecordColumns, s: FitSession, firstStart: number, placed?: Set<FitSession>): SessionWindow | undefined {
  const start = sessionStart(s);
  const length = sessionLength(s);
  if (start === undefined || length === undefined || !(length >= 0)) return undefined;
  // the device counts its elapsed time on its own clock: where it lagged the records' (Edge 840),
  // the session ends that much later among the records (clock-correlation.ts)
  const endMs = s.clockOffsets && s.clockOffsets.length >= 2 ? fileTimeAfter(s.clockOffsets, start, length) : start + length * 1000;
  const w: SessionWindow = { startMs: start, endMs };
  const a = distanceAt(records, start, firstStart);
  const atEnd = s.endPosition ? distanceAtPosition(records, s.endPosition, endMs) : undefined;
  if (atEnd !== undefined) placed?.add(s);
  const b = atEnd ?? distanceAt(records, endMs, firstStart);
  if (a !== undefined && b !== undefined) Object.assign(w, { distanceAtStartM: start <= firstStart ? 0 : a, distanceAtEndM: b });
  return w;
}

/** A leg that starts this close to the previous leg's end starts where it ended (start times are whole seconds). */
const SAME_INSTANT_MS = 1000;

/** Splits the file's records into one block per session (same order as `sessions`). */
export function assignSessionRecords(all: RecordColumns, sessions: readonly FitSession[]): SessionRecords[] {
  const records = mergeRecordsByTimestamp(all);
  const starts = sessions.map(sessionStart);
  const known = starts.filter((x): x is number => x !== undefined);
  const firstStart = known.length > 0 ? Math.min(...known) : -Infinity;
  if (sessions.length === 1) return [{ records, window: windowOf(records, sessions[0]!, firstStart) }];
  // sessions by start; a session without a start owns nothing (it cannot be placed)
  const order = sessions.map((_, i) => i).filter((i) => starts[i] !== undefined).sort((a, b) => starts[a]! - starts[b]! || a - b);
  const ranges = new Map<number, [number, number]>();
  let from = 0;
  order.forEach((si, k) => {
    const next = k + 1 < order.length ? starts[order[k + 1]!]! : Infinity;
    let to = from;
    while (to < records.length && records.timestamp[to]! < next) to++;
    ranges.set(si, [from, to]);
    from = to;
  });
  const placed = new Set<FitSession>();
  const windows = sessions.map((s) => windowOf(records, s, firstStart, placed));
  // a leg starts where the previous one ended, at the distance its end was given: when it starts at
  // that instant (start times are whole seconds), or — an end placed on the track by its position —
  // within NEAR_END_MS of it (the fenix 5X's bike leg, after a reboot, ends 4.7 s before T2 starts)
  order.forEach((si, k) => {
    const w = windows[si];
    const pk = k > 0 ? order[k - 1]! : -1;
    const before = pk >= 0 ? windows[pk] : undefined;
    if (!w || !before || before.distanceAtEndM === undefined || w.distanceAtStartM === undefined) return;
    const apart = Math.abs(w.startMs - before.endMs);
    if (apart <= SAME_INSTANT_MS || (placed.has(sessions[pk]!) && apart <= NEAR_END_MS)) w.distanceAtStartM = before.distanceAtEndM;
  });
  return sessions.map((_, i) => {
    const [a, b] = ranges.get(i) ?? [0, 0];
    return { records: sliceRange(records, a, b), window: windows[i] };
  });
}

function sliceRange(records: RecordColumns, a: number, b: number): RecordColumns {
  const channels: Partial<Record<RecordChannel, Float64Array>> = {};
  for (const [k, c] of Object.entries(records.channels) as [RecordChannel, Float64Array][]) channels[k] = c.slice(a, b);
  return { length: b - a, timestamp: records.timestamp.slice(a, b), channels };
}

/**
 * The file's laps per session, like records: each lap belongs to the last session that starts at
 * or before it (1 s of slack: a lap may be stamped a moment before its session), so no lap is
 * served twice where one session's window overlaps the next one's start.
 */
export function assignSessionLaps<L extends { startTime?: number; relativeStartTime?: number }>(laps: readonly L[], windows: ReadonlyArray<SessionWindow | undefined>): L[][] {
  const out: L[][] = windows.map(() => []);
  for (const lap of laps) {
    const start = lap.startTime ?? lap.relativeStartTime;
    if (start === undefined) {
      if (windows.length === 1) out[0]!.push(lap); // a lone session owns every lap
      continue;
    }
    let best = -1;
    windows.forEach((w, i) => {
      if (w && w.startMs <= start + 1000 && (best < 0 || w.startMs >= windows[best]!.startMs)) best = i;
    });
    if (best < 0 && windows.length === 1) best = 0;
    if (best >= 0) out[best]!.push(lap);
  }
  return out;
}
