/** ALGORITHMS.md §4 and §7: daily history, PMC, incremental recompute, local dates. */
import { describe, expect, it } from 'vitest';
import {
  computeBanisterCrossoverDays, computeBanisterPeakDays, computeBanisterPerformance, computeHistory, computeLocalDate,
  recomputeHistoryFrom, skipEmptyDays,
} from '../../../src/core/history';
import type { HistorySession } from '../../../src/core/history';
import { DomainError } from '../../../src/core/errors';
import { lcg } from './fixtures';

const utcDay = (y: number, m: number, d: number, h = 8): number => Date.UTC(y, m - 1, d, h);

function daily(n: number, load: (k: number) => number, start = utcDay(2024, 1, 1)): HistorySession[] {
  return Array.from({ length: n }, (_, k) => ({ sessionId: `s${k}`, startTime: start + k * 86_400_000, load: load(k), distanceM: 10000, timeS: 3000 }));
}

describe('§7 PMC vector: 100 AU/day from 0, α = 1 − e^(−1/τ)', () => {
  const h = computeHistory(daily(42, () => 100), { timeZone: 'UTC', today: '2024-02-11' });
  it.each([
    [7, 15.352, 63.212],
    [14, 28.347, 86.466],
    [28, 48.658, 98.168],
    [42, 63.212, 99.752],
  ])('day %d: CTL %d, ATL %d', (day, ctl, atl) => {
    const row = h.days[day - 1];
    expect(row.ctl).toBeCloseTo(ctl, 3);
    expect(row.atl).toBeCloseTo(atl, 3);
  });
  it('TSB(today) = CTL(yesterday) − ATL(yesterday); first day from the seed', () => {
    expect(h.days[0].tsb).toBe(0);
    for (let k = 1; k < h.days.length; k++) expect(h.days[k].tsb).toBeCloseTo(h.days[k - 1].ctl - h.days[k - 1].atl, 12);
    expect(h.convention).toMatchObject({ alpha: 'exponential', ctlDays: 42, atlDays: 7, tsb: 'yesterday' });
    expect(h.convention.alphaCtl).toBeCloseTo(0.023528, 6);
    expect(h.convention.alphaAtl).toBeCloseTo(0.133122, 6);
  });
  it("α = 1/τ is available and labelled (some tools' convention)", () => {
    const inv = computeHistory(daily(1, () => 100), { timeZone: 'UTC', today: '2024-01-01', alpha: 'inverse' });
    expect(inv.days[0].ctl).toBeCloseTo(100 / 42, 12);
    expect(inv.days[0].atl).toBeCloseTo(100 / 7, 12);
  });
});

