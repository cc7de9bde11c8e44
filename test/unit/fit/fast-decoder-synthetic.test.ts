import { describe, expect, it } from 'vitest';
import { decodeFit, MAX_FIT_BYTES } from '../../../src/core/fit/decode-fit.js';
import { decodeFitReference } from '../../../src/core/fit/decode-fit-reference.js';
import type { DecodedFit } from '../../../src/core/fit/types.js';
import { expectSameDecoded, rejectionCode } from './equality.js';
import { BASE, compressed, definition, fileIdMessages, message, T0, T0_MS, text, u16, u32, u8 } from './fit-bytes.js';
import { buildFit } from './fixtures.js';
import { buildLongRun } from './synthetic.js';

/** Decodes with both decoders, asserts they agree value for value, returns the fast result. */
async function decodeBoth(data: number[]): Promise<DecodedFit> {
  const bytes = buildFit(data);
  const fast = await decodeFit(bytes);
  expectSameDecoded(fast, await decodeFitReference(bytes));
  return fast;
}

const SEMICIRCLE = 180 / 2 ** 31;

describe('fast decoder: synthetic files, equal to fit-file-parser', () => {
  it('reads big-endian definitions (architecture 1) next to little-endian ones', async () => {
    const fields = [[253, 4, BASE.uint32], [5, 4, BASE.uint32], [2, 2, BASE.uint16], [0, 4, BASE.sint32], [13, 1, BASE.sint8], [7, 2, BASE.uint16], [3, 1, BASE.uint8]] as const;
    const payload = (be: boolean, k: number): number[][] => [u32(T0 + k, be), u32(12_345 + k, be), u16(2_600, be), u32(-0x20000000 >>> 0, be), u8(-5), u16(300 + k, be), u8(150)];
    const decoded = await decodeBoth([
      ...fileIdMessages(),
      ...definition(0, 20, fields, { bigEndian: true }),
      ...message(0, ...payload(true, 0)),
      ...definition(1, 20, fields),
      ...message(1, ...payload(false, 1)),
    ]);
    const c = decoded.records.channels;
    expect([...decoded.records.timestamp]).toEqual([T0_MS, T0_MS + 1000]);
    expect([...c.distance!]).toEqual([123.45, 123.46]);
    expect([...c.altitude!]).toEqual([20, 20]); // 2600 / 5 - 500
    expect([...c.positionLat!]).toEqual([-0x20000000 * SEMICIRCLE, -0x20000000 * SEMICIRCLE]); // -45°
    expect([...c.temperature!]).toEqual([-5, -5]);
    expect([...c.power!]).toEqual([300, 301]);
  });

  it('extends compressed timestamps across the 32-second rollover', async () => {
    const decoded = await decodeBoth([
      ...definition(0, 20, [[253, 4, BASE.uint32], [3, 1, BASE.uint8]]),
      ...definition(1, 20, [[3, 1, BASE.uint8]]),
      ...message(0, u32(T0 + 28), u8(140)), // T0 + 28: offset 0x1C within its 32-s window
      ...compressed(1, 30, u8(141)), // +2 s
      ...compressed(1, 3, u8(142)), // 3 < 30: rolled over to the next window, +5 s
      ...compressed(1, 3, u8(143)), // same offset: same second
      ...compressed(1, 31, u8(144)),
    ]);
    const seconds = [...decoded.records.timestamp].map((t) => (t - T0_MS) / 1000);
    expect(seconds).toEqual([28, 30, 35, 35, 63]);
    expect([...decoded.records.channels.heartRate!]).toEqual([140, 141, 142, 143, 144]);
  });

  it('a compressed timestamp with no earlier timestamp is decode_failed in both', async () => {
    const bytes = buildFit([...definition(0, 20, [[3, 1, BASE.uint8]]), ...compressed(0, 5, u8(150))]);
    expect(await rejectionCode(() => decodeFit(bytes))).toBe('decode_failed');
    expect(await rejectionCode(() => decodeFitReference(bytes))).toBe('decode_failed');
  });

  it('skips developer fields by size and keeps the native fields around them aligned', async () => {
    const describe = (number: number, name: string): number[] =>
      message(2, u8(0), u8(number), u8(BASE.uint16), text(name, 16));
    const decoded = await decodeBoth([
      ...definition(2, 206, [[0, 1, BASE.uint8], [1, 1, BASE.uint8], [2, 1, BASE.uint8], [3, 16, BASE.string]]),
      ...describe(0, 'Form Power'),
      ...describe(1, 'Leg Spring'),
      ...definition(0, 20, [[253, 4, BASE.uint32], [3, 1, BASE.uint8], [7, 2, BASE.uint16]], { developer: [[0, 2, 0], [1, 4, 0], [9, 3, 0]] }),
      ...message(0, u32(T0), u8(150), u16(250), u16(111), u32(0x12345678), [1, 2, 3]),
      ...message(0, u32(T0 + 1), u8(151), u16(251), u16(112), u32(0x12345678), [1, 2, 3]),
    ]);
    expect([...decoded.records.channels.heartRate!]).toEqual([150, 151]);
    expect([...decoded.records.channels.power!]).toEqual([250, 251]);
  });

  it('invalid values are absent (NaN / missing key) in every base type, real zeros stay', async () => {
    const decoded = await decodeBoth([
      ...definition(15, 0, [[0, 1, BASE.enum], [1, 2, BASE.uint16], [3, 4, BASE.uint32z], [4, 4, BASE.uint32]]),
      ...message(15, u8(0xff), u16(0xffff), u32(0), u32(0xffffffff)),
      ...definition(0, 20, [[253, 4, BASE.uint32], [3, 1, BASE.uint8], [5, 4, BASE.uint32], [0, 4, BASE.sint32], [13, 1, BASE.sint8], [7, 2, BASE.uint16], [4, 1, BASE.uint8]]),
      ...message(0, u32(T0), u8(0xff), u32(0xffffffff), u32(0x7fffffff), u8(0x7f), u16(0xffff), u8(0)),
      ...message(0, u32(0xffffffff), u8(0), u32(0), u32(0), u8(0), u16(0), u8(0xff)),
    ]);
    expect(decoded.fileId).toEqual({});
    const c = decoded.records.channels;
    expect(decoded.records.timestamp[1]).toBeNaN();
    for (const name of ['heartRate', 'distance', 'positionLat', 'temperature', 'power'] as const) {
      expect(c[name]![0], name).toBeNaN();
      expect(c[name]![1], name).toBe(0);
    }
    expect([c.cadence![0], c.cadence![1]]).toEqual([0, NaN]);
  });

  it('fields whose size or base type disagree with the profile keep the message aligned', async () => {
    const decoded = await decodeBoth([
      ...definition(0, 20, [
        [253, 4, BASE.uint32],
        [3, 2, BASE.uint8], // heart_rate as 2 bytes: the first element is read
        [5, 2, BASE.uint32], // distance in 2 bytes: not a whole uint32, invalid
        [7, 3, BASE.uint16], // power in 3 bytes: invalid
        [4, 1, BASE.enum], // cadence as enum: producers interchange enum/uint8/byte
        [6, 2, 0x04], // speed with base type 0x04 (no endian bit): unknown type, unreadable
        [13, 2, BASE.sint16], // temperature as sint16: not the profile's sint8, dropped
        [2, 2, BASE.uint16], // altitude: must still land at the right offset
      ]),
      ...message(0, u32(T0), [150, 99], u16(1000), [1, 2, 3], u8(88), u16(3000), u16(20), u16(2600)),
    ]);
    const c = decoded.records.channels;
    expect(Object.keys(c).sort()).toEqual(['altitude', 'cadence', 'heartRate']);
    expect([c.heartRate![0], c.cadence![0], c.altitude![0]]).toEqual([150, 88, 20]);
  });

  it('follows a local message type redefined mid-file', async () => {
    const decoded = await decodeBoth([
      ...definition(0, 20, [[253, 4, BASE.uint32], [3, 1, BASE.uint8]]),
      ...message(0, u32(T0), u8(150)),
      ...definition(0, 20, [[253, 4, BASE.uint32], [7, 2, BASE.uint16], [3, 1, BASE.uint8]]),
      ...message(0, u32(T0 + 1), u16(280), u8(151)),
      ...definition(0, 21, [[253, 4, BASE.uint32], [0, 1, BASE.enum], [1, 1, BASE.enum]]),
      ...message(0, u32(T0 + 2), u8(0), u8(4)),
      ...definition(0, 20, [[253, 4, BASE.uint32], [3, 1, BASE.uint8]], { bigEndian: true }),
      ...message(0, u32(T0 + 3, true), u8(153)),
    ]);
    expect(decoded.records.length).toBe(3);
    expect([...decoded.records.channels.heartRate!]).toEqual([150, 151, 153]);
    expect([...decoded.records.channels.power!]).toEqual([NaN, 280, NaN]);
    expect(decoded.events).toEqual([{ timestamp: T0_MS + 2000, event: 'timer', eventType: 'stop_all' }]);
  });

  it('known improvement: a developer field named like a native one does not shadow it', async () => {
    const data = [
      ...definition(2, 206, [[0, 1, BASE.uint8], [1, 1, BASE.uint8], [2, 1, BASE.uint8], [3, 16, BASE.string]]),
      ...message(2, u8(0), u8(0), u8(BASE.uint8), text('heart_rate', 16)),
      ...definition(0, 20, [[253, 4, BASE.uint32], [3, 1, BASE.uint8]], { developer: [[0, 1, 0]] }),
      ...message(0, u32(T0), u8(150), u8(99)),
    ];
    const bytes = buildFit(data);
    expect((await decodeFit(bytes)).records.channels.heartRate![0]).toBe(150);
    // fit-file-parser merges developer fields by name: the Connect IQ value overwrites the native one
    expect((await decodeFitReference(bytes)).records.channels.heartRate![0]).toBe(99);
  });
});

