/** Distance-source fallbacks (§1.2) and the device agreement check found by the corpus report. */
import { describe, expect, it } from 'vitest';
import { assessDeviceAgreement, computeSessionStats } from '../../../src/core/metrics';
import { makeRecords, range } from './fixtures';

describe('distance source when neither device distance (≥ 95 %) nor GPS exists', () => {
  // pool swim shape: distance only at each 25 m length end (every 30 s), speed mostly missing
  const n = 601;
  const distance = range(n, (i) => (i > 0 && i % 30 === 0 ? (25 * i) / 30 : NaN));
  const speed = range(n, (i) => (i % 100 === 0 ? 0.8 : NaN));
  const s = computeSessionStats({ records: makeRecords(range(n), { distance, speed, heartRate: range(n, () => 130) }), sport: 'swimming' });
  it('uses the sparse device distance, interpolated in time, not a mostly-missing speed read as 0 m/s', () => {
    // before the fix: source 'speed', 7 × 0.8 m = 5.6 m instead of 500 − 25 = 475 m
    expect(s.distanceSource).toBe('device');
    expect(s.distanceM).toBeCloseTo(475, 9);
  });
  it('speed alone is integrated only when present for ≥ 95 % of records', () => {
    const full = computeSessionStats({ records: makeRecords(range(n), { speed: range(n, () => 2) }) });
    expect(full).toMatchObject({ distanceSource: 'speed', distanceM: 1200 });
    const sparse = computeSessionStats({ records: makeRecords(range(n), { speed }) });
    expect(sparse.distanceM).toBeUndefined();
  });
});

describe('assessDeviceAgreement', () => {
  const stats = computeSessionStats({ records: makeRecords(range(101), { distance: range(101, (i) => 3 * i), heartRate: range(101, () => 150) }) });
  it('inclusive tolerances: 0.5 % distance, 1 s timer, 1 bpm HR', () => {
    const items = assessDeviceAgreement(stats, { totalDistance: 300 / 1.005, totalTimerTime: 101, avgHeartRate: 151 });
    expect(items.map((i) => [i.metric, i.agrees])).toEqual([['distance', true], ['timer', true], ['avgHr', true]]);
    const off = assessDeviceAgreement(stats, { totalDistance: 298, totalTimerTime: 101.5, avgHeartRate: 148 });
    expect(off.every((i) => !i.agrees)).toBe(true);
    expect(off[0].diff).toBeCloseTo((2 / 298) * 100, 12);
  });
  it('device avg HR 0 (Zwift) is absent, and a value the records cannot give is a disagreement', () => {
    expect(assessDeviceAgreement(stats, { avgHeartRate: 0 })).toEqual([]);
    const noDist = computeSessionStats({ records: makeRecords(range(11), { heartRate: range(11, () => 120) }) });
    expect(assessDeviceAgreement(noDist, { totalDistance: 1050 })).toEqual([{ metric: 'distance', device: 1050, agrees: false }]);
    expect(computeSessionStats({ records: makeRecords(range(11), { heartRate: range(11, () => 120) }), device: { avgHeartRate: 0 } }).deviceCheck).toBeUndefined();
  });
});