describe('history equals a direct evaluation of the formulas', () => {
  const rnd = lcg(3);
  const sessions = daily(200, () => Math.round(rnd() * 150)).filter(() => rnd() > 0.3);
  const h = computeHistory(sessions, { timeZone: 'UTC', today: '2024-08-01' });
  it('CTL_d = Σ α(1−α)^(d−i) w_i, ATL likewise; one row per calendar day', () => {
    const w = h.days.map((d) => d.load);
    const a42 = 1 - Math.exp(-1 / 42);
    const a7 = 1 - Math.exp(-1 / 7);
    for (const d of [0, 10, 57, 150, h.days.length - 1]) {
      let ctl = 0;
      let atl = 0;
      for (let i = 0; i <= d; i++) {
        ctl += a42 * (1 - a42) ** (d - i) * w[i];
        atl += a7 * (1 - a7) ** (d - i) * w[i];
      }
      expect(h.days[d].ctl).toBeCloseTo(ctl, 9);
      expect(h.days[d].atl).toBeCloseTo(atl, 9);
    }
    expect(h.days[0].date).toBe('2024-01-01');
    expect(h.days[h.days.length - 1].date).toBe('2024-08-01');
    expect(h.days).toHaveLength(214);
    expect(h.days.reduce((a, d) => a + d.sessions, 0)).toBe(sessions.length);
  });
  it('ramp rate, monotony and strain follow §4.2', () => {
    const d = h.days[100];
    expect(d.rampRate).toBeCloseTo(d.ctl - h.days[93].ctl, 12);
    const last7 = h.days.slice(94, 101).map((x) => x.load);
    const mean = last7.reduce((a, b) => a + b, 0) / 7;
    const sd = Math.sqrt(last7.reduce((a, b) => a + (b - mean) ** 2, 0) / 7);
    expect(d.monotony).toBeCloseTo(Math.min(10, mean / sd), 12);
    expect(d.strain).toBeCloseTo(mean * 7 * d.monotony!, 9);
    expect(h.days[5].rampRate).toBeUndefined();
    expect(h.days[41].warmingUp).toBe(true);
    expect(h.days[42].warmingUp).toBeUndefined();
  });
  it('weekly (Monday) and monthly totals add up', () => {
    expect(h.weeks[0].weekStart).toBe('2024-01-01');
    expect(h.weeks[1].weekStart).toBe('2024-01-08');
    const sum = (xs: Array<{ load: number }>) => xs.reduce((a, x) => a + x.load, 0);
    expect(sum(h.weeks)).toBeCloseTo(sum(h.days), 9);
    expect(sum(h.months)).toBeCloseTo(sum(h.days), 9);
    expect(h.months.map((m) => m.month)).toEqual(['2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06', '2024-07', '2024-08']);
    expect(h.weeks[0].ctl).toBe(h.days[6].ctl);
  });
  it('constant daily load: sd = 0 caps monotony at 10', () => {
    const c = computeHistory(daily(7, () => 50), { timeZone: 'UTC', today: '2024-01-07' });
    expect(c.days[6].monotony).toBe(10);
    expect(c.days[6].strain).toBe(3500);
  });
});

describe('incremental recompute (§4.3)', () => {
  const opts = { timeZone: 'Europe/Berlin', today: '2024-06-30' };
  const rnd = lcg(11);
  const sessions = daily(150, () => 20 + Math.round(rnd() * 100));
  const before = computeHistory(sessions, opts);
  it('after a delete equals a full recomputation', () => {
    const after = sessions.filter((s) => s.sessionId !== 's90');
    const date = computeLocalDate(sessions[90].startTime as number, 'Europe/Berlin');
    expect(recomputeHistoryFrom(before, after, date, opts)).toEqual(computeHistory(after, opts));
  });
  it('after an insert (and on the same day as others) equals a full recomputation', () => {
    const extra: HistorySession = { sessionId: 'new', startTime: utcDay(2024, 3, 3, 18), load: 250, distanceM: 21000, timeS: 6000 };
    const after = [...sessions, extra];
    const inc = recomputeHistoryFrom(before, after, '2024-03-03', opts);
    expect(inc).toEqual(computeHistory(after, opts));
    expect(inc.days.find((d) => d.date === '2024-03-03')?.sessions).toBe(2);
  });
  it('an edit on the first day falls back to a full computation', () => {
    const after = sessions.slice(1);
    expect(recomputeHistoryFrom(before, after, '2024-01-01', opts)).toEqual(computeHistory(after, opts));
  });
});