describe('fast decoder: size cap and a 24-hour file', () => {
  it('decodes a generated 24 h, 1 Hz run (86,400 records, > 3 MB) under the default cap', async () => {
    const bytes = buildLongRun(86_400);
    expect(bytes.length).toBeGreaterThan(3 * 1024 * 1024);
    expect(bytes.length).toBeLessThan(MAX_FIT_BYTES);
    const decoded = await decodeFit(bytes);
    expect(decoded.records.length).toBe(86_400);
    expect(decoded.sessions).toHaveLength(1);
    expect(decoded.sessions[0]).toMatchObject({ sport: 'running', totalElapsedTime: 86_400, avgHeartRate: 140 });
    const { timestamp, channels } = decoded.records;
    expect(timestamp[86_399]! - timestamp[0]!).toBe(86_399_000);
    expect(Object.keys(channels)).toHaveLength(12);
    expect(channels.heartRate![0]).toBeNaN(); // the generator drops HR every 97th second
    expect(channels.heartRate![1]).toBeGreaterThan(100);
    expect(channels.distance![86_399]).toBeCloseTo(decoded.sessions[0]!.totalDistance!, 1);
    // the reference refuses it at its 3 MiB cap; raised, it agrees value for value
    expect(await rejectionCode(() => decodeFitReference(bytes))).toBe('too_large');
    expectSameDecoded(decoded, await decodeFitReference(bytes, { maxBytes: MAX_FIT_BYTES }));
  });
});
