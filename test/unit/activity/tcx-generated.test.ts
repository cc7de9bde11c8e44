// TCX decoding on generated activities: laps with the device's totals, the device distance kept,
// TPX speed/watts/run cadence, Sport=, a second Track in one lap as a pause.
import { describe, expect, it } from 'vitest';
import { decodeTcx } from '../../../src/core/activity';
import { buildTcx, utf8, wanderingTrack } from '../../support/gpx-tcx-fixtures';

describe('TCX', () => {
  const points = wanderingTrack(900).map((p, i) => ({ ...p, power: 200 + (i % 50) }));
  const laps = [{ points: points.slice(0, 300) }, { points: points.slice(300, 600) }, { points: points.slice(600) }];

  it('laps carry the device totals; the session sums them; records keep the device distance', async () => {
    const a = await decodeTcx(utf8(buildTcx({ laps, notes: 'Long run' })));
    const { sessions, laps: decodedLaps, records } = a.decoded;
    expect(decodedLaps.map((l) => l.totalTimerTime)).toEqual([299, 299, 299]);
    expect(decodedLaps.map((l) => l.startTime)).toEqual([points[0]!.time, points[300]!.time, points[600]!.time]);
    expect(decodedLaps.map((l) => l.totalElapsedTime)).toEqual([300, 300, 299]);
    expect(decodedLaps.every((l) => l.avgHeartRate === 140 && l.trigger === 'manual' && l.intensity === 'active')).toBe(true);
    expect(sessions[0]!.totalTimerTime).toBe(897);
    expect(sessions[0]!.totalDistance).toBe(records.channels.distance![899]);
    expect(records.channels.distance![899]).toBe(899 * 3);
    expect(Array.from(records.channels.power!.subarray(0, 3))).toEqual([200, 201, 202]);
    expect(records.channels.speed![0]).toBe(3);
    expect(records.channels.cadence![0]).toBe(points[0]!.cad);
    expect(a.title).toBe('Long run');
    expect(a.decoded.fileId.productName).toBe('Pacelab test watch');
  });

  for (const [sport, expected] of [['Running', 'running'], ['Biking', 'cycling'], ['Other', 'generic']] as const) {
    it(`Sport="${sport}" → ${expected}`, async () => {
      expect((await decodeTcx(utf8(buildTcx({ laps: [{ points: points.slice(0, 10) }], sport })))).decoded.sessions[0]!.sport).toBe(expected);
    });
  }

  it('a second <Track> inside one lap is a pause (timer stop/start); a new lap is not', async () => {
    const doc = buildTcx({ laps: [{ points: points.slice(0, 20) }, { points: points.slice(20, 40) }] });
    const split = doc.replace(/(<Trackpoint><Time>2024-05-04T07:00:10\.000Z)/, '</Track><Track>$1');
    const a = await decodeTcx(utf8(split));
    expect(a.decoded.events).toEqual([
      { timestamp: points[9]!.time, event: 'timer', eventType: 'stop_all' },
      { timestamp: points[10]!.time, event: 'timer', eventType: 'start' },
    ]);
    expect((await decodeTcx(utf8(doc))).decoded.events).toEqual([]);
  });
});