describe('local calendar days in a non-UTC zone across DST', () => {
  // Europe/Berlin: CET → CEST on 2024-03-31 at 02:00 local (01:00Z)
  const sessions: HistorySession[] = [
    { sessionId: 'a', startTime: '2024-03-30T22:30:00Z', load: 100 }, // 23:30 CET, Mar 30
    { sessionId: 'b', startTime: '2024-03-30T23:30:00Z', load: 60 }, // 00:30 CET, Mar 31
    { sessionId: 'c', startTime: '2024-03-31T22:30:00Z', load: 80 }, // 00:30 CEST, Apr 1
    { sessionId: 'd', startTime: '2024-03-31T21:30:00Z', load: 40 }, // 23:30 CEST, Mar 31
  ];
  const h = computeHistory(sessions, { timeZone: 'Europe/Berlin', today: Date.parse('2024-04-03T10:00:00Z') });
  it('buckets by local date and keeps one row per calendar day', () => {
    expect(h.days.map((d) => [d.date, d.load])).toEqual([
      ['2024-03-30', 100], ['2024-03-31', 100], ['2024-04-01', 80], ['2024-04-02', 0], ['2024-04-03', 0],
    ]);
  });
  it('TSB across the 23-hour day is one daily step', () => {
    const a42 = 1 - Math.exp(-1 / 42);
    const a7 = 1 - Math.exp(-1 / 7);
    const ctl30 = a42 * 100;
    const atl30 = a7 * 100;
    const ctl31 = ctl30 + a42 * (100 - ctl30);
    const atl31 = atl30 + a7 * (100 - atl30);
    expect(h.days[1].tsb).toBeCloseTo(ctl30 - atl30, 12);
    expect(h.days[2].tsb).toBeCloseTo(ctl31 - atl31, 12);
  });
  it('a stored localDate wins over the zone (no re-bucketing after a move)', () => {
    const moved = computeHistory([{ sessionId: 'x', startTime: '2024-03-30T23:30:00Z', localDate: '2024-03-30', load: 5 }], { timeZone: 'Asia/Tokyo', today: '2024-03-30' });
    expect(moved.days.map((d) => d.date)).toEqual(['2024-03-30']);
    expect(computeLocalDate(Date.parse('2024-03-30T23:30:00Z'), 'Asia/Tokyo')).toBe('2024-03-31');
  });
});

describe('Banister single-impulse facts (§4.1, §7)', () => {
  it('k = (1, 2), τ = (42, 7): crossover 5.82 d, peak 20.87 d; τ = (45, 11): 10.1 d / 30.6 d', () => {
    expect(computeBanisterCrossoverDays()).toBeCloseTo(5.82, 2);
    expect(computeBanisterPeakDays()).toBeCloseTo(20.87, 2);
    expect(computeBanisterCrossoverDays(1, 2, 45, 11)).toBeCloseTo(10.1, 1);
    expect(computeBanisterPeakDays(1, 2, 45, 11)).toBeCloseTo(30.6, 1);
  });
  it('a single impulse helps only when applied ≥ 5.82 days before', () => {
    expect(computeBanisterPerformance([100], 5)).toBeLessThan(0);
    expect(computeBanisterPerformance([100], 6)).toBeGreaterThan(0);
  });
  it('skipping m empty days equals m steps', () => {
    const a = 1 - Math.exp(-1 / 42);
    const b = 1 - Math.exp(-1 / 7);
    const s = skipEmptyDays({ ctl: 50, atl: 80 }, 10, a, b);
    expect(s.ctl).toBeCloseTo(50 * Math.exp(-10 / 42), 12);
    expect(s.atl).toBeCloseTo(80 * Math.exp(-10 / 7), 12);
  });
});

describe('history options', () => {
  it('refuses an unknown zone, a malformed date and negative loads', () => {
    expect(() => computeHistory([], { timeZone: 'Mars/Olympus', today: '2024-01-01' })).toThrowError(DomainError);
    expect(() => computeHistory([], { timeZone: 'UTC', today: '2024-02-30' })).toThrowError(/today must be a calendar date/);
    expect(() => computeHistory([{ sessionId: 'x', startTime: 0, load: -1 }], { timeZone: 'UTC', today: '2024-01-01' })).toThrowError(/load/);
  });
  it('no sessions → no rows; first-42-mean seeds from the warm-up loads', () => {
    expect(computeHistory([], { timeZone: 'UTC', today: '2024-01-01' }).days).toEqual([]);
    const h = computeHistory(daily(42, () => 84), { timeZone: 'UTC', today: '2024-02-11', seed: 'first-42-mean' });
    expect(h.days[0].tsb).toBe(0);
    expect(h.days[41].ctl).toBeCloseTo(84, 9);
  });
});
