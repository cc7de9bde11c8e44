import { describe, expect, it } from 'vitest';
import { joinSessionStats, splitSessionStats, STATS_SUMMARY_KEYS } from '../../../src/core/metrics';
import { decodeStatsDetail, encodeStatsDetail, encodeStatsDetailNative } from '../../../src/adapters/stats-detail';
import { sessionObjectKeys, statsDetailKey } from '../../../src/core/keys';

const stats = {
  algorithmVersion: 7, avgHr: 151.2, flags: [{ code: 'gps_jumps' }], excludedFromLoad: true,
  splits: { km: Array.from({ length: 42 }, (_, i) => ({ index: i, timeS: 300 + (i % 7) })) },
  meanMaxSpeed: [{ durationS: 5, speedMps: 6.1 }], totals: { distanceM: 42195, timerS: 12000 },
};

describe('statistics layout (D1 summary + R2 detail)', () => {
  it('keeps only what decides how a session counts in the summary; the rest, new keys included, is detail', () => {
    const { summary, detail } = splitSessionStats({ ...stats, someFutureCurve: [1, 2, 3] });
    expect(Object.keys(summary).sort()).toEqual(['excludedFromLoad', 'flags']);
    expect(Object.keys(summary).every((k) => STATS_SUMMARY_KEYS.includes(k))).toBe(true);
    expect(detail).toMatchObject({ splits: stats.splits, meanMaxSpeed: stats.meanMaxSpeed, totals: stats.totals, someFutureCurve: [1, 2, 3], avgHr: 151.2 });
    expect(detail.flags).toBeUndefined();
  });

  it('joins back to the statistics as computed; without the detail, the summary alone', () => {
    const { summary, detail } = splitSessionStats(stats);
    expect(joinSessionStats(summary, detail)).toEqual(stats);
    expect(joinSessionStats(summary, null)).toEqual({ flags: stats.flags, excludedFromLoad: true });
  });

  it('stores the detail as gzip JSON that reads back equal and smaller', () => {
    const { detail } = splitSessionStats(stats);
    const bytes = encodeStatsDetail(detail);
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
    expect(bytes.length).toBeLessThan(JSON.stringify(detail).length);
    expect(decodeStatsDetail(bytes)).toEqual(detail);
  });

  it('reads back the runtime-compressed detail the same way (CompressionStream gzip)', async () => {
    const { detail } = splitSessionStats(stats);
    const bytes = await encodeStatsDetailNative(detail);
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
    expect(bytes.length).toBeLessThan(JSON.stringify(detail).length);
    expect(decodeStatsDetail(bytes)).toEqual(detail);
  });

  it('lists the detail among the objects of a session, under the runner prefix', () => {
    expect(statsDetailKey('r1', 's1')).toBe('runners/r1/sessions/s1/stats.json.gz');
    expect(sessionObjectKeys('r1', 's1')).toContain(statsDetailKey('r1', 's1'));
    expect(sessionObjectKeys('r1', 's1').every((k) => k.startsWith('runners/r1/sessions/s1/'))).toBe(true);
  });
});

describe('quota charge of per-session objects', () => {
  it('charges uploads, files and Parquet, not the derived laps and statistics JSON', async () => {
    const { chargeOfKey, lapsKey, lengthsKey, recordsKey } = await import('../../../src/core/keys');
    expect(chargeOfKey(lengthsKey('r1', 's1'))).toEqual({ runnerId: 'r1', charged: false });
    expect(chargeOfKey(recordsKey('r1', 's1'))).toEqual({ runnerId: 'r1', charged: true });
    expect(chargeOfKey('runners/r1/uploads/u1')).toEqual({ runnerId: 'r1', charged: true });
    expect(chargeOfKey(statsDetailKey('r1', 's1'))).toEqual({ runnerId: 'r1', charged: false });
    expect(chargeOfKey(lapsKey('r1', 's1'))).toEqual({ runnerId: 'r1', charged: false });
    expect(chargeOfKey('runners/r1/sessions/s1/other.json')).toEqual({ runnerId: 'r1', charged: true });
  });
});
