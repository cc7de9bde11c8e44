// The real GPX/TCX corpus against the facts its MANIFEST.md computed independently (Python's
// xml.etree: haversine summed within segments; TCX totals = the laps' sums).
import { describe, expect, it } from 'vitest';
import { decodeActivity } from '../../../src/core/activity';
import { isDomainError } from '../../../src/core/errors';
import { hasGpxTcxCorpus, readGpxTcx } from '../../support/gpx-tcx-corpus';

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
const avg = (c: Float64Array | undefined) => { if (!c) return NaN; let s = 0; let n = 0; for (const v of c) if (Number.isFinite(v)) { s += v; n++; } return s / n; };

describe.skipIf(!hasGpxTcxCorpus())('GPX/TCX corpus (MANIFEST facts)', () => {
  const gpx: Array<[string, string, number, number, number | undefined]> = [
    ['run-tomtom-2017.gpx', '2017-05-27T08:13:01.000Z', 1424, 4806.84, undefined],
    ['strava-export-stops.gpx', '2021-01-10T08:54:28.000Z', 1697, 12594.65, 151.2],
    ['nike-run-gpxpy.gpx', '2021-07-04T11:23:19.418Z', 727, 8248.08, 177.8],
    ['garmin-connect-3-points.gpx', '2018-02-21T14:30:50.000Z', 3, 4.71, 125],
  ];
  for (const [name, start, points, distance, hr] of gpx) {
    it(`${name}: start, points, haversine length, HR`, async () => {
      const a = await decodeActivity(readGpxTcx(name), { name });
      expect(a.format).toBe('gpx');
      expect(a.skip).toBeUndefined();
      const s = a.decoded.sessions[0]!;
      expect(iso(s.startTime)).toBe(start);
      expect(a.decoded.records.length).toBe(points);
      expect(s.totalDistance).toBeCloseTo(distance, 1);
      expect(a.decoded.records.channels.distance![points - 1]).toBeCloseTo(distance, 1);
      expect(s.sport).toBe('running');
      if (hr !== undefined) expect(avg(a.decoded.records.channels.heartRate)).toBeCloseTo(hr, 0);
    });
  }

  it('nike-run-gpxpy.gpx: a missing <ele> is absent (NaN), not 0 — 290 of 727 points have one', async () => {
    const a = await decodeActivity(readGpxTcx('nike-run-gpxpy.gpx'));
    const ele = a.decoded.records.channels.altitude!;
    expect(Array.from(ele).filter(Number.isFinite).length).toBe(290);
  });

  it('strava-export-stops.gpx: Strava <type>9</type> is a run, the track <name> the title', async () => {
    const a = await decodeActivity(readGpxTcx('strava-export-stops.gpx'));
    expect(a.decoded.sessions[0]!.sport).toBe('running');
    expect(a.title).toBe('Ciclofaixa Recife Antigo x Jaqueira 002 - 12km livre');
    expect(a.decoded.fileId.productName).toBe('StravaGPX');
  });

  const tcx: Array<[string, string, number, number, number, number]> = [
    ['run-tomtom-2017.tcx', '2017-05-27T08:13:01.000Z', 1, 1424, 1424, 4824.94],
    ['garmin-stops-3-laps.tcx', '2021-01-10T08:54:22.000Z', 3, 1697, 4753, 12008.08],
    ['garmin-run-3-laps.tcx', '2018-11-25T07:20:49.000Z', 3, 147, 816, 2153.67],
    ['basic-3-laps.tcx', '2012-12-26T21:29:53.000Z', 3, 383, 1992.78, 4689.24],
  ];
  for (const [name, start, laps, points, timer, distance] of tcx) {
    it(`${name}: start, laps, trackpoints, timer and distance from the laps`, async () => {
      const a = await decodeActivity(readGpxTcx(name), { name });
      expect(a.format).toBe('tcx');
      const s = a.decoded.sessions[0]!;
      expect(iso(s.startTime)).toBe(start);
      expect(a.decoded.laps.length).toBe(laps);
      expect(a.decoded.records.length).toBe(points);
      expect(s.totalTimerTime).toBeCloseTo(timer, 2);
      expect(s.totalDistance).toBeCloseTo(distance, 1);
      expect(s.sport).toBe('running');
    });
  }

  it('garmin-stops-3-laps.tcx: elapsed ≈ 5,133 s > timer (the pauses are real); HR of the points 151.2', async () => {
    const a = await decodeActivity(readGpxTcx('garmin-stops-3-laps.tcx'));
    expect(a.decoded.sessions[0]!.totalElapsedTime).toBeCloseTo(5133, 0);
    expect(avg(a.decoded.records.channels.heartRate)).toBeCloseTo(151.2, 1);
  });

  it('garmin-run-3-laps.tcx: ns3: TPX extensions give speed and run cadence; HR 142.0', async () => {
    const a = await decodeActivity(readGpxTcx('garmin-run-3-laps.tcx'));
    expect(a.decoded.records.channels.speed).toBeDefined();
    expect(a.decoded.records.channels.cadence).toBeDefined();
    expect(avg(a.decoded.records.channels.heartRate)).toBeCloseTo(142.0, 1);
  });

  it('basic-3-laps.tcx: <Notes> is the title; the last trackpoint distance 4,686.31 m is kept as the device wrote it', async () => {
    const a = await decodeActivity(readGpxTcx('basic-3-laps.tcx'));
    expect(a.title).toBe('Aerobics');
    const d = a.decoded.records.channels.distance!;
    expect(Math.max(...Array.from(d).filter(Number.isFinite))).toBeCloseTo(4686.31, 1);
  });

  it('malformed-no-root.tcx is rejected with not_tcx, never a crash', async () => {
    const error = await decodeActivity(readGpxTcx('malformed-no-root.tcx'), { name: 'malformed-no-root.tcx' }).catch((e: unknown) => e);
    expect(isDomainError(error) && error.code).toBe('not_tcx');
  });

  it('the TomTom run as GPX and as TCX: same start, lengths 0.37 % apart', async () => {
    const g = (await decodeActivity(readGpxTcx('run-tomtom-2017.gpx'))).decoded.sessions[0]!;
    const t = (await decodeActivity(readGpxTcx('run-tomtom-2017.tcx'))).decoded.sessions[0]!;
    expect(g.startTime).toBe(t.startTime);
    expect(Math.abs(g.totalDistance! / t.totalDistance! - 1)).toBeLessThan(0.005);
  });
});
