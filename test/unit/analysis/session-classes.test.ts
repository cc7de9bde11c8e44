/**
 * Issue 12: one test per class of disagreement between computed statistics and the device, each
 * on a generated FIT file (fit-file-parser's encoder) decoded by ours — see docs/session-totals.md.
 */
import { describe, expect, it } from 'vitest';
import { assignSessionLaps, assignSessionRecords, decodeFit } from '../../../src/core/fit/index.js';
import { computeSessionStats } from '../../../src/core/metrics';
import { encodeRecordsParquet } from '../../../src/core/parquet/encode-records';
import { buildSessionAnalysis } from '../../../src/jobs/analyse-session';
import { toSwimLengths } from '../../../src/core/swim/swim-length';
import { buildActivity, START, START_MS, type GenCorrelation, type GenLength, type GenRecord } from './generated-activity';
import { BASE, definition, message, u16, u32, u8 } from '../fit/fit-bytes';
import { buildFit, concat } from '../fit/fixtures';

/**
 * A chained HRM-Swim-like segment (FIT `hr` messages, global 132): one sample per beat at `bpm`
 * for each [seconds, bpm] part, from the activity's start — an anchor, then 8 beats per message as
 * rolling 12-bit tick counts (1/1024 s).
 */
function chainedBeats(parts: Array<[number, number]>): Uint8Array {
  const beats: Array<[number, number]> = [];
  let t = 0;
  for (const [seconds, bpm] of parts) {
    const end = t + seconds;
    for (t += 60 / bpm; t <= end; t += 60 / bpm) beats.push([t, bpm]);
    t = end;
  }
  const anchorTicks = 1024;
  const data = [...definition(0, 132, [[253, 4, BASE.uint32], [0, 2, BASE.uint16], [9, 4, BASE.uint32], [6, 1, BASE.uint8]]), ...message(0, u32(START), u16(0), u32(anchorTicks), u8(beats[0]![1]))];
  data.push(...definition(1, 132, [[10, 12, BASE.byte], [6, 8, BASE.uint8]]));
  for (let k = 0; k + 8 <= beats.length; k += 8) {
    const group = beats.slice(k, k + 8);
    const ticks = group.map(([s]) => (anchorTicks + Math.round(s * 1024)) & 0xfff);
    const packed: number[] = [];
    for (let j = 0; j < 8; j += 2) packed.push(ticks[j]! & 0xff, (ticks[j]! >> 8) | ((ticks[j + 1]! & 0x0f) << 4), ticks[j + 1]! >> 4);
    data.push(...message(1, packed, group.map(([, bpm]) => bpm)));
  }
  return buildFit(data);
}

async function sessionsOf(bytes: Uint8Array) {
  const decoded = await decodeFit(bytes);
  const owned = assignSessionRecords(decoded.records, decoded.sessions);
  const laps = assignSessionLaps(decoded.laps, owned.map((o) => o.window));
  const lengths = assignSessionLaps(decoded.lengths ?? [], owned.map((o) => o.window));
  return { decoded, owned, stats: decoded.sessions.map((s, i) => computeSessionStats({
    records: owned[i]!.records, window: owned[i]!.window, laps: laps[i], events: decoded.events,
    lengths: toSwimLengths(lengths[i]!, s.poolLengthM, owned[i]!.window?.startMs),
    sport: s.sport, subSport: s.subSport, device: s, profile: { maxHr: 190 },
  })) };
}

const run = (from: number, to: number, v: number, d0 = 0, hr = 140): GenRecord[] =>
  Array.from({ length: to - from + 1 }, (_, k) => ({ t: from + k, distance: d0 + v * k, hr, speed: v }));

