/**
 * Cadence (ALGORITHMS.md §0.1, §1.7). FIT running cadence is strides per minute of one leg
 * (GoldenCheetah issue #2060): steps/min = 2·(cadence + fractional/128); the decoder has already
 * added the fractional part. Some non-Garmin files store spm already: if the median cadence over
 * moving samples faster than 2 m/s exceeds 120, it is not doubled. Average = time-weighted over
 * moving, non-gap intervals with 0 < spm ≤ 260 (zeros while standing are excluded).
 */
import type { SessionStreams } from './streams';

const FOOT_SPORTS = new Set(['running', 'walking', 'hiking', 'trail_running', 'treadmill_running']);
const MAX_SPM = 260;
const SPM_MEDIAN_LIMIT = 120;

export interface CadenceSummary {
  scale: 'doubled' | 'spm' | 'rpm';
  avg?: number;
  max?: number;
}

export function isFootSport(sport: string | undefined): boolean {
  return sport === undefined || FOOT_SPORTS.has(sport);
}

/** Median of non-negative values via a 1-unit histogram (O(n), exact enough for a 120 threshold). */
function histogramMedian(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const bins = new Uint32Array(302);
  for (const v of values) bins[Math.min(301, Math.floor(v))]++;
  const half = values.length / 2;
  let acc = 0;
  for (let b = 0; b < bins.length; b++) {
    acc += bins[b];
    if (acc >= half) return b;
  }
  return undefined;
}

/** Scale factor for the raw channel: 2 (per-leg FIT), 1 (already spm, or rpm for other sports). */
export function resolveCadenceScale(s: SessionStreams, cad: Float64Array, d: Float64Array | undefined, sport: string | undefined): CadenceSummary['scale'] {
  if (!isFootSport(sport)) return 'rpm';
  if (!d) return 'doubled';
  const fast: number[] = [];
  for (let i = 0; i + 1 < s.n; i++) {
    if (s.e[i] <= 0 || s.gap[i] || !(cad[i] > 0)) continue;
    if ((d[i + 1] - d[i]) / s.e[i] > 2) fast.push(cad[i]);
  }
  const med = histogramMedian(fast);
  return med !== undefined && med > SPM_MEDIAN_LIMIT ? 'spm' : 'doubled';
}

export function summariseCadence(s: SessionStreams, cad: Float64Array, moving: Uint8Array | undefined, scale: CadenceSummary['scale']): CadenceSummary {
  const k = scale === 'doubled' ? 2 : 1;
  let sum = 0;
  let w = 0;
  let max = -Infinity;
  for (let i = 0; i < s.n; i++) {
    const v = cad[i] * k;
    if (!(v > 0) || v > MAX_SPM) continue;
    if (s.inTimer[i] && v > max) max = v;
    // without a distance source every in-timer interval is taken as moving
    const isMoving = moving ? moving[i] === 1 : s.e[i] > 0;
    if (!s.gap[i] && isMoving) {
      sum += v * s.e[i];
      w += s.e[i];
    }
  }
  return { scale, avg: w > 0 ? sum / w : undefined, max: max > -Infinity ? max : undefined };
}
