/**
 * Stream normalisation before any metric (ALGORITHMS.md §0.2): sort, merge duplicate timestamps
 * field-wise, the timer mask from timer events, and the per-interval in-timer duration e_i and
 * `gap` class. Times become seconds since the first record so later arithmetic stays small.
 */
import type { FitEvent, RecordChannel, RecordColumns } from '../fit/types';

export interface SessionStreams {
  n: number;
  /** ms since epoch of the first record */
  startMs: number;
  /** s since the first record, strictly increasing */
  t: Float64Array;
  /** Δ_i = t_{i+1} − t_i; last = 0 */
  dt: Float64Array;
  /** in-timer part of interval i (Δ_i minus its paused overlap) */
  e: Float64Array;
  /** 1 when e_i > G_max */
  gap: Uint8Array;
  /** record-level timer mask */
  inTimer: Uint8Array;
  /** stopped-timer periods [start, end) in s, flattened pairs; end may be +Infinity */
  stops: number[];
  ch: Partial<Record<RecordChannel, Float64Array>>;
  pausedS: number;
  gapS: number;
  /** largest Δ between records (a jump > 6 h suggests two sessions in one file) */
  maxDtS: number;
}

const STOP_TYPES = new Set(['stop', 'stop_all', 'stop_disable', 'stop_disable_all']);

/** Sort by timestamp (only if needed) and merge exact duplicates keeping the last finite value. */
function orderAndMerge(records: RecordColumns): { ts: ArrayLike<number>; ch: Partial<Record<RecordChannel, Float64Array>> } {
  const len = Math.min(records.length, records.timestamp.length);
  // fast path (the usual decoder output): strictly increasing finite timestamps, full-length columns — no copies
  let clean = true;
  for (let i = 0; i < len && clean; i++) {
    const v = records.timestamp[i];
    if (!Number.isFinite(v) || (i > 0 && !(v > records.timestamp[i - 1]))) clean = false;
  }
  if (clean && Object.values(records.channels).every((c) => c === undefined || c.length >= len)) {
    const ch: Partial<Record<RecordChannel, Float64Array>> = {};
    for (const [k, c] of Object.entries(records.channels)) if (c) ch[k as RecordChannel] = c.subarray(0, len);
    return { ts: records.timestamp.subarray(0, len), ch };
  }
  const order: number[] = [];
  let sorted = true;
  for (let i = 0; i < len; i++) {
    const v = records.timestamp[i];
    if (!Number.isFinite(v)) continue;
    if (order.length > 0 && v < records.timestamp[order[order.length - 1]]) sorted = false;
    order.push(i);
  }
  if (!sorted) order.sort((a, b) => records.timestamp[a] - records.timestamp[b] || a - b);
  const keys = Object.keys(records.channels) as RecordChannel[];
  const src = keys.map((k) => records.channels[k] as Float64Array);
  const out = keys.map(() => new Float64Array(order.length));
  const ts: number[] = [];
  for (const i of order) {
    const v = records.timestamp[i];
    const dup = ts.length > 0 && ts[ts.length - 1] === v;
    if (!dup) ts.push(v);
    const o = ts.length - 1;
    for (let c = 0; c < keys.length; c++) {
      const x = i < src[c].length ? src[c][i] : NaN;
      if (!dup) out[c][o] = x;
      else if (Number.isFinite(x)) out[c][o] = x;
    }
  }
  const ch: Partial<Record<RecordChannel, Float64Array>> = {};
  keys.forEach((k, c) => {
    ch[k] = out[c].subarray(0, ts.length);
  });
  return { ts, ch };
}

/**
 * Stopped periods from timer events. Before the first timer event the timer is taken as running
 * unless that first event is a start (then the records before it were recorded with the timer off).
 */
export function buildStops(events: readonly FitEvent[] | undefined, startMs: number): number[] {
  const timer = (events ?? [])
    .filter((ev) => ev.event === 'timer' && Number.isFinite(ev.timestamp) && (ev.eventType === 'start' || STOP_TYPES.has(ev.eventType ?? '')))
    .map((ev, k) => ({ t: (ev.timestamp - startMs) / 1000, start: ev.eventType === 'start', k }))
    .sort((a, b) => a.t - b.t || a.k - b.k);
  if (timer.length === 0) return [];
  const stops: number[] = [];
  let running = !timer[0].start;
  let stopAt = -Infinity;
  for (const ev of timer) {
    if (!ev.start && running) {
      running = false;
      stopAt = ev.t;
    } else if (ev.start && !running) {
      if (ev.t > stopAt) stops.push(stopAt, ev.t);
      running = true;
    }
  }
  if (!running) stops.push(stopAt, Infinity);
  return stops;
}

export function normaliseStreams(records: RecordColumns, events: readonly FitEvent[] | undefined, gapThresholdS: number): SessionStreams {
  const { ts, ch } = orderAndMerge(records);
  const n = ts.length;
  const startMs = n > 0 ? ts[0] : NaN;
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) t[i] = (ts[i] - startMs) / 1000;
  const stops = n > 0 ? buildStops(events, startMs) : [];
  const dt = new Float64Array(n);
  const e = new Float64Array(n);
  const gap = new Uint8Array(n);
  const inTimer = new Uint8Array(n);
  let pausedS = 0;
  let gapS = 0;
  let maxDtS = 0;
  let s = 0; // first stop period that may still overlap
  for (let i = 0; i < n; i++) {
    const a = t[i];
    const b = i + 1 < n ? t[i + 1] : a;
    while (s < stops.length && stops[s + 1] <= a) s += 2;
    inTimer[i] = s < stops.length && stops[s] <= a ? 0 : 1;
    let p = 0;
    for (let k = s; k < stops.length && stops[k] < b; k += 2) {
      const lo = Math.max(a, stops[k]);
      const hi = Math.min(b, stops[k + 1]);
      if (hi > lo) p += hi - lo;
    }
    dt[i] = b - a;
    e[i] = Math.max(0, dt[i] - p);
    pausedS += dt[i] - e[i];
    if (dt[i] > maxDtS) maxDtS = dt[i];
    if (e[i] > gapThresholdS) {
      gap[i] = 1;
      gapS += e[i];
    }
  }
  return { n, startMs, t, dt, e, gap, inTimer, stops, ch, pausedS, gapS, maxDtS };
}

/** A channel counts as recorded only if it has at least one finite sample. */
export function channel(s: SessionStreams, key: RecordChannel): Float64Array | undefined {
  const c = s.ch[key];
  if (!c) return undefined;
  for (let i = 0; i < c.length; i++) if (Number.isFinite(c[i])) return c;
  return undefined;
}
