/**
 * Work/rest intervals from speed (runs) or power (rides) (docs/session-totals.md §5), for
 * sessions whose laps do not mark the reps (no laps, or only automatic distance/time laps).
 *
 * 1. Speed on a 1 s grid from the cumulative distance, smoothed by a centred 15 s mean (a rep's
 *    GPS noise must not split it; a 90 s jog must survive).
 * 2. Two levels by 1-D 2-means (Lloyd, from the 20th and 80th percentiles) over moving seconds;
 *    the threshold is their midpoint. No intervals when the fast level is under 1.3× the slow one
 *    (a steady or progression run is one effort, not reps).
 * 3. Runs above the threshold are work, the rest is rest; a run shorter than 20 s is merged into
 *    its neighbours (a stride or a stumble). Fewer than 2 work reps: no intervals. Reps of a
 *    workout are alike: when neither their durations nor their distances have a coefficient of
 *    variation ≤ 0.5 (walk breaks of an ultra, hills of a ride), they are not reported.
 * Each interval reports its start/end (s from the first record), duration, distance, average
 * speed and — when recorded — time-weighted average HR.
 * Power (rides, detectPowerIntervals): the same steps on power held per second (a missing sample
 * reads 0 W, as a power meter that stops sending while coasting means), smoothed by the same 15 s
 * centred mean; every second with smoothed power ≥ 1 W counts (coasting is rest, not absent); reps
 * are alike by duration or by work (kJ). Speed varies with hills and wind on a bike; power is what
 * a rider's reps are set in.
 * Reference: two-level segmentation by 1-D k-means (Lloyd 1982, "Least squares quantization in
 * PCM", IEEE Trans. Inf. Theory 28:129). The smoothing, contrast and minimum-run constants are
 * ours (stated above), checked on generated sessions with known reps.
 */
export interface SessionInterval {
  index: number;
  kind: 'work' | 'rest';
  startS: number;
  endS: number;
  durationS: number;
  distanceM: number;
  avgSpeedMps: number;
  avgHr?: number;
  /** rides with power: average power over the interval (W) */
  avgPowerW?: number;
}

const SMOOTH_S = 15;
const MIN_RUN_S = 20;
const MIN_CONTRAST = 1.3;
const MAX_REP_CV = 0.5;

function cv(xs: number[]): number {
  const m = xs.reduce((a, x) => a + x, 0) / xs.length;
  const v = xs.reduce((a, x) => a + (x - m) ** 2, 0) / xs.length;
  return m > 0 ? Math.sqrt(v) / m : Infinity;
}

function interpolate(t: Float64Array, v: Float64Array, x: number, from: { j: number }): number {
  while (from.j < t.length - 2 && t[from.j + 1] < x) from.j++;
  const j = from.j;
  if (x <= t[0]) return v[0];
  if (x >= t[t.length - 1]) return v[v.length - 1];
  const span = t[j + 1] - t[j];
  return span > 0 ? v[j] + ((v[j + 1] - v[j]) * (x - t[j])) / span : v[j + 1];
}

function percentile(sorted: ArrayLike<number>, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.floor(p * (sorted.length - 1))))];
}

/**
 * Two-means levels of the active seconds: split at the midpoint of the two means until they settle.
 * Values below the midpoint are a prefix of the sorted array, so the split is a binary search and
 * the low sum a prefix sum — accumulated in the same order as a loop over the prefix, so the same
 * double — and only the high part is summed per step (issue 14 item 5: this loop was ~2 % of the
 * Worker's import CPU). Exported for the test that holds it equal to the plain loop.
 */
export function twoMeans(values: Float64Array): [number, number] {
  // a typed array sorts numerically without a comparator call per step (same order, same sums)
  const sorted = values.sort();
  const n = sorted.length;
  const prefix = new Float64Array(n + 1);
  for (let k = 0; k < n; k++) prefix[k + 1] = prefix[k]! + sorted[k]!;
  let lo = percentile(sorted, 0.2);
  let hi = percentile(sorted, 0.8);
  for (let it = 0; it < 50; it++) {
    const nl = countBelow(sorted, (lo + hi) / 2);
    const sl = prefix[nl]!;
    const sh = sumFrom(sorted, nl);
    const nh = n - nl;
    const nlo = nl > 0 ? sl / nl : lo;
    const nhi = nh > 0 ? sh / nh : hi;
    if (nlo === lo && nhi === hi) break;
    lo = nlo;
    hi = nhi;
  }
  return [lo, hi];
}

