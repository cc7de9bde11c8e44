/**
 * The session's window in the statistics (docs/session-totals.md §2): records outside
 * [start_time, start_time + total_elapsed_time] are left out, and the timer also runs over the
 * short edges between the window's start and the first record, and between the last record and
 * the window's end (or the timer stop that ends it). A watch starts its timer at start_time, not
 * at its first record: a Suunto that logs its first record 1 s in, or smart recording whose last
 * record is 3 s before the final stop, would otherwise lose those seconds.
 */
import type { FitEvent, FitTotals, RecordChannel, RecordColumns } from '../fit/types';
import type { SessionStreams } from './streams';
import type { SessionWindow } from '../fit/session-records';

export interface WindowedRecords {
  records: RecordColumns;
  /** records of the session's stream outside its window (kept in its Parquet, not counted) */
  outside: number;
}

/**
 * Records this far past the window's end still count: a device whose total_elapsed_time runs
 * short of the records' clock without saying why is not a session that ended early. (One that
 * says why — FIT timestamp_correlation, the corpus Edge 840: 45 s in 2 h — has its window's end
 * placed on the records' clock already, fit/clock-correlation.ts.)
 */
export function computeWindowSlackMs(w: SessionWindow): number {
  return Math.max(60_000, 0.01 * (w.endMs - w.startMs));
}

/** Keeps the records inside [startMs, endMs + slack]; the stream unchanged when all are inside. */
export function clipToWindow(records: RecordColumns, w: SessionWindow | undefined): WindowedRecords {
  if (!w) return { records, outside: 0 };
  const keep: number[] = [];
  const end = w.endMs + computeWindowSlackMs(w);
  for (let i = 0; i < records.length; i++) {
    const t = records.timestamp[i];
    if (t >= w.startMs && t <= end) keep.push(i);
  }
  if (keep.length === records.length) return { records, outside: 0 };
  const channels: Partial<Record<RecordChannel, Float64Array>> = {};
  for (const [k, c] of Object.entries(records.channels) as [RecordChannel, Float64Array][]) channels[k] = Float64Array.from(keep, (i) => c[i]);
  return { records: { length: keep.length, timestamp: Float64Array.from(keep, (i) => records.timestamp[i]), channels }, outside: records.length - keep.length };
}

const STOP_TYPES = new Set(['stop', 'stop_all', 'stop_disable', 'stop_disable_all']);

function timerEvents(events: readonly FitEvent[] | undefined): Array<{ t: number; start: boolean }> {
  return (events ?? [])
    .filter((e) => e.event === 'timer' && Number.isFinite(e.timestamp) && (e.eventType === 'start' || STOP_TYPES.has(e.eventType ?? '')))
    .map((e) => ({ t: e.timestamp, start: e.eventType === 'start' }))
    .sort((a, b) => a.t - b.t);
}

/**
 * Timer seconds before the first record and after the last one, each at most `maxEdgeS` (beyond
 * that the edge is a gap no record describes). The lead starts at the window start, or at the
 * last timer event before the first record (none if that event is a stop); the tail ends at the
 * window end or the first timer stop after the last record.
 */
export function computeTimerEdges(records: RecordColumns, w: SessionWindow | undefined, events: readonly FitEvent[] | undefined, maxEdgeS: number): { leadS: number; tailS: number } {
  if (!w || records.length === 0) return { leadS: 0, tailS: 0 };
  const first = records.timestamp[0];
  const last = records.timestamp[records.length - 1];
  const ev = timerEvents(events);
  let leadFrom = w.startMs;
  let leadOn = true;
  for (const e of ev) {
    if (e.t < w.startMs || e.t > first) continue;
    leadFrom = e.t;
    leadOn = e.start;
  }
  let tailTo = w.endMs;
  const before = ev.filter((e) => e.t <= last).pop();
  const stop = ev.find((e) => e.t >= last && e.t <= w.endMs);
  if (before && !before.start) tailTo = last; // the timer was already stopped at the last record
  else if (stop) tailTo = stop.start ? last : stop.t;
  const leadS = leadOn ? Math.max(0, (first - leadFrom) / 1000) : 0;
  const tailS = Math.max(0, (Math.max(tailTo, last) - last) / 1000);
  return { leadS: leadS <= maxEdgeS ? leadS : 0, tailS: tailS <= maxEdgeS ? tailS : 0 };
}

/**
 * Pauses no record can show (docs/session-totals.md §2): a watch that rebooted mid-ride leaves a
 * gap in its records with no timer events, and only the lap around it says how much of the gap
 * its timer did not run (lap elapsed − lap timer, beyond the pauses the events explain). That
 * excess is taken out of the in-timer gaps inside the lap — never more than those gaps hold, so a
 * lap can only explain time the records leave unexplained.
 */
export function computeUnrecordedPauseS(s: SessionStreams, laps: readonly FitTotals[] | undefined): number {
  let cut = 0;
  for (const lap of laps ?? []) {
    if (lap.startTime === undefined || lap.totalElapsedTime === undefined || lap.totalTimerTime === undefined) continue;
    const a = (lap.startTime - s.startMs) / 1000;
    const { paused, gaps } = sumPausesWithin(s, a, a + lap.totalElapsedTime);
    const excess = lap.totalElapsedTime - lap.totalTimerTime - paused;
    if (excess > 1 && gaps > 0) cut += Math.min(excess, gaps);
  }
  return cut;
}

// Not a loop inside the loop over laps: V8 compiled it on-stack and dropped the code at each lap's end.
function sumPausesWithin(s: SessionStreams, a: number, b: number): { paused: number; gaps: number } {
  let paused = 0;
  let gaps = 0;
  for (let i = 0; i < s.n; i++) {
    if (s.t[i] < a || s.t[i] >= b) continue;
    paused += s.dt[i] - s.e[i];
    if (s.gap[i]) gaps += s.e[i];
  }
  return { paused, gaps };
}
