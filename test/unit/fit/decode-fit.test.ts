import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../src/core/errors.js';
import { classifyFit, type DecodedFit, decodeFit, fitIdentity, MAX_FIT_BYTES, sliceRecordsForSession } from '../../../src/core/fit/index.js';
import { hasCorpus, readCorpusFile, readCorpusManifest } from '../support/corpus.js';
import { buildFit, concat } from './fixtures.js';
import { type ExpectedFile, parseManifest } from './manifest.js';

async function codeOf(run: () => Promise<unknown>): Promise<string> {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).retryable).toBe(false);
  return (error as DomainError).code;
}

function finite(column: Float64Array | undefined): number[] {
  return column ? [...column].filter((v) => !Number.isNaN(v)) : [];
}

describe('decodeFit: synthetic files', () => {
  it('maps a minimal record stream and leaves never-present channels absent', async () => {
    // file_id (global 0): type=activity(4); record (global 20): timestamp (253, uint32) + heart_rate (3, uint8)
    const fileId = [0x40, 0, 0, 0, 0, 1, 0, 1, 0x00, 0x00, 4];
    const record = [0x41, 0, 0, 20, 0, 2, 253, 4, 0x86, 3, 1, 0x02];
    const t = 1_000_000_000; // FIT seconds: 2021-09-09T01:46:40Z
    const u32 = (v: number): number[] => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24];
    const data = [...fileId, ...record, 0x01, ...u32(t), 150, 0x01, ...u32(t + 1), 0xff, 0x01, ...u32(t + 2), 152];
    const decoded = await decodeFit(buildFit(data));
    expect(decoded.fileId).toEqual({ type: 'activity' });
    expect(decoded.records.length).toBe(3);
    expect([...decoded.records.timestamp]).toEqual([0, 1, 2].map((k) => (631_065_600 + t + k) * 1000));
    const hr = decoded.records.channels.heartRate!;
    expect([hr[0], hr[2]]).toEqual([150, 152]);
    expect(hr[1]).toBeNaN(); // 0xFF is FIT "invalid": a missing sample, never 0
    expect(Object.keys(decoded.records.channels)).toEqual(['heartRate']);
    expect(classifyFit(decoded)).toEqual({ kind: 'not_activity', fileType: 'activity' }); // no session
  });

  it('maps a parser rejection to decode_failed', async () => {
    // a compressed-timestamp data message before any timestamp passes the structural walk
    const data = [0x40, 0, 0, 20, 0, 1, 3, 1, 0x02, 0x85, 150];
    expect(await codeOf(() => decodeFit(buildFit(data)))).toBe('decode_failed');
  });

  it('throws the validation codes before decoding', async () => {
    expect(await codeOf(() => decodeFit(new Uint8Array(0)))).toBe('empty_file');
    expect(MAX_FIT_BYTES).toBe(16 * 1024 * 1024);
    expect(await codeOf(() => decodeFit(new Uint8Array(MAX_FIT_BYTES + 1).fill(14)))).toBe('too_large');
    expect(await codeOf(() => decodeFit(new Uint8Array(4 * 1024 * 1024).fill(14)))).toBe('not_fit'); // under the cap now
    expect(await codeOf(() => decodeFit(new Uint8Array(4096).fill(14), { maxBytes: 4095 }))).toBe('too_large');
  });
});

