/**
 * Pool-swim distance for records that carry none (docs/session-totals.md §2, "Pool lengths").
 * A watch counts a pool swim as active lengths × pool length and writes that into the FIT
 * `length` messages (global 101); the records of many watches (the corpus FR965) carry heart rate
 * only. The cumulative distance at a record's time is then: every active length finished before it
 * in full, plus the share of the length under way (linear in time — a length is swum at a steady
 * pace as far as the file can tell), and nothing during rests at the wall. Records that do carry
 * distance (the FR735XT writes it at each length's end) are left as recorded.
 */
import type { RecordColumns } from '../fit/types';
import type { LengthSpan } from './swim-length';

interface Span {
  a: number;
  b: number;
  m: number;
}

function activeSpans(lengths: readonly LengthSpan[]): Span[] {
  const spans: Span[] = [];
  for (const l of lengths) {
    const seconds = l.elapsedS ?? l.timerS;
    if (l.type !== 'active' || l.startMs === undefined || seconds === undefined || !(l.distanceM! > 0)) continue;
    spans.push({ a: l.startMs, b: l.startMs + seconds * 1000, m: l.distanceM! });
  }
  return spans.sort((x, y) => x.a - y.a);
}

function hasDistance(records: RecordColumns): boolean {
  const d = records.channels.distance;
  if (!d) return false;
  for (let i = 0; i < records.length; i++) if (Number.isFinite(d[i]!)) return true;
  return false;
}

/** Cumulative active-length distance at time t (ms): finished lengths in full, the current one in part. */
function distanceAt(spans: readonly Span[], t: number): number {
  let total = 0;
  for (const s of spans) {
    if (s.b <= t) total += s.m;
    else if (t > s.a) total += (s.m * (t - s.a)) / (s.b - s.a);
  }
  return total;
}

export interface PoolDistance {
  records: RecordColumns;
  /** the distance at the session window's edges (0 at its start, the lengths up to its end) */
  atStartM: number;
  atEndM: number;
}

/**
 * The records with a distance channel from the lengths, when they have no distance of their own
 * and the lengths give one (else undefined: the records stand as recorded). `endMs` is the
 * session window's end (the last length may end after the last record).
 */
export function derivePoolDistance(records: RecordColumns, lengths: readonly LengthSpan[] | undefined, endMs?: number): PoolDistance | undefined {
  if (!lengths || lengths.length === 0 || records.length === 0 || hasDistance(records)) return undefined;
  const spans = activeSpans(lengths);
  if (spans.length === 0) return undefined;
  const d = new Float64Array(records.length);
  let prev = 0;
  for (let i = 0; i < records.length; i++) {
    // overlapping lengths (a watch may stamp the next start a moment early) never run backwards
    prev = Math.max(prev, distanceAt(spans, records.timestamp[i]!));
    d[i] = prev;
  }
  return { records: { ...records, channels: { ...records.channels, distance: d } }, atStartM: 0, atEndM: endMs === undefined ? prev : distanceAt(spans, endMs) };
}
