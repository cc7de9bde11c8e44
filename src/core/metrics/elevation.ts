/**
 * Elevation gain/loss (ALGORITHMS.md §1.4): zig-zag hysteresis (h = 3 m, as GoldenCheetah
 * `ElevationGain` and Runalyze `Elevation/Strategy/Threshold.php`), counting complete climbs and
 * descents, with optional median-5 + mean-5 smoothing for GPS altitude.
 * Besides the totals we keep a cumulative *provisional* gain/loss per record (confirmed legs plus
 * the open leg) — it is non-decreasing and ends at the session totals, so splits can take
 * differences and still sum to the session (§1.11).
 */

export interface ElevationResult {
  gainM: number;
  lossM: number;
  /** provisional cumulative gain/loss after record i */
  cumGain: Float64Array;
  cumLoss: Float64Array;
}

/** Zig-zag over a plain altitude array (NaN samples are skipped). */
export function computeElevation(alt: ArrayLike<number>, h: number): ElevationResult {
  const n = alt.length;
  const cumGain = new Float64Array(n);
  const cumLoss = new Float64Array(n);
  let started = false;
  let dir = 0;
  let ref = 0;
  let lo = 0;
  let hi = 0;
  let ext = 0;
  let gain = 0;
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const a = alt[i];
    if (Number.isFinite(a)) {
      if (!started) {
        started = true;
        ref = lo = hi = ext = a;
      } else if (dir === 0) {
        lo = Math.min(lo, a);
        hi = Math.max(hi, a);
        if (a - lo >= h) {
          dir = 1;
          ref = lo;
          ext = a;
        } else if (hi - a >= h) {
          dir = -1;
          ref = hi;
          ext = a;
        }
      } else if (dir === 1) {
        if (a > ext) ext = a;
        else if (ext - a >= h) {
          gain += ext - ref;
          ref = ext;
          ext = a;
          dir = -1;
        }
      } else if (a < ext) ext = a;
      else if (a - ext >= h) {
        loss += ref - ext;
        ref = ext;
        ext = a;
        dir = 1;
      }
    }
    cumGain[i] = gain + (dir === 1 ? ext - ref : 0);
    cumLoss[i] = loss + (dir === -1 ? ref - ext : 0);
  }
  return { gainM: n > 0 ? cumGain[n - 1] : 0, lossM: n > 0 ? cumLoss[n - 1] : 0, cumGain, cumLoss };
}

/** [GC]'s simpler rule — loses up to h at every summit; kept for parity tests only. */
export function computeElevationGainGcRule(alt: ArrayLike<number>, h: number): number {
  let gain = 0;
  let prev = NaN;
  for (let i = 0; i < alt.length; i++) {
    const a = alt[i];
    if (!Number.isFinite(a)) continue;
    if (!Number.isFinite(prev)) prev = a;
    else if (a > prev + h) {
      gain += a - prev;
      prev = a;
    } else if (a < prev - h) prev = a;
  }
  return gain;
}

function median5(v: Float64Array, i: number, buf: number[]): number {
  buf.length = 0;
  for (let k = Math.max(0, i - 2); k <= Math.min(v.length - 1, i + 2); k++) buf.push(v[k]);
  buf.sort((a, b) => a - b);
  return buf[buf.length >> 1];
}

/** Centred median over 5 then centred mean over 5 samples, on the finite samples only (§1.4 step 1). */
export function smoothAltitude(alt: Float64Array): Float64Array {
  const idx: number[] = [];
  for (let i = 0; i < alt.length; i++) if (Number.isFinite(alt[i])) idx.push(i);
  const v = Float64Array.from(idx, (i) => alt[i]);
  const buf: number[] = [];
  const med = v.map((_, i) => median5(v, i, buf));
  const out = new Float64Array(alt.length).fill(NaN);
  for (let i = 0; i < med.length; i++) {
    let sum = 0;
    let cnt = 0;
    for (let k = Math.max(0, i - 2); k <= Math.min(med.length - 1, i + 2); k++) {
      sum += med[k];
      cnt++;
    }
    out[idx[i]] = sum / cnt;
  }
  return out;
}
