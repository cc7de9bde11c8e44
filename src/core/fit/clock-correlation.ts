/**
 * The device's system clock against the file's clock (FIT Profile message timestamp_correlation,
 * global 162: "UTC timestamp at the time the system timestamp was recorded"). A Garmin Edge 840
 * in the corpus writes one at the start (offset 0) and then every few minutes while its system
 * clock stands still for 2–3 s at a time — 45 s in 2 h by the end — and counts its timer and
 * elapsed time on that clock, while the records are stamped in UTC (docs/session-totals.md §2).
 * Offsets: offsetS = timestamp − system_timestamp, at the correlation's UTC time.
 */
import type { DecodedFit, FitClockOffset } from './types.js';
import { absoluteTimeMs, num, type ParsedRow } from './values.js';

/** An offset larger than this is a clock that was never set (or set to another day), not drift. */
const MAX_OFFSET_S = 3600;

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

/**
 * Gives each session the device clock's lag over it — two points, the offsets at its start and at
 * its end on the records' clock, read off the file's correlations — when the lag changes over the
 * session. Two points, not the file's every correlation (the Edge 840 writes 118, 2.6 KB of JSON
 * in the session's D1 row): the session's total is exact, and spreading the lag evenly over it
 * moves a 4 s pause's share by 0.03 s. A constant offset (the FR965's single correlation, 0 s at
 * the start) is no drift and changes nothing.
 */
export function attachClockOffsets(decoded: DecodedFit, offsets: readonly FitClockOffset[]): void {
  if (offsets.length < 2 || offsets.every((o) => o.offsetS === offsets[0]!.offsetS)) return;
  const points = dedupe(offsets);
  if (points.length < 2) return;
  for (const session of decoded.sessions) {
    const start = session.startTime;
    const length = session.totalElapsedTime ?? session.totalTimerTime;
    if (start === undefined || length === undefined || !(length > 0)) continue;
    const end = Math.round(fileTimeAfter(points, start, length));
    const a = round3(offsetAt(points, start));
    const b = round3(offsetAt(points, end));
    if (a !== b) session.clockOffsets = [{ atMs: start, offsetS: a }, { atMs: end, offsetS: b }];
  }
}

/** One point per instant (the later wins): interpolation needs strictly increasing times. */
function dedupe(points: readonly FitClockOffset[]): FitClockOffset[] {
  const out: FitClockOffset[] = [];
  for (const p of points) {
    if (out.length > 0 && out[out.length - 1]!.atMs === p.atMs) out[out.length - 1] = p;
    else out.push(p);
  }
  return out;
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

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
