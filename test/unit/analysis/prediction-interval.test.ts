/** Race predictions with an 80 % interval and the backtest on past races (issue 17 item 4). */
import { describe, expect, it } from 'vitest';
import {
  backtestRacePredictions, describeBacktest, findRaces, fitCriticalSpeed, predictRiegel, RIEGEL_EXPONENT_RANGE, studentT90,
} from '../../../src/core/critical-speed';
import type { CriticalSpeedFit, CsEffortInput } from '../../../src/core/critical-speed';
import { mulberry32 } from '../../support/mulberry32';

/** Seeded PRNG and Box–Muller normals: the same "random" history on every run. */
const rng = mulberry32;
function normal(r: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

const CS = 4.0;
const DP = 200;
const DAY = 86_400_000;
const T0 = Date.parse('2026-01-05T07:00:00Z');
const truth = (d: number) => (d - DP) / CS;

/** Five maximal efforts at 2½–19 min from a runner with known CS/D′, distance scatter s = 50 m. */
function noisyEfforts(seed: number): CsEffortInput[] {
  const r = rng(seed);
  return [150, 300, 480, 720, 1140].map((t, k) => ({
    distanceM: Math.round(CS * t + DP + 50 * normal(r)), timeS: t, sessionId: `s${k}`, achievedAt: T0 + k * DAY,
  }));
}

describe('prediction intervals from the CS fit', () => {
  it('Student t 0.90 quantiles (two-sided 80 %)', () => {
    expect(studentT90(1)).toBeCloseTo(3.0777, 4);
    expect(studentT90(3)).toBeCloseTo(1.6377, 4);
    expect(studentT90(100)).toBeCloseTo(1.2816, 4);
  });

  it('exact efforts: the interval is the ±1 % floor around the exact CS-model time', () => {
    const pts = [150, 300, 480, 720, 1100].map((t, k) => ({ distanceM: CS * t + DP, timeS: t, sessionId: `e${k}` }));
    const f = fitCriticalSpeed(pts) as CriticalSpeedFit;
    const p5 = f.predictions.find((p) => p.distanceM === 5000)!;
    expect(p5.timeS).toBeCloseTo(truth(5000), 8);
    expect(p5.lowS!).toBeCloseTo(truth(5000) * 0.99, 6);
    expect(p5.highS!).toBeCloseTo(truth(5000) * 1.01, 6);
    expect(f.spread).toMatchObject({ n: 5 });
  });

  it('known CS/D′ with scatter: the true time is inside every interval ≤ 10 km, and new noisy races fall inside ≈ 80 % of the time', () => {
    let trueInside = 0;
    let total = 0;
    let newInside = 0;
    const r = rng(99);
    for (let seed = 1; seed <= 300; seed++) {
      const f = fitCriticalSpeed(noisyEfforts(seed), { dropSubmaximal: false }) as CriticalSpeedFit;
      if (f.status === undefined || !('predictions' in f)) continue;
      for (const D of [1500, 3000, 5000]) {
        const p = f.predictions.find((x) => x.distanceM === D)!;
        total++;
        if (truth(D) >= p.lowS! && truth(D) <= p.highS!) trueInside++;
        // a new race is a new effort: the same scatter in distance at the true duration
        const raceS = truth(D) - (50 * normal(r)) / CS;
        if (raceS >= p.lowS! && raceS <= p.highS!) newInside++;
      }
    }
    expect(total).toBeGreaterThan(600);
    // the true time: a prediction interval is wider than the line's confidence band
    expect(trueInside / total).toBeGreaterThan(0.9);
    // new races: an honest 80 % interval, neither far too narrow nor far too wide
    expect(newInside / total).toBeGreaterThan(0.72);
    expect(newInside / total).toBeLessThan(0.9);
  });

  it('beyond 10 km the interval spans Riegel exponents 1.04–1.10 from the 10 km interval', () => {
    const f = fitCriticalSpeed(noisyEfforts(7), { dropSubmaximal: false }) as CriticalSpeedFit;
    const p10 = f.predictions.find((p) => p.distanceM === 10000)!;
    const hm = f.predictions.find((p) => p.distanceM === 21097.5)!;
    const t10 = (10000 - f.dPrimeM) / f.csMps;
    const w = (p10.highS! - p10.timeS) / p10.timeS;
    expect(hm.lowS!).toBeCloseTo(predictRiegel(t10 * (1 - w), 10000, 21097.5, RIEGEL_EXPONENT_RANGE[0]), 6);
    expect(hm.highS!).toBeCloseTo(predictRiegel(t10 * (1 + w), 10000, 21097.5, RIEGEL_EXPONENT_RANGE[1]), 6);
    // a runner who slows with E = 1.08 from a true 10 km is inside
    expect(predictRiegel(truth(10000), 10000, 21097.5, 1.08)).toBeGreaterThan(hm.lowS!);
    expect(predictRiegel(truth(10000), 10000, 21097.5, 1.08)).toBeLessThan(hm.highS!);
    const m = f.predictions.find((p) => p.distanceM === 42195)!;
    expect(m.lowS!).toBeLessThan(m.timeS);
    expect(m.highS!).toBeGreaterThan(m.timeS);
  });
});

describe('backtest on past races', () => {
  const P10 = truth(10000);
  const PHM = predictRiegel(P10, 10000, 21097.5);
  /** exact training efforts on the CS line, one a week in turn: 1000 m, mile, 3000 m */
  const training: CsEffortInput[] = [];
  const sessions: Array<{ sessionId: string; distanceM: number; timerS: number; startTime: number }> = [];
  for (let w = 0; w < 30; w++) {
    const id = `t${w}`;
    const start = T0 + w * 7 * DAY;
    sessions.push({ sessionId: id, distanceM: 8000, timerS: 2400, startTime: start });
    const d = [1000, 1609.344, 3000][w % 3];
    training.push({ distanceM: d, timeS: truth(d), sessionId: id, achievedAt: start + 600_000 });
  }
  /** races: whole sessions; actual = predicted / (1 + error) so each error is exact */
  const raceSpec = [
    { id: 'r0', day: -3, d: 10000, actual: 2500 }, // before any training: cannot be predicted
    { id: 'r1', day: 60, d: 10000, actual: P10 / 1.01 },
    { id: 'r2', day: 90, d: 21097.5, actual: PHM / 0.98 },
    { id: 'r3', day: 120, d: 10000, actual: P10 / 1.03 },
    { id: 'r4', day: 150, d: 10000, actual: P10 / 0.988 },
  ];
  const races: CsEffortInput[] = [];
  for (const r of raceSpec) {
    const start = T0 + r.day * DAY + 3_600_000;
    sessions.push({ sessionId: r.id, distanceM: r.d * 1.012, timerS: r.actual + 20, startTime: start });
    races.push({ distanceM: r.d, timeS: r.actual, sessionId: r.id, achievedAt: start + 1000 });
  }
  // a 10 km best effort inside a 16 km long run is not a race
  sessions.push({ sessionId: 'long', distanceM: 16000, timerS: 5400, startTime: T0 + 100 * DAY });
  races.push({ distanceM: 10000, timeS: 3300, sessionId: 'long', achievedAt: T0 + 100 * DAY + 60_000 });
  const efforts = [...training, ...races];

  it('finds races: a whole session at a standard distance (≤ 3 % over it, ≥ 90 % of its timer)', () => {
    expect(findRaces(efforts, sessions).map((r) => r.sessionId)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
  });

  it('each race predicted only from runs before it: "within 1.8 % on your last 4 races", exact', () => {
    const b = backtestRacePredictions(efforts, sessions);
    expect(b.racesFound).toBe(5);
    expect(b.races.map((r) => r.sessionId)).toEqual(['r1', 'r2', 'r3', 'r4']);
    expect(b.races.map((r) => r.errorPct)).toEqual([1, -2, 3, -1.2].map((x) => expect.closeTo(x, 9)));
    expect(b.summary!.n).toBe(4);
    expect(b.summary!.meanAbsErrorPct).toBeCloseTo(1.8, 9);
    expect(b.summary!.maxAbsErrorPct).toBeCloseTo(3, 9);
    // 10 km: ±1 % (exact efforts); the half: Riegel 1.04–1.10 → r1 and r2 inside, r3 and r4 outside
    expect(b.races.map((r) => r.inside)).toEqual([true, true, false, false]);
    expect(describeBacktest(b)).toBe('Within 1.8 % on average on your last 4 races (at most 3.0 %; 2 of 4 inside the range), each predicted only from runs before it.');
  });

  it('a race never sees itself or later runs: a much faster later race changes nothing before it', () => {
    const faster = efforts.map((e) => (e.sessionId === 'r4' ? { ...e, timeS: 1800 } : e));
    const a = backtestRacePredictions(efforts, sessions).races.slice(0, 3);
    const b = backtestRacePredictions(faster, sessions).races.slice(0, 3);
    expect(b).toEqual(a);
  });

  it('fewer than 2 predicted races: no summary, no sentence', () => {
    const b = backtestRacePredictions(efforts.filter((e) => !['r2', 'r3', 'r4'].includes(e.sessionId)), sessions);
    expect(b.races).toHaveLength(1);
    expect(b.summary).toBeUndefined();
    expect(describeBacktest(b)).toBeUndefined();
  });
});