// The two scans are functions of their own, not loops inside twoMeans's loop: V8 compiled the
// inner loop on-stack and dropped that code as it ended, about once per session imported.
function countBelow(sorted: Float64Array, mid: number): number {
  let nl = 0;
  for (let b = sorted.length; nl < b;) {
    const c = (nl + b) >>> 1;
    if (sorted[c]! < mid) nl = c + 1;
    else b = c;
  }
  return nl;
}

function sumFrom(sorted: Float64Array, start: number): number {
  let sum = 0;
  for (let k = start; k < sorted.length; k++) sum += sorted[k]!;
  return sum;
}

interface Run {
  work: boolean;
  a: number;
  b: number;
}

/** Values of (t, v) on a 1 s grid from t[0]: linear (cumulative series) or held (sampled ones). */
function onGrid(t: Float64Array, v: Float64Array, secs: number, hold: boolean): Float64Array {
  const out = new Float64Array(secs + 1);
  if (hold) {
    let j = 0;
    for (let k = 0; k <= secs; k++) {
      while (j + 1 < t.length && t[j + 1] <= t[0] + k) j++;
      out[k] = v[j];
    }
    return out;
  }
  const cursor = { j: 0 };
  for (let k = 0; k <= secs; k++) out[k] = interpolate(t, v, t[0] + k, cursor);
  return out;
}

/** Centred SMOOTH_S mean per second of a cumulative series (its rate of change). */
function smoothedRate(cumulative: Float64Array, secs: number): Float64Array {
  const half = Math.floor(SMOOTH_S / 2);
  const out = new Float64Array(secs);
  for (let k = 0; k < secs; k++) {
    const a = Math.max(0, k - half);
    const b = Math.min(secs, k + half + 1);
    out[k] = (cumulative[b] - cumulative[a]) / (b - a);
  }
  return out;
}

/**
 * Steps 2–3 on a per-second level (speed or power): work/rest runs, or [] when the session is
 * not reps. `floor`: seconds below it are not active (standing still) and do not shape the levels;
 * `cumulative`: distance or energy per grid second, for the "reps are alike" check.
 */
function segmentReps(level: Float64Array, floor: number, cumulative: Float64Array): Run[] {
  const secs = level.length;
  // a loop, not TypedArray.prototype.filter: its callback per second was most of this step's time
  let count = 0;
  for (let k = 0; k < secs; k++) if (level[k]! >= floor) count++;
  const active = new Float64Array(count);
  for (let k = 0, m = 0; k < secs; k++) if (level[k]! >= floor) active[m++] = level[k]!;
  if (active.length < 4 * MIN_RUN_S) return [];
  const [lo, hi] = twoMeans(active);
  if (!(lo > 0) || hi < MIN_CONTRAST * lo) return [];
  const threshold = (lo + hi) / 2;
  // runs of work/rest seconds
  const runs: Run[] = [];
  for (let k = 0; k < secs; k++) {
    const work = level[k] >= threshold;
    const last = runs[runs.length - 1];
    if (last && last.work === work) last.b = k + 1;
    else runs.push({ work, a: k, b: k + 1 });
  }
  // merge short runs into their neighbours, shortest first, until every run is long enough
  for (;;) {
    let shortest = -1;
    for (let i = 0; i < runs.length; i++) if (runs[i].b - runs[i].a < MIN_RUN_S && (shortest < 0 || runs[i].b - runs[i].a < runs[shortest].b - runs[shortest].a)) shortest = i;
    if (shortest < 0 || runs.length === 1) break;
    runs[shortest].work = !runs[shortest].work;
    const merged: Run[] = [];
    for (const r of runs) {
      const last = merged[merged.length - 1];
      if (last && last.work === r.work) last.b = r.b;
      else merged.push({ ...r });
    }
    runs.splice(0, runs.length, ...merged);
  }
  const work = runs.filter((r) => r.work);
  if (work.length < 2) return [];
  if (cv(work.map((r) => r.b - r.a)) > MAX_REP_CV && cv(work.map((r) => cumulative[r.b] - cumulative[r.a])) > MAX_REP_CV) return [];
  return runs;
}