describe.skipIf(!hasCorpus())('decodeFit: corpus', () => {
  const manifest = hasCorpus() ? parseManifest(readCorpusManifest()) : [];
  const valid = manifest.filter((f) => !f.mustReject);
  const cache = new Map<string, Promise<DecodedFit>>();
  const decode = (name: string): Promise<DecodedFit> => {
    if (!cache.has(name)) cache.set(name, decodeFit(readCorpusFile(name)));
    return cache.get(name)!;
  };

  it.each(valid.filter((f) => f.sessions.length > 0).map((f) => [f.name, f] as const))('%s: sessions match the manifest', async (name, expected: ExpectedFile) => {
    const decoded = await decode(name);
    expect(decoded.sessions).toHaveLength(expected.sessions.length);
    expected.sessions.forEach((want, i) => {
      const got = decoded.sessions[i]!;
      expect(got.index).toBe(i);
      expect(got.sport).toBe(want.sport);
      expect(got.subSport === 'generic' ? undefined : got.subSport).toBe(want.subSport);
      if (got.startTimeUnknown) {
        expect(got.startTime).toBeUndefined();
        expect(got.relativeStartTime).toBe(Date.parse(want.start));
      } else {
        expect(new Date(got.startTime!).toISOString()).toBe(want.start);
      }
      expect(Math.abs(got.totalDistance! - want.distance)).toBeLessThanOrEqual(0.01);
      if (want.timer === undefined) expect(got).not.toHaveProperty('totalTimerTime');
      else expect(Math.abs(got.totalTimerTime! - want.timer)).toBeLessThanOrEqual(0.001);
      if (want.avgHeartRate === undefined) expect(got).not.toHaveProperty('avgHeartRate');
      else expect(got.avgHeartRate).toBe(want.avgHeartRate);
    });
    expect(classifyFit(decoded)).toEqual({ kind: 'activity' });
  });

  it.each(valid.map((f) => [f.name, f] as const))('%s: records, laps and segments match the manifest', async (name, expected: ExpectedFile) => {
    const decoded = await decode(name);
    // chained corpus files carry records only in their first segment (the rest is HR)
    expect(decoded.records.length).toBe(expected.records);
    expect(decoded.records.timestamp).toHaveLength(expected.records!);
    expect(decoded.laps).toHaveLength(expected.laps!);
    expect(decoded.segments).toBe(Math.max(1, expected.chained));
    expect(decoded.errors).toEqual([]);
    for (const column of Object.values(decoded.records.channels)) {
      expect(column).toHaveLength(decoded.records.length);
      expect(finite(column).length).toBeGreaterThan(0);
    }
  });

  it.each([
    ['course-gpsbabel.fit', 'course'],
    ['settings-garmin-edge510.fit', 'settings'],
    ['workout-trainingpeaks.fit', 'workout'],
  ])('%s classifies as not_activity (%s)', async (name, fileType) => {
    const decoded = await decode(name);
    expect(classifyFit(decoded)).toEqual({ kind: 'not_activity', fileType });
    expect(manifest.find((f) => f.name === name)?.fileType).toBe(fileType);
  });

  it('fr70: device-relative clock → start unknown, no time_created, no identity; speed/distance unpacked', async () => {
    const decoded = await decode('run-garmin-fr70-compressed-timestamps.fit');
    expect(decoded.sessions[0]).toMatchObject({ startTimeUnknown: true });
    expect(decoded.sessions[0]).not.toHaveProperty('startTime');
    expect(decoded.fileId).not.toHaveProperty('timeCreated');
    expect(fitIdentity(decoded)).toBeUndefined();
    // compressed_speed_distance accumulates to the session distance (1/16 m resolution)
    expect(Math.abs(finite(decoded.records.channels.distance).at(-1)! - 10_248.67)).toBeLessThan(0.1);
    expect(Math.max(...finite(decoded.records.channels.speed))).toBeLessThanOrEqual(decoded.sessions[0]!.maxSpeed!);
    expect(sliceRecordsForSession(decoded.records, decoded.sessions[0]!).length).toBe(755);
  });

  it('swim with chained HRM segments: HR merged into the records by time', async () => {
    const decoded = await decode('swim-chained-hr-fr735xt.fit');
    const hr = finite(decoded.records.channels.heartRate);
    expect(hr.length).toBeGreaterThan(0.95 * decoded.records.length);
    expect(Math.max(...hr)).toBe(decoded.sessions[0]!.maxHeartRate);
    const mean = hr.reduce((a, b) => a + b, 0) / hr.length;
    expect(Math.abs(mean - decoded.sessions[0]!.avgHeartRate!)).toBeLessThan(6);
  });

  it('a chained second activity is reported, not merged', async () => {
    const base = readCorpusFile('run-garmin-fr645m-hr-gps.fit');
    const decoded = await decodeFit(concat(base, base));
    expect(decoded.segments).toBe(2);
    expect(decoded.sessions).toHaveLength(1);
    expect(decoded.records.length).toBe(1202);
    expect(decoded.errors).toEqual([expect.objectContaining({ code: 'chained_segments_not_merged', offset: base.length })]);
  });

  it('converts units: running dynamics to m and s, cadence with its fraction', async () => {
    const { records } = await decode('run-garmin-fr965-hr-power-dynamics.fit');
    const c = records.channels;
    // first record of the file: vertical_oscillation 83 mm, stance_time 261 ms, step_length 667 mm
    expect([c.verticalOscillation![0], c.stanceTime![0], c.stepLength![0]]).toEqual([0.083, 0.261, 0.667]);
    const median = (xs: number[]): number => xs.sort((a, b) => a - b)[xs.length >> 1]!;
    expect(median(finite(c.speed))).toBeGreaterThan(2.5); // m/s, not km/h
    expect(median(finite(c.speed))).toBeLessThan(5);
    expect(finite(c.cadence).some((v) => !Number.isInteger(v))).toBe(true);
    expect(finite(c.positionLat).every((v) => v > 47 && v < 48)).toBe(true);
  });

  it('invalid values are absent, real zeros are kept', async () => {
    const stryd = await decode('run-stryd-power-developer-fields.fit');
    expect(stryd.sessions[0]).not.toHaveProperty('avgHeartRate');
    const bryton = await decode('ride-bryton-big-2p4mb.fit');
    expect(bryton.sessions[0]).not.toHaveProperty('totalTimerTime');
    expect(bryton.fileId).not.toHaveProperty('product');
    const zwift = await decode('ride-zwift-virtual.fit');
    expect(zwift.sessions[0]!.avgHeartRate).toBe(0);
  });

  it('fileId and identity', async () => {
    const decoded = await decode('run-garmin-fr965-hr-power-dynamics.fit');
    expect(decoded.fileId).toEqual({
      type: 'activity',
      manufacturer: 'garmin',
      product: 4315,
      productName: 'fr965',
      serialNumber: 3468538070,
      timeCreated: Date.parse('2025-02-28T10:54:54.000Z'),
    });
    expect(fitIdentity(decoded)).toBe(`fit:garmin:4315:3468538070:${Date.parse('2025-02-28T10:54:54.000Z')}`);
    expect(fitIdentity(await decode('run-suunto-move.fit'))).toBeUndefined(); // no serial number
    expect(fitIdentity(await decode('swim-pool-fr965.fit'))).not.toBe(fitIdentity(decoded));
  });

  it('slices multisport records per session, in time order and inside each window', async () => {
    const decoded = await decode('multisport-fr255-triathlon-summary-first.fit');
    let total = 0;
    for (const session of decoded.sessions) {
      const slice = sliceRecordsForSession(decoded.records, session);
      const end = session.startTime! + session.totalElapsedTime! * 1000;
      expect(slice.length).toBeGreaterThan(0);
      expect(slice.timestamp[0]).toBeGreaterThanOrEqual(session.startTime!);
      expect(slice.timestamp[slice.length - 1]).toBeLessThanOrEqual(end);
      for (const column of Object.values(slice.channels)) expect(column).toHaveLength(slice.length);
      total += slice.length;
    }
    expect(total).toBeLessThanOrEqual(decoded.records.length);
    expect(total).toBeGreaterThan(0.99 * decoded.records.length);
    const run = sliceRecordsForSession(decoded.records, decoded.sessions[4]!);
    expect(finite(run.channels.distance).at(-1)! - finite(run.channels.distance)[0]!).toBeCloseTo(4491.51, -2);
  });

  it('events carry timestamps and names', async () => {
    const { events } = await decode('run-garmin-fr965-hr-power-dynamics.fit');
    expect(events[0]).toEqual({ timestamp: Date.parse('2025-02-28T10:54:54.000Z'), event: 'timer', eventType: 'start' });
  });
});
