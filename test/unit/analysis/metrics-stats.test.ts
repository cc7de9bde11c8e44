/** computeSessionStats on hand-made streams with closed-form answers (ALGORITHMS.md §0.2, §1). */
import { describe, expect, it } from 'vitest';
import { ALGORITHM_VERSION, computeSessionStats } from '../../../src/core/metrics';
import { DomainError } from '../../../src/core/errors';
import { latForMetres, makeRecords, range, timerEvents } from './fixtures';

/** 1 Hz GPS run due north at constant speed v for `secs` seconds. */
function gpsRun(secs: number, v: number, extra: Record<string, (i: number) => number> = {}) {
  const n = secs + 1;
  const ch: Record<string, number[]> = {
    positionLat: range(n, (i) => latForMetres(v * i)),
    positionLong: range(n, () => 0),
  };
  for (const [k, f] of Object.entries(extra)) ch[k] = range(n, f);
  return makeRecords(range(n), ch);
}

describe('constant-speed GPS run (closed form)', () => {
  const s = computeSessionStats({ records: gpsRun(3600, 3), sport: 'running' });
  it('times, distance, speeds and pace', () => {
    expect(s.elapsedS).toBe(3600);
    expect(s.timerS).toBe(3600);
    expect(s.movingS).toBe(3600);
    expect(s.distanceSource).toBe('gps');
    expect(s.distanceM).toBeCloseTo(10800, 6);
    expect(s.avgSpeedMps).toBeCloseTo(3, 9);
    expect(s.avgPaceSPerKm).toBeCloseTo(333.333333, 5);
    expect(s.maxSpeedMps).toBeCloseTo(3, 9);
    expect(s.algorithmVersion).toBe(ALGORITHM_VERSION);
    expect(s.startTime).toBe('2024-05-05T07:00:00.000Z');
  });
  it('best efforts at every standard distance up to the session distance', () => {
    expect(s.bestEfforts!.map((e) => e.distanceM)).toEqual([400, 1000, 1609.344, 3000, 5000, 10000]);
    for (const e of s.bestEfforts!) expect(e.timeS).toBeCloseTo(e.distanceM / 3, 6);
  });
  it('splits: 10 full km + 800 m partial, times add up, pace normalised', () => {
    const km = s.splits!.km;
    expect(km).toHaveLength(11);
    expect(km[0].elapsedS).toBeCloseTo(333.333, 3);
    expect(km[10]).toMatchObject({ partial: true });
    expect(km[10].distanceM).toBeCloseTo(800, 6);
    expect(km[10].paceS).toBeCloseTo(333.333, 3);
    expect(km.reduce((a, x) => a + x.elapsedS, 0)).toBeCloseTo(3600, 6);
    expect(km.reduce((a, x) => a + x.distanceM, 0)).toBeCloseTo(10800, 6);
    expect(s.splits!.mile).toHaveLength(7);
    expect(s.splits!.mile[0].elapsedS).toBeCloseTo(1609.344 / 3, 6);
  });
  it('mean-maximal speed: distance non-decreasing in duration, speed 3 m/s', () => {
    const c = s.meanMaxSpeed!;
    expect(c.at(-1)!.durationS).toBe(3600);
    for (let k = 1; k < c.length; k++) expect(c[k].distanceM).toBeGreaterThanOrEqual(c[k - 1].distanceM);
    for (const p of c) expect(p.speedMps).toBeCloseTo(3, 6);
  });
  it('missing channels are absent, never 0', () => {
    for (const k of ['avgHr', 'maxHr', 'hrZones', 'avgPowerW', 'normalizedPowerW', 'avgCadenceSpm', 'ascentM', 'gapSpeedMps', 'deviceDistanceM', 'load', 'efficiencyFactor', 'meanMaxPower']) {
      expect(k in s, k).toBe(false);
    }
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });
});

describe('treadmill: device distance, no GPS, no altitude, no HR', () => {
  const n = 1801;
  const s = computeSessionStats({ records: makeRecords(range(n), { distance: range(n, (i) => 2.5 * i), cadence: range(n, () => 85) }), sport: 'running' });
  it('uses the device distance and leaves GPS/elevation/GAP/HR absent', () => {
    expect(s.distanceSource).toBe('device');
    expect(s.distanceM).toBe(4500);
    expect(s.deviceDistanceM).toBe(4500);
    expect('gpsDistanceM' in s || 'ascentM' in s || 'gapSpeedMps' in s || 'avgHr' in s).toBe(false);
    expect(s.avgCadenceSpm).toBe(170);
    expect(s.efficiencyFactor).toBeUndefined();
  });
  it('device distance present for < 95 % of records → GPS wins', () => {
    const gps = gpsRun(100, 3, { distance: (i) => (i % 5 === 0 ? NaN : 3.1 * i) });
    const r = computeSessionStats({ records: gps });
    expect(r.distanceSource).toBe('gps');
    expect(r.distanceM).toBeCloseTo(300, 6);
    expect(r.deviceDistanceM).toBeUndefined();
  });
  it('a cadence channel already in spm is not doubled (median > 120 at > 2 m/s)', () => {
    const r = computeSessionStats({ records: makeRecords(range(n), { distance: range(n, (i) => 3 * i), cadence: range(n, () => 172) }), sport: 'running' });
    expect(r.cadenceScale).toBe('spm');
    expect(r.avgCadenceSpm).toBe(172);
  });
});

