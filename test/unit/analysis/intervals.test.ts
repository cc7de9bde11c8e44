/** Interval detection (core/metrics/intervals.ts) on generated sessions with known reps. */
import { describe, expect, it } from 'vitest';
import { decodeFit } from '../../../src/core/fit/index.js';
import { computeSessionStats, detectIntervals, detectPowerIntervals, intervalsFromLaps } from '../../../src/core/metrics';
import { buildActivity, type GenRecord } from './generated-activity';

/** 1 Hz records through segments of [seconds, speed m/s]; HR higher on fast segments. */
function session(segments: Array<[number, number]>): { t: Float64Array; d: Float64Array; hr: Float64Array } {
  const t: number[] = [0];
  const d: number[] = [0];
  const hr: number[] = [120];
  for (const [secs, v] of segments) {
    for (let k = 0; k < secs; k++) {
      t.push(t.length);
      // a little GPS-like wobble that must not split a rep
      d.push(d[d.length - 1]! + v * (1 + 0.05 * Math.sin(t.length)));
      hr.push(v > 3.5 ? 170 : 130);
    }
  }
  return { t: Float64Array.from(t), d: Float64Array.from(d), hr: Float64Array.from(hr) };
}

const reps = (n: number, work: [number, number], rest: [number, number]): Array<[number, number]> =>
  [[600, 3] as [number, number], ...Array.from({ length: n }, (_, i) => (i < n - 1 ? [work, rest] : [work])).flat(), [600, 3] as [number, number]];

describe('detectIntervals', () => {
  it('6 × 1000 m with 90 s jogs: six work reps of ~1000 m', () => {
    const s = session(reps(6, [200, 5], [90, 2.2])); // 1000 m at 5 m/s
    const work = detectIntervals(s.t, s.d, s.hr).filter((i) => i.kind === 'work');
    expect(work).toHaveLength(6);
    for (const w of work) {
      expect(w.distanceM).toBeGreaterThan(900);
      expect(w.distanceM).toBeLessThan(1100);
      expect(w.avgHr).toBeGreaterThan(150);
    }
    const rests = detectIntervals(s.t, s.d, s.hr).filter((i) => i.kind === 'rest').slice(1, -1);
    for (const r of rests) expect(r.durationS).toBeGreaterThan(70);
  });

  it('10 × 400 m: ten work reps', () => {
    const s = session(reps(10, [70, 5.7], [60, 2]));
    const work = detectIntervals(s.t, s.d, s.hr).filter((i) => i.kind === 'work');
    expect(work).toHaveLength(10);
    for (const w of work) expect(Math.abs(w.distanceM - 400)).toBeLessThan(60);
  });

  it('a progression run (steady build, no reps): no intervals', () => {
    const segments: Array<[number, number]> = Array.from({ length: 30 }, (_, k) => [60, 2.8 + 0.03 * k] as [number, number]);
    const s = session(segments);
    expect(detectIntervals(s.t, s.d, s.hr)).toEqual([]);
  });

  it('a steady run: no intervals', () => {
    const s = session([[3600, 3]]);
    expect(detectIntervals(s.t, s.d)).toEqual([]);
  });

  it('through the statistics on a generated FIT file with only automatic laps', async () => {
    const s = session(reps(6, [200, 5], [90, 2.2]));
    const records: GenRecord[] = Array.from(s.t, (t, i) => ({ t, distance: s.d[i]!, hr: s.hr[i]! }));
    const end = s.t[s.t.length - 1]!;
    const decoded = await decodeFit(buildActivity({ records, sessions: [{ start: 0, elapsed: end }], laps: [{ start: 0, elapsed: end, timer: end, trigger: 7 }] }));
    expect(decoded.laps[0]!.trigger).toBe('session_end');
    const stats = computeSessionStats({ records: decoded.records, detectIntervals: true });
    expect(stats.intervals?.filter((i) => i.kind === 'work')).toHaveLength(6);
  });

  it('laps that mark the reps give the intervals directly', () => {
    const out = intervalsFromLaps([
      { startOffsetS: 0, timerS: 200, elapsedS: 200, distanceM: 1000, intensity: 'active', avgHr: 170 },
      { startOffsetS: 200, timerS: 90, elapsedS: 90, distanceM: 200, intensity: 'rest' },
    ]);
    expect(out.map((i) => i.kind)).toEqual(['work', 'rest']);
    expect(out[0]!.avgSpeedMps).toBe(5);
  });
});

