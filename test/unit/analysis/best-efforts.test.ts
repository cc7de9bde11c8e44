/** §1.12 best efforts: two-pointer vs brute-force references on random smart-recording streams with stops. */
import { describe, expect, it } from 'vitest';
import { computeBestDistanceForDuration, computeBestTimeForDistance, computeSessionStats, MEAN_MAX_DURATIONS_S } from '../../../src/core/metrics';
import { computeMeanMaxSpeed } from '../../../src/core/metrics/best-efforts';
import { latForMetres, lcg, makeRecords, range } from './fixtures';

function randomStream(seed: number, n: number): { t: number[]; d: number[] } {
  const rnd = lcg(seed);
  const t = [0];
  const d = [0];
  for (let i = 1; i < n; i++) {
    t.push(t[i - 1] + 1 + Math.floor(rnd() * 8)); // smart recording: 1–8 s
    const stopped = rnd() < 0.1;
    d.push(d[i - 1] + (stopped ? 0 : (t[i] - t[i - 1]) * (1.5 + rnd() * 4)));
  }
  return { t, d };
}

/**
 * 200–2,200 records where windows tie: kind 0 at 1 Hz, 1 smart recording (1–5 s), both with
 * stops (15 % of records); kind 2 smart recording at a constant pace (every window ties).
 */
function tieStream(seed: number, kind: number): { t: Float64Array; d: Float64Array } {
  const rnd = lcg(seed);
  const n = 200 + Math.floor(rnd() * 2000);
  const t = new Float64Array(n);
  const d = new Float64Array(n);
  for (let i = 1; i < n; i++) {
    t[i] = t[i - 1]! + (kind === 0 ? 1 : 1 + Math.floor(rnd() * 5));
    const v = kind === 2 ? 3.2 : rnd() < 0.15 ? 0 : 2 + rnd() * 3;
    d[i] = d[i - 1]! + (t[i]! - t[i - 1]!) * v;
  }
  return { t, d };
}

/** Earliest time at which d reaches x (linear scan). */
function timeAt(t: number[], d: number[], x: number): number {
  let j = 0;
  while (d[j] < x) j++;
  if (j === 0) return t[0];
  return t[j - 1] + ((t[j] - t[j - 1]) * (x - d[j - 1])) / (d[j] - d[j - 1]);
}

function distanceAt(t: number[], d: number[], s: number): number {
  let j = 0;
  while (j < t.length - 1 && t[j + 1] < s) j++;
  if (j === t.length - 1) return d[j];
  return d[j] + ((d[j + 1] - d[j]) * (s - t[j])) / (t[j + 1] - t[j]);
}

/** O(n²) exact: every record as start (end found by scan) and every record as end. */
function bruteTime(t: number[], d: number[], D: number): number {
  let best = Infinity;
  for (let i = 0; i < t.length; i++) if (d[i] + D <= d[d.length - 1]) best = Math.min(best, timeAt(t, d, d[i] + D) - t[i]);
  for (let j = 0; j < t.length; j++) {
    const x = d[j] - D;
    if (x < d[0]) continue;
    let i = 0; // latest departure from distance x
    while (d[i + 1] <= x) i++;
    const ts = t[i] + ((t[i + 1] - t[i]) * (x - d[i])) / (d[i + 1] - d[i]);
    best = Math.min(best, t[j] - ts);
  }
  return best;
}

/** Grid search over start times (0.01 s): never better than the true optimum. */
function gridTime(t: number[], d: number[], D: number): number {
  let best = Infinity;
  for (let s = t[0]; s <= t[t.length - 1]; s += 0.01) {
    const x = distanceAt(t, d, s) + D;
    if (x > d[d.length - 1]) break;
    best = Math.min(best, timeAt(t, d, x) - s);
  }
  return best;
}

describe('best time for a distance', () => {
  for (let seed = 1; seed <= 30; seed++) {
    it(`random stream ${seed}: equals the O(n²) reference and is within 0.1 s of a 0.01 s grid search`, () => {
      const { t, d } = randomStream(seed, 60);
      for (const D of [25, 100, 240, 500]) {
        const e = computeBestTimeForDistance(t, d, D);
        if (d[d.length - 1] < D) {
          expect(e).toBeUndefined();
          continue;
        }
        expect(e!.timeS).toBeCloseTo(bruteTime(t, d, D), 9);
        if (seed <= 6) {
          const g = gridTime(t, d, D);
          expect(e!.timeS).toBeLessThanOrEqual(g + 1e-9);
          expect(g - e!.timeS).toBeLessThan(0.1);
        }
        expect(e!.endDistanceM - e!.startDistanceM).toBeCloseTo(D, 9);
      }
    });
  }
  /** The two passes with every window interpolated (no window skipped): what the skips must reproduce bit for bit. */
  function everyWindowTime(t: ArrayLike<number>, d: ArrayLike<number>, D: number): number[] | undefined {
    const n = t.length;
    if (n < 2 || d[n - 1] - d[0] < D) return undefined;
    let best: number[] | undefined;
    let j = 0;
    for (let i = 0; i < n && d[i] + D <= d[n - 1]; i++) {
      const x = d[i] + D;
      if (j < i) j = i;
      while (d[j + 1] < x) j++;
      const te = t[j] + ((t[j + 1] - t[j]) * (x - d[j])) / (d[j + 1] - d[j]);
      if (!best || te - t[i] < best[0]!) best = [te - t[i], t[i], te, d[i], x];
    }
    let i = 0;
    for (let k = 0; k < n; k++) {
      const x = d[k] - D;
      if (x < d[0]) continue;
      while (d[i + 1] <= x) i++;
      const ts = t[i] + ((t[i + 1] - t[i]) * (x - d[i])) / (d[i + 1] - d[i]);
      if (!best || t[k] - ts < best[0]!) best = [t[k] - ts, ts, t[k], x, d[k]];
    }
    return best;
  }

  it('skipping windows that cannot win changes nothing: the same time and the same first window as interpolating every one', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const { t, d } = tieStream(seed * 104729, seed % 3);
      for (const D of [100, 400, 1000, 1609.344, 3000, 5000]) {
        const e = computeBestTimeForDistance(t, d, D);
        const expected = everyWindowTime(t, d, D);
        expect(e && [e.timeS, e.startS, e.endS, e.startDistanceM, e.endDistanceM]).toEqual(expected);
      }
    }
  });

  it('is non-decreasing in the distance', () => {
    const { t, d } = randomStream(99, 400);
    let prev = 0;
    for (let D = 10; D < d[d.length - 1]; D += 37) {
      const e = computeBestTimeForDistance(t, d, D)!;
      expect(e.timeS).toBeGreaterThanOrEqual(prev - 1e-9);
      prev = e.timeS;
    }
  });
});