function describe(runs: Run[], t0: number, distance: Float64Array | undefined, hrGrid: Float64Array | undefined, energy?: Float64Array): SessionInterval[] {
  return runs.map((r, index) => {
    const durationS = r.b - r.a;
    const distanceM = distance ? distance[r.b] - distance[r.a] : 0;
    const out: SessionInterval = { index, kind: r.work ? 'work' : 'rest', startS: t0 + r.a, endS: t0 + r.b, durationS, distanceM, avgSpeedMps: distanceM / durationS };
    if (hrGrid) {
      let s = 0, w = 0;
      for (let k = r.a; k < r.b; k++) if (hrGrid[k] >= 20 && hrGrid[k] <= 250) { s += hrGrid[k]; w++; }
      if (w > 0) out.avgHr = s / w;
    }
    if (energy) out.avgPowerW = (energy[r.b] - energy[r.a]) / durationS;
    return out;
  });
}

/**
 * A rider's reps stand out from the riding around them: every work run averages ≥ MIN_CONTRAST ×
 * the rests beside it. Surges of a group or virtual ride (the corpus Zwift ride: 7 "reps" of
 * 27–91 s at 141–212 W) pass the session-wide levels but not this.
 */
function eachRepStandsOut(runs: Run[], cumulative: Float64Array): boolean {
  const mean = (r: Run) => (cumulative[r.b] - cumulative[r.a]) / (r.b - r.a);
  return runs.every((r, i) => {
    if (!r.work) return true;
    const beside = [runs[i - 1], runs[i + 1]].filter((x): x is Run => x !== undefined);
    return beside.every((x) => mean(r) >= MIN_CONTRAST * mean(x));
  });
}

/** t: s from the first record (increasing); d: cumulative m; hr optional per record. */
export function detectIntervals(t: Float64Array, d: Float64Array, hr?: Float64Array, movingSpeedMps = 0.5): SessionInterval[] {
  const n = t.length;
  if (n < 2 || !(t[n - 1] - t[0] >= 4 * MIN_RUN_S)) return [];
  const secs = Math.floor(t[n - 1] - t[0]);
  const grid = onGrid(t, d, secs, false);
  const runs = segmentReps(smoothedRate(grid, secs), movingSpeedMps, grid);
  return runs.length === 0 ? [] : describe(runs, t[0], grid, hr ? onGrid(t, hr, secs, true) : undefined);
}

/** Rides: reps from power (W per record, NaN = no sample); d (cumulative m) and hr optional. */
export function detectPowerIntervals(t: Float64Array, power: Float64Array, d?: Float64Array, hr?: Float64Array): SessionInterval[] {
  const n = t.length;
  if (n < 2 || !(t[n - 1] - t[0] >= 4 * MIN_RUN_S)) return [];
  const secs = Math.floor(t[n - 1] - t[0]);
  const held = onGrid(t, power.map((w) => (Number.isFinite(w) && w >= 0 ? w : 0)), secs, true);
  // energy in J at each grid second: the cumulative series power is the rate of
  const energy = new Float64Array(secs + 1);
  for (let k = 0; k < secs; k++) energy[k + 1] = energy[k] + held[k];
  const runs = segmentReps(smoothedRate(energy, secs), 1, energy);
  return runs.length === 0 || !eachRepStandsOut(runs, energy) ? [] : describe(runs, t[0], d ? onGrid(t, d, secs, false) : undefined, hr ? onGrid(t, hr, secs, true) : undefined, energy);
}

/** Intervals as the runner's own laps mark them: rest/recovery laps are rest, the others work. */
export function intervalsFromLaps(laps: ReadonlyArray<{ startOffsetS?: number; elapsedS?: number; timerS?: number; distanceM?: number; avgHr?: number; intensity?: string }>): SessionInterval[] {
  return laps.filter((l) => l.startOffsetS !== undefined && (l.timerS ?? l.elapsedS) !== undefined).map((l, index) => {
    const durationS = (l.timerS ?? l.elapsedS)!;
    const distanceM = l.distanceM ?? 0;
    const out: SessionInterval = {
      index, kind: l.intensity === 'rest' || l.intensity === 'recovery' ? 'rest' : 'work',
      startS: l.startOffsetS!, endS: l.startOffsetS! + (l.elapsedS ?? durationS), durationS, distanceM, avgSpeedMps: durationS > 0 ? distanceM / durationS : 0,
    };
    if (l.avgHr !== undefined) out.avgHr = l.avgHr;
    return out;
  });
}