describe('timer pauses and smart-recording gaps (§0.2, §1.1)', () => {
  // 0–600 s running at 3 m/s, timer stopped 600–900 (records continue, standing), 900–1500 running
  const n = 1501;
  const d = range(n, (i) => (i <= 600 ? 3 * i : i <= 900 ? 1800 : 1800 + 3 * (i - 900)));
  const hr = range(n, (i) => (i < 600 ? 150 : i < 900 ? 100 : 160));
  const events = timerEvents([[0, 'start'], [600, 'stop_all'], [900, 'start']]);
  const s = computeSessionStats({ records: makeRecords(range(n), { distance: d, heartRate: hr }), events, profile: { maxHr: 200 } });
  it('timer excludes the stopped period, elapsed includes it', () => {
    expect(s.elapsedS).toBe(1500);
    expect(s.timerS).toBe(1200);
    expect(s.pausedS).toBe(300);
    expect(s.movingS).toBe(1200);
    expect(s.avgSpeedMps).toBeCloseTo(3, 12);
    expect(s.elapsedSpeedMps).toBeCloseTo(3600 / 1500, 12);
  });
  it('HR statistics ignore stopped time; Σ TIZ + below + no-data = timer time', () => {
    expect(s.avgHr).toBeCloseTo(155, 12);
    expect(s.maxHr).toBe(160);
    const z = s.hrZones!;
    const sum = z.zones.reduce((a, x) => a + x.timeS, 0) + (z.belowS ?? 0) + z.noDataS;
    expect(sum).toBeCloseTo(s.timerS, 9);
    expect(z.zones.find((x) => x.name === 'Z3')!.timeS).toBe(600); // 150 bpm = 75 % of 200
    expect(z.zones.find((x) => x.name === 'Z4')!.timeS).toBe(600); // 160 bpm = 80 %
  });
  it('best efforts are on elapsed time: the pause is inside any effort that spans it', () => {
    const km2 = computeSessionStats({ records: makeRecords(range(n), { distance: d }), events, options: { bestEffortDistancesM: [1000, 3000] } });
    expect(km2.bestEfforts![0].timeS).toBeCloseTo(333.333333, 5);
    expect(km2.bestEfforts![1].timeS).toBeCloseTo(1000 + 300, 6);
  });
  it('a 20 s smart-recording gap is no-data for HR but its distance counts', () => {
    const t = [...range(61), 80, ...range(60, (i) => 81 + i)];
    const g = computeSessionStats({
      records: makeRecords(t, { distance: t.map((x) => 3 * x), heartRate: t.map(() => 140) }),
      profile: { maxHr: 200 },
    });
    expect(g.gapS).toBe(20);
    expect(g.distanceM).toBe(3 * 140);
    expect(g.movingS).toBe(140);
    expect(g.hrZones!.noDataS).toBe(20);
    expect(g.timerS).toBe(140);
  });
});

describe('degenerate streams', () => {
  it('a single point: zero times, no splits or efforts, no crash', () => {
    const s = computeSessionStats({ records: makeRecords([0], { heartRate: [120], distance: [0] }) });
    expect([s.elapsedS, s.timerS, s.recordCount]).toEqual([0, 0, 1]);
    expect(s.maxHr).toBe(120);
    expect(s.splits).toBeUndefined();
    expect(s.bestEfforts).toBeUndefined();
  });
  it('no records at all', () => {
    const s = computeSessionStats({ records: makeRecords([], {}) });
    expect(s).toEqual({ algorithmVersion: ALGORITHM_VERSION, recordCount: 0, elapsedS: 0, timerS: 0, pausedS: 0, gapS: 0, totals: { sources: {} } });
  });
  it('unsorted input with duplicate timestamps is sorted and merged field-wise', () => {
    const r = makeRecords([2, 0, 1, 1], { distance: [6, 0, NaN, 3], heartRate: [130, 120, 125, NaN] });
    const s = computeSessionStats({ records: r, profile: { maxHr: 200 } });
    expect(s.recordCount).toBe(3);
    expect(s.distanceM).toBe(6);
    expect(s.avgHr).toBeCloseTo(122.5, 12);
  });
  it('standing still: distance source exists but nothing is moving', () => {
    const s = computeSessionStats({ records: makeRecords(range(61), { distance: range(61, () => 0) }) });
    expect(s.distanceM).toBe(0);
    expect(s.movingS).toBe(0);
    expect(s.avgSpeedMps).toBeUndefined();
    expect(s.bestEfforts).toEqual([]);
  });
});

