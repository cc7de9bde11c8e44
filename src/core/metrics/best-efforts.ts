/**
 * Best efforts within a session (ALGORITHMS.md §1.12): O(n) two-pointer passes with linear
 * interpolation. Because d(t) is piecewise linear, the optimum window has its start or its end on
 * a record, so one pass starts on records (end interpolated) and one ends on records (start
 * interpolated). Time base is elapsed time (pauses included — pausing must not create records).
 * The same scheme with t and d swapped gives the best distance for a duration (mean-maximal speed).
 */
import type { BestEffort, SpeedCurvePoint } from './types';

/**
 * Slack (seconds) on the bound that lets computeBestTimeForDistance skip a window: far above the
 * rounding of an interpolation, far below any time shown.
 */
const SKIP_SLACK_S = 1e-6;

/** Best time to cover `target` metres, or undefined if the stream is shorter. t strictly increasing, d non-decreasing. */
export function computeBestTimeForDistance(t: ArrayLike<number>, d: ArrayLike<number>, target: number): BestEffort | undefined {
  const n = t.length;
  if (n < 2 || !(target > 0) || d[n - 1] - d[0] < target) return undefined;
  let best: BestEffort | undefined;
  // A window whose shortest possible time (from its start to the record before its end, or from
  // the record after its start to its end) is above `bar` cannot beat the best so far: its
  // interpolation (a division) is skipped and the first fastest window, the one reported, is
  // the same (see computeBestDistanceForDuration).
  let bar = Infinity;
  let j = 0;
  for (let i = 0; i < n; i++) {
    const x = d[i] + target;
    if (x > d[n - 1]) break;
    if (j < i) j = i;
    while (d[j + 1] < x) j++;
    if (t[j] - t[i] > bar) continue;
    const te = t[j] + ((t[j + 1] - t[j]) * (x - d[j])) / (d[j + 1] - d[j]);
    if (!best || te - t[i] < best.timeS) {
      best = { distanceM: target, timeS: te - t[i], startS: t[i], endS: te, startDistanceM: d[i], endDistanceM: x };
      bar = best.timeS + SKIP_SLACK_S;
    }
  }
  let i = 0;
  for (let k = 0; k < n; k++) {
    const x = d[k] - target;
    if (x < d[0]) continue;
    while (d[i + 1] <= x) i++;
    if (t[k] - t[i + 1] > bar) continue;
    const ts = t[i] + ((t[i + 1] - t[i]) * (x - d[i])) / (d[i + 1] - d[i]);
    if (!best || t[k] - ts < best.timeS) {
      best = { distanceM: target, timeS: t[k] - ts, startS: ts, endS: t[k], startDistanceM: x, endDistanceM: d[k] };
      bar = best.timeS + SKIP_SLACK_S;
    }
  }
  return best;
}

/**
 * Slack (metres) on the bound that lets computeBestDistanceForDuration skip a window: far above
 * the rounding of an interpolation (a few ulps of a distance), far below any distance shown.
 */
const SKIP_SLACK_M = 1e-6;

/**
 * Longest distance covered in `duration` seconds (t strictly increasing, d non-decreasing).
 * `floor` is a distance the answer is known to reach (the best of a shorter duration on the same
 * stream): windows that cannot reach it are skipped like those that cannot beat the best so far.
 */
