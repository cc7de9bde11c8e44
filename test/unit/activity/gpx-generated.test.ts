// GPX decoding on generated tracks whose geometry is known: distance = the haversine length,
// segments = pauses, extensions under any prefix, Strava's <type> numbers and words.
import { describe, expect, it } from 'vitest';
import { decodeGpx } from '../../../src/core/activity';
import { buildGpx, referenceLengthM, utf8, wanderingTrack } from '../../support/gpx-tcx-fixtures';

describe('GPX distance', () => {
  it('equals the track haversine length within 0.5 % on generated tracks of several shapes', async () => {
    for (const [count, lat0, stepS] of [[600, 48.85, 1], [3600, -33.9, 1], [500, 69.6, 5], [2000, 0.01, 2]] as const) {
      const points = wanderingTrack(count, { lat0, stepS });
      const a = await decodeGpx(utf8(buildGpx({ points })));
      const reference = referenceLengthM(points);
      expect(reference).toBeGreaterThan(count * 2);
      expect(Math.abs(a.decoded.sessions[0]!.totalDistance! / reference - 1)).toBeLessThan(0.005);
      expect(Math.abs(a.decoded.records.channels.distance![count - 1]! / reference - 1)).toBeLessThan(0.005);
    }
  });

  it('a straight line along a meridian measures R·Δφ (no smoothing shortens a clean track)', async () => {
    const start = Date.parse('2024-01-01T10:00:00Z');
    const points = Array.from({ length: 1001 }, (_, i) => ({ lat: 45 + i * 1e-4, lon: 7, time: start + i * 1000 }));
    const a = await decodeGpx(utf8(buildGpx({ points })));
    const expected = 6_371_008.8 * (1000 * 1e-4 * Math.PI) / 180;
    expect(a.decoded.sessions[0]!.totalDistance!).toBeCloseTo(expected, 3);
  });
});

describe('GPX segments', () => {
  it('a gap between segments is a pause: timer stop/start events, timer = elapsed − gap, the jump is not distance', async () => {
    const first = wanderingTrack(300);
    const second = wanderingTrack(300, { start: first[299]!.time! + 600_000, lat0: 48.9, lon0: 2.4 });
    const a = await decodeGpx(utf8(buildGpx({ segments: [first, second] })));
    const s = a.decoded.sessions[0]!;
    expect(s.totalElapsedTime).toBe(299 + 600 + 299);
    expect(s.totalTimerTime).toBe(299 + 299);
    expect(a.decoded.events).toEqual([
      { timestamp: first[299]!.time, event: 'timer', eventType: 'stop_all' },
      { timestamp: second[0]!.time, event: 'timer', eventType: 'start' },
    ]);
    expect(s.totalDistance!).toBeCloseTo(referenceLengthM(first) + referenceLengthM(second), 3);
  });
});

describe('GPX extensions and sport', () => {
  const points = wanderingTrack(20).map((p, i) => ({ ...p, atemp: 21.5, power: 250 + i }));

  for (const [prefix, version] of [['gpxtpx', 1], ['ns3', 1], ['gpxtpx', 2], ['', 2]] as const) {
    it(`TrackPointExtension v${version} with prefix "${prefix || '(default namespace)'}": hr, cad, atemp`, async () => {
      const a = await decodeGpx(utf8(buildGpx({ points, tpxPrefix: prefix, tpxVersion: version })));
      const ch = a.decoded.records.channels;
      expect(Array.from(ch.heartRate!)).toEqual(points.map((p) => p.hr));
      expect(Array.from(ch.cadence!)).toEqual(points.map((p) => p.cad));
      expect(Array.from(ch.temperature!)).toEqual(points.map(() => 21.5));
      expect(Array.from(ch.altitude!)).toEqual(points.map((p) => p.ele));
    });
  }

  it("Strava's <power> extension is the power channel", async () => {
    const a = await decodeGpx(utf8(buildGpx({ points, power: true })));
    expect(Array.from(a.decoded.records.channels.power!)).toEqual(points.map((p) => p.power));
  });

  it('Garmin PowerExtension PowerInWatts under any prefix', async () => {
    const gpx = buildGpx({ points: points.slice(0, 2) }).replace(/<\/extensions>/g, '<pwr:PowerExtension xmlns:pwr="http://www.garmin.com/xmlschemas/PowerExtension/v1"><pwr:PowerInWatts>301</pwr:PowerInWatts></pwr:PowerExtension></extensions>');
    const a = await decodeGpx(utf8(gpx));
    expect(Array.from(a.decoded.records.channels.power!)).toEqual([301, 301]);
  });

  for (const [type, sport] of [['9', 'running'], ['1', 'cycling'], ['10', 'walking'], ['4', 'hiking'], ['running', 'running'], ['Run', 'running'], ['cycling', 'cycling'], ['Ride', 'cycling'], ['77', 'generic'], ['kayaking', 'generic']] as const) {
    it(`<type>${type}</type> → ${sport}`, async () => {
      const a = await decodeGpx(utf8(buildGpx({ points: points.slice(0, 5), type })));
      expect(a.decoded.sessions[0]!.sport).toBe(sport);
    });
  }

  it('no <type>: running', async () => {
    expect((await decodeGpx(utf8(buildGpx({ points: points.slice(0, 5) })))).decoded.sessions[0]!.sport).toBe('running');
  });

  it('GPX 1.0: <speed> inside trkpt, <name> under <gpx>', async () => {
    const gpx = buildGpx({ points: points.slice(0, 3), version: '1.0' }).replace('<metadata>', '<name>Old run</name><metadata>').replace(/<\/ele>/g, '</ele><speed>3.25</speed>');
    const a = await decodeGpx(utf8(gpx));
    expect(Array.from(a.decoded.records.channels.speed!)).toEqual([3.25, 3.25, 3.25]);
    expect(a.title).toBe('Old run');
  });

  it('the track <name> is the title, kept literally (markup is text, never interpreted)', async () => {
    const a = await decodeGpx(utf8(buildGpx({ points: points.slice(0, 3), name: '<script>alert("x")</script> & 10 km\n\ttempo' })));
    expect(a.title).toBe('<script>alert("x")</script> & 10 km tempo');
  });

  it('times with offsets, fractions or no zone are UTC instants', async () => {
    const gpx = buildGpx({ points: points.slice(0, 3) })
      .replace('2024-05-04T07:00:00.000Z', '2024-05-04T09:00:00+02:00')
      .replace('2024-05-04T07:00:01.000Z', '2024-05-04T07:00:01.250')
      .replace('2024-05-04T07:00:02.000Z', '2024-05-04T07:00:02Z');
    const a = await decodeGpx(utf8(gpx));
    expect(Array.from(a.decoded.records.timestamp)).toEqual([Date.parse('2024-05-04T07:00:00Z'), Date.parse('2024-05-04T07:00:01.250Z'), Date.parse('2024-05-04T07:00:02Z')]);
  });
});
