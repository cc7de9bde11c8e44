/**
 * The device's system clock against the file's clock (FIT Profile message timestamp_correlation,
 * global 162: "UTC timestamp at the time the system timestamp was recorded"). A Garmin Edge 840
 * in the corpus writes one at the start (offset 0) and then every few minutes while its system
 * clock stands still for 2–3 s at a time — 45 s in 2 h by the end — and counts its timer and
 * elapsed time on that clock, while the records are stamped in UTC (docs/session-totals.md §2).
 * Only the offsets are kept: offsetS = timestamp − system_timestamp, at the correlation's UTC time.
 */
import type { DecodedFit, FitClockOffset } from './types.js';
import { absoluteTimeMs, num, type ParsedRow } from './values.js';

/** An offset larger than this is a clock that was never set (or set to another day), not drift. */
const MAX_OFFSET_S = 3600;
/** The file's offsets have whole-second resolution: a simplified polyline keeps them to this. */
const TOLERANCE_S = 1;

export function mapClockOffsets(rows: readonly ParsedRow[]): FitClockOffset[] {
  const out: FitClockOffset[] = [];
  for (const row of rows) {
    const utc = absoluteTimeMs(row, 'timestamp');
    const system = absoluteTimeMs(row, 'system_timestamp');
    if (utc === undefined || system === undefined) continue;
    const atMs = utc + (num(row, 'fractional_timestamp') ?? 0) * 1000;
    const offsetS = Math.round((atMs - system - (num(row, 'fractional_system_timestamp') ?? 0) * 1000)) / 1000;
    if (Math.abs(offsetS) <= MAX_OFFSET_S) out.push({ atMs, offsetS });
  }
  return out.sort((a, b) => a.atMs - b.atMs);
}

/** Douglas–Peucker on (time, offset): the points needed to stay within `tol` seconds of every offset. */
function simplify(points: readonly FitClockOffset[], tol: number): FitClockOffset[] {
  if (points.length <= 2) return [...points];
  const keep = new Uint8Array(points.length);
  keep[0] = 1;
  keep[points.length - 1] = 1;
  const stack: Array<[number, number]> = [[0, points.length - 1]];
  while (stack.length > 0) {
    const [a, b] = stack.pop()!;
    const pa = points[a]!;
    const pb = points[b]!;
    let worst = -1;
    let worstErr = tol;
    for (let i = a + 1; i < b; i++) {
      const p = points[i]!;
      const f = pb.atMs === pa.atMs ? 0 : (p.atMs - pa.atMs) / (pb.atMs - pa.atMs);
      const err = Math.abs(p.offsetS - (pa.offsetS + f * (pb.offsetS - pa.offsetS)));
      if (err > worstErr) {
        worst = i;
        worstErr = err;
      }
    }
    if (worst >= 0) {
      keep[worst] = 1;
      stack.push([a, worst], [worst, b]);
    }
  }
  return points.filter((_, i) => keep[i] === 1);
}

/**
 * Gives each session the offsets that matter to it (its window and one point either side),
 * simplified to the file's 1 s resolution — only when the offset changes at all: a constant
 * offset (the FR965's single correlation, 0 s at the start) is no drift and changes nothing.
 */
export function attachClockOffsets(decoded: DecodedFit, offsets: readonly FitClockOffset[]): void {
  if (offsets.length < 2 || offsets.every((o) => o.offsetS === offsets[0]!.offsetS)) return;
  const line = simplify(offsets, TOLERANCE_S);
  for (const session of decoded.sessions) {
    if (session.startTime === undefined) continue;
    const end = session.startTime + (session.totalElapsedTime ?? session.totalTimerTime ?? 0) * 1000;
    const first = Math.max(0, line.findLastIndex((o) => o.atMs <= session.startTime!));
    let last = line.findIndex((o) => o.atMs >= end);
    if (last < 0) last = line.length - 1;
    const own = line.slice(first, last + 1);
    if (own.length >= 2 && own.some((o) => o.offsetS !== own[0]!.offsetS)) session.clockOffsets = own;
  }
}

/** The offset (s) at `ms`: linear between the points, constant before the first and after the last. */
export function offsetAt(points: readonly FitClockOffset[], ms: number): number {
  const first = points[0]!;
  const last = points[points.length - 1]!;
  if (ms <= first.atMs) return first.offsetS;
  if (ms >= last.atMs) return last.offsetS;
  let lo = 0;
  let hi = points.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (points[mid]!.atMs <= ms) lo = mid;
    else hi = mid;
  }
  const a = points[lo]!;
  const b = points[hi]!;
  return a.offsetS + ((ms - a.atMs) / (b.atMs - a.atMs)) * (b.offsetS - a.offsetS);
}

/**
 * Seconds of [fromMs, toMs] on the device's clock, `inS` of them in-timer: the clock's lag over the
 * interval is shared in proportion, and never makes an interval negative or more than twice as long
 * (a clock that is set, not one that lags, is no drift).
 */
export function deviceSeconds(points: readonly FitClockOffset[], fromMs: number, toMs: number, inS = (toMs - fromMs) / 1000): number {
  const span = (toMs - fromMs) / 1000;
  if (!(span > 0) || !(inS > 0)) return Math.max(0, inS);
  const lag = (offsetAt(points, toMs) - offsetAt(points, fromMs)) * (inS / span);
  return inS - Math.max(-inS, Math.min(inS, lag));
}

/**
 * The time on the file's clock at which the device's clock has run `seconds` since `fromMs`: where a
 * session that lasted `total_elapsed_time` on the device ends among the records. Bisection: the
 * device's clock may stand still, never run backwards by more than the file's 1 s resolution.
 */
export function fileTimeAfter(points: readonly FitClockOffset[], fromMs: number, seconds: number): number {
  let lo = fromMs;
  let hi = fromMs + seconds * 1000;
  // the offsets are constant after the last correlation: doubling the span gets there
  for (let k = 0; k < 64 && deviceSeconds(points, fromMs, hi) < seconds; k++) hi += Math.max(1000, hi - fromMs);
  for (let k = 0; k < 80 && hi - lo > 1e-6; k++) {
    const mid = (lo + hi) / 2;
    if (deviceSeconds(points, fromMs, mid) < seconds) lo = mid;
    else hi = mid;
  }
  return hi;
}