export function computeBestDistanceForDuration(t: ArrayLike<number>, d: ArrayLike<number>, duration: number, floor = -Infinity): SpeedCurvePoint | undefined {
  const n = t.length;
  if (n < 2 || !(duration > 0) || t[n - 1] - t[0] < duration) return undefined;
  let bestD = -Infinity;
  let bestStart = 0;
  // A window is skipped when its bound (the distance to the record past its end, or from the
  // record before its start: d is non-decreasing) is below `bar`; the interpolation (a division)
  // is then not needed: the window could neither beat bestD nor reach the floor, so the first
  // window with the largest distance, the one reported, is the same (a third of the statistics'
  // time on the corpus, issue 14 item 5).
  let bar = floor - SKIP_SLACK_M;
  let j = 0;
  for (let i = 0; i < n; i++) {
    const x = t[i] + duration;
    if (x > t[n - 1]) break;
    if (j < i) j = i;
    while (t[j + 1] < x) j++;
    if (d[j + 1] - d[i] < bar) continue;
    const de = d[j] + ((d[j + 1] - d[j]) * (x - t[j])) / (t[j + 1] - t[j]);
    if (de - d[i] > bestD) {
      bestD = de - d[i];
      bestStart = t[i];
      bar = Math.max(bestD, floor) - SKIP_SLACK_M;
    }
  }
  let i = 0;
  for (let k = 0; k < n; k++) {
    const x = t[k] - duration;
    if (x < t[0]) continue;
    while (t[i + 1] <= x) i++;
    if (d[k] - d[i] < bar) continue;
    const ds = d[i] + ((d[i + 1] - d[i]) * (x - t[i])) / (t[i + 1] - t[i]);
    if (d[k] - ds > bestD) {
      bestD = d[k] - ds;
      bestStart = x;
      bar = Math.max(bestD, floor) - SKIP_SLACK_M;
    }
  }
  return { durationS: duration, distanceM: bestD, speedMps: bestD / duration, startS: bestStart };
}

/**
 * Record ranges [a, b] an effort may span: the whole stream, or — in a GPS-only file — the pieces
 * between in-timer gaps longer than `maxGapS` (possible tunnel artefacts, §1.12).
 */
export function splitAtLongGaps(e: ArrayLike<number>, n: number, maxGapS: number | undefined): Array<[number, number]> {
  if (maxGapS === undefined) return n > 0 ? [[0, n - 1]] : [];
  const out: Array<[number, number]> = [];
  let a = 0;
  for (let i = 0; i + 1 < n; i++) {
    if (e[i] > maxGapS) {
      out.push([a, i]);
      a = i + 1;
    }
  }
  if (n > 0) out.push([a, n - 1]);
  return out.filter(([x, y]) => y > x);
}

export interface EffortStream {
  t: Float64Array;
  d: Float64Array;
  segments: Array<[number, number]>;
}

/** Best effort per distance (ascending list); a distance longer than every segment is omitted. */
export function computeBestEfforts(stream: EffortStream, distancesM: readonly number[]): BestEffort[] {
  const out: BestEffort[] = [];
  for (const target of distancesM) {
    let best: BestEffort | undefined;
    for (const [a, b] of stream.segments) {
      const e = computeBestTimeForDistance(stream.t.subarray(a, b + 1), stream.d.subarray(a, b + 1), target);
      if (e && (!best || e.timeS < best.timeS)) best = e;
    }
    if (best) out.push(best);
  }
  return out;
}

/** Mean-maximal speed curve (§1.13): best distance for each duration, O(n·K). */
export function computeMeanMaxSpeed(stream: EffortStream, durationsS: readonly number[]): SpeedCurvePoint[] {
  const out: SpeedCurvePoint[] = [];
  // per segment, the best of the last duration that fitted it: a longer window holds a shorter
  // one and d never falls, so it is a floor for the next duration (ascending durations)
  const floors = stream.segments.map(() => -Infinity);
  let ascending = true;
  for (let k = 0; k < durationsS.length; k++) {
    const duration = durationsS[k]!;
    if (k > 0 && !(duration > durationsS[k - 1]!)) ascending = false;
    let best: SpeedCurvePoint | undefined;
    stream.segments.forEach(([a, b], s) => {
      const p = computeBestDistanceForDuration(stream.t.subarray(a, b + 1), stream.d.subarray(a, b + 1), duration, ascending ? floors[s] : -Infinity);
      if (p) floors[s] = p.distanceM;
      if (p && (!best || p.distanceM > best.distanceM)) best = p;
    });
    if (best) out.push(best);
  }
  return out;
}