describe('session totals classes (generated files)', () => {
  it('pool swim with distance only at length ends: counted from 0 at the session start', async () => {
    // 4 lengths of 25 m, 30 s each; distance written only at each length's end, HR every second
    const records: GenRecord[] = Array.from({ length: 121 }, (_, t) => ({ t, hr: 130, distance: t > 0 && t % 30 === 0 ? (t / 30) * 25 : undefined }));
    const { stats } = await sessionsOf(buildActivity({ records, sessions: [{ start: 0, elapsed: 120, distance: 100, avgHr: 130, sport: 5, subSport: 17 }] }));
    expect(stats[0]!.distanceM).toBeCloseTo(100, 6);
  });

  it('pool swim whose records carry only HR: distance = active lengths × pool length (FIT length messages)', async () => {
    // 25 m pool: 4 lengths of 30 s, a 20 s rest at the wall, 2 more lengths; HR every second, no distance
    const lengths: GenLength[] = [0, 30, 60, 90].map((start) => ({ start, elapsed: 30, type: 1, strokes: 20, speed: 25 / 30, stroke: 0 }));
    lengths.push({ start: 120, elapsed: 20, type: 0 }, { start: 140, elapsed: 30, type: 1, strokes: 22, speed: 25 / 30, stroke: 2 }, { start: 170, elapsed: 30, type: 1, strokes: 21, speed: 25 / 30, stroke: 2 });
    const records: GenRecord[] = Array.from({ length: 201 }, (_, t) => ({ t, hr: t >= 120 && t < 140 ? 100 : 140 }));
    const bytes = buildActivity({ records, lengths, sessions: [{ start: 0, elapsed: 200, timer: 200, distance: 150, avgHr: 140, sport: 5, subSport: 17, poolLength: 25, poolUnit: 0 }] });
    const { decoded, stats } = await sessionsOf(bytes);
    expect(decoded.sessions[0]).toMatchObject({ poolLengthM: 25, poolLengthUnit: 'metric' });
    expect(decoded.lengths).toHaveLength(7);
    expect(decoded.lengths![4]).toMatchObject({ startTime: START_MS + 120_000, totalElapsedTime: 20, lengthType: 'idle' });
    expect(decoded.lengths![5]).toMatchObject({ totalStrokes: 22, swimStroke: 'breaststroke', lengthType: 'active' });
    const s = stats[0]!;
    expect(s.distanceM).toBeCloseTo(150, 6);
    expect(s.distanceSource).toBe('device');
    // the rest at the wall is not swimming: average HR over the lengths swum, pace from distance ÷ timer
    expect(s.avgHr).toBeCloseTo(140, 6);
    expect(s.deviceCheck?.distanceDiffPct).toBeCloseTo(0, 6);
    expect(s.totals?.distanceM).toBeCloseTo(150, 6);
    // records that carry distance of their own are left as recorded
    const own = records.map((r) => ({ ...r, distance: r.t * 0.5 }));
    const { stats: recorded } = await sessionsOf(buildActivity({ records: own, lengths, sessions: [{ start: 0, elapsed: 200, distance: 150, sport: 5, subSport: 17, poolLength: 25 }] }));
    expect(recorded[0]!.distanceM).toBeCloseTo(100, 6);
  });

  it('HR from a chained strap (one sample per beat) is averaged per beat, as the watch does; 1 Hz HR per second', async () => {
    // 2 min at 100 bpm then 2 min at 160 bpm: per second 130, per beat (100² + 160²) / 260 = 136.9
    const records: GenRecord[] = Array.from({ length: 241 }, (_, t) => ({ t, distance: t * 3, speed: 3 }));
    const activity = buildActivity({ records, sessions: [{ start: 0, elapsed: 240, distance: 720, avgHr: 137 }] });
    const { decoded, stats } = await sessionsOf(concat(activity, chainedBeats([[120, 100], [120, 160]])));
    expect(decoded.sessions[0]!.hrPerBeat).toBe(true);
    expect(stats[0]!.avgHr).toBeCloseTo((100 * 100 + 160 * 160) / 260, 0);
    expect(stats[0]!.deviceCheck?.avgHrDiffBpm).toBeLessThanOrEqual(1);
    // the same HR recorded by the watch itself (1 Hz samples, not beats): time-weighted
    const wrist = records.map((r) => ({ ...r, hr: r.t <= 120 ? 100 : 160 }));
    const { decoded: own, stats: ownStats } = await sessionsOf(buildActivity({ records: wrist, sessions: [{ start: 0, elapsed: 240, distance: 720, avgHr: 130 }] }));
    expect(own.sessions[0]!.hrPerBeat).toBeUndefined();
    expect(ownStats[0]!.avgHr).toBeCloseTo(130, 0);
  });

  it('multisport legs: each leg starts where the previous one ended, every record in one leg', async () => {
    // leg 1: 0–100 s at 3 m/s; leg 2 starts at 100.5 s (between records) at 10 m/s
    const records = [...run(0, 100, 3), ...run(101, 300, 10, 300 + 10 * 1)];
    const { owned, stats } = await sessionsOf(buildActivity({ records, sessions: [
      { start: 0, elapsed: 101, distance: 303 + 5 }, { start: 101, elapsed: 199, distance: 1990 },
    ] }));
    expect(owned[0]!.records.length + owned[1]!.records.length).toBe(records.length);
    const ts = [...owned[0]!.records.timestamp, ...owned[1]!.records.timestamp];
    expect(new Set(ts).size).toBe(ts.length);
    expect(stats[1]!.distanceM).toBeCloseTo(1990, 3);
    // leg 1 ends at 101 s: the file's distance there (310 m), not its last record's (300 m)
    expect(stats[0]!.distanceM).toBeCloseTo(310, 3);
  });

  it('multisport leg closed between two records: its lap\'s end position on the track pins the distance', async () => {
    // smart recording: a transition at 2 m/s logged every 4 s; the watch closes it at 98.6 s, 195 m
    // along, between the records at 96 s (192 m) and 101 s (206 m, already on the bike at 10 m/s);
    // the track runs due north, 1 m = 1/111 320°
    const at = (d: number) => ({ lat: 45 + d / 111_320, lon: 5 });
    const records: GenRecord[] = [];
    for (let t = 0; t <= 96; t += 4) records.push({ t, distance: 2 * t, ...at(2 * t) });
    for (let t = 101; t <= 200; t++) records.push({ t, distance: 206 + 10 * (t - 101), ...at(206 + 10 * (t - 101)) });
    const sessions = [{ start: 0, elapsed: 98.6, distance: 195, sport: 0 }, { start: 98, elapsed: 102, distance: 1196 - 195, sport: 2 }];
    const laps = (endLon1: number) => [
      { start: 0, elapsed: 98.6, timer: 98.6, distance: 195, trigger: 7, endLat: at(195).lat, endLon: endLon1 },
      { start: 98, elapsed: 102, timer: 102, distance: 1001, trigger: 7, endLat: at(1196).lat, endLon: 5 },
    ];
    const { decoded, stats } = await sessionsOf(buildActivity({ records, sessions, laps: laps(5) }));
    expect(decoded.sessions[0]!.endPosition?.lat).toBeCloseTo(at(195).lat, 7);
    expect(stats[0]!.distanceM).toBeCloseTo(195, 2);
    expect(stats[1]!.distanceM).toBeCloseTo(1001, 2); // the next leg starts there
    // an end position 0.3 m off the track (the FR255's are 0.2–0.4 m) does not pin it: time does
    // (98.6 s interpolates to 192 + 2.6 / 5 × 14 = 199.28 m)
    const offTrack = 5 + 0.3 / (111_320 * Math.cos((45 * Math.PI) / 180));
    const { stats: byTime } = await sessionsOf(buildActivity({ records, sessions, laps: laps(offTrack) }));
    expect(byTime[0]!.distanceM).toBeCloseTo(199.28, 2);
    expect(byTime[1]!.distanceM).toBeCloseTo(1196 - 199.28, 2);
  });

  it('records in a gap between sessions and after the last window belong to exactly one session', async () => {
    const records = [...run(0, 60, 3), ...run(90, 150, 3, 300), ...run(200, 230, 3, 600)];
    const { owned } = await sessionsOf(buildActivity({ records, sessions: [{ start: 0, elapsed: 60 }, { start: 90, elapsed: 60 }] }));
    expect(owned.map((o) => o.records.length)).toEqual([61, 61 + 31]);
  });

  it('a watch reboot: the lap around the record gap says how long the timer was stopped', async () => {
    // records 0–1000 s and 1200–2000 s; the lap 0–2000 s reports 150 s not timed; power_up at 1190 s
    const records = [...run(0, 1000, 8), ...run(1200, 2000, 8, 8000)];
    const { stats } = await sessionsOf(buildActivity({ records, events: [{ t: 0, event: 0, type: 0 }, { t: 1190, event: 6, type: 4 }, { t: 1200, event: 0, type: 0 }],
      sessions: [{ start: 0, elapsed: 2000, timer: 1850, sport: 2 }], laps: [{ start: 0, elapsed: 2000, timer: 1850 }] }));
    expect(stats[0]!.timerS).toBeCloseTo(1850, 6);
    expect(stats[0]!.unrecordedPauseS).toBeCloseTo(150, 6);
  });

  it('records after the only session ends are kept in its stream but not counted', async () => {
    const records = run(0, 3600 + 900, 3); // the watch logged 15 min past the session's end
    const { owned, stats } = await sessionsOf(buildActivity({ records, sessions: [{ start: 0, elapsed: 3600, distance: 10800 }] }));
    expect(owned[0]!.records.length).toBe(records.length);
    // counted: up to the end plus the one-minute slack for a device clock that runs short unexplained
    expect(stats[0]!.timerS).toBeCloseTo(3660, 6);
    expect(stats[0]!.distanceM).toBeCloseTo(3 * 3660, 3);
    expect(stats[0]!.recordsOutsideWindow).toBe(840);
    expect(stats[0]!.flags?.map((f) => f.code)).toContain('records_outside_session');
  });

  it('a device clock that lags the records (timestamp_correlation): timer and elapsed on the device\'s clock', async () => {
    // a 1 h ride stamped in UTC; the device's system clock stands still for 3 s every 10 min (an
    // Edge 840 does), correlating itself each time: it counts 3600 − 18 s of timer and elapsed
    const correlations: GenCorrelation[] = [{ t: 0, system: 0 }];
    for (let k = 1; k <= 6; k++) {
      const t = 600 * k - 100;
      correlations.push({ t, system: t - 3 * (k - 1) }, { t: t + 3, system: t - 3 * (k - 1) });
    }
    const records = run(0, 3600, 8).map((r, k) => ({ ...r, hr: 120 + (k % 40) }));
    const sessions = [{ start: 0, elapsed: 3582, timer: 3582, distance: 8 * 3600, sport: 2 }];
    const { decoded, stats } = await sessionsOf(buildActivity({ records, sessions, correlations }));
    expect(decoded.sessions[0]!.clockOffsets?.at(-1)?.offsetS).toBe(18);
    const s = stats[0]!;
    expect(s.timerS).toBeCloseTo(3582, 6);
    expect(s.elapsedS).toBeCloseTo(3582, 6);
    expect(s.deviceClockLagS).toBeCloseTo(18, 6);
    expect(s.distanceM).toBeCloseTo(8 * 3600, 3); // distance stays the records'
    expect(s.flags?.map((f) => f.code) ?? []).not.toContain('device_disagrees');
    const z = s.hrZones!;
    expect(z.zones.reduce((a, x) => a + x.timeS, 0) + (z.belowS ?? 0) + z.noDataS).toBeCloseTo(s.timerS, 6);
    // a clock that agrees with the records (one correlation at the start, offset 0) changes nothing
    const { decoded: synced, stats: plain } = await sessionsOf(buildActivity({ records, sessions: [{ ...sessions[0]!, elapsed: 3600, timer: 3600 }], correlations: [{ t: 0, system: 0 }] }));
    expect(synced.sessions[0]!.clockOffsets).toBeUndefined();
    expect(plain[0]!.timerS).toBeCloseTo(3600, 6);
    expect(plain[0]!.deviceClockLagS).toBeUndefined();
  });

  it('device-relative time (1990 dates): no start time, and the Parquet file says so', async () => {
    const bytes = buildActivity({ base: 1000, records: run(0, 120, 3), sessions: [{ start: 0, elapsed: 120, distance: 360 }] });
    const decoded = await decodeFit(bytes);
    const session = decoded.sessions[0]!;
    expect(session.startTimeUnknown).toBe(true);
    const owned = assignSessionRecords(decoded.records, decoded.sessions)[0]!;
    const { index: _i, sport, subSport, ...device } = session;
    const a = buildSessionAnalysis({ id: 's', runnerId: 'r', sport, subSport, startTime: undefined, events: [], device: { ...device, window: owned.window } }, owned.records, { profile: {}, timeZone: 'UTC' }, 0);
    expect(a.stats.stats.startTime).toBeUndefined();
    expect((a.stats.stats.totals as { distanceM: number }).distanceM).toBe(360);
    const parquet = new TextDecoder('latin1').decode(encodeRecordsParquet(owned.records, { sessionId: 's', startTimeUnknown: session.startTimeUnknown }));
    expect(parquet).toContain('device-relative');
  });

  it('records sharing a timestamp are merged once: the session and its statistics count the same rows', async () => {
    const records: GenRecord[] = [];
    for (let t = 0; t <= 60; t++) records.push({ t, distance: 3 * t }, { t, hr: 150 });
    const { owned, stats } = await sessionsOf(buildActivity({ records, sessions: [{ start: 0, elapsed: 60, distance: 180, avgHr: 150 }] }));
    expect(owned[0]!.records.length).toBe(61);
    expect(stats[0]!.recordCount).toBe(61);
    expect(stats[0]!.avgHr).toBe(150);
  });

  it('samples constant for hours: flagged, not used, no load, the device distance shown', async () => {
    const records = Array.from({ length: 4000 }, (_, t) => ({ t, distance: 405.81, hr: 120, speed: 5 }));
    const { stats } = await sessionsOf(buildActivity({ records, sessions: [{ start: 0, elapsed: 3999, distance: 32172.05, sport: 2 }] }));
    const s = stats[0]!;
    expect(s.flags?.find((f) => f.code === 'constant_samples')?.severity).toBe('records_unusable');
    expect(s.excludedFromLoad).toBe(true);
    expect(s.excludedFromBests).toBe(true);
    expect(s.totals?.distanceM).toBe(32172.05);
    expect(s.totals?.sources.distance).toBe('device');
  });

  it('the timer runs from the session start when the first record comes later (no timer events)', async () => {
    const { stats } = await sessionsOf(buildActivity({ records: run(1, 99, 3), events: [], sessions: [{ start: 0, elapsed: 100 }] }));
    expect(stats[0]!.timerS).toBeCloseTo(100, 6);
  });

  it('HR zones add up to the timer and km splits to the distance', async () => {
    // the last record is 1 s before the session's end: the timer and the last split run to the end
    const records = run(0, 1499, 3.3).map((r, k) => ({ ...r, hr: 120 + (k % 60) }));
    const { stats } = await sessionsOf(buildActivity({ records, sessions: [{ start: 0, elapsed: 1500, distance: 3.3 * 1500 }] }));
    const s = stats[0]!;
    const z = s.hrZones!;
    expect(z.zones.reduce((a, x) => a + x.timeS, 0) + (z.belowS ?? 0) + z.noDataS).toBeCloseTo(s.timerS, 6);
    expect(s.timerS).toBeCloseTo(1500, 6);
    expect(s.splits!.km.reduce((a, x) => a + x.distanceM, 0)).toBeCloseTo(s.distanceM!, 6);
  });

  it('the device and the records disagreeing beyond tolerance: flagged with both figures, device shown', async () => {
    const { stats } = await sessionsOf(buildActivity({ records: run(0, 600, 3), sessions: [{ start: 0, elapsed: 600, distance: 2000 }] }));
    const flag = stats[0]!.flags?.find((f) => f.code === 'device_disagrees');
    expect(flag?.message).toContain('2.00 km');
    expect(stats[0]!.totals?.distanceM).toBe(2000);
  });

  it('GPS-free speed above the sport limit is flagged and kept out of bests', async () => {
    const { stats } = await sessionsOf(buildActivity({ records: run(0, 600, 3).map((r, k) => (k === 300 ? { ...r, speed: 25 } : r)), sessions: [{ start: 0, elapsed: 600, distance: 1800 }] }));
    expect(stats[0]!.flags?.map((f) => f.code)).toContain('impossible_speed');
    expect(stats[0]!.excludedFromBests).toBe(true);
  });
});
