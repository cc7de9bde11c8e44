/**
 * fit-file-parser `record` rows → typed columns in SI units (see types.ts). Field meanings and
 * scales: Garmin FIT Profile, message `record` (https://developer.garmin.com/fit/protocol/ and
 * the Profile.xlsx of the FIT SDK). The parser already applies profile scales, so running
 * dynamics arrive in mm / ms and are converted here.
 */
import { RECORD_CHANNELS, type RecordChannel, type RecordColumns } from './types.js';
import { firstNum, num, type ParsedRow, timeMs, withFraction } from './values.js';

type Source = (row: ParsedRow) => number | undefined;

const SOURCES: Record<RecordChannel, Source> = {
  positionLat: (r) => num(r, 'position_lat'),
  positionLong: (r) => num(r, 'position_long'),
  distance: (r) => num(r, 'distance'),
  speed: (r) => firstNum(r, ['enhanced_speed', 'speed']),
  altitude: (r) => firstNum(r, ['enhanced_altitude', 'altitude']),
  heartRate: (r) => num(r, 'heart_rate'),
  cadence: (r) => withFraction(r, 'cadence', 'fractional_cadence'),
  power: (r) => num(r, 'power'),
  temperature: (r) => num(r, 'temperature'),
  verticalOscillation: (r) => milli(num(r, 'vertical_oscillation')),
  stanceTime: (r) => milli(num(r, 'stance_time')),
  stepLength: (r) => milli(num(r, 'step_length')),
  verticalRatio: (r) => num(r, 'vertical_ratio'),
};

function milli(value: number | undefined): number | undefined {
  return value === undefined ? undefined : value / 1000;
}

export function emptyRecordColumns(): RecordColumns {
  return { length: 0, timestamp: new Float64Array(0), channels: {} };
}

export function mapRecords(rows: readonly ParsedRow[]): RecordColumns {
  const length = rows.length;
  const timestamp = new Float64Array(length);
  const channels: Partial<Record<RecordChannel, Float64Array>> = {};
  for (let i = 0; i < length; i++) {
    const row = rows[i]!;
    timestamp[i] = timeMs(row, 'timestamp') ?? NaN;
    for (const channel of RECORD_CHANNELS) {
      const value = SOURCES[channel](row);
      if (value === undefined) continue;
      const column = (channels[channel] ??= new Float64Array(length).fill(NaN));
      column[i] = value;
    }
  }
  if (!channels.speed || !channels.distance) fillCompressedSpeedDistance(rows, channels);
  return { length, timestamp, channels };
}

/**
 * Old devices (FR70/FR60 with a foot pod) pack speed and distance into the 3-byte
 * `compressed_speed_distance` field: bits 0-11 speed (1/100 m/s), bits 12-23 distance
 * (1/16 m, a rolling 12-bit counter to accumulate). The parser leaves the bytes undecoded and
 * turns 0xFF bytes into null; all three 0xFF means "invalid".
 */
function fillCompressedSpeedDistance(rows: readonly ParsedRow[], channels: Partial<Record<RecordChannel, Float64Array>>): void {
  let speed: Float64Array | undefined;
  let distance: Float64Array | undefined;
  let lastRaw = 0;
  let accumulated = 0;
  for (let i = 0; i < rows.length; i++) {
    const packed = rows[i]!['compressed_speed_distance'];
    if (!Array.isArray(packed) || packed.length !== 3 || packed.every((b) => b === null)) continue;
    const [b0, b1, b2] = packed.map((b: unknown) => (typeof b === 'number' ? b : 0xff)) as [number, number, number];
    if (!channels.speed) {
      speed ??= new Float64Array(rows.length).fill(NaN);
      speed[i] = (b0 | ((b1 & 0x0f) << 8)) / 100;
    }
    if (!channels.distance) {
      const raw = (b1 >> 4) | (b2 << 4);
      accumulated += (raw - lastRaw) & 0xfff;
      lastRaw = raw;
      distance ??= new Float64Array(rows.length).fill(NaN);
      distance[i] = accumulated / 16;
    }
  }
  if (speed) channels.speed = speed;
  if (distance) channels.distance = distance;
}