describe('elevation, grade and GAP', () => {
  it('a steady 5 % climb: gain = rise, GAP ratio 1.301, split gains sum to the session', () => {
    const n = 2001;
    const s = computeSessionStats({ records: makeRecords(range(n), { distance: range(n, (i) => 2 * i), altitude: range(n, (i) => 0.1 * i) }) });
    expect(s.ascentM).toBeCloseTo(200, 9);
    expect(s.descentM).toBe(0);
    expect(s.gapSpeedMps! / s.avgSpeedMps!).toBeCloseTo(1.301, 3);
    const km = s.splits!.km;
    expect(km.reduce((a, x) => a + (x.ascentM ?? 0), 0)).toBeCloseTo(s.ascentM!, 9);
    expect(km[0].ascentM).toBeCloseTo(50, 0);
  });
});

describe('HR zone models and defaults', () => {
  const n = 601;
  const rec = makeRecords(range(n), { heartRate: range(n, () => 150) });
  it('empty profile: %HRmax with HRmax 185 (default), says so', () => {
    const z = computeSessionStats({ records: rec }).hrZones!;
    expect(z.model).toBe('hrmax');
    expect(z.sources).toEqual({ model: 'default', maxHr: 'default' });
    expect(z.maxHr).toBe(185);
    expect(z.zones.map((x) => x.minBpm)).toEqual([92.5, 111, 129.5, 148, 166.5]);
    expect(z.zones[3].timeS).toBe(600);
  });
  it('age → Tanaka 208 − 0.7·age', () => {
    expect(computeSessionStats({ records: rec, profile: { birthYear: 1984 } }).hrZones).toMatchObject({ maxHr: 208 - 0.7 * 40, sources: { maxHr: 'age' } });
  });
  it('%HRR (Karvonen) and LTHR (Friel, 7 zones, holes closed)', () => {
    const hrr = computeSessionStats({ records: rec, profile: { zoneModel: 'hrr', maxHr: 190, restingHr: 50 } }).hrZones!;
    expect(hrr.zones.map((x) => x.minBpm)).toEqual([120, 134, 148, 162, 176]);
    expect(hrr.zones[2].timeS).toBe(600);
    const lt = computeSessionStats({ records: rec, profile: { zoneModel: 'lthr', thresholdHr: 160, maxHr: 190 } }).hrZones!;
    expect(lt.zones.map((x) => x.name)).toEqual(['Z1', 'Z2', 'Z3', 'Z4', 'Z5a', 'Z5b', 'Z5c']);
    expect(lt.zones[2].minBpm).toBeCloseTo(144, 9); // 150 bpm = 93.75 % LTHR → Z3 [90, 95) %
    expect(lt.zones[2].maxBpm).toBeCloseTo(152, 9);
    expect(lt.zones[2].timeS).toBe(600);
    expect(lt.zones[6].maxBpm).toBeUndefined();
    expect(lt.belowS).toBeUndefined();
    expect(lt.thresholdHr).toBe(160);
  });
});

describe('efficiency and decoupling (§1.10)', () => {
  it('constant pace, HR 140 → 150 at the half of the steady part → Pa:HR = 6.667 %', () => {
    const n = 4201; // 70 min: 10 min warm-up excluded, halves of 30 min
    const s = computeSessionStats({
      records: makeRecords(range(n), { distance: range(n, (i) => 3 * i), heartRate: range(n, (i) => (i < 2400 ? 140 : 150)) }),
      profile: { maxHr: 200 },
    });
    expect(s.decouplingPct).toBeCloseTo((1 - 140 / 150) * 100, 9);
    expect(s.efficiencyFactor).toBeCloseTo(180 / s.avgHr!, 12);
  });
  it('shorter than 30 min moving → no decoupling', () => {
    const s = computeSessionStats({ records: makeRecords(range(1200), { distance: range(1200, (i) => 3 * i), heartRate: range(1200, () => 140) }) });
    expect(s.decouplingPct).toBeUndefined();
  });
});

