/** ALGORITHMS.md §7 vectors for §1 (per-session metrics). */
import { describe, expect, it } from 'vitest';
import {
  computeBestDistanceForDuration, computeBestTimeForDistance, computeCostRatio, computeElevation,
  computeElevationGainGcRule, computeNormalizedPower, computeSessionStats,
} from '../../../src/core/metrics';
import { lcg, makeRecords, range } from './fixtures';

describe('§7 elevation (h = 3 m zig-zag)', () => {
  it('ramp 0…10 → gain 10 (GC rule 8)', () => {
    const ramp = range(11);
    expect(computeElevation(ramp, 3).gainM).toBe(10);
    expect(computeElevationGainGcRule(ramp, 3)).toBe(8);
  });
  it('0,−1,−2,2,5,9,12,8,4,0 → gain 14, loss 12 (GC rule 9)', () => {
    const a = [0, -1, -2, 2, 5, 9, 12, 8, 4, 0];
    const r = computeElevation(a, 3);
    expect([r.gainM, r.lossM]).toEqual([14, 12]);
    expect(computeElevationGainGcRule(a, 3)).toBe(9);
  });
  it('up 10 then down 10 → gain 10, loss 10', () => {
    const r = computeElevation([...range(11), ...range(10, (i) => 9 - i)], 3);
    expect([r.gainM, r.lossM]).toEqual([10, 10]);
  });
  it('500 samples of ±1.4 m noise on flat ground → gain 0', () => {
    const rnd = lcg(7);
    const r = computeElevation(range(500, () => (rnd() * 2 - 1) * 1.4), 3);
    expect(r.gainM).toBe(0);
    expect(r.lossM).toBe(0);
  });
});

describe('§7 GAP (Minetti cost ratio)', () => {
  it('+10 % / −10 % → 1.658 / 0.598', () => {
    expect(computeCostRatio(0.1)).toBeCloseTo(1.658, 3);
    expect(computeCostRatio(-0.1)).toBeCloseTo(0.598, 3);
  });
  it('reproduces the §1.5 table rows', () => {
    const grades = [-0.3, -0.2, -0.1, -0.05, 0, 0.05, 0.1, 0.2, 0.3];
    const minetti = [0.684, 0.5, 0.598, 0.763, 1, 1.301, 1.658, 2.502, 3.494];
    const strava = [1.547, 1.115, 0.877, 0.888, 1, 1.214, 1.523, 2.358, 3.291];
    grades.forEach((g, k) => {
      expect(computeCostRatio(g, 'minetti')).toBeCloseTo(minetti[k], 3);
      expect(computeCostRatio(g, 'strava')).toBeCloseTo(strava[k], 3);
    });
  });
});

describe('§7 best efforts (two-pointer with interpolation)', () => {
  const t = [0, 1, 2, 3, 5, 8, 9, 10, 12, 15];
  const d = [0, 3, 7, 10, 18, 30, 33, 37, 44, 53];
  it.each([
    [10, 2.5, 3],
    [20, 5.0, undefined],
    [25, 6.5, 1],
    [40, 10.714286, undefined],
    [53, 15, 0],
  ])('best %d m = %d s', (dist, time, start) => {
    const e = computeBestTimeForDistance(t, d, dist)!;
    expect(e.timeS).toBeCloseTo(time, 6);
    if (start !== undefined) expect(e.startS).toBeCloseTo(start, 9);
  });
  it('best distance in 1/2/3/5/10/15 s = 4/8/12/20/37.5/53 m', () => {
    const got = [1, 2, 3, 5, 10, 15].map((T) => computeBestDistanceForDuration(t, d, T)!.distanceM);
    got.forEach((g, k) => expect(g).toBeCloseTo([4, 8, 12, 20, 37.5, 53][k], 9));
  });
  it('refuses a distance longer than the stream', () => {
    expect(computeBestTimeForDistance(t, d, 53.01)).toBeUndefined();
  });
});

describe('§7 NP and power', () => {
  const power = [...range(60, () => 300), ...range(60, () => 100)];
  it('60 s @ 300 W + 60 s @ 100 W → NP 244.04 W, avg 200 W', () => {
    const stats = computeSessionStats({ records: makeRecords(range(121), { power: [...power, 100] }) });
    // 121 records → 120 one-second intervals: 60 at 300 W, 60 at 100 W
    expect(stats.avgPowerW).toBeCloseTo(200, 9);
    expect(stats.normalizedPowerW).toBeCloseTo(244.04, 2);
    expect(stats.maxPowerW).toBe(300);
  });
  it('kernel on the 1 Hz values directly', () => {
    expect(computeNormalizedPower(Float64Array.from(power))).toBeCloseTo(244.04, 2);
  });
});

describe('§7 TRIMPexp and hrLoad', () => {
  const records = makeRecords(range(3601), { heartRate: range(3601, () => 150) });
  it('60 min @ 150, rest 50, max 190 → 108.10 (male)', () => {
    const s = computeSessionStats({ records, profile: { maxHr: 190, restingHr: 50, thresholdHr: 170 } });
    expect(s.load?.trimp).toBeCloseTo(108.1, 2);
    expect(s.load?.trimpCoefficients).toEqual({ a: 0.64, b: 1.92, sex: 'male' });
    expect(s.load?.hrLoad).toBeCloseTo(63.34, 2);
    expect(s.load?.source).toBe('hrLoad');
    expect(s.load?.value).toBe(s.load?.hrLoad);
  });
  it('121.50 (female, a 0.86, b 1.67)', () => {
    const s = computeSessionStats({ records, profile: { maxHr: 190, restingHr: 50, sex: 'female' } });
    expect(s.load?.trimp).toBeCloseTo(121.5, 2);
  });
  it('Edwards TRIMP: 60 min in the 70–80 % zone (150/190 = 79 %) → 3 × 60', () => {
    const s = computeSessionStats({ records, profile: { maxHr: 190 } });
    expect(s.load?.edwardsTrimp).toBeCloseTo(180, 9);
  });
});

describe('§7 FIT cadence', () => {
  it('cadence 79 + fractional 64/128 → 159 spm when running', () => {
    const n = 601;
    const s = computeSessionStats({
      records: makeRecords(range(n), { distance: range(n, (i) => 3 * i), cadence: range(n, () => 79.5) }),
      sport: 'running',
    });
    expect(s.cadenceScale).toBe('doubled');
    expect(s.avgCadenceSpm).toBeCloseTo(159, 9);
    expect(s.maxCadenceSpm).toBeCloseTo(159, 9);
    expect(s.avgStepLengthM).toBeCloseTo(3 / (159 / 60), 9);
  });
});