/** A 1 Hz ride through segments of [seconds, watts] with ±8 % pedalling noise, coasting zeros and dropouts. */
function ride(segments: Array<[number, number]>): { t: Float64Array; p: Float64Array; d: Float64Array; hr: Float64Array } {
  const t: number[] = [];
  const p: number[] = [];
  const d: number[] = [];
  const hr: number[] = [];
  let k = 0;
  let dist = 0;
  for (const [secs, w] of segments) {
    for (let i = 0; i < secs; i++, k++) {
      t.push(k);
      // a few coasting seconds (0 W) and missing samples (NaN) that must not split a rep
      p.push(k % 97 === 0 ? NaN : k % 41 === 0 ? 0 : w * (1 + 0.08 * Math.sin(k * 1.7)));
      dist += 6 + w / 100; // speed follows power a little; it is not what marks the reps
      d.push(dist);
      hr.push(w > 250 ? 165 : 125);
    }
  }
  return { t: Float64Array.from(t), p: Float64Array.from(p), d: Float64Array.from(d), hr: Float64Array.from(hr) };
}

const powerReps = (n: number, work: [number, number], rest: [number, number]): Array<[number, number]> =>
  [[900, 170] as [number, number], ...Array.from({ length: n }, (_, i) => (i < n - 1 ? [work, rest] : [work])).flat(), [900, 160] as [number, number]];

describe('detectPowerIntervals (rides)', () => {
  it('5 × 4 min at 300 W with 3 min at 150 W: five work reps of ~4 min at ~300 W', () => {
    const r = ride(powerReps(5, [240, 300], [180, 150]));
    const out = detectPowerIntervals(r.t, r.p, r.d, r.hr);
    const work = out.filter((i) => i.kind === 'work');
    expect(work).toHaveLength(5);
    for (const w of work) {
      expect(Math.abs(w.durationS - 240)).toBeLessThanOrEqual(10);
      expect(w.avgPowerW).toBeGreaterThan(270);
      expect(w.avgPowerW).toBeLessThan(310);
      expect(w.avgHr).toBeGreaterThan(150);
      expect(w.distanceM).toBeGreaterThan(0);
    }
    // the rests between reps are the 3 min at 150 W
    for (const rest of out.filter((i) => i.kind === 'rest').slice(1, -1)) expect(Math.abs(rest.durationS - 180)).toBeLessThanOrEqual(10);
  });

  it('8 × 30 s at 500 W with 30 s easy: eight short reps', () => {
    const r = ride(powerReps(8, [30, 500], [30, 120]));
    const work = detectPowerIntervals(r.t, r.p).filter((i) => i.kind === 'work');
    expect(work).toHaveLength(8);
  });

  it('a steady ride (200 W with pedalling noise and coasting): no intervals', () => {
    const r = ride([[3600, 200]]);
    expect(detectPowerIntervals(r.t, r.p, r.d, r.hr)).toEqual([]);
  });

  it('a ride that builds steadily from 150 W to 260 W: no intervals', () => {
    const r = ride(Array.from({ length: 30 }, (_, k) => [120, 150 + 4 * k] as [number, number]));
    expect(detectPowerIntervals(r.t, r.p)).toEqual([]);
  });

  it('through the statistics on a generated FIT ride with only a session-end lap: reps from power, not speed', async () => {
    const r = ride(powerReps(5, [240, 300], [180, 150]));
    const records: GenRecord[] = Array.from(r.t, (t, i) => ({ t, distance: r.d[i]!, hr: r.hr[i]!, ...(Number.isFinite(r.p[i]!) ? { power: r.p[i]! } : {}) }));
    const end = r.t[r.t.length - 1]!;
    const decoded = await decodeFit(buildActivity({ records, sessions: [{ start: 0, elapsed: end, sport: 2 }], laps: [{ start: 0, elapsed: end, timer: end, trigger: 7 }] }));
    const stats = computeSessionStats({ records: decoded.records, sport: 'cycling', detectIntervals: true });
    const work = stats.intervals?.filter((i) => i.kind === 'work') ?? [];
    expect(work).toHaveLength(5);
    expect(work.every((w) => w.avgPowerW! > 270)).toBe(true);
    // a ride without power gets none (its speed is hills and wind)
    const noPower = await decodeFit(buildActivity({ records: records.map(({ power: _p, ...rest }) => rest), sessions: [{ start: 0, elapsed: end, sport: 2 }] }));
    expect(computeSessionStats({ records: noPower.records, sport: 'cycling', detectIntervals: true }).intervals).toBeUndefined();
  });
});