describe('load selection and device cross-check', () => {
  it('rTSS with a threshold speed wins over hrLoad; power TSS over both', () => {
    const n = 3601;
    const rec = makeRecords(range(n), { distance: range(n, (i) => 3 * i), heartRate: range(n, () => 150), power: range(n, () => 250) });
    const pace = computeSessionStats({ records: makeRecords(range(n), { distance: range(n, (i) => 3 * i), heartRate: range(n, () => 150) }), profile: { thresholdSpeedMps: 4 } });
    expect(pace.load).toMatchObject({ source: 'rTss' });
    expect(pace.load!.rTss).toBeCloseTo(100 * (3 / 4) ** 2, 9);
    const pw = computeSessionStats({ records: rec, profile: { thresholdSpeedMps: 4, thresholdPowerW: 250 } });
    expect(pw.load).toMatchObject({ source: 'powerTss' });
    expect(pw.load!.powerTss).toBeCloseTo(100, 9);
    expect(pw.intensityFactor).toBeCloseTo(1, 12);
    expect(pw.variabilityIndex).toBeCloseTo(1, 12);
    expect(pw.powerEfficiencyFactor).toBeCloseTo(250 / 150, 12);
  });
  it('reports differences to the FIT session totals', () => {
    const s = computeSessionStats({ records: gpsRun(600, 3), device: { totalDistance: 1810, totalTimerTime: 601, totalElapsedTime: 600 } });
    expect(s.deviceCheck!.distanceDiffPct).toBeCloseTo(((1800 - 1810) / 1810) * 100, 6);
    expect(s.deviceCheck!.timerDiffS).toBe(-1);
    expect(s.deviceCheck!.elapsedDiffS).toBe(0);
  });
  it('GPS spikes are dropped and never make the max speed', () => {
    const rec = gpsRun(300, 3);
    rec.channels.positionLat![150] = latForMetres(3 * 150 + 500); // a 500 m jump
    const s = computeSessionStats({ records: rec });
    expect(s.distanceM).toBeCloseTo(900, 6);
    expect(s.maxSpeedMps).toBeCloseTo(3, 9);
  });
});

describe('options and profile are validated once, up front', () => {
  const records = makeRecords([0, 1], {});
  it.each([
    [{ options: { gapThresholdS: -1 } }, /gapThresholdS must be a finite number > 0/],
    [{ options: { gapModel: 'x' as never } }, /gapModel must be one of minetti, strava/],
    [{ options: { bestEffortDistancesM: [1000, 400] } }, /bestEffortDistancesM must be strictly ascending/],
    [{ profile: { maxHr: 500 } }, /profile.maxHr must be a number in \[100, 250\]/],
    [{ profile: { maxHr: 105, restingHr: 110 } }, /profile.restingHr must be below maxHr/],
  ])('%o', (extra, message) => {
    let err: unknown;
    try {
      computeSessionStats({ records, ...extra });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe('invalid_options');
    expect((err as DomainError).message).toMatch(message);
  });
});

describe('swim splits per 100 m and per 100 yd', () => {
  // 1,050 m at 1 m/s from the distance channel (a pool swim's lengths give it), HR 140 then 150
  const n = 1051;
  const swim = computeSessionStats({ records: makeRecords(range(n), { distance: range(n, (i) => i), heartRate: range(n, (i) => (i < 500 ? 140 : 150)) }), sport: 'swimming' });
  const run = computeSessionStats({ records: makeRecords(range(n), { distance: range(n, (i) => i) }), sport: 'running' });
  it('10 full 100 m + a 50 m part; 100 yd splits of 91.44 m; both add up to the distance and the time', () => {
    const m = swim.splits!.hundredM!;
    expect(m).toHaveLength(11);
    expect(m[0]).toMatchObject({ index: 1, distanceM: 100 });
    expect(m[0].elapsedS).toBeCloseTo(100, 9);
    expect(m[10]).toMatchObject({ partial: true });
    expect(m[10].distanceM).toBeCloseTo(50, 9);
    expect(m[10].paceS).toBeCloseTo(100, 9); // normalised to 100 m
    expect(m[0].avgHr).toBeCloseTo(140, 9);
    expect(m[9].avgHr).toBeCloseTo(150, 9);
    const yd = swim.splits!.hundredYd!;
    expect(yd).toHaveLength(Math.floor(1050 / 91.44) + 1);
    expect(yd[0].distanceM).toBeCloseTo(91.44, 9);
    expect(yd[0].elapsedS).toBeCloseTo(91.44, 9);
    for (const list of [m, yd]) {
      expect(list.reduce((a, sp) => a + sp.distanceM, 0)).toBeCloseTo(1050, 6);
      expect(list.reduce((a, sp) => a + sp.elapsedS, 0)).toBeCloseTo(1050, 6);
    }
  });
  it('only swims carry them (a run keeps km and mile)', () => {
    expect(run.splits!.hundredM).toBeUndefined();
    expect(run.splits!.hundredYd).toBeUndefined();
    expect(run.splits!.km).toHaveLength(2);
  });
});