describe('best distance for a duration', () => {
  it('matches a 0.01 s start-time grid search and is non-decreasing in the duration', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const { t, d } = randomStream(seed, 50);
      let prev = 0;
      for (const T of [1, 5, 17, 60, 120]) {
        const p = computeBestDistanceForDuration(t, d, T)!;
        let g = 0;
        for (let s = 0; s + T <= t[t.length - 1]; s += 0.01) g = Math.max(g, distanceAt(t, d, s + T) - distanceAt(t, d, s));
        expect(p.distanceM).toBeGreaterThanOrEqual(g - 1e-9);
        expect(p.distanceM - g).toBeLessThan(0.1);
        expect(p.distanceM).toBeGreaterThanOrEqual(prev);
        prev = p.distanceM;
      }
    }
  });

  /** The two passes with every window interpolated (no window skipped): what the skips must reproduce bit for bit. */
  function everyWindow(t: ArrayLike<number>, d: ArrayLike<number>, T: number): { distanceM: number; startS: number } | undefined {
    const n = t.length;
    if (n < 2 || t[n - 1] - t[0] < T) return undefined;
    let best = -Infinity;
    let start = 0;
    let j = 0;
    for (let i = 0; i < n && t[i] + T <= t[n - 1]; i++) {
      const x = t[i] + T;
      if (j < i) j = i;
      while (t[j + 1] < x) j++;
      const de = d[j] + ((d[j + 1] - d[j]) * (x - t[j])) / (t[j + 1] - t[j]);
      if (de - d[i] > best) { best = de - d[i]; start = t[i]; }
    }
    let i = 0;
    for (let k = 0; k < n; k++) {
      const x = t[k] - T;
      if (x < t[0]) continue;
      while (t[i + 1] <= x) i++;
      const ds = d[i] + ((d[i + 1] - d[i]) * (x - t[i])) / (t[i + 1] - t[i]);
      if (d[k] - ds > best) { best = d[k] - ds; start = x; }
    }
    return { distanceM: best, startS: start };
  }

  it('skipping windows that cannot win changes nothing: the same distance and the same first window as interpolating every one', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const { t, d } = tieStream(seed * 7919, seed % 3);
      const stream = { t, d, segments: [[0, t.length - 1]] as Array<[number, number]> };
      const curve = computeMeanMaxSpeed(stream, MEAN_MAX_DURATIONS_S);
      const expected = MEAN_MAX_DURATIONS_S.map((T) => everyWindow(t, d, T)).filter((p) => p !== undefined);
      expect(curve.map((p) => [p.durationS, p.distanceM, p.startS])).toEqual(expected.map((p, k) => [MEAN_MAX_DURATIONS_S[k], p!.distanceM, p!.startS]));
    }
  });
});

describe('GPS-only files: efforts never span a gap longer than 60 s (§1.12)', () => {
  it('a 90 s tunnel with a fast chord is excluded from efforts', () => {
    // 400 s at 3 m/s, a 90 s gap over which the chord implies 10 m/s, 400 s at 3 m/s
    const t = [...range(401), ...range(401, (i) => 490 + i)];
    const m = t.map((x) => (x <= 400 ? 3 * x : 1200 + 900 + 3 * (x - 490)));
    const rec = makeRecords(t, { positionLat: m.map(latForMetres), positionLong: t.map(() => 0) });
    const s = computeSessionStats({ records: rec, options: { bestEffortDistancesM: [1000] } });
    expect(s.distanceSource).toBe('gps');
    expect(s.bestEfforts![0].timeS).toBeCloseTo(1000 / 3, 6);
    const withDevice = computeSessionStats({ records: makeRecords(t, { distance: m }), options: { bestEffortDistancesM: [1000] } });
    expect(withDevice.bestEfforts![0].timeS).toBeLessThan(1000 / 3);
  });
});
